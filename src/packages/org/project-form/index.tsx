import { useCallback, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import { MAX_NEEDS_PER_PROJECT } from '../../../../cloudfunctions/core/needs/needs.constants'
import { budgetTotalYuan, teamSize } from '../../../../cloudfunctions/core/needs/needs.rules'
import type { NeedView } from '../../../../cloudfunctions/core/needs/needs.schema'
import type { OrgView } from '../../../../cloudfunctions/core/org/org.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { FormField } from '../../../components/form-field'
import { PageError, PageLoading } from '../../../components/page-state'
import { modalColors } from '../../../constants/theme'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../services/cloud'
import { getNeed, listNeeds, ORG_NEEDS_CHANGED_EVENT, proposeProject } from '../../../services/needs'
import { getOrg } from '../../../services/org'
import { pressable } from '../../../utils/a11y'
import { messageOf, toastSuccess } from '../../../utils/toast'
import '../../../styles/needs-pages.scss'
import './index.scss'

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; org: OrgView; needs: NeedView[] }
  | { kind: 'denied'; reason: AccessDeniedReason; description?: string }
  | { kind: 'error'; message: string }

interface BudgetDraft {
  item: string
  amount: string
}
interface TeamDraft {
  role: string
  count: string
}

/** A whole number typed in a box, or NaN (the server names the field). */
const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN)

/** Where a server message goes: `budgetLines.0.amountYuan` → beside budget line 1; `team.2.role` → beside team row 3; else its top field. */
const fieldKey = (path: string) => (/^(budgetLines|team)\.\d+/.test(path) ? path.split('.').slice(0, 2).join('.') : path.split('.')[0])

