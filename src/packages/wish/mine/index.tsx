import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { wishStatusLabels } from '../../../../cloudfunctions/core/wish/wish.constants'
import type { MyWishesView, WishDetailView, WishNoticeView } from '../../../../cloudfunctions/core/wish/wish.schema'
import { AccessDenied } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError } from '../../../components/page-state'
import { isCloudError } from '../../../services/cloud'
import { listMyWishes } from '../../../services/wish'
import { formatMonthDayTime } from '../../../utils/time'
import { messageOf, toastError } from '../../../utils/toast'
import { group, pressable } from '../../../utils/a11y'
import './index.scss'

type MyWishesTab = 'submitted' | 'claimed'

type PageState = { kind: 'loading' } | { kind: 'ready'; view: MyWishesView } | { kind: 'signedOut' } | { kind: 'error'; message: string }

const tabs: { key: MyWishesTab; label: string }[] = [
  { key: 'submitted', label: '我发布的' },
  { key: 'claimed', label: '我认领的' },
]

const MINE_TAB = '/pages/mine/index'
const WALL_TAB = '/pages/wishes/index'
const CREATE_PAGE = '/packages/wish/create/index'

const openWish = (wishId: string) => () => void Taro.navigateTo({ url: `/packages/wish/detail/index?wishId=${encodeURIComponent(wishId)}` })

/** `11月27日`: the date part of `11月27日 15:05`. */
const monthDay = (iso: string) => formatMonthDayTime(iso).split(' ')[0]

/** 我的心愿: notices (a claim that ran out…), then what I posted and what I claimed. */
export default function MyWishesPage() {
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const [tab, setTab] = useState<MyWishesTab>('submitted')
  const latest = useRef(0)
  const shown = useRef(false)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    try {
      const view = await listMyWishes()
      if (ticket !== latest.current) return
      // the first time, open the tab that has something in it: a volunteer who only claims
      // wishes should not land on an empty 我发布的
      if (!shown.current && view.submitted.length === 0 && view.claimed.length > 0) setTab('claimed')
      shown.current = true
      setPage({ kind: 'ready', view })
    } catch (error) {
      if (ticket !== latest.current) return
      if (isCloudError(error) && error.code === 'UNAUTHENTICATED') {
        shown.current = false
        setPage({ kind: 'signedOut' })
      } else if (shown.current) {
        toastError(error)
      } else {
        setPage({ kind: 'error', message: messageOf(error) })
      }
    }
  }, [])

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <View className='gy-page gy-my-wishes'>
      {page.kind === 'loading' ? (
        <View className='gy-my-wishes__skeleton'>
          <View className='gy-my-wishes__bone gy-my-wishes__bone--tabs' />
          <View className='gy-my-wishes__bone' />
          <View className='gy-my-wishes__bone' />
          <Text className='gy-my-wishes__loading-text'>正在加载…</Text>
        </View>
      ) : null}

      {page.kind === 'signedOut' ? (
        <View className='gy-my-wishes__card'>
          <AccessDenied reason='signedOut' description='登录后才能查看你发布和认领的心愿。'>
            <Button className='gy-my-wishes__button' type='primary' fill='outline' size='small' onClick={() => void Taro.switchTab({ url: MINE_TAB })}>
              去登录
            </Button>
          </AccessDenied>
        </View>
      ) : null}

      {page.kind === 'error' ? (
        <PageError
          title='我的心愿加载失败'
          message={page.message}
          onRetry={() => {
            setPage({ kind: 'loading' })
            void load()
          }}
        />
      ) : null}

      {page.kind === 'ready' ? (
        <View className='gy-my-wishes__content'>
          {page.view.notices.length ? <Notices notices={page.view.notices} /> : null}
          <View className='gy-my-wishes__tabs' {...group('tablist', '我的心愿分类')}>
            {tabs.map((entry) => {
              const count = page.view[entry.key].length
              return (
                <View
                  key={entry.key}
                  className={`gy-my-wishes__tab gy-my-wishes__tab--${entry.key}${tab === entry.key ? ' gy-my-wishes__tab--active' : ''}`}
                  {...pressable({ role: 'tab', selected: tab === entry.key })}
                  onClick={() => setTab(entry.key)}
                >
                  <Text>{entry.label}</Text>
                  {count ? <Text className='gy-my-wishes__tab-count'>{count}</Text> : null}
                </View>
              )
            })}
          </View>
          <WishList items={page.view[tab]} tab={tab} />
        </View>
      ) : null}
    </View>
  )
}

function Notices({ notices }: { notices: WishNoticeView[] }) {
  return (
    <View className='gy-my-wishes__notices'>
      <Text className='gy-my-wishes__notices-title'>心愿通知</Text>
      {notices.map((notice) => (
        <View key={`${notice.wishId}:${notice.createdAt}`} className='gy-my-wishes__notice' {...pressable()} onClick={openWish(notice.wishId)}>
          <Text className='gy-my-wishes__notice-text'>{notice.text}</Text>
          <Text className='gy-my-wishes__notice-time'>{formatMonthDayTime(notice.createdAt)}</Text>
        </View>
      ))}
    </View>
  )
}

function WishList({ items, tab }: { items: WishDetailView[]; tab: MyWishesTab }) {
  if (items.length === 0) {
    return (
      <View className='gy-my-wishes__card'>
        {tab === 'submitted' ? (
          <EmptyState illustration='wishes' title='还没有发布过心愿' description='把一个具体的小心愿写下来，审核通过后会展示在心愿墙上，等待爱心人士认领。'>
            <Button className='gy-my-wishes__button' type='primary' size='small' onClick={() => void Taro.navigateTo({ url: CREATE_PAGE })}>
              发布心愿
            </Button>
          </EmptyState>
        ) : (
          <EmptyState illustration='wishes' title='还没有认领过心愿' description='去心愿墙看看，认领一个微心愿，帮身边的人实现它。'>
            <Button className='gy-my-wishes__button' type='primary' fill='outline' size='small' onClick={() => void Taro.switchTab({ url: WALL_TAB })}>
              去心愿墙
            </Button>
          </EmptyState>
        )}
      </View>
    )
  }
  return (
    <View className='gy-my-wishes__list'>
      {items.map((wish) => (
        <MyWishRow key={wish.wishId} wish={wish} />
      ))}
    </View>
  )
}

function MyWishRow({ wish }: { wish: WishDetailView }) {
  const rejectedReason = wish.status === 'rejected' ? (wish.review?.reason ?? '未说明原因') : null
  return (
    <View className={`gy-my-wish gy-my-wish--${wish.status}`} {...pressable()} onClick={openWish(wish.wishId)}>
      <View className='gy-my-wish__header'>
        <Text className='gy-my-wish__title'>{wish.title}</Text>
        <Text className={`gy-my-wish__status gy-my-wish__status--${wish.status}`}>{wishStatusLabels[wish.status]}</Text>
      </View>
      <Text className='gy-my-wish__meta'>
        {wish.category} · {wish.township}
        {wish.community ? ` · ${wish.community}` : ''} · 约{wish.estimatedYuan}元
      </Text>
      {rejectedReason ? <Text className='gy-my-wish__reason'>未通过原因：{rejectedReason}</Text> : null}
      {wish.status === 'claimed' && wish.claimExpiresAt ? <Text className='gy-my-wish__deadline'>请于 {monthDay(wish.claimExpiresAt)} 前完成</Text> : null}
      <Text className='gy-my-wish__time'>发布于 {formatMonthDayTime(wish.createdAt)}</Text>
    </View>
  )
}
