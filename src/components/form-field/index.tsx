import type { ReactNode } from 'react'
import { Input, Text, View } from '@tarojs/components'
import type { PickerProps } from '@nutui/nutui-react-taro'
import { pressable } from '../../utils/a11y'
import './index.scss'

/** What follows the label: a red `*`, or a grey 选填 tag. */
export type FormFieldMark = 'required' | 'optional'

/** `ok`: the value was checked and passes; the hint reads as a confirmation and the well turns green. */
export type FormFieldHintTone = 'muted' | 'ok'

export interface FormFieldProps {
  label: string
  mark?: FormFieldMark
  /** The message under the control; the field turns red while there is one. */
  error?: string | null
  /** Help under the control (and under the error, when both are given). */
  hint?: string
  hintTone?: FormFieldHintTone
  /** Last in the field, e.g. the form's own highlighted note. */
  note?: ReactNode
  /** The form's classes for this field, e.g. `gy-volunteer-form__field--phone`. */
  className?: string
  /** The control: NutUI's Input or TextArea (given the well look here), or a FormSelect. */
  children: ReactNode
}

/** One form field: label and mark, the control, then its error, hint and note. */
export function FormField({ label, mark, error, hint, hintTone = 'muted', note, className, children }: FormFieldProps) {
  const ok = !error && hint !== undefined && hintTone === 'ok'
  const classes = ['gy-form-field', error ? 'gy-form-field--invalid' : '', ok ? 'gy-form-field--ok' : '', className ?? '']
  return (
    <View className={classes.filter(Boolean).join(' ')} {...(process.env.TARO_ENV === 'h5' ? { role: 'group', 'aria-label': label } : {})}>
      <Text className='gy-form-field__label' aria-hidden='true'>
        {label}
        {mark === 'required' ? <Text className='gy-form-field__required'>*</Text> : null}
        {mark === 'optional' ? <Text className='gy-form-field__optional'>选填</Text> : null}
      </Text>
      {children}
      {error ? (
        <Text className='gy-form-field__error' aria-live='polite'>
          {error}
        </Text>
      ) : null}
      {hint !== undefined ? <Text className={`gy-form-field__hint gy-form-field__hint--${hintTone}`}>{hint}</Text> : null}
      {note}
    </View>
  )
}

export interface FormSelectProps {
  /** The chosen option's text; blank shows the placeholder. */
  value: string
  placeholder: string
  /** e.g. `gy-volunteer-form__township`. */
  className?: string
  /** Opens the form's picker (an OptionPicker around the FormSelect sets it). */
  onClick?: () => void
}

/** A picker row inside a FormField: the chosen value (or placeholder) and an arrow; the form owns the NutUI Picker. */
export function FormSelect({ value, placeholder, className, onClick }: FormSelectProps) {
  return (
    <View className={`gy-form-field__select${className ? ` ${className}` : ''}`} {...pressable()} aria-haspopup='dialog' onClick={onClick}>
      <Text className={value ? 'gy-form-field__select-value' : 'gy-form-field__select-placeholder'}>{value || placeholder}</Text>
      <Text className='gy-form-field__select-arrow' aria-hidden='true'>›</Text>
    </View>
  )
}

export interface FormInputProps {
  name: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  maxLength?: number
  type?: 'text' | 'number' | 'idcard' | 'digit'
  /** e.g. `gy-volunteer-form__phone`; the native input sits inside the element with this class. */
  className?: string
}

/**
 * A one-line text field in the FormField well, on Taro's own Input: for forms in the weapp main
 * package (我的), where NutUI's Input would bring its styles and icons along. Takes `bind(field)`.
 */
export function FormInput({ name, value, onChange, placeholder, maxLength, type = 'text', className }: FormInputProps) {
  return (
    <View className={`gy-form-field__input${className ? ` ${className}` : ''}`}>
      <Input
        className='gy-form-field__input-native'
        name={name}
        value={value}
        type={type}
        placeholder={placeholder}
        placeholderClass='gy-form-field__input-placeholder'
        maxlength={maxLength}
        onInput={(event) => onChange(event.detail.value)}
      />
    </View>
  )
}

/**
 * For the NutUI Picker a FormSelect opens. H5 only: the page container is its own stacking
 * context, so the popup renders into <body> to sit above the tab bar; in the mini-program the
 * tab bar is native and needs nothing.
 */
export const pickerPopupProps = (process.env.TARO_ENV === 'h5' ? { portal: () => document.body } : {}) as PickerProps['popupProps']

export default FormField
