// Written with zod/mini, which tree-shakes: pages check forms with these schemas (utils/schema-validation), the functions parse with the same objects.
import * as z from 'zod/mini'
import { isRealName, MOBILE_PATTERN } from '../identity/identity.rules'
import { townships } from '../settings/townships'
import { volunteerMessages as say } from './user.constants'

export const phoneSchema = z.string({ error: say.phoneRequired }).check(z.trim(), z.regex(MOBILE_PATTERN, { error: say.phone }))

export const townshipSchema = z.enum(townships, { error: say.township })

export const realNameSchema = z.string({ error: say.realNameRequired }).check(z.trim(), z.refine(isRealName, { error: say.realName }))

export const joinOrgInput = z.object({
  inviteCode: z.string({ error: '请填写邀请码' }).check(z.trim(), z.toUpperCase(), z.length(8, { error: '邀请码为8位字符' })),
})
export type JoinOrgInput = z.infer<typeof joinOrgInput>
