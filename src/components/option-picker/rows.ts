/**
 * The rows of a one-column picker (NutUI's Picker in H5, WeChat's selector in the mini-program).
 * While nothing is chosen the picker opens on a first row「请选择…」, so one tap on 确认 without
 * moving the wheel chooses nothing instead of silently taking the first option (a 类别 or 乡镇
 * the person never looked at). Pure: no Taro or NutUI here, so the forms and tests share it.
 */
export interface PickerRow {
  label: string
  value: string
}

/** The value of the 请选择 row: never a real option's value. */
export const UNCHOSEN = ''

/**
 * The rows to show: the options, preceded by the placeholder row while `value` is none of them.
 * `options` as strings (label = value) or as rows.
 */
export function pickerRows(options: readonly (string | PickerRow)[], value: string, placeholder: string): PickerRow[] {
  const rows = options.map((option) => (typeof option === 'string' ? { label: option, value: option } : option))
  const chosen = value !== UNCHOSEN && rows.some((row) => row.value === value)
  return chosen ? rows : [{ label: placeholder, value: UNCHOSEN }, ...rows]
}

/** What 确认 chose, from the picker's selected values: null when it was the 请选择 row (nothing chosen). */
export function confirmedValue(selected: readonly (string | number | null | undefined)[]): string | null {
  const first = selected[0]
  if (first == null) return null
  const value = String(first)
  return value === UNCHOSEN ? null : value
}
