import { signUpCanBeCancelled, signUpIsOpen } from '../../cloudfunctions/core/activity/activity.rules'
import { checkInIsOpen, checkOutIsOpen } from '../../cloudfunctions/core/activity/hours.rules'
import { policies } from '../../cloudfunctions/core/settings/policies'
import type { ActivityView, MyActivityView } from '../../cloudfunctions/core/activity/activity.schema'
import { formatMonthDayWeekdayTime } from './time'

// what the tab pages need lives in activity-feed.ts (kept out of the weapp main package's share of this module)
export { ACTIVITY_CHANGED_EVENT, placesOf, type PlacesState, type PlacesTone } from './activity-feed'

/**
 * What a volunteer reads off an activity (places, the 报名 button, where a sign-up is filed in
 * 我的活动), derived from the views the `activity` function returns. The rules themselves
 * (when sign-up is open, until when it can be cancelled) come from core/activity/activity.rules.
 */

/** What tapping the button does; null when it is disabled. */
export type SignUpAction = 'signUp' | 'cancel'

/** `primary`: brand colour (报名, 加入候补); `secondary`: outlined (取消…); `disabled`: grey. */
export type SignUpButtonTone = 'primary' | 'secondary' | 'disabled'

export interface SignUpButtonState {
  label: string
  action: SignUpAction | null
  tone: SignUpButtonTone
  /** One line above the button: what the state means or what happens next. */
  hint: string | null
}

const disabled = (label: string, hint: string | null = null): SignUpButtonState => ({ label, action: null, tone: 'disabled', hint })

/** The detail page's sticky 报名 button for `activity` as the caller sees it at `now`. */
export function signUpButtonOf(activity: ActivityView, now: Date): SignUpButtonState {
  if (activity.status === 'cancelled') return disabled('活动已取消', activity.cancelReason ? `取消原因：${activity.cancelReason}` : '组织方已取消本次活动')
  if (activity.status === 'draft') return disabled('活动未发布', '发布后志愿者才能报名')
  if (now.toISOString() >= activity.endAt) return disabled('活动已结束')

  const mine = activity.mySignUp
  const canCancel = signUpCanBeCancelled(activity, now)
  if (mine?.status === 'confirmed') {
    return canCancel
      ? { label: '已报名 · 取消报名', action: 'cancel', tone: 'secondary', hint: '你已报名成功，请按时到场；活动开始前可取消' }
      : disabled('已报名', '活动进行中，请按时签到')
  }
  if (mine?.status === 'waitlisted') {
    const position = mine.waitlistPosition ? `候补第 ${mine.waitlistPosition} 位` : '候补中'
    return canCancel
      ? { label: `${position} · 取消候补`, action: 'cancel', tone: 'secondary', hint: '有人取消报名时，将按候补顺序自动递补' }
      : disabled(position, '活动已开始，候补未能递补')
  }
  if (mine?.status === 'pending') return disabled('报名处理中…', '请稍候刷新查看结果')

  if (!signUpIsOpen(activity, now)) return disabled('报名已截止')
  const deadline = `报名截止：${formatMonthDayWeekdayTime(activity.signUpDeadline)}`
  if (activity.placesLeft > 0) return { label: '立即报名', action: 'signUp', tone: 'primary', hint: deadline }
  if (activity.waitlist) return { label: '加入候补', action: 'signUp', tone: 'primary', hint: '名额已满，加入候补后有人取消时自动递补' }
  return disabled('已满', '名额已满，本活动不设候补')
}

/** 我的活动's tabs. */
export type MyActivityTab = 'upcoming' | 'ended' | 'cancelled'

/** Where a sign-up is filed: cancelled (by me or the organization), ended, or still to come. */
export function myActivityTabOf(item: Pick<MyActivityView, 'status' | 'endAt'>, now: Date): MyActivityTab {
  if (item.status === 'cancelled' || item.status === 'released') return 'cancelled'
  return now.toISOString() >= item.endAt ? 'ended' : 'upcoming'
}

export type MyActivityTone = 'confirmed' | 'waitlisted' | 'muted' | 'released'

/** The status tag on a 我的活动 row. */
export function myActivityStatusOf(item: Pick<MyActivityView, 'status' | 'endAt' | 'waitlistPosition'>, now: Date): { text: string; tone: MyActivityTone } {
  const ended = now.toISOString() >= item.endAt
  switch (item.status) {
    case 'confirmed':
      return ended ? { text: '已结束', tone: 'muted' } : { text: '已报名', tone: 'confirmed' }
    case 'waitlisted':
      if (ended) return { text: '未递补', tone: 'muted' }
      return { text: item.waitlistPosition ? `候补第 ${item.waitlistPosition} 位` : '候补中', tone: 'waitlisted' }
    case 'pending':
      return { text: '处理中', tone: 'muted' }
    case 'cancelled':
      return { text: '已取消报名', tone: 'muted' }
    case 'released':
      return { text: '活动已取消', tone: 'released' }
  }
}


/** Where an activity's on-site attendance stands: before the check-in window, inside it, or past check-out. */
export type AttendanceWindow = { phase: 'notYet'; opensAt: string; text: string } | { phase: 'open' } | { phase: 'over'; text: string }

/**
 * 签到签退 and 现场签到码 open `checkInOpensMinutesBefore` the start (hours.rules) and close with
 * check-out; before that the pages say when they open and keep the action disabled.
 */
export function attendanceWindowOf(activity: Pick<ActivityView, 'startAt' | 'endAt'>, now: Date): AttendanceWindow {
  if (checkInIsOpen(activity, now, policies)) return { phase: 'open' }
  const opensAt = new Date(new Date(activity.startAt).getTime() - policies.checkInOpensMinutesBefore * 60_000).toISOString()
  if (now.getTime() < new Date(opensAt).getTime()) {
    return { phase: 'notYet', opensAt, text: `${formatMonthDayWeekdayTime(opensAt)} 开放（活动开始前${policies.checkInOpensMinutesBefore}分钟）` }
  }
  if (checkOutIsOpen(activity, now, policies)) return { phase: 'open' }
  return { phase: 'over', text: '签到签退时间已过' }
}
