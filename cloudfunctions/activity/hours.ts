import type { ActionContext } from '../core/handler'
import type { ConfirmHoursInput, HoursView, ServiceRecordView } from '../core/activity/activity.schema'
import { listSignUps, type ActivityDoc } from '../core/activity/activity.store'
import { formatDateTime } from '../core/time/beijing'
import { creditedMinutes, hoursToNextStar, servedMinutes, starLevel } from '../core/activity/hours.rules'
import { listAttendance, listRecordsOfActivity, listRecordsOfVolunteer, recordId, writeRecords, type ServiceRecordDoc } from '../core/activity/hours.store'
import { AppError, invalidArgument } from '../core/errors'
import { maskIdCardNo } from '../core/privacy/privacy.rules'
import { policies } from '../core/settings/policies'
import { findUsersByIds, type UserDoc } from '../core/user/user.store'

export function toRecordView(record: ServiceRecordDoc): ServiceRecordView {
  return {
    activityId: record.activityId,
    openid: record.openid,
    volunteerName: record.volunteerName,
    volunteerIdCardNo: record.volunteerIdCardNo ? maskIdCardNo(record.volunteerIdCardNo) : null,
    activityTitle: record.activityTitle,
    orgName: record.orgName,
    date: record.date,
    place: record.place,
    content: record.content,
    minutes: record.minutes,
    computedMinutes: record.computedMinutes,
    corrections: record.corrections.map((c) => ({ fromMinutes: c.fromMinutes, toMinutes: c.toMinutes, note: c.note, byName: c.byName, at: c.at })),
    onSiteReason: record.onSiteReason ?? null,
    recorderName: record.recorderName,
    recordedAt: record.recordedAt,
  }
}

const nameOf = (user: UserDoc | undefined) => user?.volunteer?.realName ?? user?.nickname ?? '未知'

/**
 * 确认服务时长: after the activity ends, staff turn attendance into service records (whoever organizes
 * records; whoever records certifies). Minutes are the overlap of check-in..check-out with the
 * activity, counted when they cover at least 60% of it. Confirming again adds records for late
 * check-outs and applies corrections; a correction needs a note and keeps the original figure.
 * Hours go only to volunteers who held a confirmed place or whom staff added on site (with a reason).
 * Everything is checked before anything is written, and all records are written in one transaction.
 */
export async function confirmHours(ctx: ActionContext, activity: ActivityDoc, input: ConfirmHoursInput): Promise<{ records: ServiceRecordView[] }> {
  if (activity.status !== 'published') throw new AppError('INVALID_STATE', '活动已取消，不能确认时长')
  if (ctx.now.toISOString() < activity.endAt) throw new AppError('INVALID_STATE', '活动结束后才能确认服务时长')
  const recorder = ctx.caller.openid as string
  const entries = input.entries ?? []
  const [attendance, signUps] = await Promise.all([listAttendance(ctx.db, activity._id), listSignUps(ctx.db, activity._id)])
  const attendanceOf = new Map(attendance.map((a) => [a.openid, a]))
  const placeHolders = new Set(signUps.filter((s) => s.status === 'confirmed').map((s) => s.openid))
  const openids = [...new Set([...attendance.map((a) => a.openid), ...entries.map((e) => e.openid), recorder])]
  // findUsersByIds reads at most 1000 at a time; attendance and entries together may be more
  const chunks = Array.from({ length: Math.ceil(openids.length / 1000) }, (_, i) => openids.slice(i * 1000, (i + 1) * 1000))
  const users = new Map((await Promise.all(chunks.map((chunk) => findUsersByIds(ctx.db, chunk)))).flat().map((u) => [u._id, u]))
  const at = ctx.now.toISOString()

  // validate every entry before writing anything
  const issues = entries.flatMap((entry, i) => {
    if (!users.get(entry.openid)?.volunteer) return [{ path: `entries.${i}.openid`, message: '该志愿者不存在' }]
    if (!placeHolders.has(entry.openid) && !attendanceOf.has(entry.openid)) {
      return [{ path: `entries.${i}.openid`, message: '该志愿者未报名本活动，也未由工作人员现场登记，不能确认时长' }]
    }
    if (!entry.note || entry.note.length < 2) return [{ path: `entries.${i}.note`, message: '修改时长须填写说明（至少2个字）' }]
    return []
  })
  if (issues.length) throw invalidArgument(issues)

  const recorderName = nameOf(users.get(recorder))
  const newRecord = (openid: string): ServiceRecordDoc => {
    const user = users.get(openid)
    const present = attendanceOf.get(openid)
    const computed = present ? creditedMinutes(activity, servedMinutes(activity, present.checkInAt, present.checkOutAt), policies) : 0
    return {
      _id: recordId(activity._id, openid),
      activityId: activity._id,
      openid,
      volunteerName: nameOf(user),
      volunteerIdCardNo: user?.volunteer?.idCardNo ?? null,
      activityTitle: activity.title,
      orgId: activity.orgId,
      orgName: activity.orgName,
      date: formatDateTime(activity.startAt).slice(0, 10),
      place: activity.address.startsWith(activity.township) ? activity.address : `${activity.township}${activity.address}`,
      content: `${activity.category}：${activity.description.slice(0, 100)}`,
      minutes: computed,
      computedMinutes: computed,
      corrections: [],
      onSiteReason: present?.onSiteReason ?? null,
      recordedBy: recorder,
      recorderName,
      recordedAt: at,
    }
  }

  const entryOf = new Map(entries.map((e) => [e.openid, e]))
  const subjectOf = new Map([...attendance.map((a) => a.openid), ...entries.map((e) => e.openid)].map((openid) => [recordId(activity._id, openid), openid]))
  await writeRecords(
    ctx.db,
    [...subjectOf.keys()],
    (id, current) => {
      const openid = subjectOf.get(id) as string
      const record = current ?? newRecord(openid)
      const entry = entryOf.get(openid)
      if (!entry || entry.minutes === record.minutes) return current ? null : record
      const correction = { fromMinutes: record.minutes, toMinutes: entry.minutes, note: entry.note as string, by: recorder, byName: recorderName, at }
      return { ...record, minutes: entry.minutes, corrections: [...record.corrections, correction] }
    },
    at,
  )
  return { records: (await listRecordsOfActivity(ctx.db, activity._id)).map(toRecordView) }
}

/** The activity's service records, for its organization's staff (with corrections). */
export async function activityRecords(ctx: ActionContext, activity: ActivityDoc): Promise<{ records: ServiceRecordView[] }> {
  return { records: (await listRecordsOfActivity(ctx.db, activity._id)).map(toRecordView) }
}

/** 志愿服务记录: my total, star level and every record. */
export async function myHours(ctx: ActionContext, openid: string): Promise<HoursView> {
  const records = await listRecordsOfVolunteer(ctx.db, openid)
  const totalMinutes = records.reduce((sum, r) => sum + r.minutes, 0)
  return {
    totalMinutes,
    starLevel: starLevel(totalMinutes, policies.starThresholdsHours),
    hoursToNextStar: hoursToNextStar(totalMinutes, policies.starThresholdsHours),
    records: records.map(toRecordView),
  }
}
