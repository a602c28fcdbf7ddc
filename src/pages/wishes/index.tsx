import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { LightButton as Button } from '../../components/light-button'
import type { z } from 'zod'
import type { listWishesInput, WishCardView } from '../../../cloudfunctions/core/wish/wish.schema'
import { EmptyState } from '../../components/empty-state'
import { PageError } from '../../components/page-state'
import { listWishes } from '../../services/wish'
import { useCursorFeed } from '../../hooks/use-cursor-feed'
import { WISH_CHANGED_EVENT } from '../../utils/wish-feed'
import { WishCard, WishCardSkeleton } from './components/wish-card'
import { WishFilters, type WishFilter, defaultWishFilter, isDefaultWishFilter } from './components/wish-filters'
import { pressable } from '../../utils/a11y'
import { useUnreadMessages } from '../../hooks/use-unread-messages'
import './index.scss'

const PAGE_SIZE = 10
const CREATE_URL = '/packages/wish/create/index'

type WallQuery = Pick<z.input<typeof listWishesInput>, 'township' | 'category' | 'status'>

function toQuery(filter: WishFilter): WallQuery {
  const query: WallQuery = {}
  if (filter.township) query.township = filter.township
  if (filter.category) query.category = filter.category
  if (filter.status !== 'all') query.status = filter.status
  return query
}

const openWish = (wish: WishCardView) => void Taro.navigateTo({ url: `/packages/wish/detail/index?wishId=${encodeURIComponent(wish.wishId)}` })

/** 微心愿: how many wishes came true this year, 发布心愿, and the wall with filters. */
export default function WishesPage() {
  useUnreadMessages() // the 我的 tab's badge
  const [fulfilledThisYear, setFulfilledThisYear] = useState<number | null>(null)
  // back from a wish after claiming or confirming it, the wall has changed: WISH_CHANGED_EVENT reloads
  const { filter, items, nextCursor, status, errorMessage, loadingMore, moreFailed, load, loadMore, changeFilter } = useCursorFeed({
    initialFilter: defaultWishFilter,
    toQuery,
    fetchPage: (query: WallQuery, cursor) => listWishes({ ...query, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }),
    keyOf: (wish: WishCardView) => wish.wishId,
    changedEvent: WISH_CHANGED_EVENT,
    onFirstPage: (page) => setFulfilledThisYear(page.fulfilledThisYear),
  })

  const filtered = !isDefaultWishFilter(filter)

  return (
    <View className='gy-page gy-wishes'>
      <View className='gy-wishes__header'>
        <View className='gy-wishes__header-text'>
          <Text className='gy-wishes__title'>微心愿 · 点亮小小心愿</Text>
          <Text className='gy-wishes__count'>
            今年已圆梦 <Text className='gy-wishes__count-number'>{fulfilledThisYear ?? '—'}</Text> 个心愿
          </Text>
          <Text className='gy-wishes__caption'>经社区和社会组织审核公示，受助人姓名已脱敏</Text>
        </View>
        <Button className='gy-wishes__create' type='primary' size='small' onClick={() => void Taro.navigateTo({ url: CREATE_URL })}>
          发布心愿
        </Button>
      </View>

      <WishFilters value={filter} onChange={changeFilter} />

      <View className='gy-wishes__wall gy-wish-wall'>
        {status === 'loading' ? (
          <View className='gy-wishes__loading'>
            <WishCardSkeleton />
            <WishCardSkeleton />
            <WishCardSkeleton />
          </View>
        ) : null}

        {status === 'error' ? <PageError className='gy-wishes__error' title='心愿加载失败' message={errorMessage} onRetry={() => void load(filter, 'reset')} /> : null}

        {status === 'ready' && items.length === 0 ? (
          <View className='gy-wishes__empty'>
            {filtered ? (
              <EmptyState illustration='wishes' title='暂无符合条件的心愿' description='换个乡镇、类别或状态看看，新心愿审核通过后也会出现在这里。'>
                <Button className='gy-wishes__clear' type='primary' fill='outline' size='small' onClick={() => changeFilter(defaultWishFilter)}>
                  清除筛选
                </Button>
              </EmptyState>
            ) : (
              <EmptyState
                illustration='wishes'
                title='心愿墙暂无心愿'
                description='审核通过的微心愿会展示在这里。为保护隐私，受助人的姓名会做脱敏处理，不显示电话和详细地址。'
              >
                <Button className='gy-wishes__clear' type='primary' fill='outline' size='small' onClick={() => void Taro.navigateTo({ url: CREATE_URL })}>
                  发布心愿
                </Button>
              </EmptyState>
            )}
          </View>
        ) : null}

        {status === 'ready' && items.length > 0 ? (
          <View className='gy-wishes__list'>
            {items.map((wish) => (
              <WishCard key={wish.wishId} wish={wish} onClick={openWish} />
            ))}
            <WallFooter loadingMore={loadingMore} failed={moreFailed} hasMore={!!nextCursor} onMore={() => void loadMore()} />
          </View>
        ) : null}
      </View>
    </View>
  )
}

function WallFooter({ loadingMore, failed, hasMore, onMore }: { loadingMore: boolean; failed: boolean; hasMore: boolean; onMore: () => void }) {
  if (loadingMore) return <Text className='gy-wishes__footer gy-wishes__footer--loading'>加载中…</Text>
  if (failed) {
    return (
      <Text className='gy-wishes__footer gy-wishes__footer--retry' {...pressable()} onClick={onMore}>
        加载失败，点击重试
      </Text>
    )
  }
  if (hasMore) {
    return (
      <Text className='gy-wishes__footer gy-wishes__footer--more' {...pressable()} onClick={onMore}>
        加载更多
      </Text>
    )
  }
  return <Text className='gy-wishes__footer gy-wishes__footer--end'>没有更多了</Text>
}
