import type { ActivityCategory, ActivityStatus, ActivityView, MyActivityView, MySignUpView, SignUpStatus } from './activity.schema'

/** A volunteer activity (志愿服务活动): `activities`. Its counts change only by conditional updates or transactions. */
export interface ActivityDoc {
  _id: string
  orgId: string
  orgName: string
  title: string
  category: ActivityCategory
  description: string
  township: string
  address: string
  startAt: string
  endAt: string
  signUpDeadline: string
  capacity: number
  waitlist: boolean
  status: ActivityStatus
  confirmedCount: number
  waitlistedCount: number
  /** The last waitlist ticket handed out: tickets are strictly increasing, so the waitlist is first come, first served. */
  waitSeq: number
  /** capacity − confirmed, kept beside them: a place is taken by one conditional update on it. */
  placesLeft: number
  /**
   * Counts each write that moves the counters (a place or ticket taken or given back, a transaction
   * that frees or promotes): a recount lands only if nothing moved them while it counted.
   */
  countRev?: number
  /**
   * Set by every place or ticket taken, cleared by the recount that follows once no sign-up can
   * still be running (`lastTakeAt` older than the functions' time limit): a sign-up whose call
   * died after taking its place is found by the counters no longer equalling the documents.
   */
  recountDue?: boolean
  /** When the last place or ticket was taken. */
  lastTakeAt?: string
  /** Derives the rotating on-site check-in code; never leaves the server. */
  checkInSecret: string
  cancelReason: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
  publishedAt: string | null
  cancelledAt: string | null
  /**
   * The organization's latest announcement to the volunteers (a change of time or place, or the
   * cancellation), numbered by `noticeRev`; `noticePending` until every volunteer concerned has its
   * notification (set in the same conditional update as the change, cleared after the fan-out).
   */
  noticeKind?: 'activity.changed' | 'activity.cancelled'
  noticeRev?: number
  noticePending?: boolean
}

/** One volunteer's sign-up to one activity (报名): `activity_signups`, id `${activityId}:${openid}`. */
export interface SignUpDoc {
  _id: string
  activityId: string
  openid: string
  status: SignUpStatus
  /** Waitlist ticket while waitlisted (and kept after promotion, for the record). */
  waitSeq: number | null
  // the activity as the volunteer signed up for it, for 我的活动 without a second read
  title: string
  orgName: string
  township: string
  address: string
  startAt: string
  endAt: string
  /** When the place was confirmed (sign-up or promotion). */
  confirmedAt: string | null
  /** What the volunteer is told: the organization's reason when it cancelled the activity. */
  notice: string | null
  createdAt: string
  updatedAt: string
  promotedAt: string | null
  /** When the call that wrote it started (its agenda entry's `at`, its 报名成功 message's version). */
  intentAt?: string
}

/**
 * A volunteer's upcoming places and waitlist tickets, kept on their user document (`agenda`,
 * versioned by `agendaRev`): one conditional write on it refuses a second sign-up for the same
 * activity and a confirmed place that clashes with another, even for two taps at the same instant.
 */
export interface AgendaEntry {
  activityId: string
  startAt: string
  endAt: string
  status: 'confirmed' | 'waitlisted'
  /**
   * When the sign-up that wrote it started. The entry is written before the sign-up document: until
   * the grace after `at` has passed, an entry without its document is a sign-up still under way.
   */
  at?: string
}

export type AgendaConflict = { kind: 'duplicate'; entry: AgendaEntry } | { kind: 'clash'; entry: AgendaEntry }

/** Entries still ahead of `now` (ended ones are dropped whenever the agenda is rewritten). */
export const upcomingAgenda = (agenda: AgendaEntry[] | undefined, now: Date): AgendaEntry[] =>
  (agenda ?? []).filter((entry) => entry.endAt > now.toISOString())

/**
 * Why `activity` cannot go on the agenda with `status`: the same activity is there already, or a
 * confirmed place overlaps it (a waitlist ticket clashes with nothing until it becomes a place).
 */
export function agendaConflict(agenda: AgendaEntry[], activity: Pick<ActivityDoc, '_id' | 'startAt' | 'endAt'>, status: AgendaEntry['status']): AgendaConflict | null {
  const duplicate = agenda.find((entry) => entry.activityId === activity._id)
  if (duplicate) return { kind: 'duplicate', entry: duplicate }
  if (status !== 'confirmed') return null
  const clash = agenda.find((entry) => entry.status === 'confirmed' && overlaps(entry, activity))
  return clash ? { kind: 'clash', entry: clash } : null
}

export const agendaEntry = (activity: Pick<ActivityDoc, '_id' | 'startAt' | 'endAt'>, status: AgendaEntry['status'], at?: string): AgendaEntry => ({
  activityId: activity._id,
  startAt: activity.startAt,
  endAt: activity.endAt,
  status,
  ...(at ? { at } : {}),
})

/**
 * Pure rules of volunteer activities (志愿服务活动): when sign-up is open, what counts as a clash,
 * and what a viewer sees. `now` is always a parameter.
 */

/** Whether two time ranges overlap (touching ends do not). */
export const overlaps = (a: { startAt: string; endAt: string }, b: { startAt: string; endAt: string }) => a.startAt < b.endAt && b.startAt < a.endAt

/** The schedule's own order: ends after it starts; sign-up closes no later than the start. */
export function scheduleIssues(times: { startAt?: string; endAt?: string; signUpDeadline?: string }): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = []
  if (times.startAt && times.endAt && times.endAt <= times.startAt) issues.push({ path: 'endAt', message: '结束时间须晚于开始时间' })
  if (times.startAt && times.signUpDeadline && times.signUpDeadline > times.startAt) issues.push({ path: 'signUpDeadline', message: '报名截止时间不能晚于活动开始时间' })
  return issues
}

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
