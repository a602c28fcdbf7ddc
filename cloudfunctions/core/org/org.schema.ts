import { z } from 'zod'
import { orgRoles, townshipSchema, type OrgRole } from '../user/user.schema'
import { orgKinds, orgStatuses, type OrgKind, type OrgStatus } from './org.constants'
import { optionalText } from './org.form-schema'

// The registration form pages check with is a zod/mini schema (org.form-schema.ts); re-exported for the functions.
export { registerOrgInput } from './org.form-schema'
export type { RegisterOrgInput } from './org.form-schema'

export { orgKinds, orgKindLabels, orgStatuses, orgStatusLabels } from './org.constants'
export type { OrgKind, OrgStatus } from './org.constants'

const orgIdSchema = z.string({ error: '缺少组织' }).trim().min(1, { error: '缺少组织' }).max(64, { error: '组织编号不正确' })

export const verifyOrgInput = z
  .object({
    orgId: orgIdSchema,
    approve: z.boolean({ error: '请选择通过或驳回' }),
    reason: optionalText(200, '审核意见'),
  })
  .superRefine((input, ctx) => {
    if (!input.approve && (!input.reason || input.reason.length < 2)) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '驳回时请填写原因（至少2个字）' })
    }
  })
export type VerifyOrgInput = z.infer<typeof verifyOrgInput>

export const orgIdInput = z.object({ orgId: orgIdSchema })
export type OrgIdInput = z.infer<typeof orgIdInput>

export const listLimitSchema = z.coerce
  .number({ error: '每页条数须为数字' })
  .int({ error: '每页条数须为整数' })
  .min(1, { error: '每页条数为1–50' })
  .max(50, { error: '每页条数为1–50' })
  .default(20)

export const cursorSchema = z.string({ error: '分页游标不正确' }).max(200, { error: '分页游标不正确' }).optional()

export const listOrgsInput = z.object({
  township: z.optional(townshipSchema),
  kind: z.enum(orgKinds, { error: '组织类型不正确' }).optional(),
  /** Only the platform admin may ask for other than `verified`. */
  status: z.enum(orgStatuses, { error: '组织状态不正确' }).optional(),
  cursor: cursorSchema,
  limit: listLimitSchema,
})
export type ListOrgsInput = z.infer<typeof listOrgsInput>

export const createInviteInput = z.object({
  orgId: orgIdSchema,
  role: z.enum(orgRoles, { error: '请选择邀请的身份（管理员或工作人员）' }),
})
export type CreateInviteInput = z.infer<typeof createInviteInput>

export const removeMemberInput = z.object({
  orgId: orgIdSchema,
  openid: z.string({ error: '缺少成员' }).trim().min(1, { error: '缺少成员' }).max(128, { error: '成员编号不正确' }),
})
export type RemoveMemberInput = z.infer<typeof removeMemberInput>

/** What a viewer sees of an organization: public fields, with the contact phone masked for outsiders. */
export interface OrgView {
  orgId: string
  name: string
  kind: OrgKind
  creditCode: string | null
  township: string
  community: string | null
  intro: string
  contactName: string
  contactPhone: string
  status: OrgStatus
  memberCount: number
  createdAt: string
  verifiedAt: string | null
  /** The viewer's role in it, when they belong to it. */
  myRole: OrgRole | null
  /** The verification outcome, for its own members and the platform admin only. */
  review: { approved: boolean; reason: string | null; reviewedAt: string } | null
}

export interface MemberView {
  openid: string
  /** Real name of a registered volunteer, else the nickname. */
  displayName: string
  /** Masked `138****5678`, or null when unknown. */
  phone: string | null
  role: OrgRole
  joinedAt: string
  isMe: boolean
}

export interface InviteView {
  inviteCode: string
  /** What the QR code carries (scanned in 加入组织). */
  qrPayload: string
  role: OrgRole
  expiresAt: string
  createdAt: string
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}
