import { z } from 'zod'
import { townshipSchema } from '../user/user.schema'
import { cursorSchema, listLimitSchema } from '../org/org.schema'
import { isPublicSafe, personalNumberMessage } from '../privacy/public-text.rules'
import { activityCategories, activityStatuses, type ActivityCategory, type ActivityStatus, type SignUpStatus } from './activity.constants'
import { activityFields, activityIdSchema, idSchema, instantSchema } from './activity.form-schema'

// The forms pages check with are zod/mini schemas (activity.form-schema.ts); re-exported for the functions.
export { activityIdSchema, attendanceInput, createActivityInput, instantSchema } from './activity.form-schema'
export type { AttendanceInput, CreateActivityInput } from './activity.form-schema'
export { scheduleIssues } from './activity.rules'

export { activityCategories, activityStatuses, activityStatusLabels, signUpStatuses } from './activity.constants'
export type { ActivityCategory, ActivityStatus, SignUpStatus } from './activity.constants'

/** Any subset of the fields; the merged schedule is checked against the stored one by the use case. */
export const updateActivityInput = z.object({
  activityId: activityIdSchema,
  title: z.optional(activityFields.title),
  category: z.optional(activityFields.category),
  description: z.optional(activityFields.description),
  township: z.optional(townshipSchema),
  address: z.optional(activityFields.address),
  startAt: z.optional(activityFields.startAt),
  endAt: z.optional(activityFields.endAt),
  signUpDeadline: z.optional(activityFields.signUpDeadline),
  capacity: z.optional(activityFields.capacity),
  waitlist: z.optional(activityFields.waitlist),
})
export type UpdateActivityInput = z.infer<typeof updateActivityInput>

export const activityIdInput = z.object({ activityId: activityIdSchema })

export const cancelActivityInput = z.object({
  activityId: activityIdSchema,
  reason: z.string({ error: '取消原因须为文字' }).trim().max(200, { error: '取消原因不超过200个字' }).refine(isPublicSafe, { error: personalNumberMessage('取消原因') }).optional(),
})

export const listActivitiesInput = z.object({
  township: z.optional(townshipSchema),
  category: z.enum(activityCategories, { error: '服务类别不正确' }).optional(),
  orgId: z.optional(idSchema('组织')),
  from: z.optional(instantSchema('起始日期')),
  to: z.optional(instantSchema('截止日期')),
  /** `draft` / `cancelled` only for staff of `orgId`. */
  status: z.enum(activityStatuses, { error: '活动状态不正确' }).optional(),
  cursor: cursorSchema,
  limit: listLimitSchema,
})
export type ListActivitiesInput = z.infer<typeof listActivitiesInput>

export interface MySignUpView {
  status: SignUpStatus
  /** 候补第 N 位: 1-based place in the waitlist now, while waitlisted. */
  waitlistPosition: number | null
  signedUpAt: string
}

export interface ActivityView {
  activityId: string
  orgId: string
  orgName: string
  title: string
  category: ActivityCategory
  description: string
  township: string
  address: string
  startAt: string
  endAt: string
  signUpDeadline: string
  capacity: number
  /** Confirmed sign-ups. */
  signedUp: number
  waitlisted: number
  placesLeft: number
  waitlist: boolean
  status: ActivityStatus
  cancelReason: string | null
  publishedAt: string | null
  mySignUp: MySignUpView | null
}

/** 我的活动: one of my sign-ups, with what the volunteer needs to see of the activity. */
export interface MyActivityView {
  activityId: string
  title: string
  orgName: string
  township: string
  address: string
  startAt: string
  endAt: string
  status: SignUpStatus
  waitlistPosition: number | null
  /** Why the organization cancelled the activity, when it did. */
  notice: string | null
  signedUpAt: string
}

export interface RosterEntry {
  openid: string
  realName: string
  /** Masked `138****5678`. */
  phone: string | null
  /** `walk_in`: attended without signing up (marked by staff). */
  status: SignUpStatus | 'walk_in'
  waitlistPosition: number | null
  signedUpAt: string | null
  checkInAt: string | null
  checkOutAt: string | null
  /** Why staff added this volunteer on site without a confirmed place (现场加入). */
  onSiteReason: string | null
  /** Minutes on the service record once hours are confirmed, else what check-in/out would give (0 below 60%). */
  minutes: number
  hoursConfirmed: boolean
}

export const confirmHoursInput = z.object({
  activityId: activityIdSchema,
  /** Corrections by staff; the original figure is kept beside each one. */
  entries: z
    .array(
      z.object({
        openid: z.string({ error: '缺少志愿者' }).trim().min(1, { error: '缺少志愿者' }).max(128, { error: '志愿者编号不正确' }),
        minutes: z.number({ error: '时长须为数字' }).int({ error: '时长须为整数分钟' }).min(0, { error: '时长为0–1440分钟' }).max(1440, { error: '时长为0–1440分钟' }),
        note: z.string({ error: '说明须为文字' }).trim().max(200, { error: '说明不超过200个字' }).optional(),
      }),
      { error: '修改项格式不正确' },
    )
    .max(1000, { error: '一次最多修改1000条' })
    .optional()
    .superRefine((entries, ctx) => {
      const seen = new Set<string>()
      entries?.forEach((entry, i) => {
        if (seen.has(entry.openid)) ctx.addIssue({ code: 'custom', path: [i, 'openid'], message: '同一志愿者只能出现一次，请合并后再提交' })
        seen.add(entry.openid)
      })
    }),
})
export type ConfirmHoursInput = z.infer<typeof confirmHoursInput>

export interface AttendanceView {
  activityId: string
  openid: string
  checkInAt: string | null
  checkOutAt: string | null
  /** Marked by staff rather than with the code. */
  markedByStaff: boolean
  /** Why staff added a volunteer without a confirmed place (现场加入). */
  onSiteReason: string | null
}

export interface CheckInCodeView {
  code: string
  expiresAt: string
  /** What the QR code carries. */
  qrPayload: string
}

/** One service record (志愿服务记录), holding what the national rules ask for. */
export interface ServiceRecordView {
  activityId: string
  openid: string
  volunteerName: string
  /** Masked, when the volunteer gave one. */
  volunteerIdCardNo: string | null
  activityTitle: string
  orgName: string
  /** Beijing date of the activity, `2026-06-07`. */
  date: string
  place: string
  content: string
  minutes: number
  /** What check-in and check-out gave, before any correction. */
  computedMinutes: number
  corrections: { fromMinutes: number; toMinutes: number; note: string; byName: string; at: string }[]
  /** Why staff added this volunteer on site without a confirmed place (现场加入); null for those who signed up. */
  onSiteReason: string | null
  recorderName: string
  recordedAt: string
}

export interface HoursView {
  totalMinutes: number
  starLevel: number
  hoursToNextStar: number | null
  records: ServiceRecordView[]
}
