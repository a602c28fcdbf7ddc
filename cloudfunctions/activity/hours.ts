import type { ActionContext } from '../core/handler'
import type { ConfirmHoursInput, HoursView, ServiceRecordView } from '../core/activity/activity.schema'
import type { ActivityDoc } from '../core/activity/activity.store'
import { formatDateTime } from '../core/time/beijing'
import { creditedMinutes, hoursToNextStar, servedMinutes, starLevel } from '../core/activity/hours.rules'
import { correctRecord, insertRecordOnce, listAttendance, listRecordsOfActivity, listRecordsOfVolunteer, type ServiceRecordDoc } from '../core/activity/hours.store'
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
 */
export async function confirmHours(ctx: ActionContext, activity: ActivityDoc, input: ConfirmHoursInput): Promise<{ records: ServiceRecordView[] }> {
  if (activity.status !== 'published') throw new AppError('INVALID_STATE', '活动已取消，不能确认时长')
  if (ctx.now.toISOString() < activity.endAt) throw new AppError('INVALID_STATE', '活动结束后才能确认服务时长')
  const recorder = ctx.caller.openid as string
  const entries = input.entries ?? []
  const missingNote = entries.findIndex((e) => !e.note || e.note.length < 2)
  const attendance = await listAttendance(ctx.db, activity._id)
  const openids = [...new Set([...attendance.map((a) => a.openid), ...entries.map((e) => e.openid), recorder])]
  const users = new Map((await findUsersByIds(ctx.db, openids)).map((u) => [u._id, u]))
  const at = ctx.now.toISOString()

  const newRecord = (openid: string, computed: number): ServiceRecordDoc => {
    const user = users.get(openid)
    return {
      _id: `${activity._id}:${openid}`,
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
      recordedBy: recorder,
      recorderName: nameOf(users.get(recorder)),
      recordedAt: at,
    }
  }

  for (const entry of entries) {
    if (!users.get(entry.openid)?.volunteer) throw invalidArgument([{ path: `entries.${entries.indexOf(entry)}.openid`, message: '该志愿者不存在' }])
  }
  if (missingNote >= 0) throw invalidArgument([{ path: `entries.${missingNote}.note`, message: '修改时长须填写说明（至少2个字）' }])

  for (const present of attendance) {
    await insertRecordOnce(ctx.db, newRecord(present.openid, creditedMinutes(activity, servedMinutes(activity, present.checkInAt, present.checkOutAt), policies)))
  }
  let records = new Map((await listRecordsOfActivity(ctx.db, activity._id)).map((r) => [r.openid, r]))
  for (const entry of entries) {
    let record = records.get(entry.openid)
    if (!record) {
      await insertRecordOnce(ctx.db, newRecord(entry.openid, 0))
      record = (await listRecordsOfActivity(ctx.db, activity._id)).find((r) => r.openid === entry.openid) as ServiceRecordDoc
    }
    if (record.minutes === entry.minutes) continue
    await correctRecord(ctx.db, record, { fromMinutes: record.minutes, toMinutes: entry.minutes, note: entry.note as string, by: recorder, byName: nameOf(users.get(recorder)), at })
  }
  records = new Map((await listRecordsOfActivity(ctx.db, activity._id)).map((r) => [r.openid, r]))
  return { records: [...records.values()].map(toRecordView) }
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
