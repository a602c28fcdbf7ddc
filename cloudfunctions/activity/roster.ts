import type { ActionContext } from '../core/handler'
import type { RosterEntry } from '../core/activity/activity.schema'
import { listSignUps, type ActivityDoc } from '../core/activity/activity.store'
import { creditedMinutes, servedMinutes } from '../core/activity/hours.rules'
import { listAttendance, listRecordsOfActivity } from '../core/activity/hours.store'
import { storeExport } from '../core/storage.store'
import { maskPhone } from '../core/privacy/privacy.rules'
import { policies } from '../core/settings/policies'
import { findUsersByIds } from '../core/user/user.store'
import { formatDateTime } from '../core/time/beijing'

/**
 * The roster (报名名单): every sign-up and every walk-in with attendance and minutes. Names are the
 * volunteers' real names; phones are masked here as everywhere.
 */
export async function buildRoster(ctx: Pick<ActionContext, 'db' | 'now'>, activity: ActivityDoc): Promise<RosterEntry[]> {
  const [signUps, attendance, records] = await Promise.all([listSignUps(ctx.db, activity._id), listAttendance(ctx.db, activity._id), listRecordsOfActivity(ctx.db, activity._id)])
  const openids = [...new Set([...signUps.map((s) => s.openid), ...attendance.map((a) => a.openid)])]
  const users = new Map((await findUsersByIds(ctx.db, openids)).map((u) => [u._id, u]))
  const attendanceOf = new Map(attendance.map((a) => [a.openid, a]))
  const recordOf = new Map(records.map((r) => [r.openid, r]))
  const waitlisted = signUps.filter((s) => s.status === 'waitlisted').sort((a, b) => (a.waitSeq ?? 0) - (b.waitSeq ?? 0))
  const signUpOf = new Map(signUps.map((s) => [s.openid, s]))

  return openids
    .filter((openid) => signUpOf.get(openid)?.status !== 'pending')
    .map((openid) => {
      const user = users.get(openid)
      const signUp = signUpOf.get(openid)
      const present = attendanceOf.get(openid)
      const record = recordOf.get(openid)
      const phone = user?.volunteer?.phone ?? user?.phone ?? null
      return {
        openid,
        realName: user?.volunteer?.realName ?? user?.nickname ?? '未知',
        phone: phone ? maskPhone(phone) : null,
        status: signUp ? signUp.status : 'walk_in',
        waitlistPosition: signUp?.status === 'waitlisted' ? waitlisted.indexOf(signUp) + 1 : null,
        signedUpAt: signUp?.createdAt ?? null,
        checkInAt: present?.checkInAt ?? null,
        checkOutAt: present?.checkOutAt ?? null,
        onSiteReason: present?.onSiteReason ?? null,
        minutes: record ? record.minutes : creditedMinutes(activity, servedMinutes(activity, present?.checkInAt ?? null, present?.checkOutAt ?? null), policies),
        hoursConfirmed: !!record,
      }
    })
}

/** The roster as an .xlsx workbook, stored through the storage API; returns a temporary link. */
export async function exportRoster(ctx: Pick<ActionContext, 'db' | 'now'>, activity: ActivityDoc): Promise<{ fileID: string; url: string; fileName: string }> {
  const roster = await buildRoster(ctx, activity)
  // exceljs (with its zip libraries) is loaded on the first export only, never at cold start
  const { rosterWorkbook } = await import('./roster-workbook')
  const content = await rosterWorkbook(activity, roster)
  const fileName = `报名名单-${activity.title}-${formatDateTime(ctx.now.toISOString()).replace(/[: ]/g, '')}.xlsx`
  const { fileID, url } = await storeExport(`exports/rosters/${activity._id}/${ctx.now.getTime()}.xlsx`, content)
  return { fileID, url, fileName }
}
