import { z } from 'zod'
import { isMobile } from '../identity/identity.rules'
import { containsPersonalNumber, personalNumberMessage } from '../privacy/public-text.rules'
import { orgRoles, realNameSchema, townshipSchema, type OrgRole } from '../user/user.schema'
import { creditCodeProblem } from './credit-code.rules'
import { orgKinds, orgStatuses, type OrgKind, type OrgStatus } from './org.constants'

export { orgKinds, orgKindLabels, orgStatuses, orgStatusLabels } from './org.constants'
export type { OrgKind, OrgStatus } from './org.constants'

/** Landlines as people write them in Cangnan: 0577-64761234 or 057764761234. */
const LANDLINE_PATTERN = /^0\d{2,3}-?\d{7,8}$/

const orgIdSchema = z.string({ error: '缺少组织' }).trim().min(1, { error: '缺少组织' }).max(64, { error: '组织编号不正确' })

const optionalText = (max: number, label: string) =>
  z
    .string({ error: `${label}须为文字` })
    .trim()
    .max(max, { error: `${label}不超过${max}个字` })
    .optional()
    .transform((value) => (value ? value : undefined))

export const registerOrgInput = z
  .object({
    name: z.string({ error: '请填写组织名称' }).trim().min(4, { error: '组织名称至少4个字' }).max(50, { error: '组织名称不超过50个字' }),
    /** Empty for an unregistered community organization (备案). */
    creditCode: z.string({ error: '统一社会信用代码须为文字' }).trim().optional().transform((value) => (value ? value : undefined)),
    kind: z.enum(orgKinds, { error: '请选择组织类型' }),
    township: townshipSchema,
    community: optionalText(30, '所在社区'),
    contactName: realNameSchema,
    contactPhone: z
      .string({ error: '请填写联系电话' })
      .trim()
      .refine((value) => isMobile(value) || LANDLINE_PATTERN.test(value), { error: '联系电话须为手机号或座机号（如 0577-64761234）' }),
    intro: optionalText(500, '组织简介').refine((text) => !text || !containsPersonalNumber(text), { error: personalNumberMessage('组织简介') }),
  })
  .superRefine((input, ctx) => {
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
  })
  .transform((input) => ({ ...input, creditCode: input.creditCode?.toUpperCase() }))
export type RegisterOrgInput = z.infer<typeof registerOrgInput>

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
  township: townshipSchema.optional(),
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
