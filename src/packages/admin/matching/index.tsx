import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { matchStatusLabels, providerKindLabels, resourceOfferLabels } from '../../../../cloudfunctions/core/needs/needs.constants'
import type { CountyView, MatchView, ProjectView, ResourceView } from '../../../../cloudfunctions/core/needs/needs.schema'
import type { OrgView } from '../../../../cloudfunctions/core/org/org.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { FormField } from '../../../components/form-field'
import { PageError, PageLoading } from '../../../components/page-state'
import { modalColors } from '../../../constants/theme'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import { confirmMatch, getCountyView, listMatches, listProjects, listResources, proposeMatch } from '../../../services/needs'
import { listOrgs } from '../../../services/org'
import { login } from '../../../services/user'
import { group, pressable } from '../../../utils/a11y'
import { formatDate } from '../../../utils/time'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { ListFooter } from '../../../components/list-footer'
import '../../../styles/needs-pages.scss'
import './index.scss'

const PICK_LIMIT = 50

interface Data {
  county: CountyView
  projects: ProjectView[]
  orgs: OrgView[]
  resources: ResourceView[]
  pending: MatchView[]
  pendingCursor: string | null
}
type State = { kind: 'loading' } | { kind: 'ready'; data: Data } | { kind: 'denied'; reason: AccessDeniedReason } | { kind: 'error'; message: string }
type PickKey = 'projectId' | 'undertakerOrgId' | 'providerIds' | '_form'

