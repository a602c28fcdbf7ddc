import { z } from 'zod'
import { cursorSchema, listLimitSchema } from '../org/org.schema'
import { containsPersonalNumber, personalNumberMessage } from '../privacy/public-text.rules'
import { beijingInstant, formatDate } from '../time/beijing'
import { followUpMethods } from './project.rules'

/** Inputs of the funded-project actions of `venture` (资助项目: milestones, tranches, follow-ups). */

const idSchema = (what: string) => z.string({ error: `缺少${what}` }).trim().min(1, { error: `缺少${what}` }).max(128, { error: `${what}编号不正确` })
const seqSchema = z.number({ error: '节点须为数字' }).int({ error: '节点须为整数' }).min(1, { error: '节点不正确' }).max(10, { error: '节点不正确' })

/** A real calendar date `YYYY-MM-DD` (2027-02-30 is refused). */
const dateSchema = z
  .string({ error: '请选择日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
  .refine((d) => formatDate(beijingInstant(d).toISOString()) === d, { error: '日期不正确' })

export const fundedListInput = z.object({ contestId: idSchema('大赛').optional(), cursor: cursorSchema, limit: listLimitSchema })

export const projectIdInput = z.object({ projectId: idSchema('项目') })

export const orgProjectsInput = z.object({ orgId: idSchema('组织') })

export const projectQueueInput = z.object({
  /** `pending`: a milestone waits for review; `active`: every project not yet closed */
  filter: z.enum(['pending', 'active', 'all'], { error: '筛选条件须为 pending、active 或 all' }).default('active'),
  cursor: cursorSchema,
  limit: listLimitSchema,
})

export const submitMilestoneInput = z.object({
  projectId: idSchema('项目'),
  seq: seqSchema,
  // public on the project's page: no phone or ID number
  text: z
    .string({ error: '请填写节点报告' })
    .trim()
    .min(20, { error: '节点报告为20–2000个字' })
    .max(2000, { error: '节点报告为20–2000个字' })
    .refine((t) => !containsPersonalNumber(t), { error: personalNumberMessage('节点报告') }),
  photoFileIds: z
    .array(z.string({ error: '照片不正确' }).trim().min(1, { error: '照片不正确' }).max(300, { error: '照片不正确' }), { error: '请上传照片' })
    .min(1, { error: '请上传1–9张照片' })
    .max(9, { error: '请上传1–9张照片' }),
})
export type SubmitMilestoneInput = z.input<typeof submitMilestoneInput>

export const reviewMilestoneInput = z
  .object({
    projectId: idSchema('项目'),
    seq: seqSchema,
    accept: z.boolean({ error: '请选择通过验收或退回' }),
    reason: z.string({ error: '退回原因须为文字' }).trim().max(300, { error: '退回原因不超过300个字' }).optional(),
  })
  .superRefine((input, ctx) => {
    if (!input.accept && (!input.reason || input.reason.length < 2)) ctx.addIssue({ code: 'custom', path: ['reason'], message: '退回时请填写原因（至少2个字）' })
  })

export const followUpInput = z.object({
  projectId: idSchema('项目'),
  date: dateSchema,
  method: z.enum(followUpMethods, { error: `回访方式须为：${followUpMethods.join('、')}` }),
  note: z.string({ error: '请填写回访记录' }).trim().min(5, { error: '回访记录为5–500个字' }).max(500, { error: '回访记录为5–500个字' }),
})
export type FollowUpInput = z.input<typeof followUpInput>
