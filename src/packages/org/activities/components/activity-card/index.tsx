import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { signUpIsOpen } from '../../../../../../cloudfunctions/core/activity/activity.rules'
import type { ActivityView } from '../../../../../../cloudfunctions/core/activity/activity.schema'
import { formatMonthDayTime, formatTimeRange } from '../../../../../utils/time'
import './index.scss'

/** What an organizer can do with an activity from the list. */
export type ActivityCardAction = 'edit' | 'publish' | 'roster' | 'cancel' | 'checkInCode' | 'hours'

export interface ActivityCardProps {
  activity: ActivityView
  /** The action in flight on this card. */
  busy: ActivityCardAction | null
  /** Another card's action is in flight. */
  disabled: boolean
  onAction: (action: ActivityCardAction, activity: ActivityView) => void
}

const actionsByStatus: Record<ActivityView['status'], { action: ActivityCardAction; label: string }[]> = {
  draft: [
    { action: 'edit', label: '编辑' },
    { action: 'publish', label: '发布' },
  ],
  published: [
    { action: 'cancel', label: '取消活动' },
    { action: 'edit', label: '编辑' },
    { action: 'roster', label: '报名名单' },
    { action: 'checkInCode', label: '签到码' },
    { action: 'hours', label: '确认时长' },
  ],
  cancelled: [{ action: 'roster', label: '报名名单' }],
}

/** One of the organization's activities: when, where, how full, and what can be done with it. */
export function ActivityCard({ activity, busy, disabled, onAction }: ActivityCardProps) {
  const full = activity.status === 'published' && activity.placesLeft === 0
  const closed = activity.status === 'published' && !signUpIsOpen(activity, new Date())
  const filled = activity.capacity > 0 ? Math.min(100, Math.round((activity.signedUp / activity.capacity) * 100)) : 0

  return (
    <View className={`gy-org-activity-card gy-org-activity-card--${activity.status}`}>
      <View className='gy-org-activity-card__tags'>
        <Text className='gy-org-activity-card__tag gy-org-activity-card__tag--category'>{activity.category}</Text>
        {full ? <Text className='gy-org-activity-card__tag gy-org-activity-card__tag--full'>已满员</Text> : null}
        {closed ? <Text className='gy-org-activity-card__tag gy-org-activity-card__tag--closed'>报名已截止</Text> : null}
      </View>
      <Text className='gy-org-activity-card__title'>{activity.title}</Text>

      <View className='gy-org-activity-card__rows'>
        <View className='gy-org-activity-card__row'>
          <Text className='gy-org-activity-card__label'>时间</Text>
          <Text className='gy-org-activity-card__value'>{formatTimeRange(activity.startAt, activity.endAt)}</Text>
        </View>
        <View className='gy-org-activity-card__row'>
          <Text className='gy-org-activity-card__label'>地点</Text>
          <Text className='gy-org-activity-card__value'>
            {activity.township} · {activity.address}
          </Text>
        </View>
        <View className='gy-org-activity-card__row'>
          <Text className='gy-org-activity-card__label'>截止</Text>
          <Text className='gy-org-activity-card__value'>{formatMonthDayTime(activity.signUpDeadline)} 报名截止</Text>
        </View>
      </View>

      {/* a cancelled activity has released every place: its counts no longer mean anything */}
      {activity.status !== 'cancelled' ? (
        <View className='gy-org-activity-card__stats'>
          <View className='gy-org-activity-card__count'>
            <Text className='gy-org-activity-card__count-text'>
              已报名 <Text className='gy-org-activity-card__count-number'>{activity.signedUp}</Text>/{activity.capacity}
            </Text>
            {activity.waitlist || activity.waitlisted > 0 ? <Text className='gy-org-activity-card__waitlist'>候补 {activity.waitlisted}</Text> : null}
          </View>
          <View className='gy-org-activity-card__bar'>
            <View className={`gy-org-activity-card__bar-fill${full ? ' gy-org-activity-card__bar-fill--full' : ''}`} style={{ width: `${filled}%` }} />
          </View>
        </View>
      ) : null}

      {activity.status === 'cancelled' && activity.cancelReason ? (
        <Text className='gy-org-activity-card__reason'>取消原因：{activity.cancelReason}</Text>
      ) : null}

      <View className='gy-org-activity-card__actions'>
        {actionsByStatus[activity.status].map(({ action, label }) => (
          <Button
            key={action}
            className={`gy-org-activity-card__action gy-org-activity-card__action--${action}`}
            size='small'
            type={action === 'publish' || action === 'roster' ? 'primary' : 'default'}
            fill={action === 'publish' ? undefined : 'outline'}
            loading={busy === action}
            disabled={disabled}
            onClick={() => onAction(action, activity)}
          >
            {label}
          </Button>
        ))}
      </View>
    </View>
  )
}

export default ActivityCard
