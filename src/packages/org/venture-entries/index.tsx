import { useCallback, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { isCloudError } from '../../../services/cloud'
import { contestPhase, listContests, listOrgEntries, yuan, type ContestView, type EntryView } from '../../../services/venture-contest'
import { pressable } from '../../../utils/a11y'
import { formatDate } from '../../../utils/time'
import { messageOf } from '../../../utils/toast'
import '../../../styles/venture.scss'

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'denied'; reason: AccessDeniedReason }
  | { kind: 'ready'; entries: EntryView[]; contests: ContestView[] }

/** 公益创投报名 (`?orgId=`): the organization's entries in every contest, and the contests taking entries now. */
export default function OrgVentureEntriesPage() {
  const orgId = useRouter().params.orgId ?? ''
  const [state, setState] = useState<State>({ kind: 'loading' })

  const load = useCallback(async () => {
    try {
      const [entries, contests] = await Promise.all([listOrgEntries(orgId), listContests({ limit: 20 })])
      setState({ kind: 'ready', entries, contests: contests.items.filter((c) => c.window === 'open') })
    } catch (error) {
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      setState(reason ? { kind: 'denied', reason } : { kind: 'error', message: messageOf(error) })
    }
  }, [orgId])

  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (state.kind === 'loading') return <View className='gy-page gy-vc'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-vc'><PageError title='报名信息加载失败' message={state.message} onRetry={() => { setState({ kind: 'loading' }); void load() }} /></View>
  if (state.kind === 'denied') return <View className='gy-page gy-vc'><View className='gy-vc__card'><AccessDenied reason={state.reason} description='公益创投报名仅对本组织的成员开放。' /></View></View>

  const { entries, contests } = state
  return (
    <View className='gy-page gy-vc'>
      <View className='gy-vc__intro'>
        <Text className='gy-vc__title'>公益创投报名</Text>
        <Text className='gy-vc__lead'>在报名期内提交公益项目，专家评审后公布资助名单。每个组织每次大赛可报的项目数以大赛规定为准。</Text>
      </View>

      <View className='gy-vc__card'>
        <Text className='gy-vc__card-title'>正在报名的大赛</Text>
        {contests.length === 0 ? <Text className='gy-vc__meta'>目前没有正在报名的大赛。</Text> : null}
        {contests.map((contest) => {
          const mine = entries.filter((e) => e.contestId === contest.contestId).length
          const full = mine >= contest.maxEntriesPerOrg
          return (
            <View key={contest.contestId} className='gy-vc__row gy-vc-open-contest'>
              <View className='gy-vc__row-main'>
                <Text>{contest.name}</Text>
                <Text className='gy-vc__meta'>
                  {formatDate(contest.closesAt)} 截止 · {yuan(contest.minYuan)}–{yuan(contest.maxYuan)} · 已报 {mine}/{contest.maxEntriesPerOrg}
                </Text>
              </View>
              <Button
                className='gy-vc-open-contest__enter'
                type='primary'
                size='small'
                disabled={full}
                onClick={() => void Taro.navigateTo({ url: `/packages/org/venture-enter/index?orgId=${encodeURIComponent(orgId)}&contestId=${encodeURIComponent(contest.contestId)}` })}
              >
                {full ? '已报满' : '报名'}
              </Button>
            </View>
          )
        })}
      </View>

      <View className='gy-vc__card'>
        <Text className='gy-vc__card-title'>我们的参赛项目</Text>
        {entries.length === 0 ? <EmptyState illustration='coming-soon' title='还没有参赛项目' description='在上方正在报名的大赛中点击“报名”提交项目。' /> : null}
        {entries.map((entry) => (
          <View key={entry.entryId} className='gy-vc__row gy-vc-entry'>
            <View className='gy-vc__row-main'>
              <Text>{entry.title}</Text>
              <Text className='gy-vc__meta'>
                {entry.field} · 申请 {yuan(entry.requestedYuan)} · {entry.durationMonths}个月 · {formatDate(entry.createdAt)} 提交
              </Text>
            </View>
            <Text className='gy-vc__row-side gy-vc-entry__contest' {...pressable({ role: 'link' })} onClick={() => void Taro.navigateTo({ url: `/packages/venture/contest/index?contestId=${encodeURIComponent(entry.contestId)}` })}>
              {phaseOf(entry, contests)}
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}

const phaseOf = (entry: EntryView, open: ContestView[]) => {
  const contest = open.find((c) => c.contestId === entry.contestId)
  return contest ? contestPhase(contest).label : '大赛 ›'
}
