import type { ReactElement } from 'react'

export interface OptionPickerProps {
  /** The popup's title (H5). */
  title: string
  options: readonly string[]
  /** The option the picker opens on (the first one when it is not among the options). */
  value: string
  /** Called with the chosen option when the picker is confirmed. */
  onConfirm: (option: string) => void
  /** The row that opens the picker when tapped, e.g. a FormSelect. */
  children: ReactElement<{ onClick?: () => void }>
}
