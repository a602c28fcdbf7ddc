import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, Picker, Switch, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import type { FieldError } from '../../../../../../cloudfunctions/core/errors'
import { townships } from '../../../../../../cloudfunctions/core/settings/townships'
import { beneficiaryGroupLabels, beneficiaryGroups, wishCategories, type BeneficiaryGroup } from '../../../../../../cloudfunctions/core/wish/wish.constants'
import type { WishDetailView } from '../../../../../../cloudfunctions/core/wish/wish.schema'
import { createWishInput } from '../../../../../../cloudfunctions/core/wish/wish.form-schema'
import { FormField, FormSelect, pickerPopupProps } from '../../../../../components/form-field'
import { confirmedValue, pickerRows } from '../../../../../components/option-picker/rows'
import { type FormErrors, useFormFields } from '../../../../../hooks/use-form-fields'
import { useIdempotencyKey } from '../../../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../../../services/cloud'
import { createWish } from '../../../../../services/wish'
import { toastError } from '../../../../../utils/toast'
import { validate } from '../../../../../utils/schema-validation'
import { switchRole } from '../../../../../utils/a11y'
import { askSubscription } from '../../../../../utils/subscribe'
import './index.scss'

export type WishFormField = 'title' | 'content' | 'category' | 'estimatedYuan' | 'township' | 'community' | 'beneficiaryName' | 'beneficiaryGroup' | 'contactPhone'
export type WishFormErrors = FormErrors<WishFormField>

type FormValues = Record<WishFormField, string>

export const TITLE_MAX_LENGTH = 30
export const CONTENT_MAX_LENGTH = 500

/** The schema's paths (`beneficiary.name`) → the form's fields; anything else is about the form as a whole. */
const FIELD_OF_PATH: Record<string, WishFormField> = {
  title: 'title',
  content: 'content',
  category: 'category',
  estimatedYuan: 'estimatedYuan',
  township: 'township',
  community: 'community',
  'beneficiary.name': 'beneficiaryName',
  'beneficiary.group': 'beneficiaryGroup',
  beneficiary: 'beneficiaryName',
  contactPhone: 'contactPhone',
}

function messagesOf(fields: FieldError[]): WishFormErrors {
  const errors: WishFormErrors = {}
  for (const { path, message } of fields) {
    const key = FIELD_OF_PATH[path] ?? '_form'
    if (!errors[key]) errors[key] = message
  }
  return errors
}

const groupRows = beneficiaryGroups.map((group) => ({ label: beneficiaryGroupLabels[group], value: group }))

const isGroup = (value: string): value is BeneficiaryGroup => (beneficiaryGroups as readonly string[]).includes(value)

/** The form's text → the action's input: trimmed, the amount as a number, blank optional fields left out. */
function toInput(values: FormValues, onBehalf: boolean): Record<string, unknown> {
  const amount = values.estimatedYuan.trim()
  return {
    title: values.title.trim(),
    content: values.content.trim(),
    category: values.category || undefined,
    estimatedYuan: amount ? Number(amount) : undefined,
    township: values.township || undefined,
    ...(values.community.trim() ? { community: values.community.trim() } : {}),
    beneficiary: { name: values.beneficiaryName.trim(), group: values.beneficiaryGroup || undefined },
    onBehalf,
    ...(values.contactPhone.trim() ? { contactPhone: values.contactPhone.trim() } : {}),
  }
}

/** Blank required fields say "请填写…" before the schema's length and format messages. */
function blankMessages(values: FormValues, onBehalf: boolean): WishFormErrors {
  const errors: WishFormErrors = {}
  if (!values.title.trim()) errors.title = '请填写心愿标题'
  if (!values.content.trim()) errors.content = '请描述心愿'
  if (!values.category) errors.category = '请选择心愿类别'
  if (!values.estimatedYuan.trim()) errors.estimatedYuan = '请填写预估金额'
  if (!values.township) errors.township = '请选择所在乡镇'
  if (!values.beneficiaryName.trim()) errors.beneficiaryName = onBehalf ? '请填写受助人姓名' : '请填写你的真实姓名'
  if (!values.beneficiaryGroup) errors.beneficiaryGroup = onBehalf ? '请选择受助人类别' : '请选择你的类别'
  return errors
}

