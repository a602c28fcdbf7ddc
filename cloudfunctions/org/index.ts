import { createHash, randomBytes } from 'node:crypto'
import { access, type CallerProfile } from '../core/access'
import { AppError } from '../core/errors'
import { callerOpenid, defineAction, handler, type ActionContext, type ActionTable } from '../core/handler'
import { findInvite, insertInvite, listActiveInvites } from '../core/org/invite.store'
import { membershipId } from '../core/org/membership.store'
import { canSeeOrg, inviteCodeFrom, inviteExpiresAt, toInviteView, toMemberView, toOrgView, type OrgViewer } from '../core/org/org.rules'
import { createInviteInput, listOrgsInput, orgIdInput, registerOrgInput, removeMemberInput, verifyOrgInput, type OrgView, type Page } from '../core/org/org.schema'
import { decideVerification, findOrg, insertOrgWithAdmin, listMembers, listOrgs, newOrgId, removeMember, type OrgDoc } from '../core/org/org.store'
import { policies } from '../core/settings/policies'
import { ensureUser, findUsersByIds } from '../core/user/user.store'

const viewerOf = (profile: CallerProfile | null, orgId: string): OrgViewer => ({
  memberRole: profile?.memberships.find((m) => m.orgId === orgId)?.role ?? null,
  isPlatformAdmin: profile?.roles.includes('platform_admin') ?? false,
})

/** A byte source that is the same sequence for the same seed (codes derived from an idempotency key). */
function keyedBytes(seed: string): (size: number) => Uint8Array {
  let block = 0
  return (size) => {
    const out = Buffer.alloc(size)
    for (let filled = 0; filled < size; block++) filled += createHash('sha256').update(`${seed}:${block}`).digest().copy(out, filled)
    return out
  }
}

/** The organization, or NOT_FOUND when it does not exist or the caller may not know of it. */
async function visibleOrg(ctx: ActionContext, orgId: string): Promise<{ org: OrgDoc; viewer: OrgViewer }> {
  const [org, profile] = await Promise.all([findOrg(ctx.db, orgId), ctx.profile()])
  const viewer = viewerOf(profile, orgId)
  if (!org || !canSeeOrg(org.status, viewer)) throw new AppError('NOT_FOUND', '组织不存在或尚未通过认证')
  return { org, viewer }
}

