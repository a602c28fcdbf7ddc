import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { LightButton as Button } from '../../components/light-button'
import type { ActivityView, ListActivitiesInput } from '../../../cloudfunctions/core/activity/activity.schema'
import { EmptyState } from '../../components/empty-state'
import { PageError } from '../../components/page-state'
import { serviceEntries } from '../../constants/services'
import { listActivities } from '../../services/activity'
import { ACTIVITY_CHANGED_EVENT } from '../../utils/activity-feed'
import { endOfBeijingMonth, endOfBeijingWeek } from '../../utils/time'
import { useCursorFeed } from '../../hooks/use-cursor-feed'
import { ActivityCard, ActivityCardSkeleton } from './components/activity-card'
import { ActivityFilters, type ActivityFilter, defaultActivityFilter, isDefaultActivityFilter } from './components/activity-filters'
import { pressable } from '../../utils/a11y'
import { useUnreadMessages } from '../../hooks/use-unread-messages'
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

const openActivity = (activity: ActivityView) =>
  void Taro.navigateTo({ url: `/packages/activity/detail/index?activityId=${encodeURIComponent(activity.activityId)}` })

/** 首页: welcome, quick entries, and the feed of upcoming volunteer activities with filters. */
export default function HomePage() {
  useUnreadMessages() // the 我的 tab's badge
  // back from an activity after signing up or cancelling, the places have changed: ACTIVITY_CHANGED_EVENT reloads
  const { filter, items, nextCursor, status, errorMessage, loadingMore, moreFailed, load, loadMore, changeFilter } = useCursorFeed({
    initialFilter: defaultActivityFilter,
    toQuery: (next: ActivityFilter) => toQuery(next, new Date()),
    fetchPage: (query: FeedQuery, cursor) => listActivities({ ...query, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }),
    keyOf: (activity: ActivityView) => activity.activityId,
    changedEvent: ACTIVITY_CHANGED_EVENT,
  })

  const filtered = !isDefaultActivityFilter(filter)

  return (
    <View className='gy-page gy-home'>
      <View className='gy-home__hero'>
        <Text className='gy-home__hero-title'>公益苍南</Text>
        <Text className='gy-home__hero-slogan'>让每一份善意，都能找到需要它的人</Text>
        <Text className='gy-home__hero-caption'>苍南县社会组织与志愿服务平台</Text>
      </View>

      <View className='gy-home__entries'>
        <View className='gy-home__entry gy-home__entry--wishes' {...pressable()} onClick={() => void Taro.switchTab({ url: '/pages/wishes/index' })}>
          <Text className='gy-home__entry-icon'>愿</Text>
          <Text className='gy-home__entry-title'>微心愿</Text>
        </View>
        {serviceEntries.map((entry) => (
          <View
            key={entry.key}
            className={`gy-home__entry gy-home__entry--${entry.key}`}
            {...pressable()}
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
      <Text className='gy-home__footer gy-home__footer--retry' {...pressable()} onClick={onMore}>
        加载失败，点击重试
      </Text>
    )
  }
  if (hasMore) {
    return (
      <Text className='gy-home__footer gy-home__footer--more' {...pressable()} onClick={onMore}>
        加载更多
      </Text>
    )
  }
  return <Text className='gy-home__footer gy-home__footer--end'>没有更多了</Text>
}
