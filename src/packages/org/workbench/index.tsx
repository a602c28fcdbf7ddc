import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { MemberView, OrgView } from '../../../../cloudfunctions/core/org/org.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { PageError, PageLoading } from '../../../components/page-state'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import { getOrg, listInvites, listMembers, removeMember } from '../../../services/org'
import { loadOrgActivity } from '../../../services/stats'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { ActivityEntry } from './components/activity-entry'
import { AidEntry } from './components/aid-entry'
import { FleetEntry } from './components/fleet-entry'
import { VentureEntry } from './components/venture-entry'
import { NeedsEntry } from './components/needs-entry'
import { ActivityIndexCard, type ActivityIndexState } from './components/activity-index-card'
import { InvitePanel, type InvitesState } from './components/invite-panel'
import { MemberList, type MembersState } from './components/member-list'
import { OrgProfile } from './components/org-profile'
import { modalColors } from '../../../constants/theme'
import './index.scss'

type PageState =
  | { kind: 'loading' }
  | { kind: 'ready'; org: OrgView }
  | { kind: 'denied'; reason: AccessDeniedReason; description?: string }
  | { kind: 'error'; message: string }

const deniedDescriptions: Record<AccessDeniedReason, string> = {
  signedOut: '登录后才能查看组织工作台。',
  forbidden: '组织工作台仅对本组织的成员开放。',
  notFound: '组织不存在或尚未通过认证。',
}

/** 组织工作台 (`?orgId=`): the organization's profile, 活动管理, 救助项目, 爱心送考车队 and 公益创投 for its staff, its members and, for its admins, invitations. */
export default function OrgWorkbenchPage() {
  const orgId = useRouter().params.orgId ?? ''
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const [members, setMembers] = useState<MembersState>({ kind: 'loading' })
  const [invites, setInvites] = useState<InvitesState>({ kind: 'loading' })
  const [removing, setRemoving] = useState<string | null>(null)
  const [activityIndex, setActivityIndex] = useState<ActivityIndexState>({ kind: 'loading' })
  const latest = useRef(0)

  const loadMembers = useCallback(async () => {
    try {
      const items = await listMembers(orgId)
      setMembers({ kind: 'ready', items })
    } catch (error) {
      if (isCloudError(error) && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED')) setMembers({ kind: 'restricted' })
      else setMembers({ kind: 'error', message: messageOf(error) })
    }
  }, [orgId])

  const loadInvites = useCallback(async () => {
    try {
      setInvites({ kind: 'ready', items: await listInvites(orgId) })
    } catch (error) {
      setInvites({ kind: 'error', message: messageOf(error) })
    }
  }, [orgId])

  /** 活跃指数 for this (Beijing) year: only a verified organization's members get one. */
  const loadActivityIndex = useCallback(async () => {
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))
    try {
      setActivityIndex({ kind: 'ready', year, reply: await loadOrgActivity({ year, orgId }) })
    } catch (error) {
      setActivityIndex({ kind: 'error', message: messageOf(error) })
    }
  }, [orgId])

  /** Only the latest load wins, so a slow reply never overwrites a newer one. */
  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!orgId) {
      setPage({ kind: 'denied', reason: 'notFound', description: '缺少组织编号，请从“我的”页面进入组织工作台。' })
      return
    }
    try {
      const org = await getOrg(orgId)
      if (ticket !== latest.current) return
      setPage({ kind: 'ready', org })
      await Promise.all([
        loadMembers(),
        org.myRole === 'admin' ? loadInvites() : undefined,
        org.myRole && org.status === 'verified' ? loadActivityIndex() : undefined,
      ])
    } catch (error) {
      if (ticket !== latest.current) return
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      if (reason) setPage({ kind: 'denied', reason, description: deniedDescriptions[reason] })
      else setPage({ kind: 'error', message: messageOf(error) })
    }
  }, [orgId, loadMembers, loadInvites, loadActivityIndex])

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const confirmRemove = async (member: MemberView) => {
    const { confirm } = await Taro.showModal({
      title: '移除成员',
      content: member.isMe ? `确定将 ${member.displayName}（我）移出组织？移出后将无法再进入本工作台。` : `确定将 ${member.displayName} 移出组织？`,
      confirmText: '移除',
      ...modalColors('danger'),
    })
    if (!confirm) return
    setRemoving(member.openid)
    try {
      await removeMember(orgId, member.openid, { idempotencyKey: createIdempotencyKey() })
      toastSuccess('已移除')
      await load()
    } catch (error) {
      toastError(error) // INVALID_STATE: 组织至少需要保留一名管理员
    } finally {
      setRemoving(null)
    }
  }

  const retry = () => {
    setPage({ kind: 'loading' })
    void load()
  }

  return (
    <View className='gy-page gy-workbench'>
      {page.kind === 'loading' ? <PageLoading skeletons={['org-profile', 'member-list']} /> : null}

      {page.kind === 'denied' ? (
        <View className='gy-workbench__card'>
          <AccessDenied reason={page.reason} description={page.description} />
        </View>
      ) : null}

      {page.kind === 'error' ? <PageError title='组织信息加载失败' message={page.message} onRetry={retry} /> : null}

      {page.kind === 'ready' ? (
        <View className='gy-workbench__content'>
          <OrgProfile org={page.org} />
          {page.org.myRole ? (
            <View className='gy-workbench__section'>
              <ActivityEntry orgId={page.org.orgId} orgStatus={page.org.status} />
            </View>
          ) : null}
          {page.org.myRole ? (
            <View className='gy-workbench__section'>
              <AidEntry orgId={page.org.orgId} orgStatus={page.org.status} />
            </View>
          ) : null}
          {page.org.myRole ? (
            <View className='gy-workbench__section'>
              <FleetEntry orgId={page.org.orgId} orgStatus={page.org.status} />
            </View>
          ) : null}
          {page.org.myRole ? (
            <>
              <View className='gy-workbench__section'>
                <VentureEntry orgId={page.org.orgId} orgStatus={page.org.status} />
              </View>
              <View className='gy-workbench__section'>
                <NeedsEntry orgId={page.org.orgId} orgStatus={page.org.status} orgKind={page.org.kind} />
              </View>
            </>
          ) : null}
          {page.org.myRole && page.org.status === 'verified' ? (
            <View className='gy-workbench__section'>
              <ActivityIndexCard state={activityIndex} onRetry={() => void loadActivityIndex()} />
            </View>
          ) : null}
          <View className='gy-workbench__section'>
            <MemberList
              state={members}
              canRemove={page.org.myRole === 'admin'}
              removing={removing}
              onRemove={(member) => void confirmRemove(member)}
              onRetry={() => void loadMembers()}
            />
          </View>
          {page.org.myRole === 'admin' ? (
            <View className='gy-workbench__section'>
              <InvitePanel
                orgId={page.org.orgId}
                orgStatus={page.org.status}
                invites={invites}
                onCreated={() => void loadInvites()}
                onRetry={() => void loadInvites()}
              />
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
