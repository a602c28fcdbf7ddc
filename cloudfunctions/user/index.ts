import { access } from '../core/access'
import { AppError } from '../core/errors'
import { callerOpenid, defineAction, handler, type ActionContext, type ActionTable } from '../core/handler'
import { findInvite } from '../core/org/invite.store'
import { findMemberships, membershipId } from '../core/org/membership.store'
import { inviteIsValid } from '../core/org/org.rules'
import { addMember, findOrgsByIds } from '../core/org/org.store'
import { decodePhoneCode, verifyPhoneInput } from '../core/user/phone'
import { toUserView, volunteerRecord } from '../core/user/user.rules'
import { joinOrgInput, registerVolunteerInput, updateProfileInput } from '../core/user/user.schema'
import { ensureUser, registerVolunteerOnce, updateUser } from '../core/user/user.store'
import { z } from 'zod'

const noInput = z.object({})

async function currentView(ctx: ActionContext, openid: string) {
  const [user, memberships] = await Promise.all([ensureUser(ctx.db, openid, ctx.now), findMemberships(ctx.db, openid)])
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
      await ensureUser(ctx.db, openid, ctx.now)
      const invite = await findInvite(ctx.db, input.inviteCode)
      if (!invite || !inviteIsValid(invite, ctx.now)) throw new AppError('NOT_FOUND', '邀请码无效或已过期')
      await addMember(ctx.db, { _id: membershipId(invite.orgId, openid), orgId: invite.orgId, orgName: invite.orgName, openid, role: invite.role, joinedAt: ctx.now.toISOString() })
      return currentView(ctx, openid)
    },
  }),
} satisfies ActionTable

export const main = handler('user', actions)
