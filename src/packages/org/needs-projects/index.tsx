import { useCallback, useState, type ReactNode } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { matchStatusLabels, needStatusText, providerKindLabels } from '../../../../cloudfunctions/core/needs/needs.constants'
import type { MatchView, NeedView, ProjectView } from '../../../../cloudfunctions/core/needs/needs.schema'
import type { OrgView } from '../../../../cloudfunctions/core/org/org.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { ReasonDialog } from '../../../components/reason-dialog'
import { modalColors } from '../../../constants/theme'
import { useCursorFeed } from '../../../hooks/use-cursor-feed'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import { closeNeed, confirmMatch, listMatches, listNeeds, listProjects, ORG_NEEDS_CHANGED_EVENT } from '../../../services/needs'
import { getOrg } from '../../../services/org'
import { group, pressable } from '../../../utils/a11y'
import { formatDate } from '../../../utils/time'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import '../../../styles/needs-pages.scss'
import { ListFooter } from '../../../components/list-footer'
import './index.scss'

const PAGE_SIZE = 20

type Tab = 'projects' | 'matches' | 'needs'
const tabLabels: Record<Tab, string> = { projects: '我们的项目', matches: '对接', needs: '我们的需求' }
type Item = { kind: 'project'; project: ProjectView } | { kind: 'match'; match: MatchView } | { kind: 'need'; need: NeedView }

type OrgState = { kind: 'loading' } | { kind: 'ready'; org: OrgView } | { kind: 'denied'; reason: AccessDeniedReason } | { kind: 'error'; message: string }

const emptyTexts: Record<Tab, { title: string; description: string }> = {
  projects: { title: '还没有项目', description: '针对需求清单中的需求设计项目：目标、计划、预算、团队和周期。' },
  matches: { title: '还没有对接', description: '平台为项目匹配承接组织和资源提供方后，会在这里等待双方确认。' },
  needs: { title: '还没有发布需求', description: '社区社会组织可以发布本社区的服务需求，供各社会组织设计项目。' },
}

