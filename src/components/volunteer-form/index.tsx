import { useState } from 'react'
import { Button as WechatButton, Text, View } from '@tarojs/components'
import type { UserView } from '../../../cloudfunctions/core/user/user.schema'
import { normalizeVolunteerRegistration, volunteerRegistrationIssues, type VolunteerRegistrationDraft } from '../../../cloudfunctions/core/user/user.rules'
import { isTownship, townships } from '../../../cloudfunctions/core/settings/townships'
import { FormField, FormInput, FormSelect } from '../form-field'
import { LightButton as Button } from '../light-button'
import { OptionPicker } from '../option-picker'
import { PrivacyDialogHost } from '../privacy-dialog'
import { type FormErrors, useFormFields } from '../../hooks/use-form-fields'
import { useIdempotencyKey } from '../../hooks/use-idempotency-key'
import { isCloudError } from '../../services/cloud'
import { registerVolunteer, verifyPhone } from '../../services/user'
import { toastError, toastSuccess } from '../../utils/toast'
import { fieldMessagesByName } from '../../utils/validation'
import './index.scss'

export type VolunteerField = 'realName' | 'phone' | 'township' | 'skills' | 'idCardNo'
export type VolunteerFormErrors = FormErrors<VolunteerField>

const FIELDS: readonly VolunteerField[] = ['realName', 'phone', 'township', 'skills', 'idCardNo']

type FormValues = Record<VolunteerField, string>

export interface VolunteerFormProps {
  /** Pre-selects the caller's township when it is one of the county's. */
  defaultTownship?: string | null
  /** After the server accepted the registration, with the updated user. */
  onRegistered?: (user: UserView) => void
}

/** The form's text → the action's input: trimmed, optional fields left out when blank. */
function toInput(values: FormValues): VolunteerRegistrationDraft {
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

/** Blank required fields get "请填写…" before the format messages. */
function requiredMessages(values: FormValues): VolunteerFormErrors {
  const errors: VolunteerFormErrors = {}
  if (!values.realName.trim()) errors.realName = '请填写真实姓名'
  if (!values.phone.trim()) errors.phone = '请填写手机号'
  if (!values.township) errors.township = '请选择所在乡镇'
  return errors
}

/** 志愿者注册: real name, phone, township, optional skills and ID number. */
export function VolunteerForm({ defaultTownship, onRegistered }: VolunteerFormProps) {
  const { values, errors, setErrors, setField, bind } = useFormFields<VolunteerField>({
    realName: '',
    phone: '',
    township: defaultTownship && isTownship(defaultTownship) ? defaultTownship : '',
    skills: '',
    idCardNo: '',
  })
  const [submitting, setSubmitting] = useState(false)
  const idempotency = useIdempotencyKey()

  /** 手机号快速验证: WeChat hands the button a one-time code; the user function turns it into the number. */
  const fillPhoneFromWechat = async (code: string | undefined) => {
    if (!code) return // declined: the number can still be typed
    try {
      setField('phone', await verifyPhone(code))
    } catch (error) {
      toastError(error)
    }
  }

  const handleSubmit = async () => {
    if (submitting) return
    // the schema's checks without zod (this form is in the weapp main package); the function parses with the schema
    const draft = toInput(values)
    const issues = volunteerRegistrationIssues(draft)
    if (issues.length) {
      setErrors({ ...fieldMessagesByName(issues, FIELDS), ...requiredMessages(values) })
      return
    }
    const input = normalizeVolunteerRegistration(draft)
    setErrors({})
    setSubmitting(true)
    try {
      const user = await registerVolunteer(input, { idempotencyKey: idempotency.keyFor(input) })
      idempotency.forget()
      toastSuccess('注册成功')
      onRegistered?.(user)
    } catch (error) {
      idempotency.forgetUnlessLost(error)
      if (isCloudError(error) && error.fields.length) {
        setErrors(fieldMessagesByName(error.fields, FIELDS))
      } else {
        toastError(error)
      }
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <View className='gy-volunteer-form'>
      <View className='gy-volunteer-form__header'>
        <Text className='gy-volunteer-form__title'>注册成为志愿者</Text>
        <Text className='gy-volunteer-form__intro'>实名注册后即可报名志愿服务活动、认领微心愿，服务时长将记入您的志愿档案。</Text>
      </View>

      {errors._form ? <Text className='gy-volunteer-form__form-error'>{errors._form}</Text> : null}

      <FormField className='gy-volunteer-form__field--real-name' label='真实姓名' mark='required' error={errors.realName}>
        <FormInput className='gy-volunteer-form__real-name' placeholder='请输入身份证上的姓名' maxLength={20} {...bind('realName')} />
      </FormField>

      <FormField className='gy-volunteer-form__field--phone' label='手机号' mark='required' error={errors.phone}>
        <FormInput className='gy-volunteer-form__phone' type='number' placeholder='请输入11位手机号' maxLength={11} {...bind('phone')} />
        {process.env.TARO_ENV === 'weapp' ? (
          <WechatButton
            className='gy-volunteer-form__phone-quick'
            openType='getPhoneNumber'
            onGetPhoneNumber={(event) => void fillPhoneFromWechat((event.detail as { code?: string }).code)}
          >
            微信手机号快速填写
          </WechatButton>
        ) : null}
      </FormField>

      <FormField className='gy-volunteer-form__field--township' label='所在乡镇' mark='required' error={errors.township}>
        <OptionPicker title='选择所在乡镇' options={townships} value={values.township} placeholder='请选择所在乡镇' onConfirm={(picked) => setField('township', picked)}>
          <FormSelect className='gy-volunteer-form__township' value={values.township} placeholder='请选择所在乡镇' />
        </OptionPicker>
      </FormField>

      <FormField className='gy-volunteer-form__field--skills' label='技能特长' mark='optional' error={errors.skills}>
        <FormInput className='gy-volunteer-form__skills' placeholder='如：急救、驾驶、摄影（用顿号分隔）' maxLength={120} {...bind('skills')} />
      </FormField>

      <FormField
        className='gy-volunteer-form__field--id-card-no'
        label='身份证号'
        mark='optional'
        error={errors.idCardNo}
        note={
          <Text className='gy-volunteer-form__note'>
            身份证号属于敏感个人信息，仅用于核实身份和出具服务证明；页面上只显示脱敏后的号码（如 330327********1234）。
          </Text>
        }
      >
        <FormInput className='gy-volunteer-form__id-card-no' type='idcard' placeholder='用于出具志愿服务证明' maxLength={18} {...bind('idCardNo')} />
      </FormField>

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
      {/* 微信手机号快速填写 asks for privacy consent first: the dialog shows here, on 我的 */}
      {process.env.TARO_ENV === 'weapp' ? <PrivacyDialogHost /> : null}

    </View>
  )
}

export default VolunteerForm
