import { useCallback, useEffect, useState } from 'react'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { ContestCard } from '../../../components/contest-card'
import { PageError, PageLoading } from '../../../components/page-state'
import { getContest, getResults, roundModeLabels, roundStatusLabels, yuan, type ContestView, type ResultsView } from '../../../services/venture-contest'
import { pressable } from '../../../utils/a11y'
import { formatDate } from '../../../utils/time'
import { messageOf } from '../../../utils/toast'
import '../../../styles/venture.scss'

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; contest: ContestView; results: ResultsView | null }

const score = (value: number | null, digits: number) => (value === null ? '—' : value.toFixed(digits))

/** 大赛详情 (`?contestId=`): fields, money, window, rounds and criteria; once published, the winners and the ranking. */
export default function ContestPage() {
  const contestId = useRouter().params.contestId ?? ''
  const [state, setState] = useState<State>({ kind: 'loading' })

  const load = useCallback(async () => {
    try {
      const contest = await getContest(contestId)
      const results = contest.status === 'published' ? await getResults(contestId) : null
      setState({ kind: 'ready', contest, results })
    } catch (error) {
      setState({ kind: 'error', message: messageOf(error) })
    }
  }, [contestId])

  useEffect(() => {
    void load()
  }, [load])
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (state.kind === 'loading') return <View className='gy-page gy-vc'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-vc'><PageError title='大赛加载失败' message={state.message} onRetry={() => { setState({ kind: 'loading' }); void load() }} /></View>

  const { contest, results } = state
  return (
    <View className='gy-page gy-vc'>
      <ContestCard contest={contest}>
        <Text className='gy-vc__meta'>报名时间：{formatDate(contest.opensAt)} 至 {formatDate(contest.closesAt)}</Text>
        <Text className='gy-vc__meta'>总预算：{yuan(contest.budgetYuan)} · 单个项目资助 {yuan(contest.minYuan)}–{yuan(contest.maxYuan)}</Text>
        <Text className='gy-vc__meta'>每个组织限报 {contest.maxEntriesPerOrg} 个项目</Text>
        <Text className='gy-vc__section'>资助领域</Text>
        <View className='gy-vc__chips'>
          {contest.fields.map((field) => (
            <Text key={field} className='gy-vc__chip'>{field}</Text>
          ))}
        </View>
      </ContestCard>

      <View className='gy-vc__card'>
        <Text className='gy-vc__card-title'>评审轮次与评分标准</Text>
        {contest.rounds.map((round) => (
          <View key={round.round} className='gy-vc-round'>
            <Text className='gy-vc__section'>
              第{round.round}轮 {round.name}（{roundModeLabels[round.mode]}）· {roundStatusLabels[round.status]}
            </Text>
            <Text className='gy-vc__meta'>前 {round.advanceCount} 名{round.round === contest.rounds.length ? '进入资助名单' : '进入下一轮'}</Text>
            {round.criteria.map((c) => (
              <View key={c.name} className='gy-vc__tr'>
                <Text className='gy-vc__td gy-vc__td--wide'>{c.name}</Text>
                <Text className='gy-vc__td'>权重 {c.weight}%</Text>
              </View>
            ))}
          </View>
        ))}
        <Text className='gy-vc__note'>专家评分在每轮结束前密封；排名按专家标准化得分（消除个别专家打分偏松或偏严的影响）确定，同时公布平均分供参考。与参赛组织有关联的专家回避评审。</Text>
      </View>

      {results ? <Results results={results} /> : null}

      <View className='gy-vc__card'>
        <View className='gy-vc__row gy-vc-funded' {...pressable({ role: 'link' })} onClick={() => void Taro.navigateTo({ url: '/packages/venture/funded/index' })}>
          <View className='gy-vc__row-main'>
            <Text>资助项目</Text>
            <Text className='gy-vc__meta'>获资助项目的里程碑和进展</Text>
          </View>
          <Text className='gy-vc__row-side'>查看 ›</Text>
        </View>
      </View>
    </View>
  )
}

function Results({ results }: { results: ResultsView }) {
  return (
    <View className='gy-vc__card gy-vc-results'>
      <Text className='gy-vc__card-title'>评审结果</Text>
      <Text className='gy-vc__meta'>
        {results.publishedAt ? `${formatDate(results.publishedAt)} 公布 · ` : ''}资助 {results.awards.length} 个项目，共 {yuan(results.totalYuan)}（预算 {yuan(results.budgetYuan)}）
      </Text>
      <Text className='gy-vc__section'>资助名单</Text>
      {results.awards.map((award) => (
        <View key={award.entryId} className='gy-vc__row gy-vc-results__award'>
          <View className='gy-vc__row-main'>
            <Text>
              第{award.rank}名 · {award.title}
            </Text>
            <Text className='gy-vc__meta'>
              {award.orgName} · {award.field}
            </Text>
          </View>
          <Text className='gy-vc__row-side'>{yuan(award.amountYuan)}</Text>
        </View>
      ))}
      <Text className='gy-vc__section'>末轮排名</Text>
      <Text className='gy-vc__meta gy-vc-results__method'>按专家标准化得分排序（每位专家的打分先换算为标准分再平均）；平均分为各专家加权总分的简单平均，仅供对照。</Text>
      <View className='gy-vc__table'>
        <View className='gy-vc__tr gy-vc__tr--head'>
          <Text className='gy-vc__td'>排名</Text>
          <Text className='gy-vc__td gy-vc__td--wide'>项目</Text>
          <Text className='gy-vc__td'>标准分</Text>
          <Text className='gy-vc__td'>平均分</Text>
        </View>
        {results.ranking.map((row) => (
          <View key={row.entryId} className='gy-vc__tr'>
            <Text className='gy-vc__td'>{row.rank}</Text>
            <Text className='gy-vc__td gy-vc__td--wide'>
              {row.title}（{row.orgName}）
            </Text>
            <Text className='gy-vc__td'>{score(row.normalizedScore, 2)}</Text>
            <Text className='gy-vc__td'>
              {score(row.plainMean, 1)}
              {row.plainRank !== row.rank ? `（第${row.plainRank}）` : ''}
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}
