import type { Database } from '../cloudbase'
import { AppError } from '../errors'
import { isDuplicateKey } from '../store-errors'
import type { ActivityDoc } from './activity.store'

/** A volunteer's attendance at one activity (签到/签退): `activity_attendance`, id `${activityId}:${openid}`. */
export interface AttendanceDoc {
  _id: string
  activityId: string
  openid: string
  checkInAt: string | null
  checkOutAt: string | null
  checkInBy: string
  checkOutBy: string | null
  createdAt: string
  updatedAt: string
}

export interface CorrectionEntry {
  fromMinutes: number
  toMinutes: number
  note: string
  by: string
  byName: string
  at: string
}

/** A service record (志愿服务记录): `service_records`, id `${activityId}:${openid}`. Corrections keep the original. */
export interface ServiceRecordDoc {
  _id: string
  activityId: string
  openid: string
  volunteerName: string
  volunteerIdCardNo: string | null
  activityTitle: string
  orgId: string
  orgName: string
  date: string
  place: string
  content: string
  minutes: number
  computedMinutes: number
  corrections: CorrectionEntry[]
  recordedBy: string
  recorderName: string
  recordedAt: string
}

const ATTENDANCE = 'activity_attendance'
const RECORDS = 'service_records'

export const attendanceId = (activityId: string, openid: string) => `${activityId}:${openid}`

export async function findAttendance(db: Database, activityId: string, openid: string): Promise<AttendanceDoc | null> {
  const { data } = await db.collection(ATTENDANCE).where({ _id: attendanceId(activityId, openid) }).limit(1).get()
  return (data as AttendanceDoc[])[0] ?? null
}

export async function listAttendance(db: Database, activityId: string): Promise<AttendanceDoc[]> {
  const { data } = await db.collection(ATTENDANCE).where({ activityId }).limit(1000).get()
  return data as AttendanceDoc[]
}

/** Check in once: the document id makes a second check-in a duplicate. */
export async function checkIn(db: Database, activity: ActivityDoc, openid: string, by: string, at: string): Promise<AttendanceDoc> {
  const doc: AttendanceDoc = { _id: attendanceId(activity._id, openid), activityId: activity._id, openid, checkInAt: at, checkOutAt: null, checkInBy: by, checkOutBy: null, createdAt: at, updatedAt: at }
  try {
    await db.collection(ATTENDANCE).add(doc)
    return doc
  } catch (error) {
    if (isDuplicateKey(error)) throw new AppError('ALREADY_EXISTS', '已签到，请勿重复签到')
    throw error
  }
}

/** Check out once, after checking in: one conditional update. */
export async function checkOut(db: Database, activityId: string, openid: string, by: string, at: string): Promise<AttendanceDoc> {
  const id = attendanceId(activityId, openid)
  const result = await db.collection(ATTENDANCE).where({ _id: id, checkOutAt: null }).update({ checkOutAt: at, checkOutBy: by, updatedAt: at })
  if ((result as { updated?: number }).updated !== 1) {
    const existing = await findAttendance(db, activityId, openid)
    if (!existing) throw new AppError('INVALID_STATE', '尚未签到，请先签到')
    throw new AppError('ALREADY_EXISTS', '已签退，请勿重复签退')
  }
  return (await findAttendance(db, activityId, openid)) as AttendanceDoc
}

/** Write a record unless the activity's hours were confirmed for this volunteer already. */
export async function insertRecordOnce(db: Database, record: ServiceRecordDoc): Promise<boolean> {
  try {
    await db.collection(RECORDS).add(record)
    return true
  } catch (error) {
    if (isDuplicateKey(error)) return false
    throw error
  }
}

export async function listRecordsOfActivity(db: Database, activityId: string): Promise<ServiceRecordDoc[]> {
  const { data } = await db.collection(RECORDS).where({ activityId }).limit(1000).get()
  return data as ServiceRecordDoc[]
}

export async function listRecordsOfVolunteer(db: Database, openid: string): Promise<ServiceRecordDoc[]> {
  const { data } = await db.collection(RECORDS).where({ openid }).orderBy('date', 'desc').limit(1000).get()
  return data as ServiceRecordDoc[]
}

/**
 * Correct a record's minutes, keeping the original: a conditional update on the minutes the
 * corrector saw, so two corrections at once cannot silently overwrite each other.
 */
export async function correctRecord(db: Database, record: ServiceRecordDoc, correction: CorrectionEntry): Promise<void> {
  const result = await db
    .collection(RECORDS)
    .where({ _id: record._id, minutes: record.minutes })
    .update({ minutes: correction.toMinutes, corrections: db.command.push([correction]) })
  if ((result as { updated?: number }).updated !== 1) throw new AppError('INVALID_STATE', '该记录刚被他人修改，请刷新后重试')
}
