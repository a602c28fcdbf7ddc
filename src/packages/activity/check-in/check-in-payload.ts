/**
 * The on-site QR code carries `gycn:checkin:<activityId>:<code>` (core/activity/check-in-code
 * `checkInPayload`); the check-in page reads it back from the scanner.
 */
export const CHECK_IN_CODE_LENGTH = 6

const PAYLOAD = /^gycn:checkin:([^:\s]+):(\d{6})$/

export type ScannedCheckIn =
  | { kind: 'code'; activityId: string; code: string }
  /** A QR code that is not an on-site check-in code at all. */
  | { kind: 'unknown' }

/** What a scanned text holds: an on-site code (with its activity), or something else. */
export function parseCheckInPayload(text: string): ScannedCheckIn {
  const trimmed = text.trim()
  const match = PAYLOAD.exec(trimmed)
  if (match) return { kind: 'code', activityId: match[1], code: match[2] }
  return { kind: 'unknown' }
}

/** Digits only, at most six: what the code box keeps of what was typed or pasted. */
export const normalizeCheckInCode = (raw: string) => raw.replace(/\D+/g, '').slice(0, CHECK_IN_CODE_LENGTH)
