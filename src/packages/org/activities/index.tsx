import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { activityStatusLabels, type ActivityStatus } from '../../../../cloudfunctions/core/activity/activity.constants'
import type { ActivityView } from '../../../../cloudfunctions/core/activity/activity.schema'
import type { OrgView } from '../../../../cloudfunctions/core/org/org.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { ReasonDialog } from '../../../components/reason-dialog'
import { cancelActivity, listActivities, publishActivity } from '../../../services/activity'
import { createIdempotencyKey, isCloudError, type CloudError } from '../../../services/cloud'
import { getOrg } from '../../../services/org'
import { messageOf, toastError } from '../../../utils/toast'
import { ActivityCard, type ActivityCardAction } from './components/activity-card'
import { modalColors } from '../../../constants/theme'
import { group, pressable } from '../../../utils/a11y'
import './index.scss'

const tabs: ActivityStatus[] = ['published', 'draft', 'cancelled']

/** Fired by 编辑活动 (activity-editor/index.tsx) with `{ activity, message }` before it goes back. */
const ACTIVITY_SAVED_EVENT = 'gy:org-activity-saved'

const emptyTexts: Record<ActivityStatus, { title: string; description: string }> = {
  published: { title: '暂无报名中的活动', description: '发布的活动会出现在这里，志愿者可以报名。' },
  draft: { title: '暂无草稿', description: '未发布的活动保存在这里，仅本组织成员可见。' },
  cancelled: { title: '暂无已取消的活动', description: '取消的活动会出现在这里。' },
}

const deniedDescriptions: Record<AccessDeniedReason, string> = {
  signedOut: '登录后才能管理组织的活动。',
  forbidden: '活动管理仅对本组织的管理员和工作人员开放。',
  notFound: '组织不存在。',
}

/** Field names the server may name when it refuses to publish. */
const fieldLabels: Record<string, string> = {
  title: '活动名称',
  category: '服务类别',
  description: '活动内容',
  township: '乡镇',
  address: '活动地点',
  startAt: '开始时间',
  endAt: '结束时间',
  signUpDeadline: '报名截止时间',
  capacity: '招募人数',
}

/** A refused publish, in a toast that says what to fix. */
function publishFailure(error: CloudError): string {
  const labels = [...new Set(error.fields.map((f) => fieldLabels[f.path.split('.')[0]] ?? f.path))]
  if (error.fields.length === 1) return `${error.fields[0].message}，请编辑后再发布`
  return `请编辑${labels.join('、')}后再发布`
}

type OrgState =
  | { kind: 'loading' }
  | { kind: 'ready'; org: OrgView }
  | { kind: 'denied'; reason: AccessDeniedReason; description?: string }
  | { kind: 'error'; message: string }

type ListState =
  | { kind: 'loading' }
  | { kind: 'ready'; items: ActivityView[]; nextCursor: string | null; loadingMore: boolean }
  | { kind: 'error'; message: string }