/** 需求与项目 (`?orgId=`, 组织工作台): our projects (项目清单), the matches we are on, and, for a community organization, our needs. */
export default function OrgNeedsProjectsPage() {
  const orgId = useRouter().params.orgId ?? ''
  const [orgState, setOrgState] = useState<OrgState>({ kind: 'loading' })
  const [busy, setBusy] = useState<string | null>(null)
  const [withdrawing, setWithdrawing] = useState<NeedView | null>(null)

  const loadOrg = useCallback(async () => {
    try {
      const org = await getOrg(orgId)
      setOrgState(org.myRole ? { kind: 'ready', org } : { kind: 'denied', reason: 'forbidden' })
    } catch (error) {
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      setOrgState(reason ? { kind: 'denied', reason } : { kind: 'error', message: messageOf(error) })
    }
  }, [orgId])

  useDidShow(() => {
    if (orgState.kind !== 'ready') void loadOrg()
  })

  const fetchItems = async (tab: Tab, cursor: string | undefined) => {
    const page = { ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }
    if (tab === 'projects') {
      const reply = await listProjects({ orgId, ...page })
      return { items: reply.items.map((project): Item => ({ kind: 'project', project })), nextCursor: reply.nextCursor }
    }
    if (tab === 'matches') {
      const reply = await listMatches({ orgId, ...page })
      return { items: reply.items.map((match): Item => ({ kind: 'match', match })), nextCursor: reply.nextCursor }
    }
    const reply = await listNeeds({ orgId, ...page })
    return { items: reply.items.map((need): Item => ({ kind: 'need', need })), nextCursor: reply.nextCursor }
  }

  const feed = useCursorFeed({
    initialFilter: 'projects' as Tab,
    toQuery: (tab: Tab) => tab,
    fetchPage: fetchItems,
    keyOf: (item: Item) => (item.kind === 'project' ? item.project.projectId : item.kind === 'match' ? item.match.matchId : item.need.needId),
    changedEvent: ORG_NEEDS_CHANGED_EVENT,
  })

  if (orgState.kind === 'loading') return <View className='gy-page gy-np'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (orgState.kind === 'error') return <View className='gy-page gy-np'><PageError title='组织信息加载失败' message={orgState.message} onRetry={() => { setOrgState({ kind: 'loading' }); void loadOrg() }} /></View>
  if (orgState.kind === 'denied') return <View className='gy-page gy-np'><View className='gy-np__card'><AccessDenied reason={orgState.reason} description='需求与项目仅对本组织的成员开放。' /></View></View>

  const { org } = orgState
  const verified = org.status === 'verified'
  const community = org.kind === 'community'
  const tabs: Tab[] = community ? ['projects', 'matches', 'needs'] : ['projects', 'matches']
  const { filter: tab, items, nextCursor, status, errorMessage, loadingMore, moreFailed, load, loadMore, changeFilter } = feed
  const go = (url: string) => () => void Taro.navigateTo({ url })
  const reload = () => void load(tab, 'refresh')

  const confirmUndertaking = async (match: MatchView) => {
    const { confirm } = await Taro.showModal({
      title: '确认承接',
      content: `确认由${org.name}承接“${match.projectTitle}”？资源提供方：${match.providers.map((p) => p.name).join('、')}。`,
      confirmText: '确认承接',
      ...modalColors('brand'),
    })
    if (!confirm) return
    setBusy(match.matchId)
    try {
      await confirmMatch(match.matchId, 'undertaker', { idempotencyKey: createIdempotencyKey() })
      toastSuccess('已确认承接')
      reload()
    } catch (error) {
      toastError(error)
    } finally {
      setBusy(null)
    }
  }

  const markFulfilled = async (need: NeedView) => {
    const { confirm } = await Taro.showModal({
      title: '标记为已满足',
      content: `${need.township}${need.community}的这条${need.field}需求将关闭，不再征集项目。`,
      confirmText: '已满足',
      ...modalColors('brand'),
    })
    if (!confirm) return
    setBusy(need.needId)
    try {
      await closeNeed({ needId: need.needId, outcome: 'fulfilled' }, { idempotencyKey: createIdempotencyKey() })
      toastSuccess('需求已关闭')
      reload()
    } catch (error) {
      toastError(error) // INVALID_STATE: 还没有项目回应
    } finally {
      setBusy(null)
    }
  }

  return (
    <View className='gy-page gy-np gy-org-needs'>
      <View className='gy-np__intro'>
        <Text className='gy-np__title'>需求与项目</Text>
        <Text className='gy-np__lead'>{org.name}：针对社区需求设计项目（项目清单），确认平台匹配的对接{community ? '，发布和关闭本社区的需求' : ''}。</Text>
      </View>

      {verified ? (
        <View className='gy-np__actions gy-org-needs__actions'>
          <Button className='gy-org-needs__new-project' type='primary' size='small' onClick={go(`/packages/org/project-form/index?orgId=${encodeURIComponent(orgId)}`)}>
            设计项目
          </Button>
          {community ? (
            <Button className='gy-org-needs__new-need' type='primary' fill='outline' size='small' onClick={go(`/packages/org/need-form/index?orgId=${encodeURIComponent(orgId)}`)}>
              发布需求
            </Button>
          ) : null}
        </View>
      ) : (
        <View className='gy-np__card'>
          <Text className='gy-np__meta'>组织通过认证后可以设计项目{community ? '和发布需求' : ''}。</Text>
        </View>
      )}

      <View className='gy-np__tabs' {...group('tablist', '需求与项目')}>
        {tabs.map((each) => (
          <View key={each} className={`gy-np__tab${tab === each ? ' gy-np__tab--active' : ''}`} {...pressable({ role: 'tab', selected: tab === each })} onClick={() => tab !== each && changeFilter(each)}>
            <Text>{tabLabels[each]}</Text>
          </View>
        ))}
      </View>

      {status === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}
      {status === 'error' ? <PageError title={`${tabLabels[tab]}加载失败`} message={errorMessage} onRetry={() => void load(tab, 'reset')} /> : null}
      {status === 'ready' && items.length === 0 ? (
        <View className='gy-np__card'>
          <EmptyState illustration='coming-soon' title={emptyTexts[tab].title} description={emptyTexts[tab].description} />
        </View>
      ) : null}
      {status === 'ready'
        ? items.map((item) => {
            if (item.kind === 'project') return <ProjectCard key={item.project.projectId} project={item.project} />
            if (item.kind === 'match') {
              const mine = item.match.undertaker.orgId === orgId
              return (
                <MatchCard key={item.match.matchId} match={item.match}>
                  {mine && !item.match.confirmed.undertaker ? (
                    <Button className='gy-org-needs__confirm' type='primary' size='small' disabled={busy === item.match.matchId} onClick={() => void confirmUndertaking(item.match)}>
                      确认承接
                    </Button>
                  ) : null}
                </MatchCard>
              )
            }
            const need = item.need
            return (
              <View key={need.needId} className='gy-np__card gy-org-needs__need'>
                <View className='gy-np__head'>
                  <Text className='gy-np__name'>
                    {need.township} · {need.community}
                  </Text>
                  <Text className={`gy-np__badge${need.status === 'open' ? ' gy-np__badge--alert' : ' gy-np__badge--muted'}`}>{needStatusText(need)}</Text>
                </View>
                <Text className='gy-np__meta'>
                  {need.field} · {need.beneficiaries}（{need.beneficiaryCount} 人）· {need.projectCount} 个项目回应 · {formatDate(need.createdAt)}
                </Text>
                <Text className='gy-np__text'>{need.content}</Text>
                <View className='gy-np__actions'>
                  <Button size='small' fill='outline' onClick={go(`/packages/needs/detail/index?needId=${encodeURIComponent(need.needId)}`)}>
                    查看详情
                  </Button>
                  {need.status === 'open' ? (
                    <>
                      <Button className='gy-org-needs__fulfilled' type='primary' size='small' disabled={busy === need.needId} onClick={() => void markFulfilled(need)}>
                        已满足
                      </Button>
                      <Button className='gy-org-needs__withdraw' size='small' disabled={busy === need.needId} onClick={() => setWithdrawing(need)}>
                        撤回
                      </Button>
                    </>
                  ) : null}
                </View>
              </View>
            )
          })
        : null}
      {status === 'ready' && items.length > 0 ? <ListFooter loadingMore={loadingMore} failed={moreFailed} hasMore={!!nextCursor} onMore={() => void loadMore()} /> : null}

      <ReasonDialog
        visible={withdrawing !== null}
        title='撤回需求'
        subject={withdrawing ? `${withdrawing.township} · ${withdrawing.community} · ${withdrawing.field}` : ''}
        hint='撤回后需求不再征集项目，原因会公开显示在需求详情中，请勿填写电话等个人信息。'
        placeholder='如：村里已自行解决'
        confirmText='撤回'
        label='撤回原因'
        emptyMessage='请填写撤回原因'
        minLength={2}
        maxLength={200}
        onCancel={() => setWithdrawing(null)}
        onSubmit={async (reason) => {
          if (!withdrawing) return null
          try {
            await closeNeed({ needId: withdrawing.needId, outcome: 'withdrawn', reason }, { idempotencyKey: createIdempotencyKey() })
            setWithdrawing(null)
            toastSuccess('需求已撤回')
            reload()
            return null
          } catch (error) {
            return messageOf(error)
          }
        }}
      />
    </View>
  )
}

