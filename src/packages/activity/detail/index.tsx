import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { ActivityView } from '../../../../cloudfunctions/core/activity/activity.schema'
import { checkOutIsOpen } from '../../../../cloudfunctions/core/activity/hours.rules'
import { policies } from '../../../../cloudfunctions/core/settings/policies'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { PageError } from '../../../components/page-state'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { cancelSignUp, getActivity, signUp } from '../../../services/activity'
import { isCloudError } from '../../../services/cloud'
import { ACTIVITY_CHANGED_EVENT, placesOf, signUpButtonOf, type SignUpButtonState } from '../../../utils/activity-state'
import { formatMonthDayWeekdayTime, formatTimeRange } from '../../../utils/time'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { modalColors } from '../../../constants/theme'
import { missingFor } from '../../../utils/eligibility'
import { askSubscription } from '../../../utils/subscribe'
import './index.scss'

type PageState =
  | { kind: 'loading' }
  | { kind: 'ready'; activity: ActivityView }
  | { kind: 'denied'; reason: AccessDeniedReason; description?: string }
  | { kind: 'error'; message: string }

const MINE_TAB = '/pages/mine/index'

/** 报名 needs a volunteer registration: explain it and offer the way there. */
async function askToRegister() {
  const { confirm } = await Taro.showModal({
    title: '报名需先注册成为志愿者',
    content: '志愿服务活动仅限注册志愿者报名。在“我的”页面完成志愿者实名注册后，回到这里即可报名。',
    confirmText: '去注册',
    cancelText: '再看看',
    ...modalColors(),
  })
  if (confirm) void Taro.switchTab({ url: MINE_TAB })
}

/** No identity reached the server (the H5 demo's 匿名访客). */
async function askToSignIn() {
  const h5 = process.env.TARO_ENV === 'h5'
  const { confirm } = await Taro.showModal({
    title: '请先登录',
    content: h5 ? '当前为匿名访客，无法报名。请在“我的”页面选择一个演示身份后再来报名。' : '登录后才能报名活动，请在微信中重新打开小程序。',
    confirmText: h5 ? '去登录' : '知道了',
    showCancel: h5,
    cancelText: '取消',
    ...modalColors(),
  })
  if (confirm && h5) void Taro.switchTab({ url: MINE_TAB })
}

