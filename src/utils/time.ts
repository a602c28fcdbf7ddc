/** Stored times are UTC ISO strings; people in Cangnan read them in Beijing time (UTC+8, no DST). */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000
const pad = (value: number) => String(value).padStart(2, '0')

function beijing(iso: string) {
  const at = new Date(new Date(iso).getTime() + BEIJING_OFFSET_MS)
  return { year: at.getUTCFullYear(), month: pad(at.getUTCMonth() + 1), day: pad(at.getUTCDate()), hour: pad(at.getUTCHours()), minute: pad(at.getUTCMinutes()) }
}

/** `11月27日 15:05` */
export function formatMonthDayTime(iso: string): string {
  const { month, day, hour, minute } = beijing(iso)
  return `${month}月${day}日 ${hour}:${minute}`
}

/** `2026-03-01` */
export function formatDate(iso: string): string {
  const { year, month, day } = beijing(iso)
  return `${year}-${month}-${day}`
}

/** `2026-11-20 15:05` */
export function formatDateTime(iso: string): string {
  const { year, month, day, hour, minute } = beijing(iso)
  return `${year}-${month}-${day} ${hour}:${minute}`
}
