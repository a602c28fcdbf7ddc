/**
 * Times are stored as UTC ISO strings; people in Cangnan read them in Beijing time (UTC+8, no DST).
 * Shared by the functions (records, exports) and the mini-program (src/utils/time.ts).
 */
export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000

const pad = (value: number) => String(value).padStart(2, '0')

/** The Beijing wall-clock parts of an instant, zero-padded. */
export function beijingParts(iso: string) {
  const at = new Date(new Date(iso).getTime() + BEIJING_OFFSET_MS)
  return { year: at.getUTCFullYear(), month: pad(at.getUTCMonth() + 1), day: pad(at.getUTCDate()), hour: pad(at.getUTCHours()), minute: pad(at.getUTCMinutes()) }
}

/** `2026-03-01` */
export function formatDate(iso: string): string {
  const { year, month, day } = beijingParts(iso)
  return `${year}-${month}-${day}`
}

/** `2026-11-20 15:05` */
export function formatDateTime(iso: string): string {
  const { year, month, day, hour, minute } = beijingParts(iso)
  return `${year}-${month}-${day} ${hour}:${minute}`
}
