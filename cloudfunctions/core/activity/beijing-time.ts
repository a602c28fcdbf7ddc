/** `2026-06-07 09:30` in Beijing time (UTC+8, no DST), for records and exports written on the server. */
export function formatBeijing(iso: string): string {
  const at = new Date(new Date(iso).getTime() + 8 * 3600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`
}
