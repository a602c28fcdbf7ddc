import { useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Input, Picker, type PickerProps } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import { registerVolunteerInput, type RegisterVolunteerInput, type UserView } from '../../../cloudfunctions/core/user/user.schema'
import { isTownship, townships } from '../../../cloudfunctions/core/settings/townships'
import { createIdempotencyKey, isCloudError } from '../../services/cloud'
import { registerVolunteer } from '../../services/user'
import { toastError, toastSuccess } from '../../utils/toast'
import { fieldMessagesByName, validate } from '../../utils/validation'
import './index.scss'

export type VolunteerField = 'realName' | 'phone' | 'township' | 'skills' | 'idCardNo'
export type VolunteerFormErrors = Partial<Record<VolunteerField | '_form', string>>

const FIELDS: readonly VolunteerField[] = ['realName', 'phone', 'township', 'skills', 'idCardNo']

type FormValues = Record<VolunteerField, string>

export interface VolunteerFormProps {
  /** Pre-selects the caller's township when it is one of the county's. */
  defaultTownship?: string | null
  /** After the server accepted the registration, with the updated user. */
  onRegistered?: (user: UserView) => void
}

const townshipOptions = [townships.map((name) => ({ label: name, value: name }))]

// H5 only: the page container is its own stacking context, so the picker's popup renders into
// <body> to sit above the tab bar. In the mini-program the tab bar is native and needs nothing.
const pickerPopupProps = (process.env.TARO_ENV === 'h5' ? { portal: () => document.body } : {}) as PickerProps['popupProps']

/** The form's text → the action's input: trimmed, optional fields left out when blank. */
function toInput(values: FormValues): Record<string, unknown> {
  const skills = values.skills.split(/[,，、;；\s]+/).map((skill) => skill.trim()).filter(Boolean)
  const idCardNo = values.idCardNo.trim()
  return {
    realName: values.realName.trim(),
    phone: values.phone.trim(),
    township: values.township,
    ...(skills.length ? { skills } : {}),
    ...(idCardNo ? { idCardNo } : {}),
  }
}

/** Blank required fields get "请填写…" before the schema's format messages. */
function requiredMessages(values: FormValues): VolunteerFormErrors {
  const errors: VolunteerFormErrors = {}
  if (!values.realName.trim()) errors.realName = '请填写真实姓名'
  if (!values.phone.trim()) errors.phone = '请填写手机号'
  if (!values.township) errors.township = '请选择所在乡镇'
  return errors
}

