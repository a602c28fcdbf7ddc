import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { activityStatusLabels } from '../../../../cloudfunctions/core/activity/activity.constants'
import type { ActivityView, RosterEntry } from '../../../../cloudfunctions/core/activity/activity.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { getActivity, getRoster } from '../../../services/activity'
import { isCloudError } from '../../../services/cloud'
import { formatClock, formatMonthDayTime, formatTimeRange } from '../../../utils/time'
import { messageOf } from '../../../utils/toast'
import { group, pressable } from '../../../utils/a11y'
import './index.scss'

type Filter = 'all' | 'confirmed' | 'waitlisted'

const filters: { filter: Filter; label: string }[] = [
  { filter: 'all', label: '全部' },
  { filter: 'confirmed', label: '已报名' },
  { filter: 'waitlisted', label: '候补' },
]

const emptyTexts: Record<Filter, { title: string; description: string }> = {
  all: { title: '还没有人报名', description: '志愿者报名后会出现在这里。' },
  confirmed: { title: '暂无已报名的志愿者', description: '报名成功的志愿者会出现在这里。' },
  waitlisted: { title: '暂无候补', description: '满员后报名的志愿者会按顺序排在这里。' },
}

const deniedDescriptions: Record<AccessDeniedReason, string> = {
  signedOut: '登录后才能查看报名名单。',
  forbidden: '报名名单仅对本组织的管理员和工作人员开放。',
  notFound: '活动不存在或已被删除。',
}

/** Confirmed first, then the waitlist in order, then those no longer taking part. */
const statusOrder: Record<RosterEntry['status'], number> = { confirmed: 0, walk_in: 1, pending: 2, waitlisted: 3, cancelled: 4, released: 5 }

function statusLabel(entry: RosterEntry): string {
  switch (entry.status) {
    case 'confirmed':
      return '已报名'
    case 'waitlisted':
      return entry.waitlistPosition ? `候补第${entry.waitlistPosition}位` : '候补中'
    case 'cancelled':
      return '已取消'
    case 'released':
      return '已释放'
    case 'walk_in':
      return '现场参加'
    default:
      return '确认中'
  }
}

type PageState =
  | { kind: 'loading' }
  | { kind: 'ready'; activity: ActivityView; entries: RosterEntry[] }
  | { kind: 'denied'; reason: AccessDeniedReason; description?: string }
  | { kind: 'error'; message: string }

/** 报名名单 (`?activityId=`): who signed up for the organization's activity, with masked phones and the waitlist in order. */
export default function RosterPage() {
  const activityId = useRouter().params.activityId ?? ''
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const [filter, setFilter] = useState<Filter>('all')
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!activityId) {
      setPage({ kind: 'denied', reason: 'notFound', description: '缺少活动编号，请从活动管理进入报名名单。' })
      return
    }
    try {
      const [activity, entries] = await Promise.all([getActivity(activityId), getRoster(activityId)])
      if (ticket !== latest.current) return
      const sorted = [...entries].sort(
        (a, b) => statusOrder[a.status] - statusOrder[b.status] || (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0) || (a.signedUpAt ?? '').localeCompare(b.signedUpAt ?? ''),
      )
      setPage({ kind: 'ready', activity, entries: sorted })
    } catch (error) {
      if (ticket !== latest.current) return
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      if (reason) setPage({ kind: 'denied', reason, description: deniedDescriptions[reason] })
      else setPage({ kind: 'error', message: messageOf(error) })
    }
  }, [activityId])

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (page.kind === 'loading') {
    return (
      <View className='gy-page gy-roster'>
        <PageLoading skeletons={['profile-card', 'member-list']} />
      </View>
    )
  }

  if (page.kind === 'denied') {
    return (
      <View className='gy-page gy-roster'>
        <View className='gy-roster__card'>
          <AccessDenied reason={page.reason} description={page.description} />
        </View>
      </View>
    )
  }

  if (page.kind === 'error') {
    return (
      <View className='gy-page gy-roster'>
        <PageError
          title='报名名单加载失败'
          message={page.message}
          onRetry={() => {
            setPage({ kind: 'loading' })
            void load()
          }}
        />
      </View>
    )
  }

  const { activity, entries } = page
  const shown = filter === 'all' ? entries : entries.filter((entry) => entry.status === filter)
  const counts: Record<Filter, number> = {
    all: entries.length,
    confirmed: entries.filter((entry) => entry.status === 'confirmed').length,
    waitlisted: entries.filter((entry) => entry.status === 'waitlisted').length,
  }

  return (
    <View className='gy-page gy-roster'>
      <View className='gy-roster__header'>
        <View className='gy-roster__heading'>
          <Text className='gy-roster__title'>{activity.title}</Text>
          {activity.status !== 'published' ? (
            <Text className={`gy-roster__status gy-roster__status--${activity.status}`}>{activityStatusLabels[activity.status]}</Text>
          ) : null}
        </View>
        <Text className='gy-roster__time'>{formatTimeRange(activity.startAt, activity.endAt)}</Text>
        <Text className='gy-roster__place'>
          {activity.township} · {activity.address}
        </Text>
        <View className='gy-roster__counts'>
          <View className='gy-roster__count'>
            <Text className='gy-roster__count-number'>
              {counts.confirmed}
              <Text className='gy-roster__count-total'>/{activity.capacity}</Text>
            </Text>
            <Text className='gy-roster__count-label'>已报名</Text>
          </View>
          <View className='gy-roster__count'>
            <Text className='gy-roster__count-number'>{counts.waitlisted}</Text>
            <Text className='gy-roster__count-label'>候补</Text>
          </View>
          <View className='gy-roster__count'>
            <Text className='gy-roster__count-number'>{activity.status === 'cancelled' ? '—' : activity.placesLeft}</Text>
            <Text className='gy-roster__count-label'>剩余名额</Text>
          </View>
        </View>
      </View>

      <View className='gy-roster__filters' {...group('tablist', '名单筛选')}>
        {filters.map((option) => (
          <View
            key={option.filter}
            className={`gy-roster__filter gy-roster__filter--${option.filter}${filter === option.filter ? ' gy-roster__filter--active' : ''}`}
            {...pressable({ role: 'tab', selected: filter === option.filter })}
            onClick={() => setFilter(option.filter)}
          >
            <Text>
              {option.label} {counts[option.filter]}
            </Text>
          </View>
        ))}
      </View>

      {shown.length === 0 ? (
        <View className='gy-roster__card'>
          <EmptyState illustration='activities' title={emptyTexts[filter].title} description={emptyTexts[filter].description} />
        </View>
      ) : (
        <View className='gy-roster__list'>
          {shown.map((entry) => (
            <View key={entry.openid} className={`gy-roster__item gy-roster__item--${entry.status}`}>
              <View className='gy-roster__avatar'>
                <Text>{entry.realName.slice(0, 1)}</Text>
              </View>
              <View className='gy-roster__body'>
                <Text className='gy-roster__name'>{entry.realName}</Text>
                <Text className='gy-roster__meta'>
                  {entry.phone ?? '未留手机号'} · {entry.signedUpAt ? `${formatMonthDayTime(entry.signedUpAt)} 报名` : '未报名，现场登记'}
                </Text>
                {entry.checkInAt ? (
                  <Text className='gy-roster__attendance'>
                    {formatClock(entry.checkInAt)} 签到{entry.checkOutAt ? ` · ${formatClock(entry.checkOutAt)} 签退` : ''}
                  </Text>
                ) : null}
              </View>
              <Text className={`gy-roster__tag gy-roster__tag--${entry.status}`}>{statusLabel(entry)}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
