// Written with zod/mini, which tree-shakes: pages check forms with these schemas (utils/schema-validation), the functions parse with the same objects.
import * as z from 'zod/mini'
import { isMobile } from '../identity/identity.rules'
import { containsPersonalNumber, personalNumberMessage } from '../privacy/public-text.rules'
import { realNameSchema, townshipSchema } from '../user/user.form-schema'
import { creditCodeProblem } from './credit-code.rules'
import { orgKinds } from './org.constants'

/** Landlines as people write them in Cangnan: 0577-64761234 or 057764761234. */
const LANDLINE_PATTERN = /^0\d{2,3}-?\d{7,8}$/

/** Optional text of at most `max` characters; an empty one is left out. */
export const optionalText = (max: number, label: string) =>
  z.pipe(
    z.optional(z.string({ error: `${label}须为文字` }).check(z.trim(), z.maxLength(max, { error: `${label}不超过${max}个字` }))),
    z.transform((value: string | undefined) => (value ? value : undefined)),
  )

export const registerOrgInput = z.pipe(
  z
    .object({
      name: z.string({ error: '请填写组织名称' }).check(z.trim(), z.minLength(4, { error: '组织名称至少4个字' }), z.maxLength(50, { error: '组织名称不超过50个字' })),
      /** Empty for an unregistered community organization (备案). */
      creditCode: z.pipe(
        z.optional(z.string({ error: '统一社会信用代码须为文字' }).check(z.trim())),
        z.transform((value: string | undefined) => (value ? value : undefined)),
      ),
      kind: z.enum(orgKinds, { error: '请选择组织类型' }),
      township: townshipSchema,
      community: optionalText(30, '所在社区'),
      contactName: realNameSchema,
      contactPhone: z
        .string({ error: '请填写联系电话' })
        .check(z.trim(), z.refine((value) => isMobile(value) || LANDLINE_PATTERN.test(value), { error: '联系电话须为手机号或座机号（如 0577-64761234）' })),
      intro: optionalText(500, '组织简介').check(z.refine((text) => !text || !containsPersonalNumber(text), { error: personalNumberMessage('组织简介') })),
    })
    .check(
      z.superRefine((input, ctx) => {
        if (input.creditCode !== undefined) {
          const problem = creditCodeProblem(input.creditCode)
          if (problem) ctx.addIssue({ code: 'custom', path: ['creditCode'], message: problem })
          return
        }
        if (input.kind !== 'community') {
          ctx.addIssue({ code: 'custom', path: ['creditCode'], message: '请填写18位统一社会信用代码' })
        } else if (!input.community) {
          ctx.addIssue({ code: 'custom', path: ['community'], message: '未登记的社区社会组织须填写所在社区' })
        }
      }),
    ),
  z.transform((input) => ({ ...input, creditCode: input.creditCode?.toUpperCase() })),
)
export type RegisterOrgInput = z.infer<typeof registerOrgInput>