export const actions = {
  /** 组织入驻: the caller registers an organization and becomes its first admin; it waits for verification. */
  register: defineAction({
    access: access.signedIn,
    input: registerOrgInput,
    mutates: true,
    run: async (ctx, input): Promise<{ org: OrgView }> => {
      const openid = callerOpenid(ctx)
      await ensureUser(ctx.db, openid, ctx.now)
      // with an idempotency key the id comes from it: a retry after a crash finds this organization
      const keyedId = ctx.keyedId('org')
      if (keyedId) {
        const earlier = await findOrg(ctx.db, `org-${keyedId}`)
        if (earlier && earlier.createdBy === openid) return { org: toOrgView(earlier, { memberRole: 'admin', isPlatformAdmin: false }) }
      }
      const at = ctx.now.toISOString()
      const org: OrgDoc = {
        _id: keyedId ? `org-${keyedId}` : newOrgId(),
        name: input.name,
        creditCode: input.creditCode ?? null,
        kind: input.kind,
        township: input.township,
        community: input.community ?? null,
        intro: input.intro ?? '',
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        status: 'pending',
        review: null,
        memberCount: 1,
        adminCount: 1,
        createdBy: openid,
        createdAt: at,
        updatedAt: at,
        verifiedAt: null,
      }
      await insertOrgWithAdmin(ctx.db, org, { _id: membershipId(org._id, openid), orgId: org._id, orgName: org.name, openid, role: 'admin', joinedAt: at })
      return { org: toOrgView(org, { memberRole: 'admin', isPlatformAdmin: false }) }
    },
  }),

  /** The platform admin approves a pending organization, or rejects it with a reason its admin sees. */
  verify: defineAction({
    access: access.platformAdmin,
    input: verifyOrgInput,
    mutates: true,
    run: async (ctx, input): Promise<{ org: OrgView }> => {
      const review = { approved: input.approve, reason: input.reason ?? null, reviewedBy: callerOpenid(ctx), reviewedAt: ctx.now.toISOString() }
      const decided = await decideVerification(ctx.db, input.orgId, review)
      const org = await findOrg(ctx.db, input.orgId)
      if (!org) throw new AppError('NOT_FOUND', '组织不存在')
      if (!decided) throw new AppError('INVALID_STATE', `该组织已审核（${org.status === 'verified' ? '已认证' : '未通过'}），请勿重复操作`)
      return { org: toOrgView(org, viewerOf(await ctx.profile(), org._id)) }
    },
  }),

  get: defineAction({
    access: access.anyone,
    input: orgIdInput,
    mutates: false,
    run: async (ctx, input): Promise<{ org: OrgView }> => {
      const { org, viewer } = await visibleOrg(ctx, input.orgId)
      return { org: toOrgView(org, viewer) }
    },
  }),

  /** Verified organizations for everyone; the platform admin may list any status (the verification queue is `pending`). */
  list: defineAction({
    access: access.anyone,
    input: listOrgsInput,
    mutates: false,
    run: async (ctx, input): Promise<Page<OrgView>> => {
      const profile = await ctx.profile()
      const isPlatformAdmin = profile?.roles.includes('platform_admin') ?? false
      if (input.status && input.status !== 'verified' && !isPlatformAdmin) {
        throw ctx.caller.openid ? new AppError('FORBIDDEN', '仅平台管理员可以查看未认证的组织') : new AppError('UNAUTHENTICATED')
      }
      const page = await listOrgs(ctx.db, { status: input.status ?? 'verified', township: input.township, kind: input.kind }, { cursor: input.cursor, limit: input.limit })
      return { items: page.items.map((org) => toOrgView(org, viewerOf(profile, org._id))), nextCursor: page.nextCursor }
    },
  }),

  /** An org admin makes an invite code (8 characters, valid for 7 days) for a new admin or staff member. */
  createInvite: defineAction({
    access: access.orgAdmin((input: { orgId: string }) => input.orgId),
    input: createInviteInput,
    mutates: true,
    run: async (ctx, input) => {
      const org = await findOrg(ctx.db, input.orgId)
      if (!org) throw new AppError('NOT_FOUND', '组织不存在')
      if (org.status === 'rejected') throw new AppError('INVALID_STATE', '组织未通过认证，不能邀请成员')
      // with an idempotency key the codes are drawn from it: a retry after a crash finds this invite
      const keyedId = ctx.keyedId('invite')
      const bytes = keyedId ? keyedBytes(keyedId) : randomBytes
      if (keyedId) {
        const earlier = await findInvite(ctx.db, inviteCodeFrom(keyedBytes(keyedId)))
        if (earlier && earlier.createdBy === callerOpenid(ctx) && earlier.orgId === org._id) return toInviteView(earlier)
      }
      const invite = await insertInvite(
        ctx.db,
        { orgId: org._id, orgName: org.name, role: input.role, expiresAt: inviteExpiresAt(ctx.now, policies.inviteValidDays).toISOString(), createdBy: callerOpenid(ctx), createdAt: ctx.now.toISOString() },
        () => inviteCodeFrom(bytes),
      )
      return toInviteView(invite)
    },
  }),

  /** The organization's invite codes that can still be used. */
  invites: defineAction({
    access: access.orgAdmin((input: { orgId: string }) => input.orgId),
    input: orgIdInput,
    mutates: false,
    run: async (ctx, input) => ({ items: (await listActiveInvites(ctx.db, input.orgId, ctx.now)).map(toInviteView) }),
  }),

  members: defineAction({
    access: access.orgStaff((input: { orgId: string }) => input.orgId),
    input: orgIdInput,
    mutates: false,
    run: async (ctx, input) => {
      const members = await listMembers(ctx.db, input.orgId)
      const users = await findUsersByIds(ctx.db, members.map((m) => m.openid))
      const byId = new Map(users.map((u) => [u._id, u]))
      return { items: members.map((m) => toMemberView(m, byId.get(m.openid) ?? null, callerOpenid(ctx))) }
    },
  }),

  /** An org admin removes a member (themselves included), but never the last admin. */
  removeMember: defineAction({
    access: access.orgAdmin((input: { orgId: string }) => input.orgId),
    input: removeMemberInput,
    mutates: true,
    run: async (ctx, input) => {
      await removeMember(ctx.db, input.orgId, input.openid)
      return { removed: input.openid }
    },
  }),
} satisfies ActionTable

export const main = handler('org', actions)
