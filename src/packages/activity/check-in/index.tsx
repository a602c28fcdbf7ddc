import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { ActivityView, MySignUpView } from '../../../../cloudfunctions/core/activity/activity.schema'
import { policies } from '../../../../cloudfunctions/core/settings/policies'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { PageError } from '../../../components/page-state'
import { getActivity } from '../../../services/activity'
import { attendanceWindowOf } from '../../../utils/activity-state'
import { isCloudError } from '../../../services/cloud'
import { formatTimeRange } from '../../../utils/time'
import { messageOf, toastError } from '../../../utils/toast'
import { normalizeCheckInCode } from './check-in-payload'
import { CheckInForm } from './components/check-in-form'
import './index.scss'

type PageState =
  | { kind: 'loading' }
  | { kind: 'ready'; activity: ActivityView }
  | { kind: 'denied'; reason: AccessDeniedReason; description?: string }
  | { kind: 'error'; message: string }

const RULES =
  `签到时间：活动开始前${policies.checkInOpensMinutesBefore}分钟至活动结束；签退时间：活动结束后${policies.checkOutClosesMinutesAfter / 60}小时内。` +
  `在场时间满活动时长的${Math.round(policies.minCoverageRatio * 100)}%才计入服务时长。`

/** Router params may arrive still percent-encoded or already decoded. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** My sign-up as one tag: whether I hold a place to sign in with. */
function signUpTagOf(mine: MySignUpView | null): { text: string; tone: 'ok' | 'warn' | 'muted' } {
  if (mine?.status === 'confirmed') return { text: '已报名', tone: 'ok' }
  if (mine?.status === 'waitlisted') return { text: mine.waitlistPosition ? `候补第 ${mine.waitlistPosition} 位` : '候补中', tone: 'warn' }
  if (mine?.status === 'cancelled') return { text: '已取消报名', tone: 'muted' }
  if (mine?.status === 'released') return { text: '活动已取消', tone: 'muted' }
  return { text: '未报名', tone: 'muted' }
}

/** 签到签退 (`?activityId=`, optional `&code=`): the volunteer signs in and out on site with the six-digit code. */
export default function CheckInPage() {
  const params = useRouter().params
  const activityId = safeDecode(params.activityId ?? '')
  const initialCode = normalizeCheckInCode(safeDecode(params.code ?? ''))
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const latest = useRef(0)
  const shown = useRef(false)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!activityId) {
      setPage({ kind: 'denied', reason: 'notFound', description: '缺少活动编号，请扫描现场签到码或从“我的活动”进入。' })
      return
    }
    try {
      const activity = await getActivity(activityId)
      if (ticket !== latest.current) return
      shown.current = true
      setPage({ kind: 'ready', activity })
    } catch (error) {
      if (ticket !== latest.current) return
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      if (reason) setPage({ kind: 'denied', reason, description: reason === 'notFound' ? '该活动不存在或尚未发布。' : undefined })
      else if (shown.current) toastError(error)
      else setPage({ kind: 'error', message: messageOf(error) })
    }
  }, [activityId])

  useDidShow(() => {
    void load()
  })

  return (
    <View className='gy-page gy-check-in'>
      {page.kind === 'loading' ? (
        <View className='gy-check-in__skeleton'>
          <View className='gy-check-in__bone gy-check-in__bone--head' />
          <View className='gy-check-in__bone gy-check-in__bone--form' />
          <Text className='gy-check-in__loading-text'>正在加载…</Text>
        </View>
      ) : null}

      {page.kind === 'denied' ? (
        <View className='gy-check-in__card'>
          <AccessDenied reason={page.reason} description={page.description}>
            <Button className='gy-check-in__home' type='primary' fill='outline' size='small' onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
              返回首页
            </Button>
          </AccessDenied>
        </View>
      ) : null}

      {page.kind === 'error' ? (
        <PageError
          title='活动加载失败'
          message={page.message}
          onRetry={() => {
            setPage({ kind: 'loading' })
            void load()
          }}
        />
      ) : null}

      {page.kind === 'ready' ? (
        <View className='gy-check-in__content'>
          <ActivityHead activity={page.activity} />
          <CheckInForm activityId={activityId} initialCode={initialCode} closedReason={closedReasonOf(page.activity)} />
          <Text className='gy-check-in__rules'>{RULES}</Text>
        </View>
      ) : null}
    </View>
  )
}

/** Why 签到/签退 cannot be used now (before the window opens, after it closes), or null. */
function closedReasonOf(activity: ActivityView): string | null {
  if (activity.status === 'cancelled') return '本活动已取消，无需签到'
  const window = attendanceWindowOf(activity, new Date())
  if (window.phase === 'notYet') return `签到将于 ${window.text}`
  if (window.phase === 'over') return `${window.text}，如需更正请联系活动组织`
  return null
}

function ActivityHead({ activity }: { activity: ActivityView }) {
  const tag = signUpTagOf(activity.mySignUp)
  return (
    <View className='gy-check-in__card gy-check-in__head'>
      <View className='gy-check-in__head-top'>
        <Text className='gy-check-in__title'>{activity.title}</Text>
        <Text className={`gy-check-in__tag gy-check-in__tag--${tag.tone}`}>{tag.text}</Text>
      </View>
      <Text className='gy-check-in__org'>{activity.orgName}</Text>
      <View className='gy-check-in__meta'>
        <Text className='gy-check-in__meta-label'>时间</Text>
        <Text className='gy-check-in__meta-value'>{formatTimeRange(activity.startAt, activity.endAt)}</Text>
      </View>
      <View className='gy-check-in__meta'>
        <Text className='gy-check-in__meta-label'>地点</Text>
        <Text className='gy-check-in__meta-value'>{`${activity.township} · ${activity.address}`}</Text>
      </View>
      {activity.status === 'cancelled' ? <Text className='gy-check-in__cancelled'>本活动已取消，无需签到</Text> : null}
    </View>
  )
}
