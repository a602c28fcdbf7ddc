import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, Picker, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import { creditCodeProblem } from '../../../../../../cloudfunctions/core/org/org.rules'
import { orgKindLabels, orgKinds, type OrgKind } from '../../../../../../cloudfunctions/core/org/org.constants'
import type { OrgView } from '../../../../../../cloudfunctions/core/org/org.schema'
import { registerOrgInput } from '../../../../../../cloudfunctions/core/org/org.form-schema'
import { townships } from '../../../../../../cloudfunctions/core/settings/townships'
import { FormField, FormSelect, pickerPopupProps } from '../../../../../components/form-field'
import { confirmedValue, pickerRows } from '../../../../../components/option-picker/rows'
import { type FormErrors, useFormFields } from '../../../../../hooks/use-form-fields'
import { useIdempotencyKey } from '../../../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../../../services/cloud'
import { registerOrg } from '../../../../../services/org'
import { toastError } from '../../../../../utils/toast'
import { validate } from '../../../../../utils/schema-validation'
import { fieldMessagesByName } from '../../../../../utils/validation'
import './index.scss'

export type OrgRegisterField = 'name' | 'kind' | 'creditCode' | 'township' | 'community' | 'contactName' | 'contactPhone' | 'intro'
export type OrgRegisterFormErrors = FormErrors<OrgRegisterField>

const FIELDS: readonly OrgRegisterField[] = ['name', 'kind', 'creditCode', 'township', 'community', 'contactName', 'contactPhone', 'intro']

type FormValues = Record<OrgRegisterField, string>

export const CREDIT_CODE_LENGTH = 18
export const INTRO_MAX_LENGTH = 500

export interface OrgRegisterFormProps {
  /** After the server accepted the application, with the new (pending) organization. */
  onRegistered?: (org: OrgView) => void
}

const kindRows = orgKinds.map((kind) => ({ label: orgKindLabels[kind], value: kind }))

/** Credit codes are written in capitals without spaces: normalise as the person types. */
export const normalizeCreditCode = (raw: string) => raw.replace(/\s+/g, '').toUpperCase()

const isKind = (value: string): value is OrgKind => (orgKinds as readonly string[]).includes(value)

/** 社区社会组织 that only filed (备案) have no credit code; they name their community instead. */
const needsCommunity = (values: FormValues) => values.kind === 'community' && !values.creditCode.trim()

/** The form's text → the action's input: trimmed, optional fields left out when blank. */
function toInput(values: FormValues): Record<string, unknown> {
  const optional = (key: OrgRegisterField, value: string) => (value.trim() ? { [key]: value.trim() } : {})
  return {
    name: values.name.trim(),
    kind: values.kind || undefined,
    township: values.township,
    contactName: values.contactName.trim(),
    contactPhone: values.contactPhone.trim(),
    ...optional('creditCode', values.creditCode),
    ...(values.kind === 'community' ? optional('community', values.community) : {}),
    ...optional('intro', values.intro),
  }
}

/**
 * Blank required fields get "请填写…" before the schema's format messages; the credit code's own
 * problem is added where the schema stopped early (it checks it only once the kind is valid).
 */
function clientMessages(values: FormValues): OrgRegisterFormErrors {
  const errors: OrgRegisterFormErrors = {}
  if (!values.name.trim()) errors.name = '请填写组织名称'
  if (!values.kind) errors.kind = '请选择组织类型'
  if (!values.township) errors.township = '请选择所在乡镇'
  if (!values.contactName.trim()) errors.contactName = '请填写联系人姓名'
  if (!values.contactPhone.trim()) errors.contactPhone = '请填写联系电话'
  const creditCode = values.creditCode.trim()
  if (creditCode) {
    const problem = creditCodeProblem(creditCode)
    if (problem) errors.creditCode = problem
  } else if (values.kind && values.kind !== 'community') {
    errors.creditCode = '请填写18位统一社会信用代码'
  } else if (needsCommunity(values) && !values.community.trim()) {
    errors.community = '未登记的社区社会组织须填写所在社区'
  }
  return errors
}

const SIGNED_OUT_MESSAGE =
  process.env.TARO_ENV === 'h5'
    ? '你还没有登录，登录后才能提交入驻申请。当前为匿名访客，请先到「我的」页选择一个演示身份。'
    : '你还没有登录，登录后才能提交入驻申请。请在微信中打开小程序后重试。'