const SIGNED_OUT_MESSAGE =
  process.env.TARO_ENV === 'h5'
    ? '你还没有登录，登录后才能发布心愿。当前为匿名访客，请先到「我的」页选择一个演示身份。'
    : '你还没有登录，登录后才能发布心愿。请在微信中打开小程序后重试。'

export interface WishFormProps {
  /** After the server accepted the wish (status 待审核). */
  onCreated?: (wish: WishDetailView) => void
}

/** 发布心愿: checked with the same schema as the server; 代为发布 for a community liaison posting for someone else. */
export function WishForm({ onCreated }: WishFormProps) {
  const { values, errors, setErrors, setField, bind } = useFormFields<WishFormField>({
    title: '',
    content: '',
    category: '',
    estimatedYuan: '',
    township: '',
    community: '',
    beneficiaryName: '',
    beneficiaryGroup: '',
    contactPhone: '',
  })
  const [onBehalf, setOnBehalf] = useState(false)
  const [signedOut, setSignedOut] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [picker, setPicker] = useState<'category' | 'township' | 'group' | null>(null)
  const idempotency = useIdempotencyKey()

  const handleSubmit = async () => {
    if (submitting) return
    void askSubscription('wishCreate') // on the tap itself; never awaited
    setSignedOut(false)
    const input = toInput(values, onBehalf)
    const checked = validate(createWishInput, input)
    if (!checked.ok) {
      setErrors({ ...messagesOf(checked.fields), ...blankMessages(values, onBehalf) })
      return
    }
    setErrors({})
    setSubmitting(true)
    try {
      const wish = await createWish(checked.data, { idempotencyKey: idempotency.keyFor(checked.data) })
      idempotency.forget()
      onCreated?.(wish)
    } catch (error) {
      idempotency.forgetUnlessLost(error)
      if (isCloudError(error) && error.code === 'UNAUTHENTICATED') {
        setSignedOut(true)
      } else if (isCloudError(error) && error.fields.length) {
        // e.g. the content check's verdict under 心愿描述, or 联系电话 when the profile has none
        setErrors(messagesOf(error.fields))
      } else {
        toastError(error)
      }
    } finally {
      setSubmitting(false)
    }
  }

  const who = onBehalf ? '受助人' : '你'
  const groupValue = isGroup(values.beneficiaryGroup) ? beneficiaryGroupLabels[values.beneficiaryGroup] : ''

  return (
    <View className='gy-wish-form'>
      {errors._form ? <Text className='gy-wish-form__form-error'>{errors._form}</Text> : null}

      <View className='gy-wish-form__switch-row'>
        <View className='gy-wish-form__switch-text'>
          <Text className='gy-wish-form__switch-label'>代为发布</Text>
          <Text className='gy-wish-form__switch-hint'>社区联络员为困难群众代为登记心愿时打开</Text>
        </View>
        <Switch className='gy-wish-form__on-behalf' {...switchRole(onBehalf, '代为发布')} checked={onBehalf} onChange={(value) => setOnBehalf(value)} />
      </View>

      <Text className='gy-wish-form__section gy-wish-form__section--first'>心愿内容</Text>

      <FormField className='gy-wish-form__field--title' label='心愿标题' mark='required' error={errors.title} hint={errors.title ? undefined : '4–30个字，如：一个新书包'}>
        <Input className='gy-wish-form__title' placeholder={onBehalf ? '受助人想要什么' : '你想要什么'} maxLength={TITLE_MAX_LENGTH} {...bind('title')} />
      </FormField>

      <FormField className='gy-wish-form__field--content' label='心愿描述' mark='required' error={errors.content}>
        <TextArea
          className='gy-wish-form__content'
          placeholder={`${who}的情况和心愿的由来，10–500个字。请勿填写身份证号、电话、详细住址`}
          maxLength={CONTENT_MAX_LENGTH}
          showCount
          autoSize
          {...bind('content')}
        />
      </FormField>

      <FormField className='gy-wish-form__field--category' label='心愿类别' mark='required' error={errors.category}>
        <FormSelect className='gy-wish-form__category' value={values.category} placeholder='请选择心愿类别' onClick={() => setPicker('category')} />
      </FormField>

      <FormField
        className='gy-wish-form__field--amount'
        label='预估金额（元）'
        mark='required'
        error={errors.estimatedYuan}
        hint={errors.estimatedYuan ? undefined : '1–2000元的整数，微心愿以小额为主'}
      >
        <Input className='gy-wish-form__amount' type='number' placeholder='如：150' maxLength={4} {...bind('estimatedYuan')} />
      </FormField>

      <Text className='gy-wish-form__section'>{onBehalf ? '受助人信息' : '心愿人信息'}</Text>

      <FormField className='gy-wish-form__field--township' label='所在乡镇' mark='required' error={errors.township}>
        <FormSelect className='gy-wish-form__township' value={values.township} placeholder='请选择所在乡镇' onClick={() => setPicker('township')} />
      </FormField>

      <FormField className='gy-wish-form__field--community' label='所在社区' mark='optional' error={errors.community}>
        <Input className='gy-wish-form__community' placeholder='如：渡龙社区，不填写门牌号' maxLength={30} {...bind('community')} />
      </FormField>

      <FormField
        className='gy-wish-form__field--name'
        label={onBehalf ? '受助人姓名' : '你的姓名'}
        mark='required'
        error={errors.beneficiaryName}
        hint='请填写真实姓名，心愿墙上只显示为“张*明”'
      >
        <Input className='gy-wish-form__name' placeholder={onBehalf ? '受助人的真实姓名' : '你的真实姓名'} maxLength={20} {...bind('beneficiaryName')} />
      </FormField>

      <FormField className='gy-wish-form__field--group' label={onBehalf ? '受助人类别' : '你的类别'} mark='required' error={errors.beneficiaryGroup}>
        <FormSelect className='gy-wish-form__group' value={groupValue} placeholder='如：低保对象、留守儿童' onClick={() => setPicker('group')} />
      </FormField>

      <Text className='gy-wish-form__section'>联系方式</Text>

      <FormField
        className='gy-wish-form__field--phone'
        label='联系电话'
        mark='optional'
        error={errors.contactPhone}
        hint='认领人将通过此电话与你联系；不收集受助人电话。不填则使用你登记的手机号。'
      >
        <Input className='gy-wish-form__phone' type='tel' placeholder={onBehalf ? '你（联络员）的手机号' : '你的手机号'} maxLength={11} {...bind('contactPhone')} />
      </FormField>

      {signedOut ? (
        <View className='gy-wish-form__signed-out'>
          <Text className='gy-wish-form__signed-out-text'>{SIGNED_OUT_MESSAGE}</Text>
          <Button className='gy-wish-form__signed-out-go' size='small' type='primary' fill='outline' onClick={() => void Taro.switchTab({ url: '/pages/mine/index' })}>
            前往「我的」
          </Button>
        </View>
      ) : null}

      <Button className='gy-wish-form__submit' type='primary' block size='large' disabled={submitting} onClick={() => void handleSubmit()}>
        {submitting ? '提交中…' : '提交心愿'}
      </Button>
      <Text className='gy-wish-form__footnote'>提交后由服务该乡镇的认证社会组织审核，通过后显示在心愿墙上。</Text>

      <Picker
        title='选择心愿类别'
        visible={picker === 'category'}
        options={[pickerRows(wishCategories, values.category, '请选择心愿类别')]}
        popupProps={pickerPopupProps}
        value={[values.category]}
        onConfirm={(_options, selected) => {
          const picked = confirmedValue(selected)
          if (picked !== null) setField('category', picked)
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
      <Picker
        title={onBehalf ? '选择受助人类别' : '选择你的类别'}
        visible={picker === 'group'}
        options={[pickerRows(groupRows, values.beneficiaryGroup, onBehalf ? '请选择受助人类别' : '请选择你的类别')]}
        popupProps={pickerPopupProps}
        value={[values.beneficiaryGroup]}
        onConfirm={(_options, selected) => {
          const picked = confirmedValue(selected)
          if (picked !== null) setField('beneficiaryGroup', picked)
        }}
        onClose={() => setPicker(null)}
      />
    </View>
  )
}

export default WishForm
