import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'

/**
 * Times are stored as UTC ISO strings; people in Cangnan read them in Beijing time (UTC+8, no DST).
 * Shared by the functions (records, exports, ride slots) and the mini-program (src/utils/time.ts).
 * All Beijing-time arithmetic goes through dayjs here: one way to do it.
 */
dayjs.extend(utc)
dayjs.extend(timezone)

export const BEIJING_TZ = 'Asia/Shanghai'
export const BEIJING_OFFSET_MINUTES = 8 * 60
export const BEIJING_OFFSET_MS = BEIJING_OFFSET_MINUTES * 60 * 1000

/**
 * An instant seen on a Beijing wall clock. A fixed +08:00 offset (China has had no DST since 1991)
 * rather than an Intl time-zone lookup, so it behaves the same in every WeChat JavaScript engine.
 */
export const beijing = (at: string | number | Date) => dayjs(at).utcOffset(BEIJING_OFFSET_MINUTES)

/** The instant of a Beijing wall-clock date and time: `beijingInstant('2027-06-07', '07:30')`. */
export const beijingInstant = (date: string, time = '00:00') => dayjs.utc(`${date}T${time}:00`).subtract(BEIJING_OFFSET_MINUTES, 'minute')

/** The Beijing wall-clock parts of an instant, zero-padded. */
export function beijingParts(iso: string) {
  const at = beijing(iso)
  return { year: at.year(), month: at.format('MM'), day: at.format('DD'), hour: at.format('HH'), minute: at.format('mm') }
}

/** `2026-03-01` */
export const formatDate = (iso: string): string => beijing(iso).format('YYYY-MM-DD')

/** `2026-11-20 15:05` */
export const formatDateTime = (iso: string): string => beijing(iso).format('YYYY-MM-DD HH:mm')

/** `2026-06-07T07:30:00+08:00`: an instant as api.md writes times. */
export const toBeijingIso = (at: string | number | Date): string => beijing(at).format('YYYY-MM-DDTHH:mm:ssZ')

export { dayjs }
