import { useState } from 'react'
import { ScrollView, Text, View } from '@tarojs/components'
import { Picker } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import { isTownship, townships, type Township } from '../../../cloudfunctions/core/settings/townships'
import { pickerPopupProps } from '../form-field'
import { group, pressable } from '../../utils/a11y'
import './index.scss'

const ALL_TOWNSHIPS = '全部乡镇'
const townshipOptions = [[ALL_TOWNSHIPS, ...townships].map((name) => ({ label: name, value: name }))]

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
  const [pickerVisible, setPickerVisible] = useState(false)
  const chips: (C | null)[] = [null, ...categories]

  return (
    <View className='gy-feed-filters'>
      <View className='gy-feed-filters__row'>
        <View
          className={`gy-feed-filters__township${township ? ' gy-feed-filters__township--active' : ''}`}
          {...pressable({ label: `按乡镇筛选：${township ?? ALL_TOWNSHIPS}` })}
          onClick={() => setPickerVisible(true)}
        >
          <Text className='gy-feed-filters__township-text'>{township ?? ALL_TOWNSHIPS}</Text>
          <Text className='gy-feed-filters__township-arrow' aria-hidden='true'>▾</Text>
        </View>
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

      <Picker
        title='选择乡镇'
        visible={pickerVisible}
        options={townshipOptions}
        popupProps={pickerPopupProps}
        value={[township ?? ALL_TOWNSHIPS]}
        onConfirm={(_options, selected) => {
          const picked = selected[0] == null ? ALL_TOWNSHIPS : String(selected[0])
          const next = isTownship(picked) ? picked : null
          if (next !== township) onTownshipChange(next)
        }}
        onClose={() => setPickerVisible(false)}
      />
    </View>
  )
}

export default FeedFilters
