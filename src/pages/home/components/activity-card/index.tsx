import { Text, View } from '@tarojs/components'
import type { ActivityView } from '../../../../../cloudfunctions/core/activity/activity.schema'
import { placesOf } from '../../../../utils/activity-feed'
import { formatTimeRange } from '../../../../utils/time'
import { pressable } from '../../../../utils/a11y'
import './index.scss'

export interface ActivityCardProps {
  activity: ActivityView
  onClick?: (activity: ActivityView) => void
}

/** One activity in the 首页 feed: title, category, organization, time, place, and how many places are left. */
export function ActivityCard({ activity, onClick }: ActivityCardProps) {
  const places = placesOf(activity)
  return (
    <View className={`gy-activity-card gy-activity-card--${places.tone}`} {...pressable()} onClick={() => onClick?.(activity)}>
      <View className='gy-activity-card__header'>
        <Text className='gy-activity-card__title'>{activity.title}</Text>
        <Text className='gy-activity-card__category'>{activity.category}</Text>
      </View>
      <Text className='gy-activity-card__org'>{activity.orgName}</Text>

      <View className='gy-activity-card__meta'>
        <Text className='gy-activity-card__label'>时间</Text>
        <Text className='gy-activity-card__time'>{formatTimeRange(activity.startAt, activity.endAt)}</Text>
      </View>
      <View className='gy-activity-card__meta'>
        <Text className='gy-activity-card__label'>地点</Text>
        <Text className='gy-activity-card__place'>
          {activity.township} · {activity.address}
        </Text>
      </View>

      <View className='gy-activity-card__footer'>
        <View className='gy-activity-card__progress'>
          <View className='gy-activity-card__progress-bar' style={{ width: `${places.percent}%` }} />
        </View>
        <Text className='gy-activity-card__count'>
          {activity.signedUp}/{activity.capacity}
        </Text>
        <Text className={`gy-activity-card__places gy-activity-card__places--${places.tone}`}>{places.text}</Text>
      </View>
    </View>
  )
}

/** A grey card in the shape of an ActivityCard, while the feed loads. */
export function ActivityCardSkeleton() {
  return (
    <View className='gy-activity-skeleton'>
      <View className='gy-activity-skeleton__bone gy-activity-skeleton__bone--title' />
      <View className='gy-activity-skeleton__bone gy-activity-skeleton__bone--org' />
      <View className='gy-activity-skeleton__bone gy-activity-skeleton__bone--line' />
      <View className='gy-activity-skeleton__bone gy-activity-skeleton__bone--line' />
      <View className='gy-activity-skeleton__bone gy-activity-skeleton__bone--footer' />
    </View>
  )
}

export default ActivityCard
