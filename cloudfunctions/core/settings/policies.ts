/** Tunable rules of the platform: settings, not code. */
export const policies = {
  /** An organization's invite code (邀请码) can be used for this many days. */
  inviteValidDays: 7,
} as const
