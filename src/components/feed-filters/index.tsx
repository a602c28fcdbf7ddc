import { ScrollView, Text, View } from '@tarojs/components'
import { isTownship, townships, type Township } from '../../../cloudfunctions/core/settings/townships'
import { OptionPicker } from '../option-picker'
import { group, pressable } from '../../utils/a11y'
import './index.scss'

const ALL_TOWNSHIPS = '全部乡镇'
const townshipOptions = [ALL_TOWNSHIPS, ...townships]

export interface FeedSegment<S extends string> {
  value: S
  label: string
}

export interface FeedFiltersProps<S extends string, C extends string> {
  /** null: 全部乡镇 */
  township: Township | null
  onTownshipChange: (township: Township | null) => void
  /** The segmented control's options, the first being 全部. */
  segments: readonly FeedSegment<S>[]
  segment: S
  onSegmentChange: (segment: S) => void
  /** The chips after 全部. */
  categories: readonly C[]
  /** null: 全部 */
  category: C | null
  onCategoryChange: (category: C | null) => void
}

/** A feed's filters: 乡镇 (picker), a segmented control and category chips. Calls back only on a real change. */
export function FeedFilters<S extends string, C extends string>({
  township,
  onTownshipChange,
  segments,
  segment,
  onSegmentChange,
  categories,
  category,
  onCategoryChange,
}: FeedFiltersProps<S, C>) {
  const chips: (C | null)[] = [null, ...categories]

  return (
    <View className='gy-feed-filters'>
      <View className='gy-feed-filters__row'>
        <OptionPicker
          title='选择乡镇'
          options={townshipOptions}
          value={township ?? ALL_TOWNSHIPS}
          onConfirm={(picked) => {
            const next = isTownship(picked) ? picked : null
            if (next !== township) onTownshipChange(next)
          }}
        >
          <View
            className={`gy-feed-filters__township${township ? ' gy-feed-filters__township--active' : ''}`}
            {...pressable({ label: `按乡镇筛选：${township ?? ALL_TOWNSHIPS}` })}
          >
            <Text className='gy-feed-filters__township-text'>{township ?? ALL_TOWNSHIPS}</Text>
            <Text className='gy-feed-filters__township-arrow' aria-hidden='true'>▾</Text>
          </View>
        </OptionPicker>
        <View className='gy-feed-filters__segments' {...group('group', '显示范围')}>
          {segments.map((option) => (
            <Text
              key={option.value}
              className={`gy-feed-filters__segment${segment === option.value ? ' gy-feed-filters__segment--active' : ''}`}
              {...pressable({ selected: segment === option.value })}
              onClick={() => {
                if (segment !== option.value) onSegmentChange(option.value)
              }}
            >
              {option.label}
            </Text>
          ))}
        </View>
      </View>

      <ScrollView className='gy-feed-filters__chips' scrollX enhanced showScrollbar={false}>
        {chips.map((chip) => (
          <Text
            key={chip ?? 'all'}
            className={`gy-feed-filters__chip${category === chip ? ' gy-feed-filters__chip--active' : ''}`}
            {...pressable({ label: `类别：${chip ?? '全部'}`, selected: category === chip })}
            onClick={() => {
              if (category !== chip) onCategoryChange(chip)
            }}
          >
            {chip ?? '全部'}
          </Text>
        ))}
      </ScrollView>
    </View>
  )
}

export default FeedFilters
