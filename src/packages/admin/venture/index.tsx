import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import { ventureFields } from '../../../../cloudfunctions/core/venture/venture.rules'
import { ContestCard } from '../../../components/contest-card'
import { EmptyState } from '../../../components/empty-state'
import { FormField } from '../../../components/form-field'
import { PageError, PageLoading } from '../../../components/page-state'
import { useCursorFeed } from '../../../hooks/use-cursor-feed'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../services/cloud'
import { CONTESTS_CHANGED_EVENT, createContest, listContests, yuan, type ContestView, type VentureField } from '../../../services/venture-contest'
import { checkboxRole, group, pressable } from '../../../utils/a11y'
import { formatDate } from '../../../utils/time'
import { messageOf, toastSuccess } from '../../../utils/toast'
import { ListFooter } from '../../../components/list-footer'
import '../../../styles/venture.scss'
import './index.scss'

/** 公益创投管理 (platform admin): the contests, each opening its management page, and 新建大赛. */
export default function AdminVenturePage() {
  const [creating, setCreating] = useState(false)
  const { items, nextCursor, status, errorMessage, loadingMore, moreFailed, load, loadMore, filter } = useCursorFeed({
    initialFilter: {},
    toQuery: () => ({}),
    fetchPage: (_q: object, cursor) => listContests({ ...(cursor ? { cursor } : {}), limit: 10 }),
    keyOf: (c: ContestView) => c.contestId,
    changedEvent: CONTESTS_CHANGED_EVENT,
  })

  return (
    <View className='gy-page gy-vc'>
      <View className='gy-vc__intro'>
        <Text className='gy-vc__title'>公益创投管理</Text>
        <Text className='gy-vc__lead'>开设大赛、聘任评审专家、逐轮结束评审并公布资助结果。</Text>
      </View>
      {creating ? (
        <ContestEditor onCancel={() => setCreating(false)} onCreated={() => { setCreating(false); void load(filter, 'refresh') }} />
      ) : (
        <Button className='gy-vc-admin__new' type='primary' block onClick={() => setCreating(true)}>
          新建大赛
        </Button>
      )}
      <View className='gy-vc-admin__gap' />
      {status === 'loading' ? <PageLoading skeletons={['review-card']} /> : null}
      {status === 'error' ? <PageError title='大赛加载失败' message={errorMessage} onRetry={() => void load(filter, 'reset')} /> : null}
      {status === 'ready' && items.length === 0 ? (
        <View className='gy-vc__card'>
          <EmptyState illustration='coming-soon' title='还没有大赛' description='点击上方“新建大赛”开设第一届公益创投大赛。' />
        </View>
      ) : null}
      {status === 'ready'
        ? items.map((contest) => (
            <ContestCard key={contest.contestId} contest={contest} className='gy-vc-admin__contest' onOpen={() => void Taro.navigateTo({ url: `/packages/admin/venture-contest/index?contestId=${encodeURIComponent(contest.contestId)}` })}>
              <Text className='gy-vc__meta'>
                报名 {formatDate(contest.opensAt)} 至 {formatDate(contest.closesAt)} · 预算 {yuan(contest.budgetYuan)} · {contest.rounds.map((r) => `${r.name}${r.status === 'open' ? '（评审中）' : r.status === 'closed' ? '（已结束）' : ''}`).join(' → ')}
              </Text>
            </ContestCard>
          ))
        : null}
      {status === 'ready' && items.length > 0 ? (
        <ListFooter loadingMore={loadingMore} failed={moreFailed} hasMore={!!nextCursor} onMore={() => void loadMore()} />
      ) : null}
    </View>
  )
}

interface RoundDraft {
  name: string
  mode: 'online' | 'roadshow'
  criteria: { name: string; weight: string }[]
  advance: string
}

const newRound = (n: number): RoundDraft =>
  n === 0
    ? { name: '初审', mode: 'online', criteria: [{ name: '需求分析', weight: '30' }, { name: '项目设计', weight: '40' }, { name: '团队能力', weight: '30' }], advance: '16' }
    : { name: '复审', mode: 'roadshow', criteria: [{ name: '路演表现', weight: '40' }, { name: '可行性', weight: '30' }, { name: '预算合理性', weight: '30' }], advance: '12' }

const dateOk = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v.trim())
const num = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : NaN)
/** A server path such as `rounds.0.criteria.1.weight` → the row it names (`rounds.0.criteria`). */
const fieldOf = (path: string) => (/^rounds\.\d+\.criteria/.exec(path)?.[0] ?? /^rounds\.\d+/.exec(path)?.[0] ?? path)

