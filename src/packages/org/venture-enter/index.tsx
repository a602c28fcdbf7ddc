import { useCallback, useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import { modalColors } from '../../../constants/theme'
import { FormField, FormSelect } from '../../../components/form-field'
import { OptionPicker } from '../../../components/option-picker'
import { PageError, PageLoading } from '../../../components/page-state'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../services/cloud'
import { CONTESTS_CHANGED_EVENT, enterContest, getContest, yuan, type ContestView, type VentureField } from '../../../services/venture-contest'
import { pressable } from '../../../utils/a11y'
import { formatDate } from '../../../utils/time'
import { messageOf, toastSuccess } from '../../../utils/toast'
import '../../../styles/venture.scss'

interface Line {
  item: string
  yuan: string
}
interface Member {
  name: string
  role: string
}

const isWhole = (v: string) => /^\d+$/.test(v.trim())

/** A server message's field: `budgetLines.2.yuan` → `budgetLines.2`, so it shows beside its row. */
const fieldOf = (path: string) => (/^(budgetLines|team)\.\d+/.exec(path)?.[0] ?? path)

/** 报名参赛 (`?orgId=&contestId=`): the entry form; the server's messages show beside the field they name. */
export default function VentureEnterPage() {
  const { orgId = '', contestId = '' } = useRouter().params
  const [contest, setContest] = useState<{ kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; contest: ContestView }>({ kind: 'loading' })
  const [title, setTitle] = useState('')
  const [field, setField] = useState('')
  const [summary, setSummary] = useState('')
  const [requested, setRequested] = useState('')
  const [lines, setLines] = useState<Line[]>([{ item: '', yuan: '' }])
  const [team, setTeam] = useState<Member[]>([{ name: '', role: '' }])
  const [months, setMonths] = useState('12')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const keys = useIdempotencyKey()

  const load = useCallback(async () => {
    try {
      setContest({ kind: 'ready', contest: await getContest(contestId) })
    } catch (error) {
      setContest({ kind: 'error', message: messageOf(error) })
    }
  }, [contestId])
  useEffect(() => {
    void load()
  }, [load])

  if (contest.kind === 'loading') return <View className='gy-page gy-vc'><PageLoading skeletons={['volunteer-form']} /></View>
  if (contest.kind === 'error') return <View className='gy-page gy-vc'><PageError title='大赛加载失败' message={contest.message} onRetry={() => { setContest({ kind: 'loading' }); void load() }} /></View>
  const c = contest.contest

  const lineSum = lines.reduce((sum, l) => sum + (isWhole(l.yuan) ? Number(l.yuan) : 0), 0)
  const requestedYuan = isWhole(requested) ? Number(requested) : null
  const clear = (key: string) => setErrors((current) => (current[key] || current._form ? { ...current, [key]: '', _form: '' } : current))

  const check = () => {
    const problems: Record<string, string> = {}
    if (title.trim().length < 4) problems.title = '项目名称为4–40个字'
    if (!field) problems.field = '请选择项目领域'
    if (summary.trim().length < 20) problems.summary = '项目简介为20–2000个字'
    if (requestedYuan === null) problems.requestedYuan = '请填写整数金额（元）'
    else if (requestedYuan < c.minYuan || requestedYuan > c.maxYuan) problems.requestedYuan = `申请金额须在${c.minYuan}–${c.maxYuan}元之间`
    lines.forEach((l, i) => {
      if (l.item.trim().length < 2 || !isWhole(l.yuan) || Number(l.yuan) < 1) problems[`budgetLines.${i}`] = '请填写科目（2–30字）和整数金额'
    })
    if (requestedYuan !== null && lineSum !== requestedYuan) problems.budgetLines = `预算明细合计${lineSum}元，须等于申请金额`
    team.forEach((m, i) => {
      if (m.name.trim().length < 2 || m.role.trim().length < 2) problems[`team.${i}`] = '请填写姓名和分工（各至少2个字）'
    })
    if (!isWhole(months) || Number(months) < 1 || Number(months) > 24) problems.durationMonths = '执行周期为1–24个月'
    return problems
  }

  const submit = async () => {
    const problems = check()
    setErrors(problems)
    if (Object.keys(problems).length) return
    const { confirm } = await Taro.showModal({
      title: '确认提交报名',
      content: `“${title.trim()}”申请${yuan(Number(requested))}，提交后不能修改。`,
      confirmText: '提交',
      ...modalColors(),
    })
    if (!confirm) return
    const input = {
      contestId,
      orgId,
      title: title.trim(),
      field: field as VentureField,
      summary: summary.trim(),
      requestedYuan: Number(requested),
      budgetLines: lines.map((l) => ({ item: l.item.trim(), yuan: Number(l.yuan) })),
      team: team.map((m) => ({ name: m.name.trim(), role: m.role.trim() })),
      durationMonths: Number(months),
    }
    setSaving(true)
    try {
      await enterContest(input, { idempotencyKey: keys.keyFor(input) })
      keys.forget()
      Taro.eventCenter.trigger(CONTESTS_CHANGED_EVENT)
      toastSuccess('报名已提交')
      setTimeout(() => void Taro.navigateBack(), 800)
    } catch (error) {
      keys.forgetUnlessLost(error)
      if (isCloudError(error) && error.fields.length) {
        const next: Record<string, string> = {}
        for (const f of error.fields) next[fieldOf(f.path)] ||= f.message
        setErrors(next)
      } else setErrors({ _form: messageOf(error) })
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='gy-page gy-vc'>
      <View className='gy-vc__intro'>
        <Text className='gy-vc__title'>报名参赛</Text>
        <Text className='gy-vc__lead'>
          {c.name} · {formatDate(c.closesAt)} 截止 · 申请金额 {yuan(c.minYuan)}–{yuan(c.maxYuan)}
        </Text>
      </View>
      <View className='gy-vc__card gy-vc-enter'>
        <FormField label='项目名称' mark='required' error={errors.title} hint='随评审结果公开，请勿填写个人信息'>
          <Input className='gy-vc-enter__title' placeholder='如：银龄互助·居家养老陪伴计划' maxLength={40} value={title} onChange={(v) => { setTitle(v); clear('title') }} />
        </FormField>
        <FormField label='项目领域' mark='required' error={errors.field}>
          <OptionPicker title='选择项目领域' options={c.fields} value={field} placeholder='请选择项目领域' onConfirm={(v) => { setField(v); clear('field') }}>
            <FormSelect className='gy-vc-enter__field' value={field} placeholder='请选择项目领域' />
          </OptionPicker>
        </FormField>
        <FormField label='项目简介' mark='required' error={errors.summary} hint='服务对象、需求、目标和实施计划，20–2000字'>
          <TextArea className='gy-vc-enter__summary' placeholder='项目要解决什么问题、为谁服务、怎么做' maxLength={2000} value={summary} onChange={(v) => { setSummary(v); clear('summary') }} />
        </FormField>
        <FormField label='申请金额（元）' mark='required' error={errors.requestedYuan} hint={`${yuan(c.minYuan)}–${yuan(c.maxYuan)}，须等于预算明细合计`}>
          <Input className='gy-vc-enter__requested' type='number' placeholder='如：30000' maxLength={9} value={requested} onChange={(v) => { setRequested(v); clear('requestedYuan'); clear('budgetLines') }} />
        </FormField>

        <Text className='gy-vc__section'>预算明细</Text>
        {lines.map((line, i) => (
          <FormField key={i} label={`科目 ${i + 1}`} mark='required' error={errors[`budgetLines.${i}`]}>
            <View className='gy-vc__line'>
              <Input className={`gy-vc__grow gy-vc-enter__line-item gy-vc-enter__line-item--${i}`} placeholder='如：志愿者培训' maxLength={30} value={line.item} onChange={(v) => { setLines((ls) => ls.map((l, j) => (j === i ? { ...l, item: v } : l))); clear(`budgetLines.${i}`) }} />
              <Input className={`gy-vc__grow gy-vc-enter__line-yuan gy-vc-enter__line-yuan--${i}`} type='number' placeholder='金额（元）' maxLength={9} value={line.yuan} onChange={(v) => { setLines((ls) => ls.map((l, j) => (j === i ? { ...l, yuan: v } : l))); clear(`budgetLines.${i}`); clear('budgetLines') }} />
              {lines.length > 1 ? (
                <Text className='gy-vc__danger' {...pressable({ label: `删除科目 ${i + 1}` })} onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}>
                  删除
                </Text>
              ) : null}
            </View>
          </FormField>
        ))}
        <Text className={`gy-vc__sum gy-vc-enter__sum${requestedYuan !== null ? (lineSum === requestedYuan ? ' gy-vc__sum--ok' : ' gy-vc__sum--bad') : ''}`}>
          合计 {yuan(lineSum)}
          {requestedYuan !== null && !errors.budgetLines ? (lineSum === requestedYuan ? '，与申请金额一致' : `，与申请金额相差 ${yuan(Math.abs(requestedYuan - lineSum))}`) : ''}
        </Text>
        {errors.budgetLines ? <Text className='gy-vc__error'>{errors.budgetLines}</Text> : null}
        {lines.length < 30 ? (
          <Button className='gy-vc-enter__add-line' size='small' fill='outline' onClick={() => setLines((ls) => [...ls, { item: '', yuan: '' }])}>
            增加科目
          </Button>
        ) : null}

        <Text className='gy-vc__section'>项目团队</Text>
        {team.map((member, i) => (
          <FormField key={i} label={`成员 ${i + 1}`} mark='required' error={errors[`team.${i}`]}>
            <View className='gy-vc__line'>
              <Input className={`gy-vc__grow gy-vc-enter__member-name gy-vc-enter__member-name--${i}`} placeholder='姓名' maxLength={20} value={member.name} onChange={(v) => { setTeam((ts) => ts.map((m, j) => (j === i ? { ...m, name: v } : m))); clear(`team.${i}`) }} />
              <Input className={`gy-vc__grow gy-vc-enter__member-role gy-vc-enter__member-role--${i}`} placeholder='分工，如：项目负责人' maxLength={30} value={member.role} onChange={(v) => { setTeam((ts) => ts.map((m, j) => (j === i ? { ...m, role: v } : m))); clear(`team.${i}`) }} />
              {team.length > 1 ? (
                <Text className='gy-vc__danger' {...pressable({ label: `删除成员 ${i + 1}` })} onClick={() => setTeam((ts) => ts.filter((_, j) => j !== i))}>
                  删除
                </Text>
              ) : null}
            </View>
          </FormField>
        ))}
        {errors.team ? <Text className='gy-vc__error'>{errors.team}</Text> : null}
        {team.length < 20 ? (
          <Button className='gy-vc-enter__add-member' size='small' fill='outline' onClick={() => setTeam((ts) => [...ts, { name: '', role: '' }])}>
            增加成员
          </Button>
        ) : null}

        <FormField label='执行周期（月）' mark='required' error={errors.durationMonths}>
          <Input className='gy-vc-enter__months' type='number' maxLength={2} value={months} onChange={(v) => { setMonths(v); clear('durationMonths') }} />
        </FormField>
        {errors._form ? <Text className='gy-vc__error gy-vc-enter__form-error'>{errors._form}</Text> : null}
        <Button className='gy-vc-enter__submit' type='primary' block disabled={saving} onClick={() => void submit()}>
          {saving ? '提交中…' : '提交报名'}
        </Button>
      </View>
    </View>
  )
}