/** 活动管理 (`?orgId=`): the organization's activities by status, with publishing, editing and cancelling. */
export default function OrgActivitiesPage() {
  const orgId = useRouter().params.orgId ?? ''
  const [orgState, setOrgState] = useState<OrgState>({ kind: 'loading' })
  const [tab, setTab] = useState<ActivityStatus>('published')
  const [list, setList] = useState<ListState>({ kind: 'loading' })
  const [busy, setBusy] = useState<{ activityId: string; action: ActivityCardAction } | null>(null)
  const [cancelling, setCancelling] = useState<ActivityView | null>(null)
  const latest = useRef(0)
  const tabRef = useRef(tab)
  const listRef = useRef(list)
  listRef.current = list

  const deny = (error: unknown): boolean => {
    const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
    if (reason) setOrgState({ kind: 'denied', reason, description: deniedDescriptions[reason] })
    return reason !== null
  }

  /** The organization (only its staff may be here), then the first page of `status`; only the latest load wins. */
  const load = useCallback(
    async (status: ActivityStatus, options: { reset?: boolean } = {}) => {
      const ticket = ++latest.current
      if (options.reset) setList({ kind: 'loading' })
      if (!orgId) {
        setOrgState({ kind: 'denied', reason: 'notFound', description: '缺少组织编号，请从组织工作台进入活动管理。' })
        return
      }
      try {
        const org = await getOrg(orgId)
        if (ticket !== latest.current) return
        if (!org.myRole) {
          setOrgState({ kind: 'denied', reason: 'forbidden', description: deniedDescriptions.forbidden })
          return
        }
        setOrgState({ kind: 'ready', org })
      } catch (error) {
        if (ticket !== latest.current) return
        if (!deny(error)) setOrgState({ kind: 'error', message: messageOf(error) })
        return
      }
      try {
        const page = await listActivities({ orgId, status })
        if (ticket !== latest.current) return
        setList({ kind: 'ready', items: page.items, nextCursor: page.nextCursor, loadingMore: false })
      } catch (error) {
        if (ticket !== latest.current) return
        if (!deny(error)) setList({ kind: 'error', message: messageOf(error) })
      }
    },
    [orgId],
  )

  const loadMore = useCallback(async () => {
    const current = listRef.current
    if (current.kind !== 'ready' || !current.nextCursor || current.loadingMore) return
    const ticket = latest.current
    setList({ ...current, loadingMore: true })
    try {
      const page = await listActivities({ orgId, status: tabRef.current, cursor: current.nextCursor })
      if (ticket !== latest.current) return
      setList((previous) =>
        previous.kind === 'ready'
          ? {
              kind: 'ready',
              items: [...previous.items, ...page.items.filter((item) => !previous.items.some((seen) => seen.activityId === item.activityId))],
              nextCursor: page.nextCursor,
              loadingMore: false,
            }
          : previous,
      )
    } catch (error) {
      if (ticket !== latest.current) return
      setList((previous) => (previous.kind === 'ready' ? { ...previous, loadingMore: false } : previous))
      toastError(error)
    }
  }, [orgId])

  // back from 编辑活动: the toast and the tab the saved activity is in, once this page shows again
  const savedMessage = useRef<string | null>(null)
  useEffect(() => {
    const onSaved = ({ activity, message }: { activity: ActivityView; message: string }) => {
      savedMessage.current = message
      if (activity.status === tabRef.current) return
      tabRef.current = activity.status
      setTab(activity.status)
      setList({ kind: 'loading' })
    }
    Taro.eventCenter.on(ACTIVITY_SAVED_EVENT, onSaved)
    return () => {
      Taro.eventCenter.off(ACTIVITY_SAVED_EVENT, onSaved)
    }
  }, [])

  useDidShow(() => {
    if (savedMessage.current) void Taro.showToast({ title: savedMessage.current, icon: 'success', duration: 1500 })
    savedMessage.current = null
    void load(tabRef.current)
  })

  usePullDownRefresh(() => {
    void load(tabRef.current).finally(() => Taro.stopPullDownRefresh())
  })

  useReachBottom(() => {
    void loadMore()
  })

  const switchTab = (status: ActivityStatus) => {
    if (status === tabRef.current) return
    tabRef.current = status
    setTab(status)
    void load(status, { reset: true })
  }

  const dropFromList = (activityId: string) => {
    setList((previous) => (previous.kind === 'ready' ? { ...previous, items: previous.items.filter((item) => item.activityId !== activityId) } : previous))
  }

  const publish = async (activity: ActivityView) => {
    const { confirm } = await Taro.showModal({
      title: '发布活动',
      content: `确定发布「${activity.title}」？发布后志愿者即可报名。`,
      confirmText: '发布',
      ...modalColors(),
    })
    if (!confirm) return
    setBusy({ activityId: activity.activityId, action: 'publish' })
    try {
      await publishActivity(activity.activityId, { idempotencyKey: createIdempotencyKey() })
      dropFromList(activity.activityId)
      void Taro.showToast({ title: '已发布', icon: 'success', duration: 2000 })
    } catch (error) {
      if (isCloudError(error) && error.code === 'INVALID_ARGUMENT' && error.fields.length) {
        void Taro.showToast({ title: publishFailure(error), icon: 'none', duration: 3000 })
      } else {
        toastError(error)
        if (isCloudError(error) && (error.code === 'INVALID_STATE' || error.code === 'NOT_FOUND')) void load(tabRef.current)
      }
    } finally {
      setBusy(null)
    }
  }

  /** The cancel dialog's submit: null when done, else the message to show under the reason. */
  const cancel = async (reason: string): Promise<string | null> => {
    const activity = cancelling
    if (!activity) return null
    setBusy({ activityId: activity.activityId, action: 'cancel' })
    try {
      const { released } = await cancelActivity(activity.activityId, reason, { idempotencyKey: createIdempotencyKey() })
      dropFromList(activity.activityId)
      setCancelling(null)
      void Taro.showToast({ title: released > 0 ? `已取消，已通知 ${released} 位志愿者` : '活动已取消', icon: 'none', duration: 2500 })
      return null
    } catch (error) {
      if (isCloudError(error) && error.code === 'INVALID_ARGUMENT') return error.fieldMessages().reason ?? error.message
      toastError(error)
      if (isCloudError(error) && (error.code === 'INVALID_STATE' || error.code === 'NOT_FOUND')) {
        setCancelling(null)
        void load(tabRef.current)
        return null
      }
      return messageOf(error)
    } finally {
      setBusy(null)
    }
  }

  /** Confirmed and waitlisted volunteers who will be told of the cancellation. */
  const affected = (cancelling?.signedUp ?? 0) + (cancelling?.waitlisted ?? 0)

  const onAction = (action: ActivityCardAction, activity: ActivityView) => {
    if (action === 'edit') void Taro.navigateTo({ url: `/packages/org/activity-editor/index?activityId=${encodeURIComponent(activity.activityId)}` })
    if (action === 'roster') void Taro.navigateTo({ url: `/packages/org/roster/index?activityId=${encodeURIComponent(activity.activityId)}` })
    if (action === 'checkInCode') void Taro.navigateTo({ url: `/packages/org/check-in-code/index?activityId=${encodeURIComponent(activity.activityId)}` })
    if (action === 'hours') void Taro.navigateTo({ url: `/packages/org/hours/index?activityId=${encodeURIComponent(activity.activityId)}` })
    if (action === 'publish') void publish(activity)
    if (action === 'cancel') setCancelling(activity)
  }

  const createNew = () => void Taro.navigateTo({ url: `/packages/org/activity-editor/index?orgId=${encodeURIComponent(orgId)}` })

  if (orgState.kind === 'denied') {
    return (
      <View className='gy-page gy-org-activities'>
        <View className='gy-org-activities__card'>
          <AccessDenied reason={orgState.reason} description={orgState.description} />
        </View>
      </View>
    )
  }

  if (orgState.kind === 'error') {
    return (
      <View className='gy-page gy-org-activities'>
        <PageError
          title='活动加载失败'
          message={orgState.message}
          onRetry={() => {
            setOrgState({ kind: 'loading' })
            void load(tab, { reset: true })
          }}
        />
      </View>
    )
  }

  const org = orgState.kind === 'ready' ? orgState.org : null
  const verified = org?.status === 'verified'

  return (
    <View className='gy-page gy-org-activities'>
      <View className='gy-org-activities__header'>
        <View className='gy-org-activities__heading'>
          <Text className='gy-org-activities__title'>活动管理</Text>
          <Text className='gy-org-activities__subtitle'>{org ? org.name : '正在加载…'}</Text>
        </View>
        {verified ? (
          <Button className='gy-org-activities__create' type='primary' size='small' onClick={createNew}>
            + 发布新活动
          </Button>
        ) : null}
      </View>
      {org && !verified ? <Text className='gy-org-activities__locked'>认证通过后可发布活动</Text> : null}

      <View className='gy-org-activities__tabs' {...group('tablist', '活动状态')}>
        {tabs.map((status) => (
          <View
            key={status}
            className={`gy-org-activities__tab gy-org-activities__tab--${status}${tab === status ? ' gy-org-activities__tab--active' : ''}`}
            {...pressable({ role: 'tab', selected: tab === status })}
            onClick={() => switchTab(status)}
          >
            <Text>{activityStatusLabels[status]}</Text>
          </View>
        ))}
      </View>

      {list.kind === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}

      {list.kind === 'error' ? <PageError title='活动加载失败' message={list.message} onRetry={() => void load(tab, { reset: true })} /> : null}

      {list.kind === 'ready' && list.items.length === 0 ? (
        <View className='gy-org-activities__card'>
          <EmptyState illustration='activities' title={emptyTexts[tab].title} description={emptyTexts[tab].description}>
            {verified && tab !== 'cancelled' ? (
              <Button className='gy-org-activities__empty-create' type='primary' size='small' onClick={createNew}>
                发布新活动
              </Button>
            ) : null}
          </EmptyState>
        </View>
      ) : null}

      {list.kind === 'ready' && list.items.length > 0 ? (
        <View className='gy-org-activities__list'>
          {list.items.map((activity) => (
            <ActivityCard
              key={activity.activityId}
              activity={activity}
              busy={busy?.activityId === activity.activityId ? busy.action : null}
              disabled={busy !== null}
              onAction={onAction}
            />
          ))}
          {list.nextCursor ? (
            <Button className='gy-org-activities__more' fill='none' loading={list.loadingMore} onClick={() => void loadMore()}>
              加载更多
            </Button>
          ) : (
            <Text className='gy-org-activities__end'>没有更多了</Text>
          )}
        </View>
      ) : null}

      <ReasonDialog
        visible={cancelling !== null}
        title='取消活动'
        subject={cancelling?.title ?? ''}
        hint={
          affected > 0
            ? `取消后 ${affected} 位已报名或候补的志愿者的报名将被释放，他们会在“我的活动”中看到取消原因。取消后不能恢复。`
            : '取消后活动将不再接受报名，且不能恢复。'
        }
        placeholder='例如：受台风影响，为保障安全，本次活动取消'
        label='取消原因'
        emptyMessage='请填写取消原因，已报名的志愿者会看到它'
        maxLength={200}
        confirmText='确认取消活动'
        cancelText='再想想'
        onCancel={() => setCancelling(null)}
        onSubmit={cancel}
      />
    </View>
  )
}
