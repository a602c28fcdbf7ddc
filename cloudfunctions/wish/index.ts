import { z } from 'zod'
import { access, type CallerProfile } from '../core/access'
import { temporaryUrls } from '../core/storage.store'
import { AppError, invalidArgument } from '../core/errors'
import { callerOpenid, defineAction, handler, type ActionContext, type ActionTable } from '../core/handler'
import { findOrgsByIds } from '../core/org/org.store'
import type { Page } from '../core/org/org.schema'
import { policies } from '../core/settings/policies'
import { ensureUser } from '../core/user/user.store'
import { contentChecker } from '../core/wish/content-check'
import { photoFolder, relationOf, toWishCard, toWishDetail, wallStatuses } from '../core/wish/wish.rules'
import {
  confirmWishInput,
  createWishInput,
  fulfilWishInput,
  listWishesInput,
  reviewQueueInput,
  reviewWishInput,
  wishIdInput,
  type MyWishesView,
  type WishCardView,
  type WishDetailView,
} from '../core/wish/wish.schema'
import {
  countConfirmedSince,
  expireClaims,
  findWish,
  insertWish,
  listNotices,
  listWishes,
  listWishesBy,
  newWishId,
  transition,
  type WishDoc,
} from '../core/wish/wish.store'
import { wishNotice } from '../core/message/message.events'
import { fromFileId } from './file-id'

/** The townships whose wishes the caller may review: all for the platform admin and county-level orgs. */
async function reviewScope(ctx: ActionContext, profile: CallerProfile | null): Promise<'all' | string[]> {
  if (!profile) return []
  if (profile.roles.includes('platform_admin')) return 'all'
  const orgs = (await findOrgsByIds(ctx.db, profile.memberships.map((m) => m.orgId))).filter((o) => o.status === 'verified')
  if (orgs.some((o) => o.servesCounty)) return 'all'
  return [...new Set(orgs.map((o) => o.township))]
}

const canReview = (scope: 'all' | string[], township: string) => scope === 'all' || scope.includes(township)

/** The wish, with an overdue claim put back first (expiry also runs when a claim is read). */
async function loadWish(ctx: ActionContext, wishId: string): Promise<WishDoc> {
  let wish = await findWish(ctx.db, wishId)
  if (wish?.status === 'claimed' && wish.claimExpiresAt && wish.claimExpiresAt < ctx.now.toISOString()) {
    await expireClaims(ctx.db, ctx.now, wishId)
    wish = await findWish(ctx.db, wishId)
  }
  if (!wish) throw new AppError('NOT_FOUND', '心愿不存在')
  return wish
}

async function photoUrls(wish: WishDoc): Promise<string[]> {
  const urls = await temporaryUrls(wish.fulfilment?.photoFileIds ?? [], 3600)
  return urls.filter((url): url is string => url !== null)
}

async function detailFor(ctx: ActionContext, wish: WishDoc): Promise<WishDetailView> {
  const scope = await reviewScope(ctx, await ctx.profile())
  const relation = relationOf(wish, ctx.caller.openid, canReview(scope, wish.township))
  // a wish not yet on the wall (pending, rejected) is known only to its submitter and reviewers
  if ((wish.status === 'pending_review' || wish.status === 'rejected') && relation !== 'submitter' && relation !== 'reviewer') {
    throw new AppError('NOT_FOUND', '心愿不存在')
  }
  return toWishDetail(wish, relation, relation ? await photoUrls(wish) : [])
}

/** Why a step is not possible now, in words, from the wish as it is after the conditional update failed. */
function notNow(wish: WishDoc | null, step: string): AppError {
  if (!wish) return new AppError('NOT_FOUND', '心愿不存在')
  const messages: Record<string, string> = {
    pending_review: '心愿正在审核中',
    rejected: '心愿未通过审核',
    open: '心愿尚未被认领',
    claimed: '心愿已被认领',
    fulfilled: '心愿已送达，等待确认',
    confirmed: '心愿已圆梦',
  }
  return new AppError('INVALID_STATE', `${messages[wish.status]}，不能${step}`)
}

