import { access } from '../core/access'
import { AppError } from '../core/errors'
import { defineAction, handler, type ActionContext } from '../core/handler'
import { findInvite } from '../core/org/invite.store'
import { addMembership, findMemberships } from '../core/org/membership.store'
import { isDuplicateKey } from '../core/store-errors'
import { inviteIsValid, newResident, toUserView, volunteerRecord } from '../core/user/user.rules'
import { joinOrgInput, registerVolunteerInput, updateProfileInput } from '../core/user/user.schema'
import { findUser, insertUserOnce, registerVolunteerOnce, updateUser } from '../core/user/user.store'
import { z } from 'zod'

const noInput = z.object({})

/** The caller's user record, created as a resident on the first call. */
async function ensureUser(ctx: ActionContext, openid: string) {
  return (await findUser(ctx.db, openid)) ?? (await insertUserOnce(ctx.db, newResident(openid, ctx.now)))
}

async function currentView(ctx: ActionContext, openid: string) {
  const [user, memberships] = await Promise.all([ensureUser(ctx, openid), findMemberships(ctx.db, openid)])
  return { user: toUserView(user, memberships) }
}

const signedInOpenid = (ctx: ActionContext): string => {
  if (!ctx.caller.openid) throw new AppError('UNAUTHENTICATED')
  return ctx.caller.openid
}

export const main = handler('user', {
  login: defineAction({
    access: access.signedIn,
    input: noInput,
    mutates: false,
    run: (ctx) => currentView(ctx, signedInOpenid(ctx)),
  }),

  me: defineAction({
    access: access.signedIn,
    input: noInput,
    mutates: false,
    run: (ctx) => currentView(ctx, signedInOpenid(ctx)),
  }),

  updateProfile: defineAction({
    access: access.signedIn,
    input: updateProfileInput,
    mutates: true,
    run: async (ctx, input) => {
      const openid = signedInOpenid(ctx)
      await ensureUser(ctx, openid)
      await updateUser(ctx.db, openid, { ...input, updatedAt: ctx.now.toISOString() })
      return currentView(ctx, openid)
    },
  }),

  registerVolunteer: defineAction({
    access: access.signedIn,
    input: registerVolunteerInput,
    mutates: true,
    run: async (ctx, input) => {
      const openid = signedInOpenid(ctx)
      await ensureUser(ctx, openid)
      const registered = await registerVolunteerOnce(ctx.db, openid, volunteerRecord(input, ctx.now), ctx.now.toISOString())
      if (!registered) throw new AppError('ALREADY_EXISTS', '你已注册为志愿者')
      return currentView(ctx, openid)
    },
  }),

  joinOrg: defineAction({
    access: access.signedIn,
    input: joinOrgInput,
    mutates: true,
    run: async (ctx, input) => {
      const openid = signedInOpenid(ctx)
      await ensureUser(ctx, openid)
      const invite = await findInvite(ctx.db, input.inviteCode)
      if (!invite || !inviteIsValid(invite, ctx.now)) throw new AppError('NOT_FOUND', '邀请码无效或已过期')
      try {
        await addMembership(ctx.db, { orgId: invite.orgId, orgName: invite.orgName, openid, role: invite.role, joinedAt: ctx.now.toISOString() })
      } catch (error) {
        if (isDuplicateKey(error)) throw new AppError('ALREADY_EXISTS', '你已是该组织成员')
        throw error
      }
      return currentView(ctx, openid)
    },
  }),
})
