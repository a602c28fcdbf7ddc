import { maskPhone } from '../privacy/privacy.rules'
import type { OrgRole } from '../user/user.constants'
import type { OrgKind, OrgStatus } from './org.constants'
import type { InviteView, MemberView, OrgView } from './org.schema'

/** A social organization (社会组织): `orgs`. Member counts are kept on it, changed in the same transaction as the members. */
export interface OrgDoc {
  _id: string
  name: string
  creditCode: string | null
  kind: OrgKind
  township: string
  community: string | null
  intro: string
  contactName: string
  contactPhone: string
  status: OrgStatus
  review: OrgReview | null
  memberCount: number
  adminCount: number
  /** Joins under way, by openid (see `addMember`); absent when none ever was. */
  joining?: Record<string, JoinUnderWay>
  joiningCount?: number
  /** County-level organizations serve every township (e.g. review wishes county-wide); others their own. */
  servesCounty?: boolean
  createdBy: string
  createdAt: string
  updatedAt: string
  verifiedAt: string | null
}

export interface OrgReview {
  approved: boolean
  reason: string | null
  reviewedBy: string
  reviewedAt: string
}

/** A join between counting the member and writing the membership (see `addMember`). */
export interface JoinUnderWay {
  role: MembershipDoc['role']
  /** the membership's joinedAt: the token that ties the entry to the membership it writes */
  at: string
}

/** A person's place in an organization (组织成员): `org_members`, one document per org and person. */
export interface Membership {
  orgId: string
  orgName: string
  role: OrgRole
}

export interface MembershipDoc {
  _id: string
  orgId: string
  orgName: string
  openid: string
  role: OrgRole
  joinedAt: string
  /** Who made the invite code it joined with (told 新成员加入), and the name they are told; absent for the founding admin. */
  invitedBy?: string
  memberName?: string
}

/** An invite code (邀请码) to join an organization; the document id is the code. */
export interface InviteDoc {
  _id: string
  orgId: string
  orgName: string
  role: OrgRole
  expiresAt: string
  createdBy: string
  createdAt: string
}

/** What a member view needs of the person: their names and phone (a user record has them). */
export interface MemberPerson {
  nickname: string
  phone: string | null
  volunteer: { realName: string } | null
}

/**
 * Pure rules of organizations (社会组织): the unified social credit code (统一社会信用代码,
 * GB 32100-2015), invite codes, and what a viewer may see of an organization.
 */

export { CREDIT_CODE_CHARS, creditCodeCheckChar, creditCodeProblem, isCreditCode } from './credit-code.rules'

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
export function toMemberView(member: MembershipDoc, user: MemberPerson | null, viewerOpenid: string): MemberView {
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
