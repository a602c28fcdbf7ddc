import type { z } from 'zod'
import type {
  ActivityView,
  AttendanceView,
  CheckInCodeView,
  createActivityInput,
  HoursView,
  listActivitiesInput,
  MyActivityView,
  MySignUpView,
  RosterEntry,
  ServiceRecordView,
  updateActivityInput,
} from '../../cloudfunctions/core/activity/activity.schema'
import type { Page } from '../../cloudfunctions/core/org/org.schema'
import { callFunction, type CallOptions } from './cloud'

/** The `activity` cloud function (shared/api.md): one verb-first function per action. */

interface ActivityReply {
  activity: ActivityView
}

/** Published activities, soonest first (filters: township, category, org, dates); drafts for the org's own staff. */
export function listActivities(filter: Partial<z.input<typeof listActivitiesInput>> = {}): Promise<Page<ActivityView>> {
  return callFunction<Page<ActivityView>>('activity', 'list', filter)
}

/** One activity, with the caller's own sign-up (`mySignUp`). */
export async function getActivity(activityId: string): Promise<ActivityView> {
  const { activity } = await callFunction<ActivityReply>('activity', 'get', { activityId })
  return activity
}

/** 报名: `confirmed`, or `waitlisted` with a place in line; CAPACITY_FULL / OUTSIDE_WINDOW / ALREADY_EXISTS otherwise. */
export async function signUp(activityId: string, options?: CallOptions): Promise<MySignUpView> {
  const { signUp: mine } = await callFunction<{ signUp: MySignUpView }>('activity', 'signUp', { activityId }, options)
  return mine
}

/** 取消报名 until the activity starts. */
export function cancelSignUp(activityId: string, options?: CallOptions): Promise<{ promoted: number }> {
  return callFunction<{ promoted: number }>('activity', 'cancelSignUp', { activityId }, options)
}

/** 我的活动. */
export async function listMyActivities(): Promise<MyActivityView[]> {
  const { items } = await callFunction<{ items: MyActivityView[] }>('activity', 'mine', {})
  return items
}

/** Org staff: a new draft. */
export async function createActivity(input: z.input<typeof createActivityInput>, options?: CallOptions): Promise<ActivityView> {
  const { activity } = await callFunction<ActivityReply>('activity', 'create', input, options)
  return activity
}

/** Org staff: edit fields of a draft or a published activity. */
export async function updateActivity(input: z.input<typeof updateActivityInput>, options?: CallOptions): Promise<ActivityView> {
  const { activity } = await callFunction<ActivityReply>('activity', 'update', input, options)
  return activity
}

export async function publishActivity(activityId: string, options?: CallOptions): Promise<ActivityView> {
  const { activity } = await callFunction<ActivityReply>('activity', 'publish', { activityId }, options)
  return activity
}

/** Org staff: cancel; every sign-up is released and told `reason`. */
export function cancelActivity(activityId: string, reason: string | undefined, options?: CallOptions): Promise<{ activity: ActivityView; released: number }> {
  return callFunction<{ activity: ActivityView; released: number }>('activity', 'cancel', { activityId, reason }, options)
}

/** Org staff: who signed up, with masked phones and the waitlist in order. */
export async function getRoster(activityId: string): Promise<RosterEntry[]> {
  const { items } = await callFunction<{ items: RosterEntry[] }>('activity', 'roster', { activityId })
  return items
}

/** Org staff: the current on-site check-in code (changes every minute). */
export function getCheckInCode(activityId: string): Promise<CheckInCodeView> {
  return callFunction<CheckInCodeView>('activity', 'checkInCode', { activityId })
}

/** 签到 with the on-site code (volunteer), or by `openid` (org staff marking attendance). */
export async function checkIn(input: { activityId: string; code?: string; openid?: string; reason?: string }, options?: CallOptions): Promise<AttendanceView> {
  const { attendance } = await callFunction<{ attendance: AttendanceView }>('activity', 'checkIn', input, options)
  return attendance
}

/** 签退, the same way. */
export async function checkOut(input: { activityId: string; code?: string; openid?: string }, options?: CallOptions): Promise<AttendanceView> {
  const { attendance } = await callFunction<{ attendance: AttendanceView }>('activity', 'checkOut', input, options)
  return attendance
}

/** Org staff: write service records after the activity; `entries` correct minutes (a note each). */
export async function confirmHours(activityId: string, entries?: { openid: string; minutes: number; note?: string }[], options?: CallOptions): Promise<ServiceRecordView[]> {
  const { records } = await callFunction<{ records: ServiceRecordView[] }>('activity', 'confirmHours', { activityId, entries }, options)
  return records
}

/** 志愿服务记录: my total minutes, star level and records. */
export function getMyHours(): Promise<HoursView> {
  return callFunction<HoursView>('activity', 'hours', {})
}

/** Org staff: the roster as an .xlsx; returns a temporary download link. */
export function exportRoster(activityId: string): Promise<{ url: string; fileID: string; fileName: string }> {
  return callFunction<{ url: string; fileID: string; fileName: string }>('activity', 'exportRoster', { activityId })
}

/** Org staff: the activity's service records (with corrections and each volunteer's openid). */
export async function listActivityRecords(activityId: string): Promise<ServiceRecordView[]> {
  const { records } = await callFunction<{ records: ServiceRecordView[] }>('activity', 'records', { activityId })
  return records
}
