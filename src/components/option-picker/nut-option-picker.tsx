import { Picker } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import { pickerPopupProps } from '../form-field'

export interface NutOptionPickerProps {
  title: string
  options: readonly string[]
  value: string
  visible: boolean
  onConfirm: (option: string) => void
  onClose: () => void
}

/** NutUI's Picker over a list of strings; loaded by OptionPicker when it first opens. */
export default function NutOptionPicker({ title, options, value, visible, onConfirm, onClose }: NutOptionPickerProps) {
  return (
    <Picker
      title={title}
      visible={visible}
      options={[options.map((option) => ({ label: option, value: option }))]}
      popupProps={pickerPopupProps}
      // opens on the chosen option, or on the first one so that 确认 without scrolling picks it
      value={[options.includes(value) ? value : options[0]]}
      onConfirm={(_options, selected) => {
        if (selected[0] != null) onConfirm(String(selected[0]))
      }}
      onClose={onClose}
    />
  )
}