/** 设计项目 (`?orgId=&needId=`): a project of our organization against one or more open needs (项目清单). */
export default function ProjectFormPage() {
  const params = useRouter().params
  const orgId = params.orgId ?? ''
  const presetNeedId = params.needId ?? ''
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [needIds, setNeedIds] = useState<string[]>(presetNeedId ? [presetNeedId] : [])
  const [title, setTitle] = useState('')
  const [goals, setGoals] = useState('')
  const [plan, setPlan] = useState('')
  const [budget, setBudget] = useState<BudgetDraft[]>([{ item: '', amount: '' }])
  const [team, setTeam] = useState<TeamDraft[]>([{ role: '', count: '' }])
  const [months, setMonths] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const idempotency = useIdempotencyKey()

  const load = useCallback(async () => {
    try {
      const [org, open] = await Promise.all([getOrg(orgId), listNeeds({ open: true, limit: 50 })])
      if (!org.myRole) return setState({ kind: 'denied', reason: 'forbidden', description: '只有本组织的成员可以为组织设计项目。' })
      if (org.status !== 'verified') return setState({ kind: 'denied', reason: 'forbidden', description: '组织通过认证后才能设计项目。' })
      let needs = open.items
      if (presetNeedId && !needs.some((n) => n.needId === presetNeedId)) {
        const preset = await getNeed(presetNeedId).catch(() => null)
        if (preset?.need.status === 'open') needs = [preset.need, ...needs]
      }
      setState({ kind: 'ready', org, needs })
    } catch (error) {
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      setState(reason ? { kind: 'denied', reason } : { kind: 'error', message: messageOf(error) })
    }
  }, [orgId, presetNeedId])

  useDidShow(() => {
    if (state.kind !== 'ready') void load()
  })

  const clear = (key: string) => setErrors((current) => (current[key] || current._form ? { ...current, [key]: '', _form: '' } : current))
  const updateBudget = (index: number, patch: Partial<BudgetDraft>) => {
    setBudget((rows) => rows.map((row, i) => (i === index ? { ...row, ...patch } : row)))
    clear(`budgetLines.${index}`)
  }
  const updateTeam = (index: number, patch: Partial<TeamDraft>) => {
    setTeam((rows) => rows.map((row, i) => (i === index ? { ...row, ...patch } : row)))
    clear(`team.${index}`)
  }

  const budgetLines = budget.map((row) => ({ item: row.item.trim(), amountYuan: wholeNumber(row.amount) }))
  const teamRows = team.map((row) => ({ role: row.role.trim(), count: wholeNumber(row.count) }))
  const total = budgetTotalYuan(budgetLines.filter((line) => Number.isFinite(line.amountYuan)))
  const people = teamSize(teamRows.filter((row) => Number.isFinite(row.count)))

  const submit = async (org: OrgView) => {
    const problems: Record<string, string> = {}
    if (needIds.length === 0) problems.needIds = '请至少选择一条需求'
    if (title.trim().length < 4) problems.title = '项目名称为4–40个字'
    if (goals.trim().length < 10) problems.goals = '项目目标为10–500个字'
    if (plan.trim().length < 10) problems.plan = '实施计划为10–2000个字'
    budgetLines.forEach((line, i) => {
      if (line.item.length < 2 || !(line.amountYuan >= 1)) problems[`budgetLines.${i}`] = '请填写预算科目和整数金额（元）'
    })
    teamRows.forEach((row, i) => {
      if (row.role.length < 2 || !(row.count >= 1)) problems[`team.${i}`] = '请填写岗位和人数'
    })
    if (!(wholeNumber(months) >= 1 && wholeNumber(months) <= 36)) problems.durationMonths = '项目周期为1–36个月'
    setErrors(problems)
    if (Object.keys(problems).length) return
    const { confirm } = await Taro.showModal({
      title: '提交项目',
      content: `以${org.name}的名义提交“${title.trim()}”，回应 ${needIds.length} 条需求，预算合计 ¥${total}，团队 ${people} 人，周期 ${wholeNumber(months)} 个月。提交后将公开显示在需求详情中。`,
      confirmText: '提交',
      ...modalColors('brand'),
    })
    if (!confirm) return
    setSaving(true)
    const input = { orgId, needIds, title: title.trim(), goals: goals.trim(), plan: plan.trim(), budgetLines, team: teamRows, durationMonths: wholeNumber(months) }
    try {
      await proposeProject(input, { idempotencyKey: idempotency.keyFor(input) })
      idempotency.forget()
      Taro.eventCenter.trigger(ORG_NEEDS_CHANGED_EVENT)
      toastSuccess('项目已提交')
      setTimeout(() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: `/packages/org/needs-projects/index?orgId=${encodeURIComponent(orgId)}` })), 600)
    } catch (error) {
      idempotency.forgetUnlessLost(error)
      if (isCloudError(error) && error.fields.length) {
        const next: Record<string, string> = {}
        for (const f of error.fields) next[fieldKey(f.path)] ??= f.message
        setErrors(next)
      } else setErrors({ _form: messageOf(error) })
    } finally {
      setSaving(false)
    }
  }

  if (state.kind === 'loading') return <View className='gy-page gy-np'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-np'><PageError title='页面加载失败' message={state.message} onRetry={() => { setState({ kind: 'loading' }); void load() }} /></View>
  if (state.kind === 'denied') return <View className='gy-page gy-np'><View className='gy-np__card'><AccessDenied reason={state.reason} description={state.description} /></View></View>

  const { org, needs } = state
  return (
    <View className='gy-page gy-np gy-project-form'>
      <View className='gy-np__intro'>
        <Text className='gy-np__title'>设计项目</Text>
        <Text className='gy-np__lead'>{org.name}针对社区需求设计公益项目。项目内容公开显示，请勿填写电话、身份证号等个人信息。</Text>
      </View>

      <View className='gy-np__card'>
        <FormField className='gy-project-form__field--needs' label={`回应的需求（已选 ${needIds.length}，最多 ${MAX_NEEDS_PER_PROJECT}）`} mark='required' error={errors.needIds}>
          {needs.length === 0 ? <EmptyState illustration='coming-soon' title='暂无征集中的需求' description='需求清单中有征集中的需求时才能设计项目。' /> : null}
          {needs.map((need) => {
            const on = needIds.includes(need.needId)
            return (
              <View
                key={need.needId}
                className={`gy-np__pick gy-project-form__need${on ? ' gy-np__pick--on' : ''}`}
                {...pressable({ role: 'radio', selected: on, label: `${need.township}${need.community}，${need.field}，${need.beneficiaries}${need.beneficiaryCount}人` })}
                aria-roledescription='复选'
                onClick={() => {
                  setNeedIds((ids) => (on ? ids.filter((id) => id !== need.needId) : ids.length < MAX_NEEDS_PER_PROJECT ? [...ids, need.needId] : ids))
                  clear('needIds')
                }}
              >
                <Text className='gy-np__pick-mark' aria-hidden='true'>
                  {on ? '✓' : '○'}
                </Text>
                <View className='gy-np__pick-body'>
                  <Text>
                    {need.township} · {need.community} · {need.field}
                  </Text>
                  <Text className='gy-np__meta'>
                    {need.beneficiaries}（{need.beneficiaryCount} 人）：{need.content}
                  </Text>
                </View>
              </View>
            )
          })}
        </FormField>
      </View>

      <View className='gy-np__card'>
        <FormField className='gy-project-form__field--title' label='项目名称' mark='required' error={errors.title}>
          <Input className='gy-project-form__title' name='title' placeholder='如：银龄陪伴计划' maxLength={40} value={title} onChange={(v) => { setTitle(v); clear('title') }} />
        </FormField>
        <FormField className='gy-project-form__field--goals' label='项目目标' mark='required' error={errors.goals}>
          <TextArea className='gy-project-form__goals' placeholder='要解决什么问题、惠及多少人、达到什么效果' maxLength={500} value={goals} onChange={(v) => { setGoals(v); clear('goals') }} />
        </FormField>
        <FormField className='gy-project-form__field--plan' label='实施计划' mark='required' error={errors.plan}>
          <TextArea className='gy-project-form__plan' placeholder='分阶段做什么、多久做一次、怎么评估' maxLength={2000} value={plan} onChange={(v) => { setPlan(v); clear('plan') }} />
        </FormField>
        <FormField className='gy-project-form__field--months' label='项目周期（月）' mark='required' error={errors.durationMonths}>
          <Input className='gy-project-form__months' name='durationMonths' type='number' placeholder='1–36' maxLength={2} value={months} onChange={(v) => { setMonths(v); clear('durationMonths') }} />
        </FormField>
      </View>

      <View className='gy-np__card gy-project-form__budget'>
        <Text className='gy-np__name'>预算明细</Text>
        {budget.map((row, index) => (
          <FormField key={index} className='gy-project-form__budget-line' label={`预算 ${index + 1}`} mark='required' error={errors[`budgetLines.${index}`]}>
            <View className='gy-np__line'>
              <View className='gy-np__line-main'>
                <Input className='gy-project-form__budget-item' name={`budgetItem${index}`} placeholder='科目，如：志愿者培训' maxLength={30} value={row.item} onChange={(v) => updateBudget(index, { item: v })} />
              </View>
              <View className='gy-np__line-side'>
                <Input className='gy-project-form__budget-amount' name={`budgetAmount${index}`} type='number' placeholder='金额（元）' maxLength={8} value={row.amount} onChange={(v) => updateBudget(index, { amount: v })} />
              </View>
              {budget.length > 1 ? (
                <Text className='gy-np__remove' {...pressable({ label: `删除预算 ${index + 1}` })} onClick={() => { setBudget((rows) => rows.filter((_, i) => i !== index)); setErrors({}) }}>
                  删除
                </Text>
              ) : null}
            </View>
          </FormField>
        ))}
        {budget.length < 30 ? (
          <Text className='gy-np__link gy-project-form__add-budget' {...pressable()} onClick={() => setBudget((rows) => [...rows, { item: '', amount: '' }])}>
            + 增加一项预算
          </Text>
        ) : null}
        <Text className='gy-np__total gy-project-form__total' aria-live='polite'>
          预算合计：¥{total}
        </Text>
      </View>

      <View className='gy-np__card gy-project-form__team'>
        <Text className='gy-np__name'>团队构成</Text>
        {team.map((row, index) => (
          <FormField key={index} className='gy-project-form__team-row' label={`岗位 ${index + 1}`} mark='required' error={errors[`team.${index}`]}>
            <View className='gy-np__line'>
              <View className='gy-np__line-main'>
                <Input className='gy-project-form__team-role' name={`teamRole${index}`} placeholder='岗位，如：社工' maxLength={20} value={row.role} onChange={(v) => updateTeam(index, { role: v })} />
              </View>
              <View className='gy-np__line-side'>
                <Input className='gy-project-form__team-count' name={`teamCount${index}`} type='number' placeholder='人数' maxLength={3} value={row.count} onChange={(v) => updateTeam(index, { count: v })} />
              </View>
              {team.length > 1 ? (
                <Text className='gy-np__remove' {...pressable({ label: `删除岗位 ${index + 1}` })} onClick={() => { setTeam((rows) => rows.filter((_, i) => i !== index)); setErrors({}) }}>
                  删除
                </Text>
              ) : null}
            </View>
          </FormField>
        ))}
        {team.length < 20 ? (
          <Text className='gy-np__link gy-project-form__add-team' {...pressable()} onClick={() => setTeam((rows) => [...rows, { role: '', count: '' }])}>
            + 增加一个岗位
          </Text>
        ) : null}
        <Text className='gy-np__meta'>团队共 {people} 人</Text>
      </View>

      {errors._form ? <Text className='gy-np__error gy-project-form__error'>{errors._form}</Text> : null}
      <Button className='gy-project-form__submit' type='primary' block disabled={saving || needs.length === 0} onClick={() => void submit(org)}>
        {saving ? '提交中…' : '提交项目'}
      </Button>
    </View>
  )
}
