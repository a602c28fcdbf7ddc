import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { ActivityView, ListActivitiesInput } from '../../../cloudfunctions/core/activity/activity.schema'
import { EmptyState } from '../../components/empty-state'
import { PageError } from '../../components/page-state'
import { serviceEntries } from '../../constants/services'
import { listActivities } from '../../services/activity'
import { ACTIVITY_CHANGED_EVENT } from '../../utils/activity-state'
import { endOfBeijingMonth, endOfBeijingWeek } from '../../utils/time'
import { messageOf, toastError } from '../../utils/toast'
import { ActivityCard, ActivityCardSkeleton } from './components/activity-card'
import { ActivityFilters, type ActivityFilter, defaultActivityFilter, isDefaultActivityFilter } from './components/activity-filters'
import './index.scss'

const PAGE_SIZE = 10

type FeedQuery = Pick<ListActivitiesInput, 'township' | 'category' | 'from' | 'to'>

/** The filter as the `list` action's input: upcoming activities (from now), up to the end of this week or month. */
function toQuery(filter: ActivityFilter, now: Date): FeedQuery {
  const query: FeedQuery = { from: now.toISOString() }
  if (filter.township) query.township = filter.township
  if (filter.category) query.category = filter.category
  if (filter.period === 'week') query.to = endOfBeijingWeek(now)
  if (filter.period === 'month') query.to = endOfBeijingMonth(now)
  return query
}

type FeedStatus = 'loading' | 'ready' | 'error'

const openActivity = (activity: ActivityView) =>
  void Taro.navigateTo({ url: `/packages/activity/detail/index?activityId=${encodeURIComponent(activity.activityId)}` })

