import { useCallback, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import { aidRuleKinds, aidRuleLabels, familyStatusLabels, familyStatuses, type AidRuleKind, type FamilyStatus } from '../../../../cloudfunctions/core/aid/aid.constants'
import type { AidProgramView } from '../../../../cloudfunctions/core/aid/aid.schema'
import type { OrgView } from '../../../../cloudfunctions/core/org/org.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { FormField } from '../../../components/form-field'
import { PageError, PageLoading } from '../../../components/page-state'
import { createAidProgram, listAidPrograms } from '../../../services/aid'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import { getOrg } from '../../../services/org'
import { formatDate } from '../../../utils/time'
import { messageOf, toastSuccess } from '../../../utils/toast'
import './index.scss'

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; org: OrgView; programs: AidProgramView[] }
  | { kind: 'denied'; reason: AccessDeniedReason }
  | { kind: 'error'; message: string }

const windowLabels: Record<AidProgramView['window'], string> = { open: '受理中', upcoming: '未开始', closed: '已截止' }

/** 救助项目 (`?orgId=`): the organization's programmes, each with its queue, access log and export; admins open new ones. */
export default function OrgAidProgramsPage() {
  const orgId = useRouter().params.orgId ?? ''
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [editing, setEditing] = useState(false)

  const load = useCallback(async () => {
    try {
      const org = await getOrg(orgId)
      if (!org.myRole) {
        setState({ kind: 'denied', reason: 'forbidden' })
        return
      }
      setState({ kind: 'ready', org, programs: await listAidPrograms(orgId) })
    } catch (error) {
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      setState(reason ? { kind: 'denied', reason } : { kind: 'error', message: messageOf(error) })
    }
  }, [orgId])

  useDidShow(() => {
    void load()
  })

  if (state.kind === 'loading') return <View className='gy-page gy-aid-programs-admin'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-aid-programs-admin'><PageError title='救助项目加载失败' message={state.message} onRetry={() => { setState({ kind: 'loading' }); void load() }} /></View>
  if (state.kind === 'denied') return <View className='gy-page gy-aid-programs-admin'><View className='gy-aid-programs-admin__card'><AccessDenied reason={state.reason} description='救助项目仅对本组织的成员开放。' /></View></View>

  const isAdmin = state.org.myRole === 'admin'
  const go = (url: string) => () => void Taro.navigateTo({ url })

  return (
    <View className='gy-page gy-aid-programs-admin'>
      <View className='gy-aid-programs-admin__intro'>
        <Text className='gy-aid-programs-admin__title'>救助项目</Text>
        <Text className='gy-aid-programs-admin__lead'>审核申请时可查看申请人的敏感信息，每次查看都会记入查阅记录，由项目管理员核查。</Text>
      </View>

      {isAdmin && state.org.status === 'verified' ? (
        editing ? (
          <ProgramEditor orgId={orgId} onCancel={() => setEditing(false)} onCreated={() => { setEditing(false); void load() }} />
        ) : (
          <Button className='gy-aid-programs-admin__new' type='primary' block onClick={() => setEditing(true)}>
            新建救助项目
          </Button>
        )
      ) : null}

      {state.programs.length === 0 ? (
        <View className='gy-aid-programs-admin__card'>
          <EmptyState illustration='coming-soon' title='还没有救助项目' description={isAdmin ? '点击上方按钮开设第一个救助项目。' : '组织管理员开设救助项目后会显示在这里。'} />
        </View>
      ) : null}

      {state.programs.map((program) => {
        const id = encodeURIComponent(program.programId)
        return (
          <View key={program.programId} className='gy-aid-programs-admin__card gy-aid-programs-admin__program'>
            <Text className='gy-aid-programs-admin__name'>
              {program.year}年{program.name} · {windowLabels[program.window]}
            </Text>
            <Text className='gy-aid-programs-admin__meta'>
              {formatDate(program.opensAt)} 至 {formatDate(program.closesAt)} · {program.tiers.map((t) => `${t.label} ¥${t.amountYuan}`).join('，')} · 材料保留{program.retentionDays}天
            </Text>
            <View className='gy-aid-programs-admin__actions'>
              <Button className='gy-aid-programs-admin__queue' type='primary' size='small' onClick={go(`/packages/org/aid-review/index?programId=${id}&orgId=${encodeURIComponent(orgId)}`)}>
                审核队列
              </Button>
              {isAdmin ? (
                <Button className='gy-aid-programs-admin__log' size='small' fill='outline' onClick={go(`/packages/org/aid-access-log/index?programId=${id}`)}>
                  查阅记录
                </Button>
              ) : null}
            </View>
          </View>
        )
      })}
    </View>
  )
}

