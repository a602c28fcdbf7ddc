import { z } from 'zod'
import { cursorSchema, listLimitSchema } from '../org/org.schema'
import { idSchema, seqSchema } from './project.form-schema'

/** Inputs of the funded-project actions of `venture` (资助项目: milestones, tranches, follow-ups). */

// The forms pages check with are zod/mini schemas (project.form-schema.ts); re-exported for the functions.
export { followUpInput, submitMilestoneInput } from './project.form-schema'
export type { FollowUpInput, SubmitMilestoneInput } from './project.form-schema'

export const fundedListInput = z.object({ contestId: z.optional(idSchema('大赛')), cursor: cursorSchema, limit: listLimitSchema })

export const projectIdInput = z.object({ projectId: idSchema('项目') })

export const orgProjectsInput = z.object({ orgId: idSchema('组织') })

export const projectQueueInput = z.object({
  /** `pending`: a milestone waits for review; `active`: every project not yet closed */
  filter: z.enum(['pending', 'active', 'all'], { error: '筛选条件须为 pending、active 或 all' }).default('active'),
  cursor: cursorSchema,
  limit: listLimitSchema,
})

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