/** 需求对接 (平台管理): the county view of open needs by township and field (unanswered ones first), matching a project with an undertaker and providers, and the matches waiting for the providers' confirmation. */
export default function AdminMatchingPage() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [projectId, setProjectId] = useState<string | null>(null)
  const [undertakerId, setUndertakerId] = useState<string | null>(null)
  const [providerIds, setProviderIds] = useState<string[]>([])
  const [errors, setErrors] = useState<Partial<Record<PickKey, string>>>({})
  const [saving, setSaving] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const idempotency = useIdempotencyKey()
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    try {
      const user = await login()
      if (!user.roles.includes('platform_admin')) return setState({ kind: 'denied', reason: 'forbidden' })
      const [county, projects, orgs, resources, pending] = await Promise.all([
        getCountyView(),
        listProjects({ limit: PICK_LIMIT }),
        listOrgs({ status: 'verified', limit: PICK_LIMIT }),
        listResources({ limit: PICK_LIMIT }),
        listMatches({ status: 'pending', limit: 20 }),
      ])
      if (ticket !== latest.current) return
      setState({ kind: 'ready', data: { county, projects: projects.items, orgs: orgs.items, resources: resources.items, pending: pending.items, pendingCursor: pending.nextCursor } })
    } catch (error) {
      if (ticket !== latest.current) return
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      setState(reason ? { kind: 'denied', reason } : { kind: 'error', message: messageOf(error) })
    }
  }, [])

  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (state.kind === 'loading') return <View className='gy-page gy-np'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-np'><PageError title='需求对接加载失败' message={state.message} onRetry={() => { setState({ kind: 'loading' }); void load() }} /></View>
  if (state.kind === 'denied') return <View className='gy-page gy-np'><View className='gy-np__card'><AccessDenied reason={state.reason} description='需求对接仅对平台管理员开放。' /></View></View>

  const { county, projects, orgs, resources, pending, pendingCursor } = state.data
  const project = projects.find((p) => p.projectId === projectId) ?? null
  const undertaker = orgs.find((o) => o.orgId === undertakerId) ?? null
  const clear = (key: PickKey) => setErrors((current) => (current[key] || current._form ? { ...current, [key]: undefined, _form: undefined } : current))

  const submit = async () => {
    const problems: Partial<Record<PickKey, string>> = {}
    if (!project) problems.projectId = '请选择项目'
    if (!undertaker) problems.undertakerOrgId = '请选择承接组织'
    if (providerIds.length === 0) problems.providerIds = '请至少选择一个资源提供方'
    setErrors(problems)
    if (!project || !undertaker || providerIds.length === 0) return
    const names = resources.filter((r) => providerIds.includes(r.resourceId)).map((r) => r.provider.name)
    const { confirm } = await Taro.showModal({
      title: '发起对接',
      content: `“${project.title}”由${undertaker.name}承接，资源提供方：${names.join('、')}。承接组织确认、平台代资源方确认后，需求详情将公开显示对接信息。`,
      confirmText: '发起',
      ...modalColors('brand'),
    })
    if (!confirm) return
    const input = { projectId: project.projectId, providerIds, undertakerOrgId: undertaker.orgId }
    setSaving(true)
    try {
      await proposeMatch(input, { idempotencyKey: idempotency.keyFor(input) })
      idempotency.forget()
      toastSuccess('已发起对接')
      setProjectId(null)
      setUndertakerId(null)
      setProviderIds([])
      await load()
    } catch (error) {
      idempotency.forgetUnlessLost(error)
      if (isCloudError(error) && error.fields.length) {
        const next: Partial<Record<PickKey, string>> = {}
        for (const f of error.fields) next[f.path.split('.')[0] as PickKey] ??= f.message
        setErrors(next)
      } else setErrors({ _form: messageOf(error) })
    } finally {
      setSaving(false)
    }
  }

  const confirmProviders = async (match: MatchView) => {
    const { confirm } = await Taro.showModal({
      title: '代资源方确认',
      content: `确认已与${match.providers.map((p) => p.name).join('、')}沟通，同意为“${match.projectTitle}”提供资源？`,
      confirmText: '确认',
      ...modalColors('brand'),
    })
    if (!confirm) return
    setBusy(match.matchId)
    try {
      await confirmMatch(match.matchId, 'providers', { idempotencyKey: createIdempotencyKey() })
      toastSuccess('已确认')
      await load()
    } catch (error) {
      toastError(error)
    } finally {
      setBusy(null)
    }
  }

  const morePending = async () => {
    if (!pendingCursor || loadingMore) return
    setLoadingMore(true)
    try {
      const page = await listMatches({ status: 'pending', limit: 20, cursor: pendingCursor })
      setState((current) => (current.kind === 'ready' ? { kind: 'ready', data: { ...current.data, pending: [...current.data.pending, ...page.items], pendingCursor: page.nextCursor } } : current))
    } catch (error) {
      toastError(error)
    } finally {
      setLoadingMore(false)
    }
  }

  const go = (url: string) => () => void Taro.navigateTo({ url })

  return (
    <View className='gy-page gy-np gy-matching'>
      <View className='gy-np__intro'>
        <Text className='gy-np__title'>需求对接</Text>
        <Text className='gy-np__lead'>全县征集中的需求按乡镇和领域统计；为项目匹配承接组织和资源提供方，双方确认后需求详情公开显示“谁在做”。</Text>
        <Text className='gy-np__link gy-matching__resources' {...pressable({ role: 'link' })} onClick={go('/packages/admin/resources/index')}>
          维护资源清单 ›
        </Text>
      </View>

      <View className='gy-np__card gy-matching__county' {...group('group', '全县需求')}>
        <View className='gy-np__head'>
          <Text className='gy-np__name'>全县征集中 {county.openTotal} 项</Text>
          <Text className='gy-np__badge gy-np__badge--alert'>{county.unanswered.length} 项暂无项目</Text>
        </View>
        {county.openByTownship.length === 0 ? <Text className='gy-np__meta'>目前没有征集中的需求。</Text> : null}
        <View className='gy-np__table'>
          {county.openByTownship.map((row) => (
            <View key={row.township} className='gy-np__row gy-matching__township'>
              <Text className='gy-np__cell-label'>
                {row.township} {row.total}
              </Text>
              <Text className='gy-np__cell-note'>
                {Object.entries(row.byField)
                  .map(([field, n]) => `${field} ${n}`)
                  .join(' · ')}
              </Text>
            </View>
          ))}
        </View>
      </View>

      {county.unanswered.length > 0 ? <Text className='gy-np__section'>暂无项目回应的需求</Text> : null}
      {county.unanswered.map((need) => (
        <View
          key={need.needId}
          className='gy-np__card gy-np__card--alert gy-matching__unanswered'
          {...pressable({ role: 'link', label: `${need.township}${need.community}，${need.field}，暂无项目，查看详情` })}
          onClick={go(`/packages/needs/detail/index?needId=${encodeURIComponent(need.needId)}`)}
        >
          <View className='gy-np__head'>
            <Text className='gy-np__name'>
              {need.township} · {need.community}
            </Text>
            <Text className='gy-np__badge'>{need.field}</Text>
          </View>
          <Text className='gy-np__meta'>
            {need.beneficiaries}（{need.beneficiaryCount} 人）· 发布于 {formatDate(need.createdAt)}
          </Text>
        </View>
      ))}

      <Text className='gy-np__section'>发起对接</Text>
      <View className='gy-np__card gy-matching__form'>
        <FormField className='gy-matching__field--project' label='1. 选择项目' mark='required' error={errors.projectId}>
          {projects.length === 0 ? <EmptyState illustration='coming-soon' title='暂无项目' description='社会组织针对需求设计项目后可在这里对接。' /> : null}
          <View {...group('radiogroup', '选择项目')}>
            {projects.map((each) => {
              const on = each.projectId === projectId
              return (
                <View
                  key={each.projectId}
                  className={`gy-np__pick gy-matching__project${on ? ' gy-np__pick--on' : ''}`}
                  {...pressable({ role: 'radio', selected: on, label: `${each.title}，${each.orgName}` })}
                  onClick={() => {
                    setProjectId(each.projectId)
                    if (!undertakerId) setUndertakerId(orgs.some((o) => o.orgId === each.orgId) ? each.orgId : null)
                    clear('projectId')
                  }}
                >
                  <Text className='gy-np__pick-mark' aria-hidden='true'>
                    {on ? '●' : '○'}
                  </Text>
                  <View className='gy-np__pick-body'>
                    <Text>{each.title}</Text>
                    <Text className='gy-np__meta'>
                      {each.orgName} · 回应 {each.needIds.length} 条需求 · 预算 ¥{each.budgetTotalYuan}
                    </Text>
                  </View>
                </View>
              )
            })}
          </View>
        </FormField>

        <FormField className='gy-matching__field--undertaker' label='2. 承接组织' mark='required' error={errors.undertakerOrgId} hint='已认证的社会组织；默认是项目所属组织'>
          <View className='gy-np__chips' {...group('radiogroup', '承接组织')}>
            {orgs.map((org) => (
              <Text
                key={org.orgId}
                className={`gy-np__chip gy-matching__undertaker${org.orgId === undertakerId ? ' gy-np__chip--on' : ''}`}
                {...pressable({ role: 'radio', selected: org.orgId === undertakerId })}
                onClick={() => {
                  setUndertakerId(org.orgId)
                  clear('undertakerOrgId')
                }}
              >
                {org.name}
              </Text>
            ))}
          </View>
        </FormField>

        <FormField className='gy-matching__field--providers' label={`3. 资源提供方（已选 ${providerIds.length}）`} mark='required' error={errors.providerIds}>
          {resources.length === 0 ? <Text className='gy-np__meta'>资源清单还是空的，请先登记资源。</Text> : null}
          <View {...group('group', '资源提供方')}>
            {resources.map((resource) => {
              const on = providerIds.includes(resource.resourceId)
              return (
                <View
                  key={resource.resourceId}
                  className={`gy-np__pick gy-matching__provider${on ? ' gy-np__pick--on' : ''}`}
                  {...pressable({ selected: on, label: `${resource.provider.name}，${resource.township}` })}
                  onClick={() => {
                    setProviderIds((ids) => (on ? ids.filter((id) => id !== resource.resourceId) : ids.length < 10 ? [...ids, resource.resourceId] : ids))
                    clear('providerIds')
                  }}
                >
                  <Text className='gy-np__pick-mark' aria-hidden='true'>
                    {on ? '✓' : '○'}
                  </Text>
                  <View className='gy-np__pick-body'>
                    <Text>
                      {resource.provider.name}（{providerKindLabels[resource.provider.kind]}）
                    </Text>
                    <Text className='gy-np__meta'>
                      {resource.township} · {resource.offers.map((o) => resourceOfferLabels[o]).join('、')}
                    </Text>
                  </View>
                </View>
              )
            })}
          </View>
        </FormField>
        {errors._form ? <Text className='gy-np__error'>{errors._form}</Text> : null}
        <Button className='gy-matching__submit' type='primary' block disabled={saving} onClick={() => void submit()}>
          {saving ? '提交中…' : '发起对接'}
        </Button>
      </View>

      <Text className='gy-np__section'>待确认的对接（{pending.length}{pendingCursor ? '+' : ''}）</Text>
      {pending.length === 0 ? (
        <View className='gy-np__card'>
          <Text className='gy-np__meta'>没有待确认的对接。</Text>
        </View>
      ) : null}
      {pending.map((match) => (
        <View key={match.matchId} className='gy-np__card gy-matching__pending'>
          <View className='gy-np__head'>
            <Text className='gy-np__name'>{match.projectTitle}</Text>
            <Text className='gy-np__badge gy-np__badge--alert'>{matchStatusLabels[match.status]}</Text>
          </View>
          <Text className='gy-np__strong'>
            承接组织：{match.undertaker.orgName}
            {match.confirmed.undertaker ? '（已确认）' : '（待确认）'}
          </Text>
          <Text className='gy-np__meta'>
            资源提供方：{match.providers.map((p) => p.name).join('、')}
            {match.confirmed.providers ? '（已确认）' : '（待确认）'} · 发起于 {formatDate(match.createdAt)}
          </Text>
          {!match.confirmed.providers ? (
            <View className='gy-np__actions'>
              <Button className='gy-matching__confirm' type='primary' size='small' disabled={busy === match.matchId} onClick={() => void confirmProviders(match)}>
                代资源方确认
              </Button>
            </View>
          ) : null}
        </View>
      ))}
      {pendingCursor ? <ListFooter loadingMore={loadingMore} failed={false} hasMore onMore={() => void morePending()} /> : null}
    </View>
  )
}
