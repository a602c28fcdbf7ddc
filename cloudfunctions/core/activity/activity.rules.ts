import type { ActivityDoc, SignUpDoc } from './activity.store'
import type { ActivityView, MyActivityView, MySignUpView } from './activity.schema'

/**
 * Pure rules of volunteer activities (志愿服务活动): when sign-up is open, what counts as a clash,
 * and what a viewer sees. `now` is always a parameter.
 */

/** Whether two time ranges overlap (touching ends do not). */
export const overlaps = (a: { startAt: string; endAt: string }, b: { startAt: string; endAt: string }) => a.startAt < b.endAt && b.startAt < a.endAt

/** Why the schedule cannot be published at `now`, per field; empty when it can. */
export function publishIssues(activity: Pick<ActivityDoc, 'startAt' | 'endAt' | 'signUpDeadline'>, now: Date): { path: string; message: string }[] {
  const at = now.toISOString()
  const issues: { path: string; message: string }[] = []
  if (activity.startAt <= at) issues.push({ path: 'startAt', message: '开始时间须晚于现在' })
  if (activity.signUpDeadline <= at) issues.push({ path: 'signUpDeadline', message: '报名截止时间须晚于现在' })
  return issues
}

export const signUpIsOpen = (activity: Pick<ActivityDoc, 'status' | 'signUpDeadline'>, now: Date) =>
  activity.status === 'published' && now.toISOString() <= activity.signUpDeadline

/** A volunteer may give up a place until the activity starts. */
export const signUpCanBeCancelled = (activity: Pick<ActivityDoc, 'startAt'>, now: Date) => now.toISOString() < activity.startAt

export const isActiveSignUp = (signUp: Pick<SignUpDoc, 'status'> | null | undefined): boolean =>
  !!signUp && (signUp.status === 'confirmed' || signUp.status === 'waitlisted')

export function toActivityView(activity: ActivityDoc, mySignUp: MySignUpView | null): ActivityView {
  return {
    activityId: activity._id,
    orgId: activity.orgId,
    orgName: activity.orgName,
    title: activity.title,
    category: activity.category,
    description: activity.description,
    township: activity.township,
    address: activity.address,
    startAt: activity.startAt,
    endAt: activity.endAt,
    signUpDeadline: activity.signUpDeadline,
    capacity: activity.capacity,
    signedUp: activity.confirmedCount,
    waitlisted: activity.waitlistedCount,
    placesLeft: Math.max(0, activity.placesLeft),
    waitlist: activity.waitlist,
    status: activity.status,
    cancelReason: activity.cancelReason,
    publishedAt: activity.publishedAt,
    mySignUp,
  }
}

export function toMyActivityView(signUp: SignUpDoc, waitlistPosition: number | null): MyActivityView {
  return {
    activityId: signUp.activityId,
    title: signUp.title,
    orgName: signUp.orgName,
    township: signUp.township,
    address: signUp.address,
    startAt: signUp.startAt,
    endAt: signUp.endAt,
    status: signUp.status,
    waitlistPosition: signUp.status === 'waitlisted' ? waitlistPosition : null,
    notice: signUp.notice,
    signedUpAt: signUp.createdAt,
  }
}
