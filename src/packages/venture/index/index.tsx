import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { ContestCard } from '../../../components/contest-card'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { useCursorFeed } from '../../../hooks/use-cursor-feed'
import { CONTESTS_CHANGED_EVENT, listContests, listMyExpertContests, yuan, type ContestView } from '../../../services/venture-contest'
import { pressable } from '../../../utils/a11y'
import { formatDate } from '../../../utils/time'
import { ListFooter } from '../../../components/list-footer'
import '../../../styles/venture.scss'

const go = (url: string) => () => void Taro.navigateTo({ url })

/** 公益创投 (issue #16): the county's contests — 报名中, 评审中, 已公布 — with 我的评审 for experts and the funded projects. */
export default function VenturePage() {
  const [reviews, setReviews] = useState<{ contest: ContestView; openRound: number | null }[]>([])
  const { items, nextCursor, status, errorMessage, loadingMore, moreFailed, load, loadMore, filter } = useCursorFeed({
    initialFilter: {},
    toQuery: () => ({}),
    fetchPage: (_query: object, cursor) => listContests({ ...(cursor ? { cursor } : {}), limit: 10 }),
    keyOf: (c: ContestView) => c.contestId,
    changedEvent: CONTESTS_CHANGED_EVENT,
  })

  useEffect(() => {
    // only for a signed-in expert; anyone else simply sees no 我的评审 card
    listMyExpertContests().then(setReviews, () => setReviews([]))
  }, [])

  return (
    <View className='gy-page gy-vc'>
      <View className='gy-vc__intro'>
        <Text className='gy-vc__title'>公益创投</Text>
        <Text className='gy-vc__lead'>县里每年举办公益创投大赛：社会组织报名公益项目，专家分轮评审，按得分确定资助项目和金额，资助项目的进展向社会公开。</Text>
      </View>

      {reviews.length > 0 ? (
        <View className='gy-vc__card gy-vc-reviews'>
          <Text className='gy-vc__card-title'>我的评审</Text>
          {reviews.map(({ contest, openRound }) => (
            <View key={contest.contestId} className='gy-vc__row gy-vc-reviews__row' {...pressable({ role: 'link' })} onClick={go(`/packages/venture/reviews/index?contestId=${encodeURIComponent(contest.contestId)}`)}>
              <View className='gy-vc__row-main'>
                <Text>{contest.name}</Text>
                <Text className='gy-vc__meta'>{openRound ? `第${openRound}轮（${contest.rounds[openRound - 1]?.name ?? ''}）评审中` : '当前没有进行中的评审轮次'}</Text>
              </View>
              <Text className='gy-vc__row-side'>去评审 ›</Text>
            </View>
          ))}
        </View>
      ) : null}

      <View className='gy-vc__card'>
        <View className='gy-vc__row gy-vc-funded' {...pressable({ role: 'link' })} onClick={go('/packages/venture/funded/index')}>
          <View className='gy-vc__row-main'>
            <Text>资助项目</Text>
            <Text className='gy-vc__meta'>获资助项目的里程碑和进展</Text>
          </View>
          <Text className='gy-vc__row-side'>查看 ›</Text>
        </View>
      </View>

      {status === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}
      {status === 'error' ? <PageError title='大赛加载失败' message={errorMessage} onRetry={() => void load(filter, 'reset')} /> : null}
      {status === 'ready' && items.length === 0 ? (
        <View className='gy-vc__card'>
          <EmptyState illustration='coming-soon' title='暂无公益创投大赛' description='平台开设大赛后会显示在这里。' />
        </View>
      ) : null}
      {status === 'ready'
        ? items.map((contest) => (
            <ContestCard key={contest.contestId} contest={contest} className='gy-vc-contest' onOpen={go(`/packages/venture/contest/index?contestId=${encodeURIComponent(contest.contestId)}`)}>
              <Text className='gy-vc__meta'>
                报名 {formatDate(contest.opensAt)} 至 {formatDate(contest.closesAt)} · 总预算 {yuan(contest.budgetYuan)}
              </Text>
              <Text className='gy-vc__meta'>
                单个项目 {yuan(contest.minYuan)}–{yuan(contest.maxYuan)} · {contest.rounds.map((r) => r.name).join(' → ')}
              </Text>
            </ContestCard>
          ))
        : null}
      {status === 'ready' && items.length > 0 ? (
        <ListFooter loadingMore={loadingMore} failed={moreFailed} hasMore={!!nextCursor} onMore={() => void loadMore()} />
      ) : null}
    </View>
  )
}
