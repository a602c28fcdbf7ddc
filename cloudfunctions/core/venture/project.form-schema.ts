// Written with zod/mini, which tree-shakes: pages check forms with these schemas (utils/schema-validation), the functions parse with the same objects.
import * as z from 'zod/mini'
import { containsPersonalNumber, personalNumberMessage } from '../privacy/public-text.rules'
import { beijingInstant, formatDate } from '../time/beijing'
import { followUpMethods } from './project.rules'

export const idSchema = (what: string) =>
  z.string({ error: `缺少${what}` }).check(z.trim(), z.minLength(1, { error: `缺少${what}` }), z.maxLength(128, { error: `${what}编号不正确` }))
export const seqSchema = z.number({ error: '节点须为数字' }).check(z.int({ error: '节点须为整数' }), z.gte(1, { error: '节点不正确' }), z.lte(10, { error: '节点不正确' }))

/** A real calendar date `YYYY-MM-DD` (2027-02-30 is refused). */
const dateSchema = z.string({ error: '请选择日期' }).check(
  // abort: the calendar check below cannot read a malformed date (it threw, and the action answered INTERNAL)
  z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD', abort: true }),
  z.refine((d) => formatDate(beijingInstant(d).toISOString()) === d, { error: '日期不正确' }),
)

export const submitMilestoneInput = z.object({
  projectId: idSchema('项目'),
  seq: seqSchema,
  // public on the project's page: no phone or ID number
  text: z
    .string({ error: '请填写节点报告' })
    .check(
      z.trim(),
      z.minLength(20, { error: '节点报告为20–2000个字' }),
      z.maxLength(2000, { error: '节点报告为20–2000个字' }),
      z.refine((t) => !containsPersonalNumber(t), { error: personalNumberMessage('节点报告') }),
    ),
  photoFileIds: z
    .array(z.string({ error: '照片不正确' }).check(z.trim(), z.minLength(1, { error: '照片不正确' }), z.maxLength(300, { error: '照片不正确' })), { error: '请上传照片' })
    .check(z.minLength(1, { error: '请上传1–9张照片' }), z.maxLength(9, { error: '请上传1–9张照片' })),
})
export type SubmitMilestoneInput = z.input<typeof submitMilestoneInput>

export const followUpInput = z.object({
  projectId: idSchema('项目'),
  date: dateSchema,
  method: z.enum(followUpMethods, { error: `回访方式须为：${followUpMethods.join('、')}` }),
  note: z.string({ error: '请填写回访记录' }).check(z.trim(), z.minLength(5, { error: '回访记录为5–500个字' }), z.maxLength(500, { error: '回访记录为5–500个字' })),
})
export type FollowUpInput = z.input<typeof followUpInput>
