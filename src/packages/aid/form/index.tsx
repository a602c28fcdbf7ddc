import { useCallback, useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, Picker, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import { aidFormProblems, maskForReview, type AidFormField, type AidFormValues } from '../../../../cloudfunctions/core/aid/aid-form.rules'
import { AID_CONSENT_TEXT, AID_CONSENT_VERSION, familyStatusLabels, familyStatuses, hukouOptions, type FamilyStatus } from '../../../../cloudfunctions/core/aid/aid.constants'
import type { AidProgramView } from '../../../../cloudfunctions/core/aid/aid.schema'
import { FormField, FormSelect, pickerPopupProps } from '../../../components/form-field'
import { confirmedValue, pickerRows } from '../../../components/option-picker/rows'
import { PageError, PageLoading } from '../../../components/page-state'
import { ResultCard } from '../../../components/result-card'
import { useCurrentUser } from '../../../hooks/use-current-user'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { applyForAid, listAidPrograms } from '../../../services/aid'
import { isCloudError } from '../../../services/cloud'
import { toastError } from '../../../utils/toast'
import { AttachmentPicker } from '../components/attachment-picker'
import './index.scss'
import { checkboxRole } from '../../../utils/a11y'
import { askSubscription } from '../../../utils/subscribe'

type Step = 'consent' | 'fill' | 'review' | 'done'
type Errors = Partial<Record<AidFormField | '_form', string>>

const FIELD_OF_PATH: Record<string, AidFormField> = {
  tier: 'tier',
  'applicant.name': 'name',
  'applicant.idCardNo': 'idCardNo',
  'applicant.phone': 'phone',
  'applicant.hukouTownship': 'hukouTownship',
  'applicant.university': 'university',
  'applicant.admissionYear': 'admissionYear',
  'applicant.inPairedSponsorship': 'inPairedSponsorship',
  'applicant.familyStatus': 'familyStatus',
  statement: 'statement',
  attachmentFileIds: 'attachments',
}

const familyRows = familyStatuses.map((status) => ({ label: familyStatusLabels[status], value: status }))

/** 确认 on a real option applies it; on the 请选择 row nothing is chosen. */
const onPicked = (selected: readonly (string | number | null | undefined)[], apply: (picked: string) => void) => {
  const picked = confirmedValue(selected)
  if (picked !== null) apply(picked)
}

/** 填写申请: separate consent first, then the form with uploads, then a review page before submitting. */
export default function AidFormPage() {
  const programId = useRouter().params.programId ?? ''
  const currentUser = useCurrentUser()
  const [program, setProgram] = useState<AidProgramView | null | 'error' | 'missing'>(null)
  const [step, setStep] = useState<Step>('consent')
  const [consented, setConsented] = useState(false)
  const [values, setValues] = useState<Omit<AidFormValues, 'attachments'>>({
    tier: '',
    name: '',
    idCardNo: '',
    phone: '',
    hukouTownship: '',
    university: '',
    admissionYear: String(new Date().getFullYear()),
    inPairedSponsorship: null,
    familyStatus: '',
    statement: '',
  })
  const [fileIds, setFileIds] = useState<string[]>([])
  const [errors, setErrors] = useState<Errors>({})
  const [picker, setPicker] = useState<'tier' | 'hukou' | 'family' | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const [submittedStatus, setSubmittedStatus] = useState('')
  const idempotency = useIdempotencyKey()

  const load = useCallback(async () => {
    try {
      const found = (await listAidPrograms()).find((p) => p.programId === programId)
      setProgram(found ?? 'missing')
    } catch {
      setProgram('error')
    }
  }, [programId])

  useEffect(() => {
    void load()
    void currentUser.refresh()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [load])

  const set = <K extends keyof typeof values>(field: K, value: (typeof values)[K]) => {
    setValues((current) => ({ ...current, [field]: value }))
    setErrors((current) => ({ ...current, [field]: undefined, _form: undefined }))
  }

  if (program === null) return <View className='gy-page gy-aid-form'><PageLoading skeletons={['volunteer-form']} /></View>
  if (program === 'error' || program === 'missing') {
    return (
      <View className='gy-page gy-aid-form'>
        <PageError title={program === 'missing' ? '救助项目不存在' : '救助项目加载失败'} message={program === 'missing' ? '请从救助申请页重新进入。' : null} onRetry={() => { setProgram(null); void load() }} />
      </View>
    )
  }

  const tier = program.tiers.find((t) => t.code === values.tier)
  const tierRows = program.tiers.map((t) => ({ label: `${t.label}（¥${t.amountYuan.toLocaleString('en-US')}）`, value: t.code }))

  const goReview = () => {
    const problems = aidFormProblems({ ...values, attachments: fileIds.length })
    setErrors(problems)
    if (Object.keys(problems).length > 0) {
      void Taro.showToast({ title: '请检查标红的内容', icon: 'none' })
      return
    }
    setStep('review')
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
  }

  const submit = async () => {
    if (submitting) return
    void askSubscription('aidApply') // on the tap itself; never awaited
    const input = {
      programId: program.programId,
      tier: values.tier,
      applicant: {
        name: values.name.trim(),
        idCardNo: values.idCardNo.trim(),
        phone: values.phone.trim(),
        hukouTownship: values.hukouTownship as (typeof hukouOptions)[number],
        university: values.university.trim(),
        admissionYear: Number(values.admissionYear.trim()),
        inPairedSponsorship: values.inPairedSponsorship === true,
        familyStatus: values.familyStatus as FamilyStatus,
      },
      statement: values.statement.trim(),
      attachmentFileIds: fileIds,
      consent: { sensitiveInfo: true, version: AID_CONSENT_VERSION } as const,
    }
    setSubmitting(true)
    try {
      const application = await applyForAid(input, { idempotencyKey: idempotency.keyFor(input) })
      idempotency.forget()
      setSubmittedStatus(application.applicant.idCardNo)
      setStep('done')
    } catch (error) {
      idempotency.forgetUnlessLost(error)
      if (isCloudError(error) && error.fields.length) {
        const next: Errors = {}
        for (const { path, message } of error.fields) next[FIELD_OF_PATH[path] ?? FIELD_OF_PATH[path.split('.').slice(0, 2).join('.')] ?? '_form'] ??= message
        setErrors(next)
        setStep('fill')
      } else if (isCloudError(error) && ['NOT_ELIGIBLE', 'ALREADY_EXISTS', 'OUTSIDE_WINDOW'].includes(error.code)) {
        setErrors({ _form: error.message })
      } else {
        toastError(error)
      }
    } finally {
      setSubmitting(false)
    }
  }

  if (step === 'done') {
    return (
      <View className='gy-page gy-aid-form'>
        <ResultCard
          className='gy-aid-form__result'
          title='申请已提交'
          name={`${program.year}年${program.name}`}
          tags={[{ text: '待审核', tone: 'pending' }]}
          text={`身份证号 ${submittedStatus} 已加密保存。${program.orgName}将尽快审核，进度和审核意见可在「我的申请」中查看。`}
        >
          <Button className='gy-aid-form__to-mine' type='primary' block size='large' onClick={() => void Taro.redirectTo({ url: '/packages/aid/mine/index' })}>
            查看我的申请
          </Button>
        </ResultCard>
      </View>
    )
  }

  if (step === 'consent') {
    return (
      <View className='gy-page gy-aid-form'>
        <View className='gy-aid-form__card'>
          <Text className='gy-aid-form__title'>敏感个人信息处理单独同意</Text>
          <Text className='gy-aid-form__consent-text'>{AID_CONSENT_TEXT}</Text>
          <Text className='gy-aid-form__consent-version'>同意书版本 {AID_CONSENT_VERSION}</Text>
          <View className='gy-aid-form__consent-check'>
            <View
              className={`gy-aid-form__consent-box${consented ? ' gy-aid-form__consent-box--checked' : ''}`}
              {...checkboxRole(consented, '我已阅读并单独同意处理上述敏感个人信息')}
              onClick={() => setConsented(!consented)}
            >
              <Text className='gy-aid-form__consent-tick' aria-hidden='true'>{consented ? '✓' : ''}</Text>
            </View>
            <Text className='gy-aid-form__consent-label' onClick={() => setConsented(!consented)}>
              我已阅读并单独同意处理上述敏感个人信息
            </Text>
          </View>
          <Button className='gy-aid-form__next' type='primary' block size='large' disabled={!consented} onClick={() => setStep('fill')}>
            同意并继续
          </Button>
        </View>
      </View>
    )
  }

  if (step === 'review') {
    const rows: [string, string][] = [
      ['资助档次', tier ? `${tier.label}（¥${tier.amountYuan.toLocaleString('en-US')}）` : ''],
      ['姓名', values.name.trim()],
      ['身份证号', maskForReview(values.idCardNo)],
      ['手机号', values.phone.trim()],
      ['户籍', values.hukouTownship],
      ['录取院校', values.university.trim()],
      ['录取年份', values.admissionYear.trim()],
      ['结对助学', values.inPairedSponsorship ? '已在结对助学中' : '未在结对助学中'],
      ['家庭情况', values.familyStatus ? familyStatusLabels[values.familyStatus] : ''],
      ['证明材料', `${fileIds.length} 个附件`],
    ]
    return (
      <View className='gy-page gy-aid-form'>
        <View className='gy-aid-form__card'>
          <Text className='gy-aid-form__title'>核对申请信息</Text>
          <Text className='gy-aid-form__lead'>提交后审核期间不能修改；如审核人员要求补充材料，可在「我的申请」中补充。</Text>
          {rows.map(([label, value]) => (
            <View key={label} className='gy-aid-form__review-row'>
              <Text className='gy-aid-form__review-label'>{label}</Text>
              <Text className='gy-aid-form__review-value'>{value}</Text>
            </View>
          ))}
          <Text className='gy-aid-form__review-label'>申请说明</Text>
          <Text className='gy-aid-form__review-statement'>{values.statement.trim()}</Text>
          {errors._form ? <Text className='gy-aid-form__form-error'>{errors._form}</Text> : null}
          <Button className='gy-aid-form__submit' type='primary' block size='large' disabled={submitting} onClick={() => void submit()}>
            {submitting ? '提交中…' : '确认提交'}
          </Button>
          <Button className='gy-aid-form__back' block size='large' disabled={submitting} onClick={() => setStep('fill')}>
            返回修改
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className='gy-page gy-aid-form'>
      <View className='gy-aid-form__card'>
        <Text className='gy-aid-form__title'>
          {program.year}年{program.name}
        </Text>
        {errors._form ? <Text className='gy-aid-form__form-error'>{errors._form}</Text> : null}

        <FormField className='gy-aid-form__field--tier' label='资助档次' mark='required' error={errors.tier}>
          <FormSelect className='gy-aid-form__tier' value={tier ? `${tier.label}（¥${tier.amountYuan.toLocaleString('en-US')}）` : ''} placeholder='请选择资助档次' onClick={() => setPicker('tier')} />
        </FormField>
        <FormField className='gy-aid-form__field--name' label='学生姓名' mark='required' error={errors.name}>
          <Input className='gy-aid-form__name' placeholder='与身份证一致' maxLength={20} value={values.name} onChange={(v) => set('name', v)} />
        </FormField>
        <FormField className='gy-aid-form__field--id' label='身份证号' mark='required' error={errors.idCardNo} hint={errors.idCardNo ? undefined : '加密保存，任何页面只显示为 330327********1234'}>
          <Input className='gy-aid-form__id' placeholder='18位身份证号' maxLength={22} value={values.idCardNo} onChange={(v) => set('idCardNo', v)} />
        </FormField>
        <FormField className='gy-aid-form__field--phone' label='手机号' mark='required' error={errors.phone}>
          <Input className='gy-aid-form__phone' type='tel' placeholder='学生或家长手机号' maxLength={11} value={values.phone} onChange={(v) => set('phone', v)} />
        </FormField>
        <FormField className='gy-aid-form__field--hukou' label='户籍所在乡镇' mark='required' error={errors.hukouTownship}>
          <FormSelect className='gy-aid-form__hukou' value={values.hukouTownship} placeholder='请选择（非苍南户籍选“县外”）' onClick={() => setPicker('hukou')} />
        </FormField>
        <FormField className='gy-aid-form__field--university' label='录取院校' mark='required' error={errors.university}>
          <Input className='gy-aid-form__university' placeholder='如：浙江工业大学' maxLength={40} value={values.university} onChange={(v) => set('university', v)} />
        </FormField>
        <FormField className='gy-aid-form__field--year' label='录取年份' mark='required' error={errors.admissionYear}>
          <Input className='gy-aid-form__year' type='number' maxLength={4} value={values.admissionYear} onChange={(v) => set('admissionYear', v)} />
        </FormField>
        <FormField className='gy-aid-form__field--paired' label='是否已在结对助学中' mark='required' error={errors.inPairedSponsorship}>
          <View className='gy-aid-form__choices'>
            {[
              { value: false, text: '否' },
              { value: true, text: '是' },
            ].map((choice) => (
              <Text
                key={choice.text}
                className={`gy-aid-form__choice gy-aid-form__choice--${choice.value ? 'yes' : 'no'}${values.inPairedSponsorship === choice.value ? ' gy-aid-form__choice--active' : ''}`}
                onClick={() => set('inPairedSponsorship', choice.value)}
              >
                {choice.text}
              </Text>
            ))}
          </View>
        </FormField>
        <FormField className='gy-aid-form__field--family' label='家庭情况' mark='required' error={errors.familyStatus}>
          <FormSelect className='gy-aid-form__family' value={values.familyStatus ? familyStatusLabels[values.familyStatus] : ''} placeholder='如：低保家庭、孤儿' onClick={() => setPicker('family')} />
        </FormField>
        <FormField className='gy-aid-form__field--statement' label='申请说明' mark='required' error={errors.statement}>
          <TextArea className='gy-aid-form__statement' placeholder='家庭经济情况和申请理由，10–1000个字' maxLength={1000} showCount autoSize value={values.statement} onChange={(v) => set('statement', v)} />
        </FormField>
        <FormField className='gy-aid-form__field--attachments' label='证明材料' mark='required'>
          <AttachmentPicker programId={program.programId} openid={currentUser.user?.openid ?? null} fileIds={fileIds} onChange={(ids) => { setFileIds(ids); setErrors((c) => ({ ...c, attachments: undefined })) }} error={errors.attachments} />
        </FormField>
        <Button className='gy-aid-form__next' type='primary' block size='large' onClick={goReview}>
          下一步：核对信息
        </Button>
        {currentUser.status === 'signedOut' ? <Text className='gy-aid-form__form-error'>请先在「我的」页登录（选择一个演示身份）后再申请。</Text> : null}
      </View>

      <Picker title='选择资助档次' visible={picker === 'tier'} options={[pickerRows(tierRows, values.tier, '请选择资助档次')]} popupProps={pickerPopupProps} value={[values.tier]} onConfirm={(_o, selected) => onPicked(selected, (picked) => set('tier', picked))} onClose={() => setPicker(null)} />
      <Picker title='选择户籍所在乡镇' visible={picker === 'hukou'} options={[pickerRows(hukouOptions, values.hukouTownship, '请选择户籍所在乡镇')]} popupProps={pickerPopupProps} value={[values.hukouTownship]} onConfirm={(_o, selected) => onPicked(selected, (picked) => set('hukouTownship', picked))} onClose={() => setPicker(null)} />
      <Picker title='选择家庭情况' visible={picker === 'family'} options={[pickerRows(familyRows, values.familyStatus, '请选择家庭情况')]} popupProps={pickerPopupProps} value={[values.familyStatus]} onConfirm={(_o, selected) => onPicked(selected, (picked) => set('familyStatus', picked as FamilyStatus))} onClose={() => setPicker(null)} />
    </View>
  )
}
