import { useCallback, useEffect, useState } from 'react'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import { modalColors } from '../../../constants/theme'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { FormField } from '../../../components/form-field'
import { ContestCard } from '../../../components/contest-card'
import { PageError, PageLoading } from '../../../components/page-state'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import {
  appointExpert,
  closeRound,
  CONTESTS_CHANGED_EVENT,
  getContest,
  listEntries,
  listExperts,
  publishResults,
  removeExpert,
  roundModeLabels,
  roundStatusLabels,
  yuan,
  type ContestView,
  type EntryView,
  type ExpertView,
} from '../../../services/venture-contest'
import { pressable } from '../../../utils/a11y'
import { formatDate } from '../../../utils/time'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { ListFooter } from '../../../components/list-footer'
import '../../../styles/venture.scss'

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'denied'; reason: AccessDeniedReason }
  | { kind: 'ready'; contest: ContestView; experts: ExpertView[]; entries: EntryView[]; entriesCursor: string | null }

const confirm = async (title: string, content: string, confirmText: string) => (await Taro.showModal({ title, content, confirmText, ...modalColors() })).confirm

/** 大赛管理 (`?contestId=`, platform admin): experts, entries, closing rounds (then their ranking), publishing the awards. */
export default function AdminVentureContestPage() {
  const contestId = useRouter().params.contestId ?? ''
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    try {
      const [contest, experts, entries] = await Promise.all([getContest(contestId), listExperts(contestId), listEntries(contestId, { limit: 50 })])
      setState({ kind: 'ready', contest, experts, entries: entries.items, entriesCursor: entries.nextCursor })
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

  /** Runs one change with a fresh idempotency key, then reloads; errors as a toast. */
  const act = async (task: (key: string) => Promise<unknown>, done: string) => {
    setBusy(true)
    try {
      await task(createIdempotencyKey())
      toastSuccess(done)
      Taro.eventCenter.trigger(CONTESTS_CHANGED_EVENT)
      await load()
    } catch (error) {
      toastError(error)
    } finally {
      setBusy(false)
    }
  }

  if (state.kind === 'loading') return <View className='gy-page gy-vc'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-vc'><PageError title='大赛加载失败' message={state.message} onRetry={() => { setState({ kind: 'loading' }); void load() }} /></View>
  if (state.kind === 'denied') return <View className='gy-page gy-vc'><View className='gy-vc__card'><AccessDenied reason={state.reason} description='大赛管理仅对平台管理员开放。' /></View></View>

  const { contest, experts, entries, entriesCursor } = state
  const titleOf = new Map(entries.map((e) => [e.entryId, e]))

  const moreEntries = async () => {
    if (!entriesCursor) return
    try {
      const page = await listEntries(contestId, { cursor: entriesCursor, limit: 50 })
      setState({ ...state, entries: [...entries, ...page.items], entriesCursor: page.nextCursor })
    } catch (error) {
      toastError(error)
    }
  }

  return (
    <View className='gy-page gy-vc'>
      <ContestCard contest={contest}>
        <Text className='gy-vc__meta'>
          报名 {formatDate(contest.opensAt)} 至 {formatDate(contest.closesAt)} · 预算 {yuan(contest.budgetYuan)} · 单项 {yuan(contest.minYuan)}–{yuan(contest.maxYuan)}
        </Text>
        <Text className='gy-vc__link' {...pressable({ role: 'link' })} onClick={() => void Taro.navigateTo({ url: `/packages/venture/contest/index?contestId=${encodeURIComponent(contestId)}` })}>
          查看公开页面 ›
        </Text>
      </ContestCard>

      <Experts contestId={contestId} experts={experts} busy={busy} act={act} />

      <View className='gy-vc__card gy-vc-admin-entries'>
        <Text className='gy-vc__card-title'>参赛项目（{entries.length}{entriesCursor ? '+' : ''}）</Text>
        {entries.length === 0 ? <Text className='gy-vc__meta'>还没有组织报名。</Text> : null}
        {entries.map((e) => (
          <View key={e.entryId} className='gy-vc__row'>
            <View className='gy-vc__row-main'>
              <Text>{e.title}</Text>
              <Text className='gy-vc__meta'>
                {e.orgName} · {e.field} · {e.durationMonths}个月
              </Text>
            </View>
            <Text className='gy-vc__row-side'>{yuan(e.requestedYuan)}</Text>
          </View>
        ))}
        {entriesCursor ? <ListFooter loadingMore={false} failed={false} hasMore onMore={() => void moreEntries()} /> : null}
      </View>

      {contest.rounds.map((round) => (
        <View key={round.round} className={`gy-vc__card gy-vc-admin-round gy-vc-admin-round--${round.round}`}>
          <View className='gy-vc__head'>
            <Text className='gy-vc__name'>
              第{round.round}轮 {round.name}（{roundModeLabels[round.mode]}）
            </Text>
            <Text className={`gy-vc__badge${round.status === 'open' ? ' gy-vc__badge--review' : round.status === 'closed' ? ' gy-vc__badge--done' : ''}`}>{roundStatusLabels[round.status]}</Text>
          </View>
          <Text className='gy-vc__meta'>
            {round.criteria.map((c) => `${c.name} ${c.weight}%`).join(' · ')} · 前 {round.advanceCount} 名晋级
          </Text>
          {round.status === 'pending' && round.round === 1 ? <Text className='gy-vc__meta'>报名截止后开始评审。</Text> : null}
          {round.status === 'open' ? (
            <>
              <Text className='gy-vc__note'>评分密封中：结束本轮前，包括平台在内任何人都看不到分数和排名。</Text>
              <View className='gy-vc__actions'>
                <Button
                  className='gy-vc-admin-round__close'
                  type='primary'
                  size='small'
                  disabled={busy}
                  onClick={async () => {
                    if (await confirm(`结束${round.name}`, `结束后专家不能再为本轮评分，系统按标准化得分排名${round.round < contest.rounds.length ? `，前${round.advanceCount}名进入下一轮` : ''}。`, '结束本轮')) {
                      await act((key) => closeRound(contestId, round.round, { idempotencyKey: key }), '本轮评审已结束')
                    }
                  }}
                >
                  结束本轮评审
                </Button>
              </View>
            </>
          ) : null}
          {round.ranking ? (
            <View className='gy-vc__table'>
              <View className='gy-vc__tr gy-vc__tr--head'>
                <Text className='gy-vc__td'>排名</Text>
                <Text className='gy-vc__td gy-vc__td--wide'>项目</Text>
                <Text className='gy-vc__td'>标准分</Text>
                <Text className='gy-vc__td'>平均分</Text>
                <Text className='gy-vc__td'>评分数</Text>
              </View>
              {round.ranking.items.map((i) => (
                <View key={i.entryId} className='gy-vc__tr'>
                  <Text className='gy-vc__td'>{i.rank}</Text>
                  <Text className='gy-vc__td gy-vc__td--wide'>{titleOf.get(i.entryId)?.title ?? i.entryId}</Text>
                  <Text className='gy-vc__td'>{i.normalizedScore === null ? '—' : i.normalizedScore.toFixed(2)}</Text>
                  <Text className='gy-vc__td'>{i.plainMean === null ? '—' : `${i.plainMean.toFixed(1)}（第${i.plainRank}）`}</Text>
                  <Text className='gy-vc__td'>{i.scoreCount}</Text>
                </View>
              ))}
              <Text className='gy-vc__meta'>按专家标准化得分排序；平均分仅供对照。</Text>
            </View>
          ) : null}
        </View>
      ))}

      {contest.status === 'closed' ? <Publish contest={contest} entries={titleOf} busy={busy} act={act} /> : null}
      {contest.status === 'published' ? (
        <View className='gy-vc__card'>
          <Text className='gy-vc__card-title'>结果已公布</Text>
          <Text className='gy-vc__meta'>资助名单和排名已在大赛公开页面展示。</Text>
        </View>
      ) : null}
    </View>
  )
}

type Act = (task: (key: string) => Promise<unknown>, done: string) => Promise<void>

function Experts({ contestId, experts, busy, act }: { contestId: string; experts: ExpertView[]; busy: boolean; act: Act }) {
  const [openid, setOpenid] = useState('')
  return (
    <View className='gy-vc__card gy-vc-experts'>
      <Text className='gy-vc__card-title'>评审专家（{experts.length}）</Text>
      {experts.length === 0 ? <Text className='gy-vc__meta'>还没有聘任专家。</Text> : null}
      {experts.map((e) => (
        <View key={e.openid} className='gy-vc__row gy-vc-experts__row'>
          <View className='gy-vc__row-main'>
            <Text>{e.name}</Text>
            <Text className='gy-vc__meta'>
              {e.openid} · {formatDate(e.appointedAt)} 聘任
            </Text>
          </View>
          <Text
            className='gy-vc__danger gy-vc-experts__remove'
            {...pressable({ label: `解聘${e.name}`, disabled: busy })}
            onClick={async () => {
              if (busy) return
              if (await confirm('解聘专家', `确定解聘“${e.name}”？已在当前轮次评分的专家须等本轮结束后才能解聘。`, '解聘')) {
                await act((key) => removeExpert(contestId, e.openid, { idempotencyKey: key }), '已解聘')
              }
            }}
          >
            解聘
          </Text>
        </View>
      ))}
      <FormField label='聘任专家' hint='填写已登录过小程序的用户的 openid（用户在“我的”页可查看）'>
        <View className='gy-vc__line'>
          <Input className='gy-vc__grow gy-vc-experts__openid' placeholder='用户 openid' maxLength={128} value={openid} onChange={setOpenid} />
          <Button
            className='gy-vc-experts__appoint'
            type='primary'
            size='small'
            disabled={busy || !openid.trim()}
            onClick={async () => {
              await act((key) => appointExpert(contestId, openid.trim(), { idempotencyKey: key }), '已聘任')
              setOpenid('')
            }}
          >
            聘任
          </Button>
        </View>
      </FormField>
    </View>
  )
}

function Publish({ contest, entries, busy, act }: { contest: ContestView; entries: Map<string, EntryView>; busy: boolean; act: Act }) {
  const final = contest.rounds[contest.rounds.length - 1]
  const ranked = (final.ranking?.items ?? []).filter((i) => i.scoreCount > 0)
  // prefilled: the top of the final ranking, up to the round's count, each asking what it requested (within the range)
  const [rows, setRows] = useState(() =>
    ranked.slice(0, final.advanceCount).map((i) => {
      const requested = entries.get(i.entryId)?.requestedYuan ?? contest.maxYuan
      return { entryId: i.entryId, rank: i.rank, amount: String(Math.min(requested, contest.maxYuan)) }
    }),
  )
  const [count, setCount] = useState(rows.length)
  const chosen = rows.slice(0, count)
  const total = chosen.reduce((s, r) => s + (Number(r.amount) || 0), 0)
  const over = total > contest.budgetYuan

  return (
    <View className='gy-vc__card gy-vc-publish'>
      <Text className='gy-vc__card-title'>公布资助结果</Text>
      <Text className='gy-vc__meta'>资助项目须按末轮标准化排名从高到低确定；每项金额在 {yuan(contest.minYuan)}–{yuan(contest.maxYuan)} 之间且不超过申请金额。</Text>
      {chosen.map((row, i) => (
        <FormField key={row.entryId} label={`第${row.rank}名 · ${entries.get(row.entryId)?.title ?? row.entryId}`} hint={`申请 ${yuan(entries.get(row.entryId)?.requestedYuan ?? 0)}`}>
          <Input className={`gy-vc-publish__amount gy-vc-publish__amount--${i}`} type='number' maxLength={9} value={row.amount} onChange={(v) => setRows((rs) => rs.map((r) => (r.entryId === row.entryId ? { ...r, amount: v } : r)))} />
        </FormField>
      ))}
      <View className='gy-vc__actions'>
        {count > 1 ? (
          <Button size='small' fill='outline' onClick={() => setCount(count - 1)}>
            减少一项
          </Button>
        ) : null}
        {count < rows.length ? (
          <Button size='small' fill='outline' onClick={() => setCount(count + 1)}>
            增加一项
          </Button>
        ) : null}
      </View>
      <Text className={`gy-vc__sum gy-vc-publish__total${over ? ' gy-vc__sum--bad' : ' gy-vc__sum--ok'}`}>
        资助 {chosen.length} 项，合计 {yuan(total)} / 预算 {yuan(contest.budgetYuan)}
        {over ? '，超出预算' : ''}
      </Text>
      <View className='gy-vc__actions'>
        <Button
          className='gy-vc-publish__submit'
          type='primary'
          disabled={busy || chosen.length === 0 || over}
          onClick={async () => {
            if (await confirm('公布资助结果', `资助 ${chosen.length} 个项目，共 ${yuan(total)}。公布后向社会公开，不能修改。`, '公布')) {
              await act((key) => publishResults(contest.contestId, chosen.map((r) => ({ entryId: r.entryId, amountYuan: Number(r.amount) })), { idempotencyKey: key }), '结果已公布')
            }
          }}
        >
          公布结果
        </Button>
      </View>
    </View>
  )
}
