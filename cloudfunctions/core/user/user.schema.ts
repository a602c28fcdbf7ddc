import { z } from 'zod'
import { isIdCardNo, isRealName, MOBILE_PATTERN } from '../identity/identity.rules'
import type { OrgStatus } from '../org/org.schema'
import { townships } from '../settings/townships'

/** Roles a person holds on the platform; organization roles live in `orgs`. */
export const roles = ['resident', 'volunteer', 'driver', 'platform_admin'] as const
export type Role = (typeof roles)[number]

export const orgRoles = ['admin', 'staff'] as const
export type OrgRole = (typeof orgRoles)[number]

export const phoneSchema = z
  .string({ error: '请填写手机号' })
  .trim()
  .regex(MOBILE_PATTERN, { error: '手机号格式不正确' })

export const townshipSchema = z.enum(townships, { error: '请从列表中选择所在乡镇' })

export const realNameSchema = z
  .string({ error: '请填写真实姓名' })
  .trim()
  .refine(isRealName, { error: '姓名须为2–20个汉字（可含·）' })

export const idCardNoSchema = z
  .string({ error: '身份证号格式不正确' })
  .trim()
  .transform((value) => value.toUpperCase())
  .refine(isIdCardNo, { error: '身份证号不正确，请核对' })

export const skillSchema = z.string().trim().min(1, { error: '技能不能为空' }).max(20, { error: '每项技能不超过20个字' })

export const updateProfileInput = z.object({
  nickname: z.string({ error: '昵称须为文字' }).trim().min(1, { error: '昵称不能为空' }).max(20, { error: '昵称不超过20个字' }).optional(),
  township: townshipSchema.optional(),
  phone: phoneSchema.optional(),
})
export type UpdateProfileInput = z.infer<typeof updateProfileInput>

export const registerVolunteerInput = z.object({
  realName: realNameSchema,
  phone: phoneSchema,
  township: townshipSchema,
  skills: z.array(skillSchema).max(10, { error: '技能最多填写10项' }).optional(),
  idCardNo: idCardNoSchema.optional(),
})
export type RegisterVolunteerInput = z.infer<typeof registerVolunteerInput>

export const joinOrgInput = z.object({
  inviteCode: z.string({ error: '请填写邀请码' }).trim().toUpperCase().length(8, { error: '邀请码为8位字符' }),
})
export type JoinOrgInput = z.infer<typeof joinOrgInput>

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