function ProjectCard({ project }: { project: ProjectView }) {
  return (
    <View className='gy-np__card gy-org-needs__project'>
      <Text className='gy-np__name'>{project.title}</Text>
      <Text className='gy-np__meta'>
        回应 {project.needIds.length} 条需求 · 预算 ¥{project.budgetTotalYuan} · 团队 {project.teamSize} 人 · {project.durationMonths} 个月 · {formatDate(project.createdAt)}
      </Text>
      <Text className='gy-np__text'>{project.goals}</Text>
    </View>
  )
}

function MatchCard({ match, children }: { match: MatchView; children?: ReactNode }) {
  return (
    <View className='gy-np__card gy-org-needs__match'>
      <View className='gy-np__head'>
        <Text className='gy-np__name'>{match.projectTitle}</Text>
        <Text className={`gy-np__badge${match.status === 'confirmed' ? ' gy-np__badge--ok' : ' gy-np__badge--alert'}`}>{matchStatusLabels[match.status]}</Text>
      </View>
      <Text className='gy-np__strong'>承接组织：{match.undertaker.orgName}{match.confirmed.undertaker ? '（已确认）' : '（待确认）'}</Text>
      <Text className='gy-np__meta'>
        资源提供方：{match.providers.map((p) => `${p.name}（${providerKindLabels[p.kind]}）`).join('、')}
        {match.confirmed.providers ? '（平台已确认）' : '（待平台确认）'}
      </Text>
      {children ? <View className='gy-np__actions'>{children}</View> : null}
    </View>
  )
}

