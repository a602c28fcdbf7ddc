import { z } from 'zod'
import { townshipSchema } from '../user/user.schema'
import { cursorSchema, listLimitSchema } from '../org/org.schema'
import { containsPersonalNumber, personalNumberMessage } from '../privacy/public-text.rules'
import { activityCategories, activityStatuses, type ActivityCategory, type ActivityStatus, type SignUpStatus } from './activity.constants'

export { activityCategories, activityStatuses, activityStatusLabels, signUpStatuses } from './activity.constants'
export type { ActivityCategory, ActivityStatus, SignUpStatus } from './activity.constants'

/** Activity pages are public: their free text holds no phone or ID number. */
const isPublicSafe = (text: string) => !containsPersonalNumber(text)

const idSchema = (label: string) => z.string({ error: `缺少${label}` }).trim().min(1, { error: `缺少${label}` }).max(64, { error: `${label}编号不正确` })
export const activityIdSchema = idSchema('活动')

/** ISO-8601 with an offset (`2026-06-07T07:30:00+08:00`), stored as UTC (`toISOString`) so it sorts as text. */
export const instantSchema = (label: string) =>
  z
    .string({ error: `请选择${label}` })
    .trim()
    .pipe(z.iso.datetime({ offset: true, error: `${label}格式不正确` }))
    .transform((value) => new Date(value).toISOString())

const activityFields = {
  title: z.string({ error: '请填写活动名称' }).trim().min(4, { error: '活动名称至少4个字' }).max(40, { error: '活动名称不超过40个字' }).refine(isPublicSafe, { error: personalNumberMessage('活动名称') }),
  category: z.enum(activityCategories, { error: '请选择服务类别' }),
  description: z.string({ error: '请填写活动内容' }).trim().min(10, { error: '活动内容至少10个字' }).max(2000, { error: '活动内容不超过2000个字' }).refine(isPublicSafe, { error: personalNumberMessage('活动内容') }),
  township: townshipSchema,
  address: z.string({ error: '请填写活动地点' }).trim().min(2, { error: '请填写详细的活动地点' }).max(100, { error: '活动地点不超过100个字' }),
  startAt: instantSchema('开始时间'),
  endAt: instantSchema('结束时间'),
  signUpDeadline: instantSchema('报名截止时间'),
  capacity: z.number({ error: '招募人数须为数字' }).int({ error: '招募人数须为整数' }).min(1, { error: '招募人数为1–10000' }).max(10000, { error: '招募人数为1–10000' }),
  waitlist: z.boolean({ error: '候补设置不正确' }),
}

/** The schedule's own order: ends after it starts; sign-up closes no later than the start. */
export function scheduleIssues(times: { startAt?: string; endAt?: string; signUpDeadline?: string }): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = []
  if (times.startAt && times.endAt && times.endAt <= times.startAt) issues.push({ path: 'endAt', message: '结束时间须晚于开始时间' })
  if (times.startAt && times.signUpDeadline && times.signUpDeadline > times.startAt) issues.push({ path: 'signUpDeadline', message: '报名截止时间不能晚于活动开始时间' })
  return issues
}

export const createActivityInput = z
  .object({ orgId: idSchema('组织'), ...activityFields, waitlist: activityFields.waitlist.default(false) })
  .superRefine((input, ctx) => {
    for (const issue of scheduleIssues(input)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message })
  })
export type CreateActivityInput = z.infer<typeof createActivityInput>

/** Any subset of the fields; the merged schedule is checked against the stored one by the use case. */
export const updateActivityInput = z.object({
  activityId: activityIdSchema,
  title: activityFields.title.optional(),
  category: activityFields.category.optional(),
  description: activityFields.description.optional(),
  township: townshipSchema.optional(),
  address: activityFields.address.optional(),
  startAt: activityFields.startAt.optional(),
  endAt: activityFields.endAt.optional(),
  signUpDeadline: activityFields.signUpDeadline.optional(),
  capacity: activityFields.capacity.optional(),
  waitlist: activityFields.waitlist.optional(),
})
export type UpdateActivityInput = z.infer<typeof updateActivityInput>

export const activityIdInput = z.object({ activityId: activityIdSchema })

export const cancelActivityInput = z.object({
  activityId: activityIdSchema,
  reason: z.string({ error: '取消原因须为文字' }).trim().max(200, { error: '取消原因不超过200个字' }).refine(isPublicSafe, { error: personalNumberMessage('取消原因') }).optional(),
})

export const listActivitiesInput = z.object({
  township: townshipSchema.optional(),
  category: z.enum(activityCategories, { error: '服务类别不正确' }).optional(),
  orgId: idSchema('组织').optional(),
  from: instantSchema('起始日期').optional(),
  to: instantSchema('截止日期').optional(),
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

/** 签到 / 签退: a volunteer with the on-site code, or org staff marking someone by `openid`. */
export const attendanceInput = z
  .object({
    activityId: activityIdSchema,
    code: z.string({ error: '请输入签到码' }).trim().regex(/^\d{6}$/, { error: '签到码为6位数字' }).optional(),
    openid: z.string({ error: '缺少志愿者' }).trim().min(1, { error: '缺少志愿者' }).max(128, { error: '志愿者编号不正确' }).optional(),
    /** Why staff add a volunteer who holds no confirmed place (现场加入); kept on the attendance and the service record. */
    reason: z.string({ error: '原因须为文字' }).trim().min(2, { error: '现场加入原因为2–200个字' }).max(200, { error: '现场加入原因为2–200个字' }).optional(),
  })
  .superRefine((input, ctx) => {
    if (!input.code && !input.openid) ctx.addIssue({ code: 'custom', path: ['code'], message: '请输入签到码' })
    if (input.code && input.openid) ctx.addIssue({ code: 'custom', path: ['openid'], message: '签到码和代签不能同时使用' })
    if (input.reason && !input.openid) ctx.addIssue({ code: 'custom', path: ['reason'], message: '只有工作人员代签时才填写现场加入原因' })
  })
export type AttendanceInput = z.infer<typeof attendanceInput>

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
