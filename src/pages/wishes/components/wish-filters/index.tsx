import { useState } from 'react'
import { ScrollView, Text, View } from '@tarojs/components'
import { Picker } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import { wishCategories, type WishCategory } from '../../../../../cloudfunctions/core/wish/wish.schema'
import { isTownship, townships, type Township } from '../../../../../cloudfunctions/core/settings/townships'
import { pickerPopupProps } from '../../../../components/form-field'
import './index.scss'

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

const ALL_TOWNSHIPS = '全部乡镇'
const townshipOptions = [[ALL_TOWNSHIPS, ...townships].map((name) => ({ label: name, value: name }))]

const statuses: { value: WishWallStatus; label: string }[] = [
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
  const [pickerVisible, setPickerVisible] = useState(false)
  const categories: (WishCategory | null)[] = [null, ...wishCategories]

  return (
    <View className='gy-wish-filters'>
      <View className='gy-wish-filters__row'>
        <View
          className={`gy-wish-filters__township${value.township ? ' gy-wish-filters__township--active' : ''}`}
          onClick={() => setPickerVisible(true)}
        >
          <Text className='gy-wish-filters__township-text'>{value.township ?? ALL_TOWNSHIPS}</Text>
          <Text className='gy-wish-filters__township-arrow'>▾</Text>
        </View>
        <View className='gy-wish-filters__statuses'>
          {statuses.map((status) => (
            <Text
              key={status.value}
              className={`gy-wish-filters__status${value.status === status.value ? ' gy-wish-filters__status--active' : ''}`}
              onClick={() => {
                if (value.status !== status.value) onChange({ ...value, status: status.value })
              }}
            >
              {status.label}
            </Text>
          ))}
        </View>
      </View>

      <ScrollView className='gy-wish-filters__categories' scrollX enhanced showScrollbar={false}>
        {categories.map((category) => (
          <Text
            key={category ?? 'all'}
            className={`gy-wish-filters__chip${value.category === category ? ' gy-wish-filters__chip--active' : ''}`}
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

export default WishFilters
