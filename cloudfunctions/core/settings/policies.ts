/** Tunable rules of the platform: settings, not code. */
export const policies = {
  /** An organization's invite code (邀请码) can be used for this many days. */
  inviteValidDays: 7,
  /** Check-in (签到) opens this long before an activity starts and closes when it ends. */
  checkInOpensMinutesBefore: 30,
  /** Check-out (签退) stays open this long after an activity ends. */
  checkOutClosesMinutesAfter: 120,
  /** The on-site code changes this often (seconds); the previous code is still accepted. */
  checkInCodeWindowSeconds: 60,
  /** Served time counts only when it covers at least this share of the activity (志愿服务时长认定). */
  minCoverageRatio: 0.6,
  /** A claimed wish (认领) goes back on the wall after this many days unless fulfilled. */
  wishClaimDays: 7,
  /** How often the local stack runs the claim-expiry timer (CloudBase runs it from cloudbaserc.json). */
  wishExpiryIntervalSeconds: 60,
  /**
   * A sign-up still recorded as under way this long after it started belongs to a call that died
   * (longer than any function may run, see cloudbaserc.json): recovery completes or undoes it.
   */
  signUpRecoveryGraceSeconds: 60,
  /** How often the local stack runs the sign-up recovery timer (CloudBase runs it from cloudbaserc.json). */
  signUpRecoveryIntervalSeconds: 30,
  /** How often the local stack purges stored idempotent replies past their TTL (CloudBase: hourly, cloudbaserc.json). */
  idempotencyPurgeIntervalSeconds: 3600,
  /** 爱心送考: a trip blocks its driver from its first pickup until this long after its last pickup. */
  rideTripBlockMinutes: 60,
  /** 爱心送考: bookings whose pickups lie within this many minutes of each other may share a trip (拼车). */
  rideCarpoolWindowMinutes: 20,
  /** 爱心送考: the booker may cancel until this long before the pickup. */
  rideCancelHoursBefore: 2,
  /** How often the local stack runs the message sender (CloudBase: every minute, cloudbaserc.json). */
  messageSendIntervalSeconds: 15,
  /** How often the local stack runs the reminders (CloudBase: hourly, cloudbaserc.json). */
  messageRemindIntervalSeconds: 600,
  /** Star levels (星级志愿者) by accumulated hours. */
  starThresholdsHours: [100, 300, 600, 1000, 1500],
} as const

/**
 * The recovery grace in force: `SIGNUP_RECOVERY_GRACE_SECONDS` may shorten it where every call of a
 * previous process is known to be dead (the crash test restarts the local stack).
 */
export function signUpRecoveryGraceSeconds(): number {
  const override = Number(process.env.SIGNUP_RECOVERY_GRACE_SECONDS)
  return Number.isFinite(override) && override >= 0 && process.env.SIGNUP_RECOVERY_GRACE_SECONDS !== '' ? override : policies.signUpRecoveryGraceSeconds
}

/** Whether a change recorded as under way since `at` belongs to a call that died (see the grace above). */
export const underWayIsAbandoned = (at: string, now: Date) => now.getTime() - new Date(at).getTime() >= signUpRecoveryGraceSeconds() * 1000
