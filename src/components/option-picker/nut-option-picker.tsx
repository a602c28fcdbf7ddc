import { Picker } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import { pickerPopupProps } from '../form-field'
import { confirmedValue, pickerRows } from './rows'

export interface NutOptionPickerProps {
  title: string
  options: readonly string[]
  value: string
  placeholder?: string
  visible: boolean
  onConfirm: (option: string) => void
  onClose: () => void
}

/** NutUI's Picker over a list of strings; loaded by OptionPicker when it first opens. */
export default function NutOptionPicker({ title, options, value, placeholder = '请选择', visible, onConfirm, onClose }: NutOptionPickerProps) {
  // opens on the chosen option, or on the 请选择 row, which 确认 leaves unchosen
  const rows = pickerRows(options, value, placeholder)
  return (
    <Picker
      title={title}
      visible={visible}
      options={[rows]}
      popupProps={pickerPopupProps}
      value={[rows.some((row) => row.value === value) ? value : rows[0].value]}
      onConfirm={(_options, selected) => {
        const picked = confirmedValue(selected)
        if (picked !== null) onConfirm(picked)
      }}
      onClose={onClose}
    />
  )
}
