import { useCallback, useEffect, useState } from 'react'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { FormField } from '../../../components/form-field'
import { PageError, PageLoading } from '../../../components/page-state'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../services/cloud'
import { getContest, getMyReviews, scoreEntry, yuan, type ContestView, type ReviewsView } from '../../../services/venture-contest'
import { formatDateTime } from '../../../utils/time'
import { messageOf, toastSuccess } from '../../../utils/toast'
import '../../../styles/venture.scss'

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'denied'; reason: AccessDeniedReason }
  | { kind: 'ready'; contest: ContestView; reviews: ReviewsView }

/** 我的评审 (`?contestId=`): the open round's entries for this expert, each with a sealed score form. */
export default function ReviewsPage() {
  const contestId = useRouter().params.contestId ?? ''
  const [state, setState] = useState<State>({ kind: 'loading' })

  const load = useCallback(async () => {
    try {
      const [contest, reviews] = await Promise.all([getContest(contestId), getMyReviews(contestId)])
      setState({ kind: 'ready', contest, reviews })
    } catch (error) {
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      setState(reason ? { kind: 'denied', reason } : { kind: 'error', message: messageOf(error) })
    }
  }, [contestId])

  useEffect(() => {
    void load()
  }, [load])
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (state.kind === 'loading') return <View className='gy-page gy-vc'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-vc'><PageError title='评审加载失败' message={state.message} onRetry={() => { setState({ kind: 'loading' }); void load() }} /></View>
  if (state.kind === 'denied') return <View className='gy-page gy-vc'><View className='gy-vc__card'><AccessDenied reason={state.reason} description='我的评审仅对本次大赛聘任的评审专家开放。' /></View></View>

  const { contest, reviews } = state
  const round = reviews.round ? contest.rounds[reviews.round - 1] : null
  const scored = reviews.items.filter((i) => i.myScore).length
  return (
    <View className='gy-page gy-vc'>
      <View className='gy-vc__intro'>
        <Text className='gy-vc__title'>我的评审</Text>
        <Text className='gy-vc__lead'>{contest.name}</Text>
      </View>
      {!round ? (
        <View className='gy-vc__card'>
          <EmptyState illustration='coming-soon' title='当前没有进行中的评审轮次' description='报名截止后第一轮评审开始；上一轮结束后下一轮开始。' />
        </View>
      ) : (
        <>
          <View className='gy-vc__card'>
            <Text className='gy-vc__card-title'>
              第{round.round}轮 {round.name}
            </Text>
            <Text className='gy-vc__meta'>
              共 {reviews.items.length} 个项目，已评 {scored} 个
            </Text>
            {reviews.criteria.map((c) => (
              <View key={c.name} className='gy-vc__tr'>
                <Text className='gy-vc__td gy-vc__td--wide'>{c.name}</Text>
                <Text className='gy-vc__td'>权重 {c.weight}%</Text>
              </View>
            ))}
            <Text className='gy-vc__note gy-vc-reviews__sealed'>评分在本轮结束前密封，其他人不可见。每项0–100分；本轮结束前可以重新评分，以最后一次为准。与您所在组织有关的项目不会出现在这里（回避）。</Text>
          </View>
          {reviews.items.length === 0 ? (
            <View className='gy-vc__card'>
              <EmptyState illustration='coming-soon' title='本轮没有需要您评审的项目' description='本轮的项目都与您所在的组织有关，您已回避。' />
            </View>
          ) : null}
          {reviews.items.map((item) => (
            <ScoreCard key={item.entry.entryId} contestId={contestId} round={round.round} criteria={reviews.criteria} item={item} onSaved={() => void load()} />
          ))}
        </>
      )}
    </View>
  )
}

