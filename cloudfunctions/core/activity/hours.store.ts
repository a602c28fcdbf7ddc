import type { Database } from '../cloudbase'
import { AppError } from '../errors'
import { isDuplicateKey } from '../store-errors'
import { inTransaction } from '../transaction'
import { hoursNotice } from '../message/message.events'
import { notifyInTx } from '../message/message.store'
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
  /** Why staff added a volunteer without a confirmed place (现场加入); null (or absent on old documents) otherwise. */
  onSiteReason?: string | null
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
  /** Carried from the attendance: why staff added the volunteer on site (现场加入). */
  onSiteReason?: string | null
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

/** Check in once: the document id makes a second check-in a duplicate. `onSiteReason` when staff add someone without a place. */
export async function checkIn(db: Database, activity: ActivityDoc, openid: string, by: string, at: string, onSiteReason: string | null = null): Promise<AttendanceDoc> {
  const doc: AttendanceDoc = { _id: attendanceId(activity._id, openid), activityId: activity._id, openid, checkInAt: at, checkOutAt: null, checkInBy: by, checkOutBy: null, onSiteReason, createdAt: at, updatedAt: at }
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

export async function listRecordsOfActivity(db: Database, activityId: string): Promise<ServiceRecordDoc[]> {
  const { data } = await db.collection(RECORDS).where({ activityId }).limit(1000).get()
  return data as ServiceRecordDoc[]
}

export async function listRecordsOfVolunteer(db: Database, openid: string): Promise<ServiceRecordDoc[]> {
  const { data } = await db.collection(RECORDS).where({ openid }).orderBy('date', 'desc').limit(1000).get()
  return data as ServiceRecordDoc[]
}

export const recordId = (activityId: string, openid: string) => `${activityId}:${openid}`

/** How many document reads or writes go out at once inside the transaction. */
const BATCH = 20

async function inBatches<T, R>(items: T[], each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  for (let i = 0; i < items.length; i += BATCH) results.push(...(await Promise.all(items.slice(i, i + BATCH).map(each))))
  return results
}

/**
 * Write an activity's service records all together or not at all: one transaction of document
 * reads and writes. `decide` gets each record as it is now (null when not yet written) and returns
 * the record to store, or null to leave it; it must be pure, because a write conflict runs it again
 * on a fresh snapshot. A crash or error part-way leaves every record as it was.
 */
export async function writeRecords(db: Database, ids: string[], decide: (id: string, current: ServiceRecordDoc | null) => ServiceRecordDoc | null, at: string): Promise<number> {
  return inTransaction(db, async (tx) => {
    const records = tx.collection(RECORDS)
    const current = await inBatches(ids, async (id) => ((await records.doc(id).get()).data as ServiceRecordDoc | null) ?? null)
    const writes = ids.flatMap((id, i) => {
      const before = current[i] ?? null
      const next = decide(id, before)
      return next ? [{ next, corrected: before !== null }] : []
    })
    await inBatches(writes, async ({ next: { _id, ...fields } }) => records.doc(_id).set(fields))
    // each volunteer is told in the same transaction: 时长已确认 for a new record, 时长已更正 for a correction
    await inBatches(writes, ({ next, corrected }) => notifyInTx(tx, hoursNotice(next, corrected), at))
    return writes.length
  })
}
