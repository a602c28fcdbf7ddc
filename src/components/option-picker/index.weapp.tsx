import { Picker } from '@tarojs/components'
import { confirmedValue, pickerRows } from './rows'
import type { OptionPickerProps } from './types'

export type { OptionPickerProps } from './types'

/**
 * The mini-program's own picker (WeChat's native selector): no JavaScript or styles in the main
 * package, where 首页, 微心愿 and 我的 use it. H5 and the tests use NutUI's Picker (index.tsx).
 * While nothing is chosen it opens on a 请选择 row, which 确定 leaves unchosen.
 */
export function OptionPicker({ options, value, placeholder = '请选择', onConfirm, children }: OptionPickerProps) {
  const rows = pickerRows(options, value, placeholder)
  const index = Math.max(0, rows.findIndex((row) => row.value === value))
  return (
    <Picker
      mode='selector'
      range={rows.map((row) => row.label)}
      value={index}
      onChange={(event) => {
        const picked = confirmedValue([rows[Number(event.detail.value)]?.value])
        if (picked !== null) onConfirm(picked)
      }}
    >
      {children}
    </Picker>
  )
}

export default OptionPicker
