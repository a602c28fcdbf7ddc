import { z } from 'zod'
import { access } from '../core/access'
import { AppError, invalidArgument } from '../core/errors'
import { callerOpenid, defineAction, handler, type ActionContext, type ActionTable } from '../core/handler'
import { publishIssues, toActivityView, toMyActivityView } from '../core/activity/activity.rules'
import {
  activityIdInput,
  attendanceInput,
  cancelActivityInput,
  confirmHoursInput,
  createActivityInput,
  listActivitiesInput,
  scheduleIssues,
  updateActivityInput,
  type ActivityView,
  type CheckInCodeView,
  type HoursView,
  type MySignUpView,
  type RosterEntry,
} from '../core/activity/activity.schema'
import { checkInPayload, currentCheckInCode, newCheckInSecret } from '../core/activity/check-in-code'
import { policies } from '../core/settings/policies'
import { recordCheckIn, recordCheckOut } from './attendance'
import { activityRecords, confirmHours, myHours } from './hours'
import { buildRoster, exportRoster } from './roster'
import {
  cancelActivity,
  cancelSignUp,
  findActivity,
  findSignUp,
  insertActivity,
  listActivities,
  listMySignUps,
  needsRecovery,
  newActivityId,
  recoverActivity,
  recoverAll,
  signUp,
  updateActivity,
  waitlistPosition,
  type ActivityDoc,
  type SignUpDoc,
} from '../core/activity/activity.store'
import { findOrg } from '../core/org/org.store'
import type { Page } from '../core/org/org.schema'

/** The organization an activity belongs to: what org-scoped access rules check. */
const orgOfActivity = async (input: { activityId: string }, ctx: ActionContext) => (await findActivity(ctx.db, input.activityId))?.orgId ?? null

async function isStaffOf(ctx: ActionContext, orgId: string): Promise<boolean> {
  const profile = await ctx.profile()
  return profile?.memberships.some((m) => m.orgId === orgId) ?? false
}

async function activityOrThrow(ctx: ActionContext, activityId: string): Promise<ActivityDoc> {
  const activity = await findActivity(ctx.db, activityId)
  if (!activity) throw new AppError('NOT_FOUND', '活动不存在')
  return activity
}

async function mySignUpView(ctx: ActionContext, signUp: SignUpDoc | null, knownPosition: number | null = null): Promise<MySignUpView | null> {
  if (!signUp) return null
  const position =
    signUp.status !== 'waitlisted' || signUp.waitSeq === null ? null : (knownPosition ?? (await waitlistPosition(ctx.db, signUp.activityId, signUp.waitSeq)))
  return { status: signUp.status, waitlistPosition: position, signedUpAt: signUp.createdAt }
}

async function viewFor(ctx: ActionContext, activity: ActivityDoc): Promise<ActivityView> {
  const mine = ctx.caller.openid ? await findSignUp(ctx.db, activity._id, ctx.caller.openid) : null
  return toActivityView(activity, await mySignUpView(ctx, mine))
}

function assertEditable(activity: ActivityDoc) {
  if (activity.status === 'cancelled') throw new AppError('INVALID_STATE', '活动已取消，不能修改')
}