/** 活动详情 (`?activityId=`): everything about one activity, and the sticky 报名 button that follows the caller's sign-up. */
export default function ActivityDetailPage() {
  const activityId = useRouter().params.activityId ?? ''
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const [busy, setBusy] = useState(false)
  const latest = useRef(0)
  const shown = useRef(false)
  const idempotency = useIdempotencyKey()

  /** Only the latest load wins, so a slow reply never overwrites a newer one. */
  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!activityId) {
      setPage({ kind: 'denied', reason: 'notFound', description: '缺少活动编号，请从首页的活动列表进入。' })
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
      else if (shown.current) toastError(error) // a refresh failed: keep what is on screen
      else setPage({ kind: 'error', message: messageOf(error) })
      if (reason) shown.current = false
    }
  }, [activityId])

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const changed = async () => {
    Taro.eventCenter.trigger(ACTIVITY_CHANGED_EVENT, activityId)
    await load()
  }

  const handleFailure = async (error: unknown) => {
    idempotency.forgetUnlessLost(error)
    if (isCloudError(error) && error.code === 'FORBIDDEN') return askToRegister()
    if (isCloudError(error) && error.code === 'UNAUTHENTICATED') return askToSignIn()
    // CAPACITY_FULL, OUTSIDE_WINDOW, ALREADY_EXISTS, a time clash (INVALID_STATE): the server says why
    toastError(error)
    if (isCloudError(error) && error.code !== 'INTERNAL') await load()
  }

  const doSignUp = async () => {
    let failure: unknown = null
    setBusy(true)
    try {
      const mine = await signUp(activityId, { idempotencyKey: idempotency.keyFor({ action: 'signUp', activityId }) })
      idempotency.forget()
      if (mine.status === 'waitlisted') {
        void Taro.showToast({ title: mine.waitlistPosition ? `已加入候补，第 ${mine.waitlistPosition} 位` : '已加入候补', icon: 'none', duration: 2500 })
      } else {
        toastSuccess('报名成功')
      }
      setPage((previous) => (previous.kind === 'ready' ? { kind: 'ready', activity: { ...previous.activity, mySignUp: mine } } : previous))
      await changed()
    } catch (error) {
      failure = error
    } finally {
      setBusy(false)
    }
    // after the spinner stops: a modal may ask the caller to register or sign in
    if (failure) await handleFailure(failure)
  }

  const doCancel = async (activity: ActivityView) => {
    const waitlisted = activity.mySignUp?.status === 'waitlisted'
    const { confirm } = await Taro.showModal({
      title: waitlisted ? '取消候补' : '取消报名',
      content: waitlisted ? `确定退出“${activity.title}”的候补名单？` : `确定取消报名“${activity.title}”？名额将让给其他志愿者。`,
      confirmText: waitlisted ? '取消候补' : '取消报名',
      cancelText: '再想想',
      ...modalColors('danger'),
    })
    if (!confirm) return
    let failure: unknown = null
    setBusy(true)
    try {
      await cancelSignUp(activityId, { idempotencyKey: idempotency.keyFor({ action: 'cancelSignUp', activityId }) })
      idempotency.forget()
      toastSuccess(waitlisted ? '已取消候补' : '已取消报名')
      await changed()
    } catch (error) {
      failure = error
    } finally {
      setBusy(false)
    }
    // after the spinner stops: a modal may ask the caller to register or sign in
    if (failure) await handleFailure(failure)
  }

  /** Say what is needed (sign in, register as a volunteer) before trying, not after a refusal. */
  const checkThenSignUp = async () => {
    setBusy(true)
    const missing = await missingFor('signUp')
    setBusy(false)
    if (missing === 'signIn') return askToSignIn()
    if (missing === 'register') return askToRegister()
    return doSignUp()
  }

  const press = (activity: ActivityView, button: SignUpButtonState) => {
    if (busy || !button.action) return
    if (button.action === 'signUp') {
      void askSubscription('activitySignUp') // on the tap itself (WeChat asks only from a tap); never awaited
      void checkThenSignUp()
    }
    else void doCancel(activity)
  }

  return (
    <View className={`gy-page gy-activity-detail${page.kind === 'ready' ? ' gy-activity-detail--with-bar' : ''}`}>
      {page.kind === 'loading' ? <DetailSkeleton /> : null}

      {page.kind === 'denied' ? (
        <View className='gy-activity-detail__card'>
          <AccessDenied reason={page.reason} description={page.description}>
            <Button className='gy-activity-detail__home' type='primary' fill='outline' size='small' onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
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

      {page.kind === 'ready' ? <ActivityDetail activity={page.activity} busy={busy} onPress={press} /> : null}
    </View>
  )
}

interface ActivityDetailProps {
  activity: ActivityView
  busy: boolean
  onPress: (activity: ActivityView, button: SignUpButtonState) => void
}

function ActivityDetail({ activity, busy, onPress }: ActivityDetailProps) {
  const button = signUpButtonOf(activity, new Date())
  const places = placesOf(activity)
  const cancelled = activity.status === 'cancelled'

  return (
    <View className='gy-activity-detail__content'>
      {cancelled ? (
        <View className='gy-activity-detail__notice'>
          <Text className='gy-activity-detail__notice-title'>本活动已取消</Text>
          <Text className='gy-activity-detail__notice-text'>{activity.cancelReason ? `取消原因：${activity.cancelReason}` : '组织方已取消本次活动，给你带来不便敬请谅解。'}</Text>
        </View>
      ) : null}

      <View className='gy-activity-detail__card gy-activity-detail__head'>
        <View className='gy-activity-detail__tags'>
          <Text className='gy-activity-detail__tag gy-activity-detail__tag--category'>{activity.category}</Text>
          <Text className={`gy-activity-detail__tag gy-activity-detail__tag--${cancelled ? 'cancelled' : places.tone}`}>{cancelled ? '已取消' : places.text}</Text>
        </View>
        <Text className='gy-activity-detail__title'>{activity.title}</Text>
        <Text className='gy-activity-detail__org'>{activity.orgName}</Text>
      </View>

      <View className='gy-activity-detail__card gy-activity-detail__info'>
        <InfoRow label='活动时间' value={formatTimeRange(activity.startAt, activity.endAt)} />
        <InfoRow label='活动地点' value={`${activity.township} · ${activity.address}`} />
        <InfoRow label='报名截止' value={formatMonthDayWeekdayTime(activity.signUpDeadline)} />
        <View className='gy-activity-detail__row gy-activity-detail__places'>
          <Text className='gy-activity-detail__label'>招募情况</Text>
          <View className='gy-activity-detail__places-body'>
            <Text className='gy-activity-detail__places-count'>
              已报名 <Text className='gy-activity-detail__places-number'>{activity.signedUp}</Text> / 名额 {activity.capacity}
              {activity.waitlist ? `，候补 ${activity.waitlisted} 人` : ''}
            </Text>
            <View className='gy-activity-detail__progress'>
              <View className={`gy-activity-detail__progress-bar gy-activity-detail__progress-bar--${places.tone}`} style={{ width: `${places.percent}%` }} />
            </View>
            <Text className='gy-activity-detail__places-note'>{activity.waitlist ? '名额满后可加入候补，有人取消时按顺序自动递补' : '本活动不设候补'}</Text>
          </View>
        </View>
      </View>

      <View className='gy-activity-detail__card gy-activity-detail__description'>
        <Text className='gy-activity-detail__section-title'>活动内容</Text>
        <Text className='gy-activity-detail__text'>{activity.description}</Text>
      </View>

      <View className='gy-activity-detail__bar'>
        {/* a cancelled activity says why in the notice at the top already */}
        {button.hint && !cancelled ? <Text className={`gy-activity-detail__hint gy-activity-detail__hint--${button.tone}`}>{button.hint}</Text> : null}
        <Button
          className={`gy-activity-detail__action gy-activity-detail__action--${button.tone}`}
          type={button.tone === 'disabled' ? 'default' : 'primary'}
          fill={button.tone === 'secondary' ? 'outline' : 'solid'}
          block
          size='large'
          disabled={!button.action}
          loading={busy}
          onClick={() => onPress(activity, button)}
        >
          {button.label}
        </Button>
        {activity.mySignUp?.status === 'confirmed' && !cancelled && checkOutIsOpen(activity, new Date(), policies) ? (
          <Button
            className='gy-activity-detail__check-in'
            type='primary'
            fill='none'
            block
            onClick={() => void Taro.navigateTo({ url: `/packages/activity/check-in/index?activityId=${encodeURIComponent(activity.activityId)}` })}
          >
            签到 / 签退（活动开始前{policies.checkInOpensMinutesBefore}分钟开放）
          </Button>
        ) : null}
      </View>
    </View>
  )
}

function InfoRow({ label, value }: { label: string; value: string }) {
  return (
    <View className='gy-activity-detail__row'>
      <Text className='gy-activity-detail__label'>{label}</Text>
      <Text className='gy-activity-detail__value'>{value}</Text>
    </View>
  )
}

function DetailSkeleton() {
  return (
    <View className='gy-activity-detail__skeleton'>
      <View className='gy-activity-detail__bone gy-activity-detail__bone--head' />
      <View className='gy-activity-detail__bone gy-activity-detail__bone--info' />
      <View className='gy-activity-detail__bone gy-activity-detail__bone--text' />
      <Text className='gy-activity-detail__loading-text'>正在加载…</Text>
    </View>
  )
}
