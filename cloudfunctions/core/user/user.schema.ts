import { z } from 'zod'
import { isIdCardNo } from '../identity/identity.rules'
import type { OrgStatus } from '../org/org.constants'
import { MAX_SKILL_LENGTH, MAX_SKILLS, volunteerMessages as say, type OrgRole, type Role } from './user.constants'
import { phoneSchema, realNameSchema, townshipSchema } from './user.form-schema'

// The pieces and forms pages check with are zod/mini schemas (user.form-schema.ts); classic z.object takes them as they are.
export { joinOrgInput, phoneSchema, realNameSchema, townshipSchema } from './user.form-schema'
export type { JoinOrgInput } from './user.form-schema'

export { orgRoles, roles } from './user.constants'
export type { OrgRole, Role } from './user.constants'

export const idCardNoSchema = z
  .string({ error: say.idCardNoType })
  .trim()
  .transform((value) => value.toUpperCase())
  .refine(isIdCardNo, { error: say.idCardNo })

export const skillSchema = z.string().trim().min(1, { error: say.skillEmpty }).max(MAX_SKILL_LENGTH, { error: say.skillTooLong })

export const updateProfileInput = z.object({
  nickname: z.string({ error: '昵称须为文字' }).trim().min(1, { error: '昵称不能为空' }).max(20, { error: '昵称不超过20个字' }).optional(),
  township: z.optional(townshipSchema),
  phone: z.optional(phoneSchema),
})
export type UpdateProfileInput = z.infer<typeof updateProfileInput>

export const registerVolunteerInput = z.object({
  realName: realNameSchema,
  phone: phoneSchema,
  township: townshipSchema,
  skills: z.array(skillSchema).max(MAX_SKILLS, { error: say.tooManySkills }).optional(),
  idCardNo: idCardNoSchema.optional(),
})
export type RegisterVolunteerInput = z.infer<typeof registerVolunteerInput>

/** What a person sees of their own account (`user.login` / `user.me`). */
export interface UserView {
  openid: string
  nickname: string
  township: string | null
  /** Own phone, shown masked: `138****5678`. */
  phone: string | null
  roles: Role[]
  volunteer: {
    realName: string
    township: string
    skills: string[]
    /** Masked `330327********1234`, or null when not given. */
    idCardNo: string | null
    registeredAt: string
  } | null
  /** Organizations the person belongs to, with each one's verification status. */
  orgs: { orgId: string; name: string; role: OrgRole; status: OrgStatus }[]
  createdAt: string
}
