/** Service time as people read it: `2小时30分`, `45分钟`, `2小时`, `0分钟`. */
export function formatDuration(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes))
  const hours = Math.floor(whole / 60)
  const rest = whole % 60
  if (hours === 0) return `${rest}分钟`
  return rest === 0 ? `${hours}小时` : `${hours}小时${rest}分`
}

/** Total hours with one decimal, `12.5` (rounded down, so a total never reads more than was served). */
export function formatHours(minutes: number): string {
  return (Math.floor((Math.max(0, minutes) / 60) * 10) / 10).toFixed(1)
}

/** `2.5 小时`, `2 小时`: the total as a label (no trailing `.0`). */
export const formatHoursLabel = (minutes: number) => `${Number(formatHours(minutes))} 小时`

/** A countdown `0:45` / `12:05` from milliseconds (never negative). */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}
