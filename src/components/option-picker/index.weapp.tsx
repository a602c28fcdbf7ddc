import { Picker } from '@tarojs/components'
import type { OptionPickerProps } from './types'

export type { OptionPickerProps } from './types'

/**
 * The mini-program's own picker (WeChat's native selector): no JavaScript or styles in the main
 * package, where 首页, 微心愿 and 我的 use it. H5 and the tests use NutUI's Picker (index.tsx).
 */
export function OptionPicker({ options, value, onConfirm, children }: OptionPickerProps) {
  const index = Math.max(0, options.indexOf(value))
  return (
    <Picker
      mode='selector'
      range={options as string[]}
      value={index}
      onChange={(event) => {
        const picked = options[Number(event.detail.value)]
        if (picked !== undefined) onConfirm(picked)
      }}
    >
      {children}
    </Picker>
  )
}

export default OptionPicker