function ScoreCard({ contestId, round, criteria, item, onSaved }: { contestId: string; round: number; criteria: ReviewsView['criteria']; item: ReviewsView['items'][number]; onSaved: () => void }) {
  const { entry, myScore } = item
  const [open, setOpen] = useState(!myScore)
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(criteria.map((c) => [c.name, myScore ? String(myScore.scores[c.name] ?? '') : ''])))
  const [comment, setComment] = useState(myScore?.comment ?? '')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const keys = useIdempotencyKey()

  const submit = async () => {
    const problems: Record<string, string> = {}
    for (const c of criteria) {
      const v = values[c.name]?.trim() ?? ''
      if (!/^\d{1,3}(\.\d)?$/.test(v) || Number(v) > 100) problems[`scores.${c.name}`] = '请填写0–100的分数'
    }
    setErrors(problems)
    if (Object.keys(problems).length) return
    const input = { contestId, round, entryId: entry.entryId, scores: Object.fromEntries(criteria.map((c) => [c.name, Number(values[c.name])])), comment: comment.trim() }
    setSaving(true)
    try {
      await scoreEntry(input, { idempotencyKey: keys.keyFor(input) })
      keys.forget()
      toastSuccess('评分已保存')
      setOpen(false)
      onSaved()
    } catch (error) {
      keys.forgetUnlessLost(error)
      if (isCloudError(error) && error.fields.length) setErrors(Object.fromEntries(error.fields.map((f) => [f.path, f.message])))
      else setErrors({ _form: messageOf(error) })
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='gy-vc__card gy-vc-score'>
      <View className='gy-vc__head'>
        <Text className='gy-vc__name'>{entry.title}</Text>
        <Text className={`gy-vc__badge${myScore ? ' gy-vc__badge--open' : ''}`}>{myScore ? '已评分' : '待评分'}</Text>
      </View>
      <Text className='gy-vc__meta'>
        {entry.orgName} · {entry.field} · 申请 {yuan(entry.requestedYuan)} · {entry.durationMonths}个月
      </Text>
      <Text className='gy-vc__text'>{entry.summary}</Text>
      <Text className='gy-vc__meta'>预算：{entry.budgetLines.map((l) => `${l.item} ${yuan(l.yuan)}`).join('；')}</Text>
      <Text className='gy-vc__meta'>团队：{entry.team.map((t) => `${t.name}（${t.role}）`).join('、')}</Text>
      {myScore ? <Text className='gy-vc__meta'>我的评分于 {formatDateTime(myScore.scoredAt)} 保存</Text> : null}
      {open ? (
        <View className='gy-vc-score__form'>
          {criteria.map((c) => (
            <FormField key={c.name} label={`${c.name}（权重${c.weight}%）`} mark='required' error={errors[`scores.${c.name}`]}>
              <Input
                className={`gy-vc-score__input gy-vc-score__input--${criteria.indexOf(c)}`}
                type='digit'
                placeholder='0–100'
                maxLength={5}
                value={values[c.name]}
                onChange={(v) => setValues((current) => ({ ...current, [c.name]: v }))}
              />
            </FormField>
          ))}
          <FormField label='评语' mark='optional' error={errors.comment}>
            <TextArea className='gy-vc-score__comment' placeholder='给项目的意见和建议（仅平台可见）' maxLength={500} value={comment} onChange={setComment} />
          </FormField>
          {errors._form ? <Text className='gy-vc__error'>{errors._form}</Text> : null}
          <View className='gy-vc__actions'>
            <Button className='gy-vc-score__submit' type='primary' disabled={saving} onClick={() => void submit()}>
              {saving ? '保存中…' : myScore ? '更新评分' : '提交评分'}
            </Button>
            {myScore ? (
              <Button className='gy-vc-score__cancel' disabled={saving} onClick={() => setOpen(false)}>
                取消
              </Button>
            ) : null}
          </View>
        </View>
      ) : (
        <View className='gy-vc__actions'>
          <Button className='gy-vc-score__edit' size='small' fill='outline' onClick={() => setOpen(true)}>
            重新评分
          </Button>
        </View>
      )}
    </View>
  )
}
