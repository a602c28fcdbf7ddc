import { createHmac, randomBytes } from 'node:crypto'

/**
 * The on-site check-in code (签到码): six digits derived from the activity's secret and the current
 * time window, so it changes every window and needs no storage. Staff show it as a QR code and as
 * digits; a volunteer scans or types it. The previous window's code is still accepted, for someone
 * typing as it changes.
 */
export const newCheckInSecret = () => randomBytes(16).toString('hex')

const windowIndex = (now: Date, windowSeconds: number) => Math.floor(now.getTime() / (windowSeconds * 1000))

function codeFor(secret: string, index: number): string {
  const digest = createHmac('sha256', secret).update(String(index)).digest()
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0')
}

export function currentCheckInCode(secret: string, now: Date, windowSeconds: number): { code: string; expiresAt: string } {
  const index = windowIndex(now, windowSeconds)
  return { code: codeFor(secret, index), expiresAt: new Date((index + 1) * windowSeconds * 1000).toISOString() }
}

export function checkInCodeMatches(secret: string, code: string, now: Date, windowSeconds: number): boolean {
  const index = windowIndex(now, windowSeconds)
  return code === codeFor(secret, index) || code === codeFor(secret, index - 1)
}

/** What the QR code on site carries; the check-in page reads it back. */
export const checkInPayload = (activityId: string, code: string) => `gycn:checkin:${activityId}:${code}`