/** 组织入驻: organization details, checked as they are typed and again by the same schema as the server. */
export function OrgRegisterForm({ onRegistered }: OrgRegisterFormProps) {
  const { values, errors, setErrors, setField, bind } = useFormFields<OrgRegisterField>({
    name: '',
    kind: '',
    creditCode: '',
    township: '',
    community: '',
    contactName: '',
    contactPhone: '',
    intro: '',
  })
  const [signedOut, setSignedOut] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [picker, setPicker] = useState<'kind' | 'township' | null>(null)
  // the live credit-code check speaks once 18 characters were typed or the field was left
  const [creditCodeTouched, setCreditCodeTouched] = useState(false)
  const idempotency = useIdempotencyKey()

  const setCreditCode = (raw: string) => {
    const code = normalizeCreditCode(raw)
    if (code.length >= CREDIT_CODE_LENGTH) setCreditCodeTouched(true)
    // the community field's requirement depends on this one: its error goes too
    setErrors((current) => (current.community ? { ...current, community: undefined } : current))
    setField('creditCode', code)
  }

  const handleSubmit = async () => {
    if (submitting) return
    setSignedOut(false)
    const checked = validate(registerOrgInput, toInput(values))
    if (!checked.ok) {
      setCreditCodeTouched(true)
      setErrors({ ...fieldMessagesByName(checked.fields, FIELDS), ...clientMessages(values) })
      return
    }
    setErrors({})
    setSubmitting(true)
    try {
      const org = await registerOrg(checked.data, { idempotencyKey: idempotency.keyFor(checked.data) })
      idempotency.forget()
      onRegistered?.(org)
    } catch (error) {
      idempotency.forgetUnlessLost(error)
      if (isCloudError(error) && error.code === 'UNAUTHENTICATED') {
        setSignedOut(true)
      } else if (isCloudError(error) && error.code === 'ALREADY_EXISTS') {
        setErrors({ creditCode: error.message || '该统一社会信用代码已登记入驻，请勿重复提交' })
      } else if (isCloudError(error) && error.fields.length) {
        setErrors(fieldMessagesByName(error.fields, FIELDS))
      } else {
        toastError(error)
      }
    } finally {
      setSubmitting(false)
    }
  }

  const creditCode = values.creditCode
  const liveProblem = creditCode && creditCodeTouched ? creditCodeProblem(creditCode) : null
  const creditCodeError = errors.creditCode ?? liveProblem
  const creditCodeOk = !creditCodeError && creditCode.length === CREDIT_CODE_LENGTH && creditCodeProblem(creditCode) === null
  const communityShown = values.kind === 'community'
  const communityRequired = needsCommunity(values)
  const creditCodeOptional = values.kind === 'community'
  const creditCodeHint = creditCodeOk ? '✓ 校验通过' : creditCode ? `已输入${creditCode.length}/18位` : '由数字和大写字母组成，输入时自动转为大写'

  return (
    <View className='gy-org-register-form'>
      {errors._form ? <Text className='gy-org-register-form__form-error'>{errors._form}</Text> : null}

      <Text className='gy-org-register-form__section gy-org-register-form__section--first'>组织信息</Text>

      <FormField className='gy-org-register-form__field--name' label='组织名称' mark='required' error={errors.name}>
        <Input className='gy-org-register-form__name' placeholder='与登记证书上的名称一致' maxLength={50} {...bind('name')} />
      </FormField>

      <FormField className='gy-org-register-form__field--kind' label='组织类型' mark='required' error={errors.kind}>
        <FormSelect
          className='gy-org-register-form__kind'
          value={isKind(values.kind) ? orgKindLabels[values.kind] : ''}
          placeholder='请选择组织类型'
          onClick={() => setPicker('kind')}
        />
      </FormField>

      <FormField
        className='gy-org-register-form__field--credit-code'
        label='统一社会信用代码'
        mark={creditCodeOptional ? 'optional' : 'required'}
        error={creditCodeError}
        hint={creditCodeError ? undefined : creditCodeHint}
        hintTone={creditCodeOk ? 'ok' : 'muted'}
        note={
          creditCodeOptional ? (
            <Text className='gy-org-register-form__note'>已在民政部门登记的请填写信用代码；仅在乡镇（街道）备案的社区社会组织可不填信用代码，但须填写所在社区。</Text>
          ) : null
        }
      >
        <Input
          className='gy-org-register-form__credit-code'
          name='creditCode'
          placeholder='18位代码，见登记证书'
          maxLength={CREDIT_CODE_LENGTH}
          value={creditCode}
          onChange={setCreditCode}
          onBlur={() => {
            if (creditCode) setCreditCodeTouched(true)
          }}
        />
      </FormField>

      <FormField className='gy-org-register-form__field--township' label='所在乡镇' mark='required' error={errors.township}>
        <FormSelect className='gy-org-register-form__township' value={values.township} placeholder='请选择所在乡镇' onClick={() => setPicker('township')} />
      </FormField>

      {communityShown ? (
        <FormField className='gy-org-register-form__field--community' label='所在社区' mark={communityRequired ? 'required' : 'optional'} error={errors.community}>
          <Input className='gy-org-register-form__community' placeholder='如：灵溪镇渡龙社区' maxLength={30} {...bind('community')} />
        </FormField>
      ) : null}

      <Text className='gy-org-register-form__section'>联系人</Text>

      <FormField className='gy-org-register-form__field--contact-name' label='联系人' mark='required' error={errors.contactName}>
        <Input className='gy-org-register-form__contact-name' placeholder='负责人或联络员的真实姓名' maxLength={20} {...bind('contactName')} />
      </FormField>

      <FormField
        className='gy-org-register-form__field--contact-phone'
        label='联系电话'
        mark='required'
        error={errors.contactPhone}
        hint='公开页面只显示脱敏号码，组织成员和审核人员可见完整号码。'
      >
        <Input className='gy-org-register-form__contact-phone' placeholder='手机号或座机号，如 0577-64761234' maxLength={13} {...bind('contactPhone')} />
      </FormField>

      <FormField className='gy-org-register-form__field--intro' label='组织简介' mark='optional' error={errors.intro}>
        <TextArea
          className='gy-org-register-form__intro'
          placeholder='组织的服务领域、主要活动和服务对象'
          maxLength={INTRO_MAX_LENGTH}
          showCount
          autoSize
          {...bind('intro')}
        />
      </FormField>

      {/* next to the button: that is where the person looks after tapping it */}
      {signedOut ? (
        <View className='gy-org-register-form__signed-out'>
          <Text className='gy-org-register-form__signed-out-text'>{SIGNED_OUT_MESSAGE}</Text>
          <Button className='gy-org-register-form__signed-out-go' size='small' type='primary' fill='outline' onClick={() => void Taro.switchTab({ url: '/pages/mine/index' })}>
            前往「我的」
          </Button>
        </View>
      ) : null}

      <Button
        className='gy-org-register-form__submit'
        type='primary'
        block
        size='large'
        disabled={submitting}
        onClick={() => void handleSubmit()}
      >
        {submitting ? '提交中…' : '提交认证申请'}
      </Button>
      <Text className='gy-org-register-form__footnote'>提交后由县社会组织服务中心审核，结果在组织工作台查看。</Text>

      <Picker
        title='选择组织类型'
        visible={picker === 'kind'}
        // opens on the chosen kind, or on 请选择组织类型, which 确认 leaves unchosen
        options={[pickerRows(kindRows, values.kind, '请选择组织类型')]}
        popupProps={pickerPopupProps}
        value={[values.kind]}
        onConfirm={(_options, selected) => {
          const picked = confirmedValue(selected)
          if (picked === null) return
          // whether the credit code or the community is required depends on the kind
          if (!values.creditCode) setErrors((current) => ({ ...current, creditCode: undefined, community: undefined }))
          setField('kind', picked)
        }}
        onClose={() => setPicker(null)}
      />
      <Picker
        title='选择所在乡镇'
        visible={picker === 'township'}
        options={[pickerRows(townships, values.township, '请选择所在乡镇')]}
        popupProps={pickerPopupProps}
        value={[values.township]}
        onConfirm={(_options, selected) => {
          const picked = confirmedValue(selected)
          if (picked !== null) setField('township', picked)
        }}
        onClose={() => setPicker(null)}
      />
    </View>
  )
}

export default OrgRegisterForm
