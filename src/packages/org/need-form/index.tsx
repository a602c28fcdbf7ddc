import { useCallback, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import { needFields, type NeedField } from '../../../../cloudfunctions/core/needs/needs.constants'
import { isTownship, townships, type Township } from '../../../../cloudfunctions/core/settings/townships'
import type { OrgView } from '../../../../cloudfunctions/core/org/org.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { FormField, FormSelect } from '../../../components/form-field'
import { OptionPicker } from '../../../components/option-picker'
import { PageError, PageLoading } from '../../../components/page-state'
import { modalColors } from '../../../constants/theme'
import { useFormFields } from '../../../hooks/use-form-fields'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../services/cloud'
import { ORG_NEEDS_CHANGED_EVENT, postNeed } from '../../../services/needs'
import { getOrg } from '../../../services/org'
import { messageOf, toastSuccess } from '../../../utils/toast'
import '../../../styles/needs-pages.scss'
import './index.scss'

type State = { kind: 'loading' } | { kind: 'ready'; org: OrgView } | { kind: 'denied'; reason: AccessDeniedReason; description?: string } | { kind: 'error'; message: string }
type Field = 'township' | 'community' | 'field' | 'beneficiaries' | 'beneficiaryCount' | 'content'

/** 发布需求 (`?orgId=`): a verified community organization (社区社会组织) posts a need of its community (需求清单). Public, no personal data. */
export default function NeedFormPage() {
  const orgId = useRouter().params.orgId ?? ''
  const [state, setState] = useState<State>({ kind: 'loading' })
  const { values, errors, setErrors, setField } = useFormFields<Field>({ township: '', community: '', field: '', beneficiaries: '', beneficiaryCount: '', content: '' })
  const [saving, setSaving] = useState(false)
  const idempotency = useIdempotencyKey()

  const load = useCallback(async () => {
    try {
      const org = await getOrg(orgId)
      if (!org.myRole) return setState({ kind: 'denied', reason: 'forbidden', description: '只有本组织的成员可以发布需求。' })
      if (org.kind !== 'community' || org.status !== 'verified') return setState({ kind: 'denied', reason: 'forbidden', description: '通过认证的社区社会组织才能发布需求。' })
      setState({ kind: 'ready', org })
      if (isTownship(org.township)) setField('township', org.township)
      if (org.community) setField('community', org.community)
    } catch (error) {
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      setState(reason ? { kind: 'denied', reason } : { kind: 'error', message: messageOf(error) })
    }
    // setField is stable enough: it only writes state
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [orgId])

  useDidShow(() => {
    if (state.kind !== 'ready') void load()
  })

  const submit = async (org: OrgView) => {
    const problems: Partial<Record<Field, string>> = {}
    if (!values.township) problems.township = '请选择乡镇'
    if (values.community.trim().length < 2) problems.community = '社区（村）为2–30个字'
    if (!values.field) problems.field = '请选择服务领域'
    if (values.beneficiaries.trim().length < 2) problems.beneficiaries = '服务对象为2–50个字'
    if (!/^\d+$/.test(values.beneficiaryCount.trim())) problems.beneficiaryCount = '请填写受益人数'
    if (values.content.trim().length < 10) problems.content = '需求内容为10–500个字'
    setErrors(problems)
    if (Object.keys(problems).length) return
    const input = {
      orgId,
      township: values.township as Township,
      community: values.community.trim(),
      field: values.field as NeedField,
      beneficiaries: values.beneficiaries.trim(),
      beneficiaryCount: Number(values.beneficiaryCount.trim()),
      content: values.content.trim(),
    }
    const { confirm } = await Taro.showModal({
      title: '发布需求',
      content: `以${org.name}的名义发布${input.township}${input.community}的${input.field}需求（${input.beneficiaries} ${input.beneficiaryCount} 人）。发布后所有人可见。`,
      confirmText: '发布',
      ...modalColors('brand'),
    })
    if (!confirm) return
    setSaving(true)
    try {
      await postNeed(input, { idempotencyKey: idempotency.keyFor(input) })
      idempotency.forget()
      Taro.eventCenter.trigger(ORG_NEEDS_CHANGED_EVENT)
      toastSuccess('需求已发布')
      setTimeout(() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: `/packages/org/needs-projects/index?orgId=${encodeURIComponent(orgId)}` })), 600)
    } catch (error) {
      idempotency.forgetUnlessLost(error)
      if (isCloudError(error) && error.fields.length) {
        const next: Partial<Record<Field | '_form', string>> = {}
        for (const f of error.fields) next[f.path.split('.')[0] as Field] ??= f.message
        setErrors(next)
      } else setErrors({ _form: messageOf(error) })
    } finally {
      setSaving(false)
    }
  }

  if (state.kind === 'loading') return <View className='gy-page gy-np'><PageLoading skeletons={['volunteer-form']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-np'><PageError title='页面加载失败' message={state.message} onRetry={() => { setState({ kind: 'loading' }); void load() }} /></View>
  if (state.kind === 'denied') return <View className='gy-page gy-np'><View className='gy-np__card'><AccessDenied reason={state.reason} description={state.description} /></View></View>

  return (
    <View className='gy-page gy-np gy-need-form'>
      <View className='gy-np__intro'>
        <Text className='gy-np__title'>发布需求</Text>
        <Text className='gy-np__lead'>需求公开显示在需求清单中，供社会组织设计项目。只写群体（如“独居老人”），不要写姓名、电话或身份证号。</Text>
      </View>
      <View className='gy-np__card'>
        <FormField className='gy-need-form__field--township' label='乡镇' mark='required' error={errors.township}>
          <OptionPicker title='选择乡镇' options={townships} value={values.township} placeholder='请选择乡镇' onConfirm={(picked) => setField('township', picked)}>
            <FormSelect className='gy-need-form__township' value={values.township} placeholder='请选择乡镇' />
          </OptionPicker>
        </FormField>
        <FormField className='gy-need-form__field--community' label='社区（村）' mark='required' error={errors.community}>
          <Input className='gy-need-form__community' name='community' placeholder='如：宜山社区' maxLength={30} value={values.community} onChange={(v) => setField('community', v)} />
        </FormField>
        <FormField className='gy-need-form__field--field' label='服务领域' mark='required' error={errors.field}>
          <OptionPicker title='选择服务领域' options={needFields} value={values.field} placeholder='请选择服务领域' onConfirm={(picked) => setField('field', picked)}>
            <FormSelect className='gy-need-form__field' value={values.field} placeholder='请选择服务领域' />
          </OptionPicker>
        </FormField>
        <FormField className='gy-need-form__field--beneficiaries' label='服务对象' mark='required' error={errors.beneficiaries} hint='写群体，不写个人'>
          <Input className='gy-need-form__beneficiaries' name='beneficiaries' placeholder='如：社区独居和高龄老人' maxLength={50} value={values.beneficiaries} onChange={(v) => setField('beneficiaries', v)} />
        </FormField>
        <FormField className='gy-need-form__field--count' label='受益人数' mark='required' error={errors.beneficiaryCount}>
          <Input className='gy-need-form__count' name='beneficiaryCount' type='number' placeholder='如：46' maxLength={6} value={values.beneficiaryCount} onChange={(v) => setField('beneficiaryCount', v)} />
        </FormField>
        <FormField className='gy-need-form__field--content' label='需要什么' mark='required' error={errors.content}>
          <TextArea className='gy-need-form__content' placeholder='需要什么服务、多久一次、现在的困难' maxLength={500} value={values.content} onChange={(v) => setField('content', v)} />
        </FormField>
      </View>
      {errors._form ? <Text className='gy-np__error'>{errors._form}</Text> : null}
      <Button className='gy-need-form__submit' type='primary' block disabled={saving} onClick={() => void submit(state.org)}>
        {saving ? '发布中…' : '发布需求'}
      </Button>
    </View>
  )
}
