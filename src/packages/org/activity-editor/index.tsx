import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { ActivityView } from '../../../../cloudfunctions/core/activity/activity.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { getActivity } from '../../../services/activity'
import { isCloudError } from '../../../services/cloud'
import { getOrg } from '../../../services/org'
import { messageOf } from '../../../utils/toast'
import { ActivityForm, type ActivitySaveOutcome } from './components/activity-form'
import './index.scss'

/** Fired with `{ activity, message }`; 活动管理 (activities/index.tsx) listens, to show the toast and the activity's tab. */
const ACTIVITY_SAVED_EVENT = 'gy:org-activity-saved'

type PageState =
  | { kind: 'loading' }
  | { kind: 'ready'; orgId: string; activity: ActivityView | null }
  | { kind: 'closed'; title: string; description: string }
  | { kind: 'denied'; reason: AccessDeniedReason; description?: string }
  | { kind: 'error'; message: string }

const deniedDescriptions: Record<AccessDeniedReason, string> = {
  signedOut: '登录后才能发布和编辑活动。',
  forbidden: '仅本组织的管理员和工作人员可以发布和编辑活动。',
  notFound: '活动不存在或已被删除。',
}

const savedToasts: Record<ActivitySaveOutcome, string> = { draft: '草稿已保存', published: '活动已发布', updated: '修改已保存' }

/** 编辑活动: `?orgId=` for a new activity, `?activityId=` to edit a draft or a published one. */
export default function ActivityEditorPage() {
  const params = useRouter().params
  const activityId = params.activityId ?? ''
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    try {
      const activity = activityId ? await getActivity(activityId) : null
      const orgId = activity?.orgId ?? params.orgId ?? ''
      if (!orgId) {
        setPage({ kind: 'denied', reason: 'notFound', description: '缺少组织编号，请从组织工作台进入活动管理。' })
        return
      }
      const org = await getOrg(orgId)
      if (ticket !== latest.current) return
      if (!org.myRole) setPage({ kind: 'denied', reason: 'forbidden', description: deniedDescriptions.forbidden })
      else if (org.status !== 'verified') setPage({ kind: 'closed', title: '组织尚未通过认证', description: '认证通过后可发布活动。' })
      else if (activity?.status === 'cancelled') setPage({ kind: 'closed', title: '活动已取消', description: '已取消的活动不能再修改。' })
      else setPage({ kind: 'ready', orgId, activity })
    } catch (error) {
      if (ticket !== latest.current) return
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      if (reason) setPage({ kind: 'denied', reason, description: deniedDescriptions[reason] })
      else setPage({ kind: 'error', message: messageOf(error) })
    }
  }, [activityId, params.orgId])

  useEffect(() => {
    void load()
    if (!activityId) void Taro.setNavigationBarTitle({ title: '发布新活动' })
  }, [load, activityId])

  const onSaved = (activity: ActivityView, outcome: ActivitySaveOutcome) => {
    const pages = Taro.getCurrentPages()
    const opener = pages.length > 1 ? pages[pages.length - 2] : null
    if (opener?.route?.includes('packages/org/activities/index')) {
      // 活动管理 shows the toast when it is back on screen, on the tab the activity is now in
      Taro.eventCenter.trigger(ACTIVITY_SAVED_EVENT, { activity, message: savedToasts[outcome] })
      void Taro.navigateBack()
      return
    }
    void Taro.showToast({ title: savedToasts[outcome], icon: 'success', duration: 1500 })
    if (opener) void Taro.navigateBack()
    else void Taro.redirectTo({ url: `/packages/org/activities/index?orgId=${encodeURIComponent(activity.orgId)}` })
  }

  return (
    <View className='gy-page gy-activity-editor'>
      {page.kind === 'loading' ? <PageLoading skeletons={['volunteer-form']} /> : null}

      {page.kind === 'denied' ? (
        <View className='gy-activity-editor__card'>
          <AccessDenied reason={page.reason} description={page.description} />
        </View>
      ) : null}

      {page.kind === 'closed' ? (
        <View className='gy-activity-editor__card'>
          <EmptyState illustration='activities' title={page.title} description={page.description} />
        </View>
      ) : null}

      {page.kind === 'error' ? <PageError title='活动加载失败' message={page.message} onRetry={() => void load()} /> : null}

      {page.kind === 'ready' ? <ActivityForm orgId={page.orgId} activity={page.activity} onSaved={onSaved} /> : null}
    </View>
  )
}
