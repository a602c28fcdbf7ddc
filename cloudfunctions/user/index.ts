import { access } from '../core/access'
import { AppError } from '../core/errors'
import { purgeIdempotency } from '../core/idempotency'
import { callerOpenid, defineAction, handler, type ActionContext, type ActionTable } from '../core/handler'
import { findInvite } from '../core/org/invite.store'
import { findMemberships, membershipId } from '../core/org/membership.store'
import { inviteIsValid } from '../core/org/org.rules'
import { addMember, findOrgsByIds, recoverJoins } from '../core/org/org.store'
import { decodePhoneCode, verifyPhoneInput } from '../core/user/phone'
import { toUserView, volunteerRecord } from '../core/user/user.rules'
import { joinOrgInput, registerVolunteerInput, updateProfileInput } from '../core/user/user.schema'
import { ensureUser, registerVolunteerOnce, updateUser, type UserDoc } from '../core/user/user.store'
import { z } from 'zod'

const noInput = z.object({})

/** The caller's view; `known` when the use case has just read or written the user (one read fewer). */
async function currentView(ctx: ActionContext, openid: string, known?: UserDoc) {
  const [user, memberships] = await Promise.all([known ?? ensureUser(ctx.db, openid, ctx.now), findMemberships(ctx.db, openid)])
  const orgs = await findOrgsByIds(ctx.db, memberships.map((m) => m.orgId))
  return { user: toUserView(user, memberships, new Map(orgs.map((org) => [org._id, org.status]))) }
}

export const actions = {
  login: defineAction({
    access: access.signedIn,
    input: noInput,
    mutates: false,
    run: (ctx) => currentView(ctx, callerOpenid(ctx)),
  }),

  me: defineAction({
    access: access.signedIn,
    input: noInput,
    mutates: false,
    run: (ctx) => currentView(ctx, callerOpenid(ctx)),
  }),

  updateProfile: defineAction({
    access: access.signedIn,
    input: updateProfileInput,
    mutates: true,
    run: async (ctx, input) => {
      const openid = callerOpenid(ctx)
      await ensureUser(ctx.db, openid, ctx.now)
      await updateUser(ctx.db, openid, { ...input, updatedAt: ctx.now.toISOString() })
      return currentView(ctx, openid)
    },
  }),

  registerVolunteer: defineAction({
    access: access.signedIn,
    input: registerVolunteerInput,
    mutates: true,
    run: async (ctx, input) => {
      const openid = callerOpenid(ctx)
      await ensureUser(ctx.db, openid, ctx.now)
      const registered = await registerVolunteerOnce(ctx.db, openid, volunteerRecord(input, ctx.now), ctx.now.toISOString())
      if (!registered) throw new AppError('ALREADY_EXISTS', '你已注册为志愿者')
      return currentView(ctx, openid)
    },
  }),

  /**
   * 手机号快速验证 (mini-program): the getPhoneNumber button's code → the caller's own number,
   * verified by WeChat, for the form to fill in. Nothing is stored here; registration does that.
   */
  verifyPhone: defineAction({
    access: access.signedIn,
    input: verifyPhoneInput,
    mutates: false,
    run: async (_ctx, input): Promise<{ phone: string }> => ({ phone: await decodePhoneCode(input.code) }),
  }),

  /** 加入组织: an invite code (or the QR code carrying it) makes the caller staff or admin of its organization. */
  joinOrg: defineAction({
    access: access.signedIn,
    input: joinOrgInput,
    mutates: true,
    run: async (ctx, input) => {
      const openid = callerOpenid(ctx)
      const [user, invite] = await Promise.all([ensureUser(ctx.db, openid, ctx.now), findInvite(ctx.db, input.inviteCode)])
      if (!invite || !inviteIsValid(invite, ctx.now)) throw new AppError('NOT_FOUND', '邀请码无效或已过期')
      const memberName = user.volunteer?.realName ?? user.nickname ?? undefined
      const member = { _id: membershipId(invite.orgId, openid), orgId: invite.orgId, orgName: invite.orgName, openid, role: invite.role, joinedAt: ctx.now.toISOString(), invitedBy: invite.createdBy, memberName }
      await addMember(ctx.db, member, ctx.now)
      return currentView(ctx, openid, user)
    },
  }),

  /** The idempotency TTL timer (CloudBase timer trigger; the local host runs it on an interval): stored replies past their TTL go. */
  purgeIdempotency: defineAction({
    access: access.anyone,
    input: noInput,
    mutates: false,
    run: async (ctx) => ({ purged: await purgeIdempotency(ctx.db) }),
  }),

  /** The join recovery timer (CloudBase timer trigger; the local host runs it on an interval): joins cut short are settled. */
  recoverJoins: defineAction({
    access: access.anyone,
    input: noInput,
    mutates: false,
    run: async (ctx) => ({ recovered: await recoverJoins(ctx.db, ctx.now) }),
  }),
} satisfies ActionTable

const handle = handler('user', actions)

/** A CloudBase timer trigger calls `main` with `{ Type: 'Timer', TriggerName }`: `purgeIdempotency` and `recoverJoins` run as their actions. */
export const main = (event: unknown, context: unknown) => {
  const trigger = typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer' ? (event as { TriggerName?: unknown }).TriggerName : null
  return handle(trigger === 'purgeIdempotency' || trigger === 'recoverJoins' ? { action: trigger } : event, context)
}