/** 新建大赛: name, year, fields, money, window, rounds with weighted criteria (sum 100), entries per organization. */
function ContestEditor({ onCancel, onCreated }: { onCancel: () => void; onCreated: () => void }) {
  const year = new Date().getFullYear()
  const [v, setV] = useState({ name: '', year: String(year), budget: '', min: '10000', max: '50000', opens: '', closes: '', perOrg: '1' })
  const [fields, setFields] = useState<VentureField[]>([...ventureFields])
  const [rounds, setRounds] = useState<RoundDraft[]>([newRound(0), newRound(1)])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const keys = useIdempotencyKey()
  const set = (key: keyof typeof v) => (value: string) => setV((current) => ({ ...current, [key]: value }))
  const setRound = (i: number, patch: Partial<RoundDraft>) => setRounds((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)))

  const save = async () => {
    const problems: Record<string, string> = {}
    if (v.name.trim().length < 4) problems.name = '大赛名称为4–40个字'
    if (Number.isNaN(num(v.budget))) problems.budgetYuan = '请填写整数金额（元）'
    if (Number.isNaN(num(v.min))) problems.minYuan = '请填写整数金额（元）'
    if (Number.isNaN(num(v.max))) problems.maxYuan = '请填写整数金额（元）'
    if (!dateOk(v.opens)) problems.opensAt = `请按 ${year}-03-01 的格式填写`
    if (!dateOk(v.closes)) problems.closesAt = `请按 ${year}-03-31 的格式填写`
    if (fields.length === 0) problems.fields = '请选择至少一个领域'
    rounds.forEach((r, i) => {
      const sum = r.criteria.reduce((s, c) => s + (num(c.weight) || 0), 0)
      if (sum !== 100 || r.criteria.some((c) => c.name.trim().length < 2 || Number.isNaN(num(c.weight)))) problems[`rounds.${i}.criteria`] = `评分项名称至少2个字，权重之和须为100（现为${sum}）`
      if (r.name.trim().length < 2 || Number.isNaN(num(r.advance))) problems[`rounds.${i}`] = '请填写轮次名称和晋级数'
    })
    setErrors(problems)
    if (Object.keys(problems).length) return
    const input = {
      name: v.name.trim(),
      year: num(v.year),
      fields,
      budgetYuan: num(v.budget),
      minYuan: num(v.min),
      maxYuan: num(v.max),
      opensAt: `${v.opens.trim()}T00:00:00+08:00`,
      closesAt: `${v.closes.trim()}T23:59:59+08:00`,
      rounds: rounds.map((r) => ({ name: r.name.trim(), mode: r.mode, criteria: r.criteria.map((c) => ({ name: c.name.trim(), weight: num(c.weight) })), advanceCount: num(r.advance) })),
      maxEntriesPerOrg: num(v.perOrg) || 1,
    }
    setSaving(true)
    try {
      await createContest(input, { idempotencyKey: keys.keyFor(input) })
      keys.forget()
      Taro.eventCenter.trigger(CONTESTS_CHANGED_EVENT)
      toastSuccess('大赛已开设')
      onCreated()
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
    <View className='gy-vc__card gy-vc-editor'>
      <Text className='gy-vc__card-title'>新建大赛</Text>
      <FormField label='大赛名称' mark='required' error={errors.name}>
        <Input className='gy-vc-editor__name' placeholder={`如：${year}年苍南县公益创投大赛`} maxLength={40} value={v.name} onChange={set('name')} />
      </FormField>
      <FormField label='年度' mark='required' error={errors.year}>
        <Input className='gy-vc-editor__year' type='number' maxLength={4} value={v.year} onChange={set('year')} />
      </FormField>
      <FormField label='资助领域' mark='required' error={errors.fields}>
        <View className='gy-vc__chips'>
          {ventureFields.map((f) => {
            const on = fields.includes(f)
            return (
              <Text key={f} className={`gy-vc__chip${on ? ' gy-vc__chip--on' : ''}`} {...checkboxRole(on, f)} onClick={() => setFields((fs) => (on ? fs.filter((x) => x !== f) : ventureFields.filter((x) => x === f || fs.includes(x))))}>
                {f}
              </Text>
            )
          })}
        </View>
      </FormField>
      <FormField label='总预算（元）' mark='required' error={errors.budgetYuan}>
        <Input className='gy-vc-editor__budget' type='number' placeholder='如：400000' maxLength={9} value={v.budget} onChange={set('budget')} />
      </FormField>
      <FormField label='单个项目资助额（元）' mark='required' error={errors.minYuan || errors.maxYuan}>
        <View className='gy-vc__line'>
          <Input className='gy-vc__grow gy-vc-editor__min' type='number' placeholder='最低' maxLength={9} value={v.min} onChange={set('min')} />
          <Text aria-hidden='true'>至</Text>
          <Input className='gy-vc__grow gy-vc-editor__max' type='number' placeholder='最高' maxLength={9} value={v.max} onChange={set('max')} />
        </View>
      </FormField>
      <FormField label='报名开始日期' mark='required' error={errors.opensAt} hint='北京时间，当天0点起'>
        <Input className='gy-vc-editor__opens' placeholder={`${year}-03-01`} maxLength={10} value={v.opens} onChange={set('opens')} />
      </FormField>
      <FormField label='报名截止日期' mark='required' error={errors.closesAt} hint='北京时间，当天24点止；截止后第一轮评审开始'>
        <Input className='gy-vc-editor__closes' placeholder={`${year}-03-31`} maxLength={10} value={v.closes} onChange={set('closes')} />
      </FormField>
      <FormField label='每个组织限报项目数' mark='required' error={errors.maxEntriesPerOrg}>
        <Input className='gy-vc-editor__per-org' type='number' maxLength={1} value={v.perOrg} onChange={set('perOrg')} />
      </FormField>

      {rounds.map((round, i) => {
        const sum = round.criteria.reduce((s, c) => s + (num(c.weight) || 0), 0)
        return (
          <View key={i} className='gy-vc-editor__round'>
            <Text className='gy-vc__section'>第{i + 1}轮评审</Text>
            <FormField label='轮次名称与晋级数' mark='required' error={errors[`rounds.${i}`] || errors[`rounds.${i}.advanceCount`]} hint='晋级数：本轮前几名进入下一轮（末轮为资助名额上限）'>
              <View className='gy-vc__line'>
                <Input className='gy-vc__grow' placeholder='如：初审' maxLength={10} value={round.name} onChange={(x) => setRound(i, { name: x })} />
                <Input className='gy-vc__grow' type='number' placeholder='晋级数' maxLength={3} value={round.advance} onChange={(x) => setRound(i, { advance: x })} />
              </View>
            </FormField>
            <View className='gy-vc__chips' {...group('radiogroup', `第${i + 1}轮评审方式`)}>
              {(['online', 'roadshow'] as const).map((mode) => (
                <Text key={mode} className={`gy-vc__chip${round.mode === mode ? ' gy-vc__chip--on' : ''}`} {...pressable({ role: 'radio', selected: round.mode === mode })} onClick={() => setRound(i, { mode })}>
                  {mode === 'online' ? '线上评审' : '路演评审'}
                </Text>
              ))}
            </View>
            <FormField label='评分项与权重（%）' mark='required' error={errors[`rounds.${i}.criteria`]}>
              {round.criteria.map((c, k) => (
                <View key={k} className='gy-vc__line'>
                  <Input className='gy-vc__grow' placeholder='评分项' maxLength={20} value={c.name} onChange={(x) => setRound(i, { criteria: round.criteria.map((cc, kk) => (kk === k ? { ...cc, name: x } : cc)) })} />
                  <Input className='gy-vc__grow' type='number' placeholder='权重' maxLength={3} value={c.weight} onChange={(x) => setRound(i, { criteria: round.criteria.map((cc, kk) => (kk === k ? { ...cc, weight: x } : cc)) })} />
                  {round.criteria.length > 1 ? (
                    <Text className='gy-vc__danger' {...pressable({ label: `删除评分项 ${k + 1}` })} onClick={() => setRound(i, { criteria: round.criteria.filter((_, kk) => kk !== k) })}>
                      删除
                    </Text>
                  ) : null}
                </View>
              ))}
            </FormField>
            <Text className={`gy-vc__sum${sum === 100 ? ' gy-vc__sum--ok' : ' gy-vc__sum--bad'}`}>权重合计 {sum}{sum === 100 ? '' : '，须为100'}</Text>
            <View className='gy-vc__actions'>
              {round.criteria.length < 10 ? (
                <Button size='small' fill='outline' onClick={() => setRound(i, { criteria: [...round.criteria, { name: '', weight: '' }] })}>
                  增加评分项
                </Button>
              ) : null}
              {rounds.length > 1 ? (
                <Button size='small' fill='outline' onClick={() => setRounds((rs) => rs.filter((_, j) => j !== i))}>
                  删除本轮
                </Button>
              ) : null}
            </View>
          </View>
        )
      })}
      {rounds.length < 3 ? (
        <Button className='gy-vc-editor__add-round' size='small' fill='outline' onClick={() => setRounds((rs) => [...rs, newRound(rs.length)])}>
          增加评审轮次
        </Button>
      ) : null}
      {errors._form || errors.rounds ? <Text className='gy-vc__error'>{errors._form || errors.rounds}</Text> : null}
      <View className='gy-vc__actions'>
        <Button className='gy-vc-editor__save' type='primary' disabled={saving} onClick={() => void save()}>
          {saving ? '保存中…' : '开设大赛'}
        </Button>
        <Button className='gy-vc-editor__cancel' disabled={saving} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  )
}
