// Written with zod/mini, which tree-shakes: pages check forms with these schemas (utils/schema-validation), the functions parse with the same objects.
import * as z from 'zod/mini'
import { isPublicSafe, personalNumberMessage } from '../privacy/public-text.rules'
import { townshipSchema } from '../user/user.form-schema'
import { activityCategories } from './activity.constants'
import { scheduleIssues } from './activity.rules'

export const idSchema = (label: string) =>
  z.string({ error: `缺少${label}` }).check(z.trim(), z.minLength(1, { error: `缺少${label}` }), z.maxLength(64, { error: `${label}编号不正确` }))
export const activityIdSchema = idSchema('活动')

/** ISO-8601 with an offset (`2026-06-07T07:30:00+08:00`), stored as UTC (`toISOString`) so it sorts as text. */
export const instantSchema = (label: string) =>
  z.pipe(
    z.pipe(z.string({ error: `请选择${label}` }).check(z.trim()), z.iso.datetime({ offset: true, error: `${label}格式不正确` })),
    z.transform((value: string) => new Date(value).toISOString()),
  )

/** The fields of an activity as its organizer writes them; updateActivityInput takes any subset. */
export const activityFields = {
  title: z
    .string({ error: '请填写活动名称' })
    .check(z.trim(), z.minLength(4, { error: '活动名称至少4个字' }), z.maxLength(40, { error: '活动名称不超过40个字' }), z.refine(isPublicSafe, { error: personalNumberMessage('活动名称') })),
  category: z.enum(activityCategories, { error: '请选择服务类别' }),
  description: z
    .string({ error: '请填写活动内容' })
    .check(z.trim(), z.minLength(10, { error: '活动内容至少10个字' }), z.maxLength(2000, { error: '活动内容不超过2000个字' }), z.refine(isPublicSafe, { error: personalNumberMessage('活动内容') })),
  township: townshipSchema,
  address: z.string({ error: '请填写活动地点' }).check(z.trim(), z.minLength(2, { error: '请填写详细的活动地点' }), z.maxLength(100, { error: '活动地点不超过100个字' })),
  startAt: instantSchema('开始时间'),
  endAt: instantSchema('结束时间'),
  signUpDeadline: instantSchema('报名截止时间'),
  capacity: z
    .number({ error: '招募人数须为数字' })
    .check(z.int({ error: '招募人数须为整数' }), z.gte(1, { error: '招募人数为1–10000' }), z.lte(10000, { error: '招募人数为1–10000' })),
  waitlist: z.boolean({ error: '候补设置不正确' }),
}

export const createActivityInput = z
  .object({ orgId: idSchema('组织'), ...activityFields, waitlist: z._default(activityFields.waitlist, false) })
  .check(
    z.superRefine((input, ctx) => {
      for (const issue of scheduleIssues(input)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message })
    }),
  )
export type CreateActivityInput = z.infer<typeof createActivityInput>

/** 签到 / 签退: a volunteer with the on-site code, or org staff marking someone by `openid`. */
export const attendanceInput = z
  .object({
    activityId: activityIdSchema,
    code: z.optional(z.string({ error: '请输入签到码' }).check(z.trim(), z.regex(/^\d{6}$/, { error: '签到码为6位数字' }))),
    openid: z.optional(z.string({ error: '缺少志愿者' }).check(z.trim(), z.minLength(1, { error: '缺少志愿者' }), z.maxLength(128, { error: '志愿者编号不正确' }))),
    /** Why staff add a volunteer who holds no confirmed place (现场加入); kept on the attendance and the service record. */
    reason: z.optional(z.string({ error: '原因须为文字' }).check(z.trim(), z.minLength(2, { error: '现场加入原因为2–200个字' }), z.maxLength(200, { error: '现场加入原因为2–200个字' }))),
  })
  .check(
    z.superRefine((input, ctx) => {
      if (!input.code && !input.openid) ctx.addIssue({ code: 'custom', path: ['code'], message: '请输入签到码' })
      if (input.code && input.openid) ctx.addIssue({ code: 'custom', path: ['openid'], message: '签到码和代签不能同时使用' })
      if (input.reason && !input.openid) ctx.addIssue({ code: 'custom', path: ['reason'], message: '只有工作人员代签时才填写现场加入原因' })
    }),
  )
export type AttendanceInput = z.infer<typeof attendanceInput>
