/**
 * Pure rules of attendance and service hours (志愿服务时长): when check-in and check-out are open,
 * how many minutes a volunteer served, whether they count, and star levels. `now` is a parameter.
 */

const MINUTE = 60_000

export interface Schedule {
  startAt: string
  endAt: string
}

export interface AttendancePolicy {
  checkInOpensMinutesBefore: number
  checkOutClosesMinutesAfter: number
  minCoverageRatio: number
}

const ms = (iso: string) => new Date(iso).getTime()

/** Check-in is open from `checkInOpensMinutesBefore` before the start until the end. */
export const checkInIsOpen = (activity: Schedule, now: Date, policy: AttendancePolicy) =>
  now.getTime() >= ms(activity.startAt) - policy.checkInOpensMinutesBefore * MINUTE && now.getTime() <= ms(activity.endAt)

/** Check-out is open until `checkOutClosesMinutesAfter` after the end. */
export const checkOutIsOpen = (activity: Schedule, now: Date, policy: AttendancePolicy) =>
  now.getTime() <= ms(activity.endAt) + policy.checkOutClosesMinutesAfter * MINUTE

export const durationMinutes = (activity: Schedule) => Math.max(0, Math.round((ms(activity.endAt) - ms(activity.startAt)) / MINUTE))

/** Minutes of check-in..check-out that fall inside start..end (whole minutes, rounded down). */
export function servedMinutes(activity: Schedule, checkInAt: string | null, checkOutAt: string | null): number {
  if (!checkInAt || !checkOutAt) return 0
  const from = Math.max(ms(activity.startAt), ms(checkInAt))
  const to = Math.min(ms(activity.endAt), ms(checkOutAt))
  return Math.max(0, Math.floor((to - from) / MINUTE))
}

/** The minutes recorded for a volunteer: the served minutes when they cover enough of the activity, else 0. */
export function creditedMinutes(activity: Schedule, served: number, policy: Pick<AttendancePolicy, 'minCoverageRatio'>): number {
  const needed = Math.ceil(durationMinutes(activity) * policy.minCoverageRatio)
  return served >= needed && served > 0 ? served : 0
}

/** Star level (0–5): how many thresholds (in hours) the total has reached. */
export const starLevel = (totalMinutes: number, thresholdsHours: readonly number[]) =>
  thresholdsHours.filter((hours) => totalMinutes >= hours * 60).length

/** Hours still needed for the next star, or null at the top level. */
export function hoursToNextStar(totalMinutes: number, thresholdsHours: readonly number[]): number | null {
  const next = thresholdsHours.find((hours) => totalMinutes < hours * 60)
  return next === undefined ? null : Math.ceil((next * 60 - totalMinutes) / 60)
}