export const actions = {
  /** 发布心愿, for oneself or as a community liaison for someone else; reviewed before it is shown. */
  create: defineAction({
    access: access.signedIn,
    input: createWishInput,
    mutates: true,
    run: async (ctx, input): Promise<{ wish: WishDetailView }> => {
      const openid = callerOpenid(ctx)
      const user = await ensureUser(ctx.db, openid, ctx.now)
      const contactPhone = input.contactPhone ?? user.phone
      if (!contactPhone) throw invalidArgument([{ path: 'contactPhone', message: '请填写联系电话，认领人将通过它与你联系' }])
      const verdict = await contentChecker().check(`${input.title}\n${input.content}`, openid)
      if (!verdict.ok) throw invalidArgument([{ path: 'content', message: verdict.reason }], verdict.reason)
      const at = ctx.now.toISOString()
      // with an idempotency key the id comes from it: a retry after a crash finds this wish, not a second one
      const keyedId = ctx.keyedId('wish')
      if (keyedId) {
        const earlier = await findWish(ctx.db, `wish-${keyedId}`)
        if (earlier && earlier.submittedBy === openid) return { wish: toWishDetail(earlier, 'submitter', []) }
      }
      const wish: WishDoc = {
        _id: keyedId ? `wish-${keyedId}` : newWishId(),
        title: input.title,
        content: input.content,
        category: input.category,
        estimatedYuan: input.estimatedYuan,
        township: input.township,
        community: input.community ?? null,
        beneficiary: { name: input.beneficiary.name, group: input.beneficiary.group },
        onBehalf: input.onBehalf,
        submittedBy: openid,
        contactPhone,
        status: 'pending_review',
        review: null,
        claimedBy: null,
        claimedAt: null,
        claimExpiresAt: null,
        fulfilment: null,
        fulfilledAt: null,
        confirmedAt: null,
        confirmedBy: null,
        thanks: null,
        createdAt: at,
        updatedAt: at,
      }
      await insertWish(ctx.db, wish)
      return { wish: toWishDetail(wish, 'submitter', []) }
    },
  }),

  /** The review queue: pending wishes in the townships the caller serves. */
  reviewQueue: defineAction({
    access: access.signedIn,
    input: reviewQueueInput,
    mutates: false,
    run: async (ctx, input): Promise<Page<WishDetailView>> => {
      const scope = await reviewScope(ctx, await ctx.profile())
      if (scope !== 'all' && scope.length === 0) throw new AppError('FORBIDDEN', '仅认证社会组织的工作人员或平台管理员可以审核心愿')
      const page = await listWishes(ctx.db, { statuses: ['pending_review'], townships: scope === 'all' ? undefined : scope }, input)
      return { items: page.items.map((wish) => toWishDetail(wish, 'reviewer', [])), nextCursor: page.nextCursor }
    },
  }),

  /** 审核: staff of a verified organization serving the wish's township, or the platform admin. */
  review: defineAction({
    access: access.signedIn,
    input: reviewWishInput,
    mutates: true,
    run: async (ctx, input): Promise<{ wish: WishDetailView }> => {
      const wish = await loadWish(ctx, input.wishId)
      const scope = await reviewScope(ctx, await ctx.profile())
      if (!canReview(scope, wish.township)) throw new AppError('FORBIDDEN', '仅服务该乡镇的认证社会组织或平台管理员可以审核')
      const at = ctx.now.toISOString()
      const review = { approved: input.approve, reason: input.reason ?? null, reviewedBy: callerOpenid(ctx), reviewedAt: at }
      const told = (w: WishDoc) => wishNotice(input.approve ? 'wish.approved' : 'wish.rejected', w, w.submittedBy, 'review', input.reason)
      if (!(await transition(ctx.db, wish._id, 'pending_review', {}, { status: input.approve ? 'open' : 'rejected', review, updatedAt: at }, told))) {
        throw notNow(await findWish(ctx.db, wish._id), '审核')
      }
      return { wish: await detailFor(ctx, (await findWish(ctx.db, wish._id)) as WishDoc) }
    },
  }),

  /** The wall: open, claimed and fulfilled wishes, newest first, with no personal detail. */
  list: defineAction({
    access: access.anyone,
    input: listWishesInput,
    mutates: false,
    run: async (ctx, input): Promise<Page<WishCardView> & { fulfilledThisYear: number }> => {
      await expireClaims(ctx.db, ctx.now)
      const statuses = input.status === 'fulfilled' ? (['fulfilled', 'confirmed'] as const) : input.status ? ([input.status] as const) : wallStatuses
      const page = await listWishes(ctx.db, { statuses: [...statuses], townships: input.township ? [input.township] : undefined, category: input.category }, input)
      const yearStart = new Date(Date.UTC(ctx.now.getUTCFullYear(), 0, 1) - 8 * 3600_000).toISOString()
      return { items: page.items.map(toWishCard), nextCursor: page.nextCursor, fulfilledThisYear: await countConfirmedSince(ctx.db, yearStart) }
    },
  }),

  get: defineAction({
    access: access.anyone,
    input: wishIdInput,
    mutates: false,
    run: async (ctx, input): Promise<{ wish: WishDetailView }> => ({ wish: await detailFor(ctx, await loadWish(ctx, input.wishId)) }),
  }),

  /** 认领: volunteers and staff of verified organizations; exactly one claimer, by one conditional update; the claim lasts 7 days unless fulfilled. */
  claim: defineAction({
    access: access.anyOf(access.volunteer, access.verifiedOrgMember),
    input: wishIdInput,
    mutates: true,
    run: async (ctx, input): Promise<{ wish: WishDetailView }> => {
      const openid = callerOpenid(ctx)
      const wish = await loadWish(ctx, input.wishId)
      if (wish.submittedBy === openid) throw new AppError('INVALID_STATE', '不能认领自己发布的心愿')
      const at = ctx.now.toISOString()
      const expiresAt = new Date(ctx.now.getTime() + policies.wishClaimDays * 24 * 3600_000).toISOString()
      const won = await transition(ctx.db, wish._id, 'open', {}, { status: 'claimed', claimedBy: openid, claimedAt: at, claimExpiresAt: expiresAt, updatedAt: at }, (w) =>
        wishNotice('wish.claimed', { ...w, claimExpiresAt: expiresAt }, w.submittedBy, Date.parse(at)),
      )
      if (!won) throw notNow(await findWish(ctx.db, wish._id), '认领')
      return { wish: await detailFor(ctx, (await findWish(ctx.db, wish._id)) as WishDoc) }
    },
  }),

  /** 放弃认领: back on the wall at once. */
  release: defineAction({
    access: access.signedIn,
    input: wishIdInput,
    mutates: true,
    run: async (ctx, input): Promise<{ wish: WishDetailView }> => {
      const openid = callerOpenid(ctx)
      const wish = await loadWish(ctx, input.wishId)
      if (wish.claimedBy !== openid) throw new AppError('FORBIDDEN', '只有认领人可以放弃认领')
      const at = ctx.now.toISOString()
      const told = (w: WishDoc) => wishNotice('wish.released', w, w.submittedBy, Date.parse(w.claimedAt ?? at))
      if (!(await transition(ctx.db, wish._id, 'claimed', { claimedBy: openid }, { status: 'open', claimedBy: null, claimedAt: null, claimExpiresAt: null, updatedAt: at }, told))) {
        throw notNow(await findWish(ctx.db, wish._id), '放弃认领')
      }
      return { wish: await detailFor(ctx, (await findWish(ctx.db, wish._id)) as WishDoc) }
    },
  }),

  /** 圆梦: the claimer shows proof: 1–9 photos uploaded to their folder under the wish, and a note. */
  fulfil: defineAction({
    access: access.signedIn,
    input: fulfilWishInput,
    mutates: true,
    run: async (ctx, input): Promise<{ wish: WishDetailView }> => {
      const openid = callerOpenid(ctx)
      const wish = await loadWish(ctx, input.wishId)
      if (wish.claimedBy !== openid) throw new AppError('FORBIDDEN', '只有认领人可以上传圆梦照片')
      const folder = photoFolder(wish._id, openid)
      const bad = input.photoFileIds.findIndex((id) => !fromFileId(id)?.startsWith(folder))
      if (bad >= 0) throw invalidArgument([{ path: `photoFileIds.${bad}`, message: '照片须由认领人为本心愿上传' }])
      const missing = (await temporaryUrls(input.photoFileIds, 60)).findIndex((url) => url === null)
      if (missing >= 0) throw invalidArgument([{ path: `photoFileIds.${missing}`, message: '照片不存在，请重新上传' }])
      const at = ctx.now.toISOString()
      const fulfilment = { note: input.note, photoFileIds: input.photoFileIds, at }
      const told = (w: WishDoc) => wishNotice('wish.fulfilled', w, w.submittedBy, Date.parse(at))
      if (!(await transition(ctx.db, wish._id, 'claimed', { claimedBy: openid }, { status: 'fulfilled', fulfilment, fulfilledAt: at, claimExpiresAt: null, updatedAt: at }, told))) {
        throw notNow(await findWish(ctx.db, wish._id), '上传圆梦照片')
      }
      return { wish: await detailFor(ctx, (await findWish(ctx.db, wish._id)) as WishDoc) }
    },
  }),

  /** 确认收到: the submitter or a reviewer, with an optional thank-you the claimer sees. */
  confirm: defineAction({
    access: access.signedIn,
    input: confirmWishInput,
    mutates: true,
    run: async (ctx, input): Promise<{ wish: WishDetailView }> => {
      const openid = callerOpenid(ctx)
      const wish = await loadWish(ctx, input.wishId)
      const scope = await reviewScope(ctx, await ctx.profile())
      if (wish.submittedBy !== openid && !canReview(scope, wish.township)) throw new AppError('FORBIDDEN', '只有发布人或审核组织可以确认收到')
      const at = ctx.now.toISOString()
      if (!(await transition(ctx.db, wish._id, 'fulfilled', {}, { status: 'confirmed', confirmedAt: at, confirmedBy: openid, thanks: input.thanks ?? null, updatedAt: at }))) {
        throw notNow(await findWish(ctx.db, wish._id), '确认收到')
      }
      return { wish: await detailFor(ctx, (await findWish(ctx.db, wish._id)) as WishDoc) }
    },
  }),

  /** 我的心愿: what I posted (with status and reasons), what I claimed (with deadlines), and notices. */
  mine: defineAction({
    access: access.signedIn,
    input: z.object({}),
    mutates: false,
    run: async (ctx): Promise<MyWishesView> => {
      const openid = callerOpenid(ctx)
      await expireClaims(ctx.db, ctx.now)
      const [submitted, claimed, notices] = await Promise.all([listWishesBy(ctx.db, 'submittedBy', openid), listWishesBy(ctx.db, 'claimedBy', openid), listNotices(ctx.db, openid)])
      return {
        submitted: submitted.map((w) => toWishDetail(w, 'submitter', [])),
        claimed: claimed.map((w) => toWishDetail(w, 'claimer', [])),
        notices: notices.map((n) => ({ text: n.text, wishId: n.wishId, createdAt: n.createdAt })),
      }
    },
  }),

  /** The claim-expiry timer (CloudBase timer trigger; the local host runs it on an interval). Idempotent. */
  expireClaims: defineAction({
    access: access.anyone,
    input: z.object({}),
    mutates: false,
    run: async (ctx) => ({ expired: await expireClaims(ctx.db, ctx.now) }),
  }),
} satisfies ActionTable

const handle = handler('wish', actions)

/** A CloudBase timer trigger calls `main` with `{ Type: 'Timer', TriggerName }`: that runs the expiry. */
export const main = (event: unknown, context: unknown) => {
  const timer = typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer'
  return handle(timer ? { action: 'expireClaims' } : event, context)
}
