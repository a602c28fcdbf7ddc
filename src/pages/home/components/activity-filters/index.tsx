import { activityCategories, type ActivityCategory } from '../../../../../cloudfunctions/core/activity/activity.constants'
import type { Township } from '../../../../../cloudfunctions/core/settings/townships'
import { FeedFilters, type FeedSegment } from '../../../../components/feed-filters'

/** 日期: every upcoming activity, those starting this week, or this month. */
export type ActivityPeriod = 'all' | 'week' | 'month'

export interface ActivityFilter {
  /** null: 全部乡镇 */
  township: Township | null
  /** null: 全部 */
  category: ActivityCategory | null
  period: ActivityPeriod
}

export const defaultActivityFilter: ActivityFilter = { township: null, category: null, period: 'all' }

export const isDefaultActivityFilter = (filter: ActivityFilter) => !filter.township && !filter.category && filter.period === 'all'

const periods: FeedSegment<ActivityPeriod>[] = [
  { value: 'all', label: '全部' },
  { value: 'week', label: '本周' },
  { value: 'month', label: '本月' },
]

export interface ActivityFiltersProps {
  value: ActivityFilter
  onChange: (next: ActivityFilter) => void
}

/** The feed's filters: 乡镇 (picker), 日期 (全部 / 本周 / 本月) and 服务类别 (chips). */
export function ActivityFilters({ value, onChange }: ActivityFiltersProps) {
  return (
    <FeedFilters
      township={value.township}
      onTownshipChange={(township) => onChange({ ...value, township })}
      segments={periods}
      segment={value.period}
      onSegmentChange={(period) => onChange({ ...value, period })}
      categories={activityCategories}
      category={value.category}
      onCategoryChange={(category) => onChange({ ...value, category })}
    />
  )
}

export default ActivityFilters
