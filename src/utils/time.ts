import { BEIJING_OFFSET_MS, beijingParts as beijing } from '../../cloudfunctions/core/time/beijing'

/** Beijing-time formatting for pages; the basic formats are shared with the functions. */
export { formatDate, formatDateTime } from '../../cloudfunctions/core/time/beijing'

/** `11月27日 15:05` */
export function formatMonthDayTime(iso: string): string {
  const { month, day, hour, minute } = beijing(iso)
  return `${month}月${day}日 ${hour}:${minute}`
}


const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const

/** `6月7日 周六` (no leading zeros: how a date reads in a sentence). */
export function formatMonthDayWeekday(iso: string): string {
  const at = new Date(new Date(iso).getTime() + BEIJING_OFFSET_MS)
  return `${at.getUTCMonth() + 1}月${at.getUTCDate()}日 ${WEEKDAYS[at.getUTCDay()]}`
}

/** `09:00` */
export function formatClock(iso: string): string {
  const { hour, minute } = beijing(iso)
  return `${hour}:${minute}`
}

/** `6月6日 周五 20:00` */
export function formatMonthDayWeekdayTime(iso: string): string {
  return `${formatMonthDayWeekday(iso)} ${formatClock(iso)}`
}

/** `6月7日 周六 09:00–11:30`; across midnight `6月7日 周六 20:00 – 6月8日 周日 06:00`. */
export function formatTimeRange(startAt: string, endAt: string): string {
  const startDay = formatMonthDayWeekday(startAt)
  const endDay = formatMonthDayWeekday(endAt)
  if (startDay === endDay) return `${startDay} ${formatClock(startAt)}–${formatClock(endAt)}`
  return `${startDay} ${formatClock(startAt)} – ${endDay} ${formatClock(endAt)}`
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Midnight (Beijing) of `now`'s Beijing date, as epoch milliseconds. */
function beijingMidnight(now: Date): number {
  return Math.floor((now.getTime() + BEIJING_OFFSET_MS) / DAY_MS) * DAY_MS - BEIJING_OFFSET_MS
}

/** The last millisecond of `now`'s week in Beijing (weeks run Monday–Sunday), as a UTC ISO string. */
export function endOfBeijingWeek(now: Date): string {
  const weekday = new Date(now.getTime() + BEIJING_OFFSET_MS).getUTCDay() // 0 = Sunday
  const daysLeft = (7 - weekday) % 7
  return new Date(beijingMidnight(now) + (daysLeft + 1) * DAY_MS - 1).toISOString()
}

/** The last millisecond of `now`'s month in Beijing, as a UTC ISO string. */
export function endOfBeijingMonth(now: Date): string {
  const at = new Date(now.getTime() + BEIJING_OFFSET_MS)
  const firstOfNextMonth = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1) - BEIJING_OFFSET_MS
  return new Date(firstOfNextMonth - 1).toISOString()
}

/** A Beijing wall time `2026-12-05 09:00` as the ISO string the server takes: `2026-12-05T09:00:00+08:00`. */
export function toBeijingIso(dateTime: string): string {
  const [date, time = '00:00'] = dateTime.trim().split(/\s+/)
  return `${date}T${time}:00+08:00`
}
