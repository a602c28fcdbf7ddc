import type { ReactElement } from 'react'

export interface OptionPickerProps {
  /** The popup's title (H5). */
  title: string
  options: readonly string[]
  /** The chosen option; '' (or anything not among the options) while nothing is chosen. */
  value: string
  /**
   * The first row while nothing is chosen (default 请选择): the picker opens on it, and 确认 on it
   * chooses nothing, so one tap never silently takes the first option.
   */
  placeholder?: string
  /** Called with the chosen option when the picker is confirmed on a real option. */
  onConfirm: (option: string) => void
  /** The row that opens the picker when tapped, e.g. a FormSelect. */
  children: ReactElement<{ onClick?: () => void }>
}
