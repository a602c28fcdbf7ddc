import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { needStatusText, providerKindLabels } from '../../../../cloudfunctions/core/needs/needs.constants'
import type { MatchView, NeedView, ProjectView } from '../../../../cloudfunctions/core/needs/needs.schema'
import { AccessDenied } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { isCloudError } from '../../../services/cloud'
import { getNeed } from '../../../services/needs'
import { group } from '../../../utils/a11y'
import { formatDate } from '../../../utils/time'
import { messageOf } from '../../../utils/toast'
import '../../../styles/needs-pages.scss'
import './index.scss'

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; need: NeedView; projects: ProjectView[]; matches: MatchView[] }
  | { kind: 'notFound' }
  | { kind: 'error'; message: string }

/** 需求详情 (`?needId=`): the need, the projects answering it, and who is on it (confirmed matches), public. */
export default function NeedDetailPage() {
  const needId = useRouter().params.needId ?? ''
  const [state, setState] = useState<State>({ kind: 'loading' })
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!needId) {
      setState({ kind: 'notFound' })
      return
    }
    try {
      const reply = await getNeed(needId)
      if (ticket === latest.current) setState({ kind: 'ready', ...reply })
    } catch (error) {
      if (ticket !== latest.current) return
      setState(isCloudError(error) && (error.code === 'NOT_FOUND' || error.code === 'INVALID_ARGUMENT') ? { kind: 'notFound' } : { kind: 'error', message: messageOf(error) })
    }
  }, [needId])

  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (state.kind === 'loading') return <View className='gy-page gy-np'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-np'><PageError title='需求加载失败' message={state.message} onRetry={() => { setState({ kind: 'loading' }); void load() }} /></View>
  if (state.kind === 'notFound') return <View className='gy-page gy-np'><View className='gy-np__card'><AccessDenied reason='notFound' description='这条需求不存在或已删除。' /></View></View>

  const { need, projects, matches } = state
  const open = need.status === 'open'
  return (
    <View className='gy-page gy-np gy-need-detail'>
      <View className='gy-np__card gy-need-detail__need' {...group('group', '需求')}>
        <View className='gy-np__head'>
          <Text className='gy-np__name'>
            {need.township} · {need.community}
          </Text>
          <Text className='gy-np__badge'>{need.field}</Text>
        </View>
        <View className='gy-np__chips'>
          <Text className={`gy-np__badge gy-need-detail__status ${open ? 'gy-np__badge--alert' : need.closedAs === 'fulfilled' ? 'gy-np__badge--ok' : 'gy-np__badge--muted'}`}>{needStatusText(need)}</Text>
        </View>
        <Text className='gy-np__strong'>
          服务对象：{need.beneficiaries}（{need.beneficiaryCount} 人）
        </Text>
        <Text className='gy-np__text'>{need.content}</Text>
        {need.closeReason ? <Text className='gy-np__meta'>撤回原因：{need.closeReason}</Text> : null}
        <Text className='gy-np__meta'>
          {need.orgName ?? '平台登记'} · 发布于 {formatDate(need.createdAt)}
          {need.closedAt ? ` · ${formatDate(need.closedAt)}关闭` : ''}
        </Text>
      </View>

      <Text className='gy-np__section'>谁在做（已确认对接 {matches.length}）</Text>
      {matches.length === 0 ? (
        <View className='gy-np__card'>
          <Text className='gy-np__meta'>{projects.length > 0 ? '已有项目回应，资源对接确认后会显示承接组织和资源提供方。' : '还没有项目回应这条需求。'}</Text>
        </View>
      ) : null}
      {matches.map((match) => (
        <View key={match.matchId} className='gy-np__card gy-need-detail__match'>
          <View className='gy-np__head'>
            <Text className='gy-np__name'>{match.projectTitle}</Text>
            <Text className='gy-np__badge gy-np__badge--ok'>已对接</Text>
          </View>
          <Text className='gy-np__strong'>承接组织：{match.undertaker.orgName}</Text>
          {match.providers.map((provider) => (
            <View key={provider.resourceId} className='gy-np__row gy-need-detail__provider'>
              <Text>
                {provider.name}（{providerKindLabels[provider.kind]}）
              </Text>
              {provider.contact ? (
                <Text className='gy-np__cell-note'>
                  {provider.contact.name} {provider.contact.phone}
                </Text>
              ) : null}
            </View>
          ))}
          {match.confirmedAt ? <Text className='gy-np__meta'>{formatDate(match.confirmedAt)} 双方确认</Text> : null}
        </View>
      ))}

      <Text className='gy-np__section'>回应的项目（{projects.length}）</Text>
      {projects.length === 0 ? (
        <View className='gy-np__card'>
          <EmptyState illustration='coming-soon' title='暂无项目' description='经认证的社会组织可在组织工作台的“需求与项目”中为这条需求设计项目。' />
        </View>
      ) : null}
      {projects.map((project) => (
        <View key={project.projectId} className='gy-np__card gy-need-detail__project'>
          <Text className='gy-np__name'>{project.title}</Text>
          <Text className='gy-np__meta'>
            {project.orgName} · 预算 ¥{project.budgetTotalYuan} · 团队 {project.teamSize} 人 · 周期 {project.durationMonths} 个月
          </Text>
          <Text className='gy-np__text'>{project.goals}</Text>
        </View>
      ))}
    </View>
  )
}
