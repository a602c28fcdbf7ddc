import { wishCategories, type WishCategory } from '../../../../../cloudfunctions/core/wish/wish.constants'
import type { Township } from '../../../../../cloudfunctions/core/settings/townships'
import { FeedFilters, type FeedSegment } from '../../../../components/feed-filters'

/** The wall's status filter: `fulfilled` (已圆梦) includes the delivered and the confirmed. */
export type WishWallStatus = 'all' | 'open' | 'claimed' | 'fulfilled'

export interface WishFilter {
  /** null: 全部乡镇 */
  township: Township | null
  /** null: 全部 */
  category: WishCategory | null
  status: WishWallStatus
}

export const defaultWishFilter: WishFilter = { township: null, category: null, status: 'all' }

export const isDefaultWishFilter = (filter: WishFilter) => !filter.township && !filter.category && filter.status === 'all'

const statuses: FeedSegment<WishWallStatus>[] = [
  { value: 'all', label: '全部' },
  { value: 'open', label: '待认领' },
  { value: 'claimed', label: '已认领' },
  { value: 'fulfilled', label: '已圆梦' },
]

export interface WishFiltersProps {
  value: WishFilter
  onChange: (next: WishFilter) => void
}

/** The wall's filters: 乡镇 (picker), 状态 (全部 / 待认领 / 已认领 / 已圆梦) and 类别 (chips). */
export function WishFilters({ value, onChange }: WishFiltersProps) {
  return (
    <FeedFilters
      township={value.township}
      onTownshipChange={(township) => onChange({ ...value, township })}
      segments={statuses}
      segment={value.status}
      onSegmentChange={(status) => onChange({ ...value, status })}
      categories={wishCategories}
      category={value.category}
      onCategoryChange={(category) => onChange({ ...value, category })}
    />
  )
}

export default WishFilters
