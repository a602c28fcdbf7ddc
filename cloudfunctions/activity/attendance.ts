import type { ActionContext } from '../core/handler'
import { checkInCodeMatches } from '../core/activity/check-in-code'
import type { AttendanceInput, AttendanceView } from '../core/activity/activity.schema'
import { findSignUp, type ActivityDoc } from '../core/activity/activity.store'
import { checkInIsOpen, checkOutIsOpen } from '../core/activity/hours.rules'
import { checkIn, checkOut, type AttendanceDoc } from '../core/activity/hours.store'
import { AppError, invalidArgument } from '../core/errors'
import { policies } from '../core/settings/policies'
import { findUser } from '../core/user/user.store'

const toView = (doc: AttendanceDoc): AttendanceView => ({
  activityId: doc.activityId,
  openid: doc.openid,
  checkInAt: doc.checkInAt,
  checkOutAt: doc.checkOutAt,
  markedByStaff: doc.checkInBy !== doc.openid,
  onSiteReason: doc.onSiteReason ?? null,
})

/**
 * Whose attendance this call records: the caller themselves with the on-site code (they must hold a
 * confirmed place), or — without a code — a volunteer named by staff of the activity's organization
 * (dead phones, and walk-ins: someone without a confirmed place is added on site only with a reason,
 * which stays on the attendance and the service record).
 */
async function subjectOf(ctx: ActionContext, activity: ActivityDoc, input: AttendanceInput): Promise<{ openid: string; onSite: boolean }> {
  const caller = ctx.caller.openid
  if (!caller) throw new AppError('UNAUTHENTICATED')
  if (input.openid) {
    const profile = await ctx.profile()
    if (!profile?.memberships.some((m) => m.orgId === activity.orgId)) throw new AppError('FORBIDDEN', '仅本组织工作人员可以代为签到')
    const volunteer = await findUser(ctx.db, input.openid)
    if (!volunteer?.volunteer) throw new AppError('NOT_FOUND', '该志愿者不存在')
    const signUp = await findSignUp(ctx.db, activity._id, input.openid)
    return { openid: input.openid, onSite: signUp?.status !== 'confirmed' }
  }
  if (!checkInCodeMatches(activity.checkInSecret, input.code ?? '', ctx.now, policies.checkInCodeWindowSeconds)) {
    throw invalidArgument([{ path: 'code', message: '签到码不正确或已过期，请扫描现场最新的签到码' }])
  }
  const signUp = await findSignUp(ctx.db, activity._id, caller)
  if (signUp?.status !== 'confirmed') throw new AppError('INVALID_STATE', signUp?.status === 'waitlisted' ? '你仍在候补名单中，不能签到' : '你没有报名该活动')
  return { openid: caller, onSite: false }
}

function assertRunning(activity: ActivityDoc) {
  if (activity.status !== 'published') throw new AppError('INVALID_STATE', activity.status === 'cancelled' ? '活动已取消' : '活动尚未发布')
}

export async function recordCheckIn(ctx: ActionContext, activity: ActivityDoc, input: AttendanceInput): Promise<AttendanceView> {
  assertRunning(activity)
  const { openid, onSite } = await subjectOf(ctx, activity, input)
  if (onSite && !input.reason) {
    throw invalidArgument([{ path: 'reason', message: '该志愿者未报名本活动，现场加入请填写原因（2–200个字）' }])
  }
  if (!checkInIsOpen(activity, ctx.now, policies)) {
    throw new AppError('OUTSIDE_WINDOW', `签到时间为活动开始前${policies.checkInOpensMinutesBefore}分钟至活动结束`)
  }
  return toView(await checkIn(ctx.db, activity, openid, ctx.caller.openid as string, ctx.now.toISOString(), onSite ? (input.reason as string) : null))
}

export async function recordCheckOut(ctx: ActionContext, activity: ActivityDoc, input: AttendanceInput): Promise<AttendanceView> {
  assertRunning(activity)
  const { openid } = await subjectOf(ctx, activity, input)
  if (!checkOutIsOpen(activity, ctx.now, policies)) {
    throw new AppError('OUTSIDE_WINDOW', `签退已截止（活动结束后${policies.checkOutClosesMinutesAfter / 60}小时内）`)
  }
  return toView(await checkOut(ctx.db, activity._id, openid, ctx.caller.openid as string, ctx.now.toISOString()))
}