/** 志愿者注册: real name, phone, township, optional skills and ID number. */
export function VolunteerForm({ defaultTownship, onRegistered }: VolunteerFormProps) {
  const [values, setValues] = useState<FormValues>({
    realName: '',
    phone: '',
    township: defaultTownship && isTownship(defaultTownship) ? defaultTownship : '',
    skills: '',
    idCardNo: '',
  })
  const [errors, setErrors] = useState<VolunteerFormErrors>({})
  const [submitting, setSubmitting] = useState(false)
  const [pickerVisible, setPickerVisible] = useState(false)
  // one idempotency key per distinct request: a retry of the same input reuses it
  const lastRequest = useRef<{ body: string; key: string } | null>(null)

  const setField = (field: VolunteerField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }))
    setErrors((current) => (current[field] || current._form ? { ...current, [field]: undefined, _form: undefined } : current))
  }

  const keyFor = (input: RegisterVolunteerInput) => {
    const body = JSON.stringify(input)
    if (lastRequest.current?.body !== body) lastRequest.current = { body, key: createIdempotencyKey() }
    return lastRequest.current.key
  }

  const handleSubmit = async () => {
    if (submitting) return
    const checked = validate(registerVolunteerInput, toInput(values))
    if (!checked.ok) {
      setErrors({ ...fieldMessagesByName(checked.fields, FIELDS), ...requiredMessages(values) })
      return
    }
    setErrors({})
    setSubmitting(true)
    try {
      const user = await registerVolunteer(checked.data, { idempotencyKey: keyFor(checked.data) })
      lastRequest.current = null
      toastSuccess('注册成功')
      onRegistered?.(user)
    } catch (error) {
      // a definite answer from the server ends this attempt; only a lost call is retried with the same key
      if (isCloudError(error) && error.code !== 'INTERNAL') lastRequest.current = null
      if (isCloudError(error) && error.fields.length) {
        setErrors(fieldMessagesByName(error.fields, FIELDS))
      } else {
        toastError(error)
      }
    } finally {
      setSubmitting(false)
    }
  }

  const fieldClass = (field: string, name: VolunteerField) =>
    `gy-volunteer-form__field gy-volunteer-form__field--${field}${errors[name] ? ' gy-volunteer-form__field--invalid' : ''}`

  const errorOf = (name: VolunteerField) =>
    errors[name] ? <Text className='gy-volunteer-form__error'>{errors[name]}</Text> : null

  return (
    <View className='gy-volunteer-form'>
      <View className='gy-volunteer-form__header'>
        <Text className='gy-volunteer-form__title'>注册成为志愿者</Text>
        <Text className='gy-volunteer-form__intro'>实名注册后即可报名志愿服务活动、认领微心愿，服务时长将记入您的志愿档案。</Text>
      </View>

      {errors._form ? <Text className='gy-volunteer-form__form-error'>{errors._form}</Text> : null}

      <View className={fieldClass('real-name', 'realName')}>
        <Text className='gy-volunteer-form__label'>
          真实姓名<Text className='gy-volunteer-form__required'>*</Text>
        </Text>
        <Input
          className='gy-volunteer-form__input gy-volunteer-form__real-name'
          name='realName'
          placeholder='请输入身份证上的姓名'
          maxLength={20}
          value={values.realName}
          onChange={(value) => setField('realName', value)}
        />
        {errorOf('realName')}
      </View>

      <View className={fieldClass('phone', 'phone')}>
        <Text className='gy-volunteer-form__label'>
          手机号<Text className='gy-volunteer-form__required'>*</Text>
        </Text>
        <Input
          className='gy-volunteer-form__input gy-volunteer-form__phone'
          name='phone'
          type='number'
          placeholder='请输入11位手机号'
          maxLength={11}
          value={values.phone}
          onChange={(value) => setField('phone', value)}
        />
        {errorOf('phone')}
      </View>

      <View className={fieldClass('township', 'township')}>
        <Text className='gy-volunteer-form__label'>
          所在乡镇<Text className='gy-volunteer-form__required'>*</Text>
        </Text>
        <View className='gy-volunteer-form__picker gy-volunteer-form__township' onClick={() => setPickerVisible(true)}>
          <Text className={values.township ? 'gy-volunteer-form__picker-value' : 'gy-volunteer-form__picker-placeholder'}>
            {values.township || '请选择所在乡镇'}
          </Text>
          <Text className='gy-volunteer-form__picker-arrow'>›</Text>
        </View>
        {errorOf('township')}
      </View>

      <View className={fieldClass('skills', 'skills')}>
        <Text className='gy-volunteer-form__label'>
          技能特长<Text className='gy-volunteer-form__optional'>选填</Text>
        </Text>
        <Input
          className='gy-volunteer-form__input gy-volunteer-form__skills'
          name='skills'
          placeholder='如：急救、驾驶、摄影（用顿号分隔）'
          maxLength={120}
          value={values.skills}
          onChange={(value) => setField('skills', value)}
        />
        {errorOf('skills')}
      </View>

      <View className={fieldClass('id-card-no', 'idCardNo')}>
        <Text className='gy-volunteer-form__label'>
          身份证号<Text className='gy-volunteer-form__optional'>选填</Text>
        </Text>
        <Input
          className='gy-volunteer-form__input gy-volunteer-form__id-card-no'
          name='idCardNo'
          type='idcard'
          placeholder='用于出具志愿服务证明'
          maxLength={18}
          value={values.idCardNo}
          onChange={(value) => setField('idCardNo', value)}
        />
        {errorOf('idCardNo')}
        <Text className='gy-volunteer-form__note'>
          身份证号属于敏感个人信息，仅用于核实身份和出具服务证明；页面上只显示脱敏后的号码（如 330327********1234）。
        </Text>
      </View>

      <Button
        className='gy-volunteer-form__submit'
        type='primary'
        block
        size='large'
        disabled={submitting}
        onClick={() => void handleSubmit()}
      >
        {submitting ? '提交中…' : '提交注册'}
      </Button>

      <Picker
        title='选择所在乡镇'
        visible={pickerVisible}
        options={townshipOptions}
        popupProps={pickerPopupProps}
        // opens on the chosen township, or on the first one so that 确认 without scrolling picks it
        value={[values.township || townships[0]]}
        onConfirm={(_options, selected) => {
          if (selected[0] != null) setField('township', String(selected[0]))
        }}
        onClose={() => setPickerVisible(false)}
      />
    </View>
  )
}

export default VolunteerForm