export const actions = {
  /** Staff of a verified organization draft an activity. */
  create: defineAction({
    access: access.orgStaff((input: { orgId: string }) => input.orgId),
    input: createActivityInput,
    mutates: true,
    run: async (ctx, input): Promise<{ activity: ActivityView }> => {
      const org = await findOrg(ctx.db, input.orgId)
      if (!org) throw new AppError('NOT_FOUND', '组织不存在')
      if (org.status !== 'verified') throw new AppError('INVALID_STATE', '组织通过认证后才能发布活动')
      const at = ctx.now.toISOString()
      const activity: ActivityDoc = {
        _id: newActivityId(),
        orgId: org._id,
        orgName: org.name,
        title: input.title,
        category: input.category,
        description: input.description,
        township: input.township,
        address: input.address,
        startAt: input.startAt,
        endAt: input.endAt,
        signUpDeadline: input.signUpDeadline,
        capacity: input.capacity,
        waitlist: input.waitlist,
        status: 'draft',
        confirmedCount: 0,
        waitlistedCount: 0,
        waitSeq: 0,
        placesLeft: input.capacity,
        checkInSecret: newCheckInSecret(),
        cancelReason: null,
        createdBy: callerOpenid(ctx),
        createdAt: at,
        updatedAt: at,
        publishedAt: null,
        cancelledAt: null,
      }
      await insertActivity(ctx.db, activity)
      return { activity: toActivityView(activity, null) }
    },
  }),

  /** Edit any field; the schedule must stay in order (and in the future once published); capacity never below confirmed sign-ups. */
  update: defineAction({
    access: access.orgStaff(orgOfActivity),
    input: updateActivityInput,
    mutates: true,
    run: async (ctx, input): Promise<{ activity: ActivityView }> => {
      const { activityId, ...changes } = input
      const updated = await updateActivity(
        ctx.db,
        activityId,
        (activity) => {
          assertEditable(activity)
          const patch = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<ActivityDoc>
          const next = { ...activity, ...patch }
          const issues = [...scheduleIssues(next), ...(next.status === 'published' && (patch.startAt || patch.signUpDeadline) ? publishIssues(next, ctx.now) : [])]
          if (issues.length) throw invalidArgument(issues)
          return patch
        },
        ctx.now,
      )
      return { activity: await viewFor(ctx, updated) }
    },
  }),

  /** A draft goes live: its times must still be ahead. */
  publish: defineAction({
    access: access.orgStaff(orgOfActivity),
    input: activityIdInput,
    mutates: true,
    run: async (ctx, input): Promise<{ activity: ActivityView }> => {
      const org = await findOrg(ctx.db, (await activityOrThrow(ctx, input.activityId)).orgId)
      if (org?.status !== 'verified') throw new AppError('INVALID_STATE', '组织通过认证后才能发布活动')
      const at = ctx.now.toISOString()
      const published = await updateActivity(
        ctx.db,
        input.activityId,
        (activity) => {
          if (activity.status !== 'draft') throw new AppError('INVALID_STATE', activity.status === 'published' ? '活动已发布' : '活动已取消，不能发布')
          const issues = publishIssues(activity, ctx.now)
          if (issues.length) throw invalidArgument(issues, `活动时间已过，请修改后再发布（${issues[0]?.message}）`)
          return { status: 'published', publishedAt: at }
        },
        ctx.now,
      )
      return { activity: toActivityView(published, null) }
    },
  }),

  /** The organization cancels: every sign-up is released and its volunteer sees why in 我的活动. */
  cancel: defineAction({
    access: access.orgStaff(orgOfActivity),
    input: cancelActivityInput,
    mutates: true,
    run: async (ctx, input) => {
      await activityOrThrow(ctx, input.activityId)
      const released = await cancelActivity(ctx.db, input.activityId, input.reason ?? null, ctx.now.toISOString())
      const activity = await activityOrThrow(ctx, input.activityId)
      return { activity: toActivityView(activity, null), released }
    },
  }),

  /** Published activities, soonest first; drafts and cancelled ones for the organization's own staff. */
  list: defineAction({
    access: access.anyone,
    input: listActivitiesInput,
    mutates: false,
    run: async (ctx, input): Promise<Page<ActivityView>> => {
      const status = input.status ?? 'published'
      if (status !== 'published') {
        if (!ctx.caller.openid) throw new AppError('UNAUTHENTICATED')
        if (!input.orgId || !(await isStaffOf(ctx, input.orgId))) throw new AppError('FORBIDDEN', '仅本组织工作人员可以查看草稿和已取消的活动')
      }
      const page = await listActivities(ctx.db, { status, township: input.township, category: input.category, orgId: input.orgId, from: input.from, to: input.to }, { cursor: input.cursor, limit: input.limit })
      return { items: page.items.map((activity) => toActivityView(activity, null)), nextCursor: page.nextCursor }
    },
  }),

  get: defineAction({
    access: access.anyone,
    input: activityIdInput,
    mutates: false,
    run: async (ctx, input): Promise<{ activity: ActivityView }> => {
      let activity = await findActivity(ctx.db, input.activityId)
      if (!activity || (activity.status === 'draft' && !(await isStaffOf(ctx, activity.orgId)))) throw new AppError('NOT_FOUND', '活动不存在')
      if (needsRecovery(activity, ctx.now)) {
        // a sign-up whose call died half-way, or a free place while people wait: settle it before showing
        await recoverActivity(ctx.db, activity._id, ctx.now)
        activity = (await findActivity(ctx.db, input.activityId)) ?? activity
      }
      return { activity: await viewFor(ctx, activity) }
    },
  }),

  /**
   * 报名: a place, or a waitlist ticket, never more confirmed than capacity. The volunteer role is a
   * condition of the sign-up's agenda write (a read before it would be one more round trip for every
   * sign-up in a crowd), which refuses others with the access check's own FORBIDDEN.
   */
  signUp: defineAction({
    access: access.volunteerInWrite,
    input: activityIdInput,
    mutates: true,
    run: async (ctx, input) => {
      const done = await signUp(ctx.db, input.activityId, callerOpenid(ctx), ctx.now)
      return { signUp: await mySignUpView(ctx, done.signUp, done.waitlistPosition) }
    },
  }),

  /** 取消报名 until the activity starts; the first waitlisted volunteer takes the place. */
  cancelSignUp: defineAction({
    access: access.volunteer,
    input: activityIdInput,
    mutates: true,
    run: async (ctx, input) => cancelSignUp(ctx.db, input.activityId, callerOpenid(ctx), ctx.now),
  }),

  /** The organization's roster: real names, masked phones, places, waitlist order, attendance and minutes. */
  roster: defineAction({
    access: access.orgStaff(orgOfActivity),
    input: activityIdInput,
    mutates: false,
    run: async (ctx, input): Promise<{ items: RosterEntry[] }> => ({ items: await buildRoster(ctx, await activityOrThrow(ctx, input.activityId)) }),
  }),

  /** The roster as an .xlsx file (exceljs), stored through the storage API; a temporary link comes back. */
  exportRoster: defineAction({
    access: access.orgStaff(orgOfActivity),
    input: activityIdInput,
    mutates: false,
    run: async (ctx, input) => exportRoster(ctx, await activityOrThrow(ctx, input.activityId)),
  }),

  /** The on-site code (6 digits, changes every minute), for staff to show as a QR code and as digits. */
  checkInCode: defineAction({
    access: access.orgStaff(orgOfActivity),
    input: activityIdInput,
    mutates: false,
    run: async (ctx, input): Promise<CheckInCodeView> => {
      const activity = await activityOrThrow(ctx, input.activityId)
      if (activity.status !== 'published') throw new AppError('INVALID_STATE', '活动未发布或已取消')
      const { code, expiresAt } = currentCheckInCode(activity.checkInSecret, ctx.now, policies.checkInCodeWindowSeconds)
      return { code, expiresAt, qrPayload: checkInPayload(activity._id, code) }
    },
  }),

  /** 签到: a volunteer with the on-site code, or staff marking a volunteer by hand. */
  checkIn: defineAction({
    access: access.anyOf(access.volunteer, access.orgStaff(orgOfActivity)),
    input: attendanceInput,
    mutates: true,
    run: async (ctx, input) => ({ attendance: await recordCheckIn(ctx, await activityOrThrow(ctx, input.activityId), input) }),
  }),

  /** 签退: the same, until two hours after the end. */
  checkOut: defineAction({
    access: access.anyOf(access.volunteer, access.orgStaff(orgOfActivity)),
    input: attendanceInput,
    mutates: true,
    run: async (ctx, input) => ({ attendance: await recordCheckOut(ctx, await activityOrThrow(ctx, input.activityId), input) }),
  }),

  /** 确认服务时长: service records from attendance (60% rule), with corrections that keep the original. */
  confirmHours: defineAction({
    access: access.orgStaff(orgOfActivity),
    input: confirmHoursInput,
    mutates: true,
    run: async (ctx, input) => confirmHours(ctx, await activityOrThrow(ctx, input.activityId), input),
  }),

  /** The service records of one activity, for its staff (corrections included). */
  records: defineAction({
    access: access.orgStaff(orgOfActivity),
    input: activityIdInput,
    mutates: false,
    run: async (ctx, input) => activityRecords(ctx, await activityOrThrow(ctx, input.activityId)),
  }),

  /** 志愿服务记录: total, star level and records of the caller. */
  hours: defineAction({
    access: access.volunteer,
    input: z.object({}),
    mutates: false,
    run: async (ctx): Promise<HoursView> => myHours(ctx, callerOpenid(ctx)),
  }),

  /** 我的活动: my sign-ups with their status, waitlist place and any notice from the organization. */
  mine: defineAction({
    access: access.volunteer,
    input: z.object({}),
    mutates: false,
    run: async (ctx) => {
      const signUps = await listMySignUps(ctx.db, callerOpenid(ctx))
      const items = await Promise.all(
        signUps.map(async (s) => toMyActivityView(s, s.status === 'waitlisted' && s.waitSeq !== null ? await waitlistPosition(ctx.db, s.activityId, s.waitSeq) : null)),
      )
      return { items }
    },
  }),

  /** The recovery timer (CloudBase timer trigger; the local host runs it on an interval): settles sign-ups cut short. Idempotent. */
  recover: defineAction({
    access: access.anyone,
    input: z.object({}),
    mutates: false,
    run: async (ctx) => recoverAll(ctx.db, ctx.now),
  }),
} satisfies ActionTable

const handle = handler('activity', actions)

/** A CloudBase timer trigger calls `main` with `{ Type: 'Timer', TriggerName }`: that runs recovery. */
export const main = (event: unknown, context: unknown) => {
  const timer = typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer'
  return handle(timer ? { action: 'recover' } : event, context)
}
