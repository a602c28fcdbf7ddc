import { maskPhone } from '../privacy/privacy.rules'
import type { OrgRole } from '../user/user.schema'
import type { UserDoc } from '../user/user.store'
import type { InviteDoc } from './invite.store'
import type { MembershipDoc } from './membership.store'
import type { InviteView, MemberView, OrgView } from './org.schema'
import type { OrgDoc } from './org.store'

/**
 * Pure rules of organizations (社会组织): the unified social credit code (统一社会信用代码,
 * GB 32100-2015), invite codes, and what a viewer may see of an organization.
 */

/** The 31 characters a credit code is written in: digits and capitals without I, O, S, V, Z. */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** GB 32100-2015 check character of the first 17 characters (null when one is outside the alphabet). */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARS.indexOf(first17[i] ?? '')
    if (value < 0) return null
    sum += value * CREDIT_CODE_WEIGHTS[i]
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]
}

/** Why a credit code is wrong, in words for the person typing it; null when it is valid. */
export function creditCodeProblem(raw: string): string | null {
  const code = raw.trim().toUpperCase()
  if (code.length !== 18) return `统一社会信用代码为18位，当前${code.length}位`
  const bad = Array.from(code).find((ch) => !CREDIT_CODE_CHARS.includes(ch))
  if (bad) return `统一社会信用代码不能包含“${bad}”`
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return '统一社会信用代码校验位不正确，请核对'
  return null
}

export const isCreditCode = (raw: string): boolean => creditCodeProblem(raw) === null

/** Invite codes avoid characters people confuse when reading them aloud or off a screen (0/O, 1/I/L). */
export const INVITE_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const INVITE_CODE_LENGTH = 8

/** A new invite code from `randomBytes` (one byte per character; rejection sampling keeps it uniform). */
export function inviteCodeFrom(randomBytes: (size: number) => Uint8Array): string {
  const limit = 256 - (256 % INVITE_CODE_ALPHABET.length)
  let code = ''
  while (code.length < INVITE_CODE_LENGTH) {
    for (const byte of randomBytes(INVITE_CODE_LENGTH * 2)) {
      if (byte < limit && code.length < INVITE_CODE_LENGTH) code += INVITE_CODE_ALPHABET[byte % INVITE_CODE_ALPHABET.length]
    }
  }
  return code
}

export const inviteExpiresAt = (now: Date, validDays: number): Date => new Date(now.getTime() + validDays * 24 * 60 * 60 * 1000)

/** What the QR code of an invite carries; `parseInvitePayload` reads it back (or a bare code). */
export const invitePayload = (code: string) => `gycn:invite:${code}`

export function parseInvitePayload(scanned: string): string {
  const text = scanned.trim()
  const match = /^gycn:invite:([A-Za-z0-9]+)$/.exec(text)
  return (match ? match[1] : text).toUpperCase()
}

/** How the viewer stands towards one organization; decides masking and what is visible. */
export interface OrgViewer {
  /** The viewer's role in this organization, if any. */
  memberRole: OrgRole | null
  isPlatformAdmin: boolean
}

export const canManageView = (viewer: OrgViewer) => viewer.memberRole !== null || viewer.isPlatformAdmin

/** Non-verified organizations are known only to their own members and the platform admin. */
export const canSeeOrg = (status: string, viewer: OrgViewer) => status === 'verified' || canManageView(viewer)

export const maskContactPhone = (phone: string, viewer: OrgViewer) => (canManageView(viewer) ? phone : maskPhone(phone))

/** Whether an invite can still be used at `now`. */
export const inviteIsValid = (invite: { expiresAt: string } | null, now: Date): boolean =>
  invite !== null && new Date(invite.expiresAt).getTime() > now.getTime()

/** An organization as `viewer` may see it, field by field. */
export function toOrgView(org: OrgDoc, viewer: OrgViewer): OrgView {
  const insider = canManageView(viewer)
  return {
    orgId: org._id,
    name: org.name,
    kind: org.kind,
    creditCode: org.creditCode,
    township: org.township,
    community: org.community,
    intro: org.intro,
    contactName: org.contactName,
    contactPhone: maskContactPhone(org.contactPhone, viewer),
    status: org.status,
    memberCount: org.memberCount,
    createdAt: org.createdAt,
    verifiedAt: org.verifiedAt,
    myRole: viewer.memberRole,
    review: insider && org.review ? { approved: org.review.approved, reason: org.review.reason, reviewedAt: org.review.reviewedAt } : null,
  }
}

/** A member as the organization's own people see them: real name if registered, phone masked. */
export function toMemberView(member: MembershipDoc, user: UserDoc | null, viewerOpenid: string): MemberView {
  return {
    openid: member.openid,
    displayName: user?.volunteer?.realName ?? user?.nickname ?? '未知成员',
    phone: user?.phone ? maskPhone(user.phone) : null,
    role: member.role,
    joinedAt: member.joinedAt,
    isMe: member.openid === viewerOpenid,
  }
}

export const toInviteView = (invite: InviteDoc): InviteView => ({
  inviteCode: invite._id,
  qrPayload: invitePayload(invite._id),
  role: invite.role,
  expiresAt: invite.expiresAt,
  createdAt: invite.createdAt,
})