interface TierDraft {
  label: string
  amount: string
  familyStatuses: FamilyStatus[]
}

const toOffsetIso = (date: string, endOfDay: boolean) => `${date}T${endOfDay ? '23:59:59' : '00:00:00'}+08:00`

/** 新建救助项目: name, year, window, tiers with their family situations, and which rules apply. */
function ProgramEditor({ orgId, onCancel, onCreated }: { orgId: string; onCancel: () => void; onCreated: () => void }) {
  const year = new Date().getFullYear()
  const [name, setName] = useState('')
  const [programYear, setProgramYear] = useState(String(year))
  const [opens, setOpens] = useState('')
  const [closes, setCloses] = useState('')
  const [description, setDescription] = useState('')
  const [retention, setRetention] = useState('180')
  const [tiers, setTiers] = useState<TierDraft[]>([{ label: '', amount: '', familyStatuses: [] }])
  const [rules, setRules] = useState<AidRuleKind[]>([...aidRuleKinds])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)

  const updateTier = (index: number, patch: Partial<TierDraft>) => setTiers((current) => current.map((t, i) => (i === index ? { ...t, ...patch } : t)))
  const dateOk = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value)

  const save = async () => {
    const problems: Record<string, string> = {}
    if (name.trim().length < 4) problems.name = '项目名称为4–40个字'
    if (!dateOk(opens)) problems.opensAt = '请按 2026-07-01 的格式填写开始日期'
    if (!dateOk(closes)) problems.closesAt = '请按 2026-09-30 的格式填写截止日期'
    tiers.forEach((t, i) => {
      if (t.label.trim().length < 2 || !/^\d+$/.test(t.amount)) problems[`tiers.${i}`] = '请填写档次名称和整数金额'
    })
    setErrors(problems)
    if (Object.keys(problems).length) return
    setSaving(true)
    try {
      await createAidProgram(
        {
          orgId,
          name: name.trim(),
          year: Number(programYear),
          opensAt: toOffsetIso(opens, false),
          closesAt: toOffsetIso(closes, true),
          tiers: tiers.map((t, i) => ({ code: `tier${i + 1}`, label: t.label.trim(), amountYuan: Number(t.amount), familyStatuses: t.familyStatuses })),
          rules: rules.map((kind) => ({ kind })),
          description: description.trim(),
          retentionDays: Number(retention),
        },
        { idempotencyKey: createIdempotencyKey() },
      )
      toastSuccess('已开设')
      onCreated()
    } catch (error) {
      if (isCloudError(error) && error.fields.length) {
        const next: Record<string, string> = {}
        for (const f of error.fields) next[f.path.startsWith('tiers.') ? f.path.split('.').slice(0, 2).join('.') : f.path] ??= f.message
        setErrors(next)
      } else setErrors({ _form: messageOf(error) })
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='gy-aid-programs-admin__card gy-aid-editor'>
      <Text className='gy-aid-programs-admin__name'>新建救助项目</Text>
      <FormField className='gy-aid-editor__field--name' label='项目名称' mark='required' error={errors.name}>
        <Input className='gy-aid-editor__name' placeholder='如：困难大学新生慈善助学' maxLength={40} value={name} onChange={setName} />
      </FormField>
      <FormField className='gy-aid-editor__field--year' label='年度' mark='required' error={errors.year}>
        <Input className='gy-aid-editor__year' type='number' maxLength={4} value={programYear} onChange={setProgramYear} />
      </FormField>
      <FormField className='gy-aid-editor__field--opens' label='开始受理日期' mark='required' error={errors.opensAt} hint='北京时间，当天0点起'>
        <Input className='gy-aid-editor__opens' placeholder={`${year}-07-01`} maxLength={10} value={opens} onChange={setOpens} />
      </FormField>
      <FormField className='gy-aid-editor__field--closes' label='截止日期' mark='required' error={errors.closesAt} hint='北京时间，当天24点止'>
        <Input className='gy-aid-editor__closes' placeholder={`${year}-09-30`} maxLength={10} value={closes} onChange={setCloses} />
      </FormField>
      <Text className='gy-aid-editor__section'>资助档次</Text>
      {tiers.map((tier, index) => (
        <View key={index} className='gy-aid-editor__tier'>
          <FormField label={`档次 ${index + 1}`} mark='required' error={errors[`tiers.${index}`]}>
            <Input className='gy-aid-editor__tier-label' placeholder='如：低保家庭' maxLength={30} value={tier.label} onChange={(v) => updateTier(index, { label: v })} />
            <Input className='gy-aid-editor__tier-amount' type='number' placeholder='金额（元）' maxLength={6} value={tier.amount} onChange={(v) => updateTier(index, { amount: v })} />
          </FormField>
          <Text className='gy-aid-editor__hint'>适用的家庭情况（不选则不限）：</Text>
          <View className='gy-aid-editor__chips'>
            {familyStatuses.filter((s) => s !== 'none').map((status) => {
              const on = tier.familyStatuses.includes(status)
              return (
                <Text
                  key={status}
                  className={`gy-aid-editor__chip${on ? ' gy-aid-editor__chip--on' : ''}`}
                  onClick={() => updateTier(index, { familyStatuses: on ? tier.familyStatuses.filter((s) => s !== status) : [...tier.familyStatuses, status] })}
                >
                  {familyStatusLabels[status]}
                </Text>
              )
            })}
          </View>
          {tiers.length > 1 ? (
            <Text className='gy-aid-editor__remove' onClick={() => setTiers((current) => current.filter((_, i) => i !== index))}>
              删除此档次
            </Text>
          ) : null}
        </View>
      ))}
      {tiers.length < 6 ? (
        <Button className='gy-aid-editor__add-tier' size='small' fill='outline' onClick={() => setTiers((current) => [...current, { label: '', amount: '', familyStatuses: [] }])}>
          增加档次
        </Button>
      ) : null}
      <Text className='gy-aid-editor__section'>申请条件</Text>
      <View className='gy-aid-editor__chips'>
        {aidRuleKinds.map((kind) => {
          const on = rules.includes(kind)
          return (
            <Text key={kind} className={`gy-aid-editor__chip${on ? ' gy-aid-editor__chip--on' : ''}`} onClick={() => setRules((current) => (on ? current.filter((k) => k !== kind) : [...current, kind]))}>
              {aidRuleLabels[kind]}
            </Text>
          )
        })}
      </View>
      <FormField className='gy-aid-editor__field--description' label='项目说明' mark='optional'>
        <TextArea className='gy-aid-editor__description' placeholder='资助对象、所需材料等' maxLength={1000} value={description} onChange={setDescription} />
      </FormField>
      <FormField className='gy-aid-editor__field--retention' label='材料保留天数' mark='required' error={errors.retentionDays} hint='未通过或撤回的申请，在最终决定后保留这么多天，到期删除证明材料和身份证号'>
        <Input className='gy-aid-editor__retention' type='number' maxLength={4} value={retention} onChange={setRetention} />
      </FormField>
      {errors._form ? <Text className='gy-aid-editor__error'>{errors._form}</Text> : null}
      <Button className='gy-aid-editor__save' type='primary' block disabled={saving} onClick={() => void save()}>
        {saving ? '保存中…' : '开设项目'}
      </Button>
      <Button className='gy-aid-editor__cancel' block disabled={saving} onClick={onCancel}>
        取消
      </Button>
    </View>
  )
}
