import { useState } from 'react'
import { ScrollView, Text, View } from '@tarojs/components'
import { Picker } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import { activityCategories, type ActivityCategory } from '../../../../../cloudfunctions/core/activity/activity.schema'
import { isTownship, townships, type Township } from '../../../../../cloudfunctions/core/settings/townships'
import { pickerPopupProps } from '../../../../components/form-field'
import './index.scss'

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

const ALL_TOWNSHIPS = '全部乡镇'
const townshipOptions = [[ALL_TOWNSHIPS, ...townships].map((name) => ({ label: name, value: name }))]

const periods: { value: ActivityPeriod; label: string }[] = [
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
  const [pickerVisible, setPickerVisible] = useState(false)
  const categories: (ActivityCategory | null)[] = [null, ...activityCategories]

  return (
    <View className='gy-activity-filters'>
      <View className='gy-activity-filters__row'>
        <View
          className={`gy-activity-filters__township${value.township ? ' gy-activity-filters__township--active' : ''}`}
          onClick={() => setPickerVisible(true)}
        >
          <Text className='gy-activity-filters__township-text'>{value.township ?? ALL_TOWNSHIPS}</Text>
          <Text className='gy-activity-filters__township-arrow'>▾</Text>
        </View>
        <View className='gy-activity-filters__periods'>
          {periods.map((period) => (
            <Text
              key={period.value}
              className={`gy-activity-filters__period${value.period === period.value ? ' gy-activity-filters__period--active' : ''}`}
              onClick={() => {
                if (value.period !== period.value) onChange({ ...value, period: period.value })
              }}
            >
              {period.label}
            </Text>
          ))}
        </View>
      </View>

      <ScrollView className='gy-activity-filters__categories' scrollX enhanced showScrollbar={false}>
        {categories.map((category) => (
          <Text
            key={category ?? 'all'}
            className={`gy-activity-filters__chip${value.category === category ? ' gy-activity-filters__chip--active' : ''}`}
            onClick={() => {
              if (value.category !== category) onChange({ ...value, category })
            }}
          >
            {category ?? '全部'}
          </Text>
        ))}
      </ScrollView>

      <Picker
        title='选择乡镇'
        visible={pickerVisible}
        options={townshipOptions}
        popupProps={pickerPopupProps}
        value={[value.township ?? ALL_TOWNSHIPS]}
        onConfirm={(_options, selected) => {
          const picked = selected[0] == null ? ALL_TOWNSHIPS : String(selected[0])
          const township = isTownship(picked) ? picked : null
          if (township !== value.township) onChange({ ...value, township })
        }}
        onClose={() => setPickerVisible(false)}
      />
    </View>
  )
}

export default ActivityFilters