/** 首页: welcome, quick entries, and the feed of upcoming volunteer activities with filters. */
export default function HomePage() {
  const [filter, setFilter] = useState<ActivityFilter>(defaultActivityFilter)
  const [items, setItems] = useState<ActivityView[]>([])
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [status, setStatus] = useState<FeedStatus>('loading')
  const [errorMessage, setErrorMessage] = useState('')
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreFailed, setMoreFailed] = useState(false)

  // only the latest load may write; the query and cursor of what is shown, for 加载更多
  const latest = useRef(0)
  const shown = useRef<{ query: FeedQuery; cursor: string | null; count: number; loadingMore: boolean }>({ query: {}, cursor: null, count: 0, loadingMore: false })
  const stale = useRef(false)

  /** `reset`: a new filter, placeholders while loading; `refresh`: keep the cards until the new first page arrives. */
  const load = useCallback(async (next: ActivityFilter, mode: 'reset' | 'refresh') => {
    const ticket = ++latest.current
    stale.current = false
    shown.current.loadingMore = false
    setLoadingMore(false)
    setMoreFailed(false)
    if (mode === 'reset') {
      setStatus('loading')
      setItems([])
      setNextCursor(null)
      shown.current.count = 0
    }
    const query = toQuery(next, new Date())
    try {
      const page = await listActivities({ ...query, limit: PAGE_SIZE })
      if (ticket !== latest.current) return
      shown.current = { query, cursor: page.nextCursor, count: page.items.length, loadingMore: false }
      setItems(page.items)
      setNextCursor(page.nextCursor)
      setStatus('ready')
    } catch (error) {
      if (ticket !== latest.current) return
      if (shown.current.count > 0) {
        toastError(error)
        return
      }
      setErrorMessage(messageOf(error))
      setStatus('error')
    }
  }, [])

  const loadMore = useCallback(async () => {
    const { query, cursor } = shown.current
    if (!cursor || shown.current.loadingMore) return
    const ticket = latest.current
    shown.current.loadingMore = true
    setLoadingMore(true)
    setMoreFailed(false)
    try {
      const page = await listActivities({ ...query, cursor, limit: PAGE_SIZE })
      if (ticket !== latest.current) return
      shown.current.cursor = page.nextCursor
      shown.current.count += page.items.length
      setItems((previous) => {
        const seen = new Set(previous.map((activity) => activity.activityId))
        return [...previous, ...page.items.filter((activity) => !seen.has(activity.activityId))]
      })
      setNextCursor(page.nextCursor)
    } catch {
      if (ticket === latest.current) setMoreFailed(true)
    } finally {
      if (ticket === latest.current) {
        shown.current.loadingMore = false
        setLoadingMore(false)
      }
    }
  }, [])

  useEffect(() => {
    void load(defaultActivityFilter, 'reset')
    const markStale = () => {
      stale.current = true
    }
    Taro.eventCenter.on(ACTIVITY_CHANGED_EVENT, markStale)
    return () => {
      Taro.eventCenter.off(ACTIVITY_CHANGED_EVENT, markStale)
    }
  }, [load])

  // back from an activity after signing up or cancelling: the places have changed
  useDidShow(() => {
    if (stale.current) void load(filter, 'refresh')
  })

  usePullDownRefresh(() => {
    void load(filter, 'refresh').finally(() => Taro.stopPullDownRefresh())
  })

  useReachBottom(() => {
    void loadMore()
  })

  const changeFilter = (next: ActivityFilter) => {
    setFilter(next)
    void load(next, 'reset')
  }

  const filtered = !isDefaultActivityFilter(filter)

  return (
    <View className='gy-page gy-home'>
      <View className='gy-home__hero'>
        <Text className='gy-home__hero-title'>公益苍南</Text>
        <Text className='gy-home__hero-slogan'>让每一份善意，都能找到需要它的人</Text>
        <Text className='gy-home__hero-caption'>苍南县社会组织与志愿服务平台</Text>
      </View>

      <View className='gy-home__entries'>
        <View className='gy-home__entry gy-home__entry--wishes' onClick={() => void Taro.switchTab({ url: '/pages/wishes/index' })}>
          <Text className='gy-home__entry-icon'>愿</Text>
          <Text className='gy-home__entry-title'>微心愿</Text>
        </View>
        {serviceEntries.map((entry) => (
          <View
            key={entry.key}
            className={`gy-home__entry gy-home__entry--${entry.key}`}
            onClick={() => void Taro.navigateTo({ url: entry.url })}
          >
            <Text className='gy-home__entry-icon'>{entry.glyph}</Text>
            <Text className='gy-home__entry-title'>{entry.title}</Text>
          </View>
        ))}
      </View>

      <View className='gy-home__section'>
        <View className='gy-home__section-header'>
          <Text className='gy-home__section-title'>志愿活动</Text>
          <Text className='gy-home__section-caption'>由认证社会组织发布</Text>
        </View>

        <ActivityFilters value={filter} onChange={changeFilter} />

        <View className='gy-home__feed gy-activity-feed'>
          {status === 'loading' ? (
            <View className='gy-home__loading'>
              <ActivityCardSkeleton />
              <ActivityCardSkeleton />
              <ActivityCardSkeleton />
            </View>
          ) : null}

          {status === 'error' ? (
            <PageError className='gy-home__error' title='活动加载失败' message={errorMessage} onRetry={() => void load(filter, 'reset')} />
          ) : null}

          {status === 'ready' && items.length === 0 ? (
            <View className='gy-home__empty'>
              {filtered ? (
                <EmptyState illustration='activities' title='暂无符合条件的活动' description='换个乡镇、服务类别或日期看看，新活动发布后也会出现在这里。'>
                  <Button className='gy-home__clear' type='primary' fill='outline' size='small' onClick={() => changeFilter(defaultActivityFilter)}>
                    清除筛选
                  </Button>
                </EmptyState>
              ) : (
                <EmptyState
                  illustration='activities'
                  title='暂无活动'
                  description='社会组织发布的志愿服务活动会第一时间出现在这里。先注册成为志愿者，活动上线后就能报名参加。'
                >
                  <Button
                    className='gy-home__register'
                    type='primary'
                    fill='outline'
                    size='small'
                    onClick={() => void Taro.switchTab({ url: '/pages/mine/index' })}
                  >
                    注册志愿者
                  </Button>
                </EmptyState>
              )}
            </View>
          ) : null}

          {status === 'ready' && items.length > 0 ? (
            <View className='gy-home__list'>
              {items.map((activity) => (
                <ActivityCard key={activity.activityId} activity={activity} onClick={openActivity} />
              ))}
              <FeedFooter loadingMore={loadingMore} failed={moreFailed} hasMore={!!nextCursor} onMore={() => void loadMore()} />
            </View>
          ) : null}
        </View>
      </View>
    </View>
  )
}

function FeedFooter({ loadingMore, failed, hasMore, onMore }: { loadingMore: boolean; failed: boolean; hasMore: boolean; onMore: () => void }) {
  if (loadingMore) return <Text className='gy-home__footer gy-home__footer--loading'>加载中…</Text>
  if (failed) {
    return (
      <Text className='gy-home__footer gy-home__footer--retry' onClick={onMore}>
        加载失败，点击重试
      </Text>
    )
  }
  if (hasMore) {
    return (
      <Text className='gy-home__footer gy-home__footer--more' onClick={onMore}>
        加载更多
      </Text>
    )
  }
  return <Text className='gy-home__footer gy-home__footer--end'>没有更多了</Text>
}
