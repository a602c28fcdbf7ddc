import { cloneElement, lazy, Suspense, useState } from 'react'
import type { OptionPickerProps } from './types'

export type { OptionPickerProps } from './types'

// NutUI's Picker (with Popup, Overlay and PickerView) is fetched the first time a picker opens,
// not with the first screen. The mini-program build takes index.weapp.tsx instead.
const NutOptionPicker = lazy(() => import('./nut-option-picker'))

/** Pick one of a list of strings: tapping `children` opens NutUI's Picker. */
export function OptionPicker({ title, options, value, placeholder, onConfirm, children }: OptionPickerProps) {
  const [visible, setVisible] = useState(false)
  const [opened, setOpened] = useState(false)
  const open = () => {
    setOpened(true)
    setVisible(true)
  }
  return (
    <>
      {cloneElement(children, { onClick: open })}
      {opened ? (
        <Suspense fallback={null}>
          <NutOptionPicker title={title} options={options} value={value} placeholder={placeholder} visible={visible} onConfirm={onConfirm} onClose={() => setVisible(false)} />
        </Suspense>
      ) : null}
    </>
  )
}

export default OptionPicker
