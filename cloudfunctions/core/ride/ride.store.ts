import { createHmac, randomBytes } from 'node:crypto'
import type { Database } from '../cloudbase'
import { keysetPages } from '../keyset'
import { AppError } from '../errors'
import { secretKey } from '../secrets'
import type { Transaction } from '../transaction'
import { inTransaction } from '../transaction'
import { driverApproved, rideNotice } from '../message/message.events'
import { notifyInTx } from '../message/message.store'
import {
  canCancel,
  emptySchedule,
  placeBooking,
  planDispatch,
  refusalMessages,
  removeBooking,
  scheduleId,
  scheduleProblems,
  type AssignedDriver,
  type BookingDoc,
  type DriverDoc,
  type Offer,
  type PlanDriver,
  type ScheduleDoc,
  type SessionDoc,
  type TripUpdate,
} from './ride.rules'

export type { BookingDoc, DriverDoc, ScheduleDoc, SessionDoc } from './ride.rules'

/**
 * Data access for 爱心送考. Every change that touches a booking's place in a trip is ONE
 * transaction of document reads and whole-document writes (the driver's schedule for the day,
 * the booking, and for book/cancel the ticket claim): see the design note in ride.rules.ts.
 */
export const SESSIONS = 'ride_sessions'
export const DRIVERS = 'ride_drivers'
export const BOOKINGS = 'ride_bookings'
export const CLAIMS = 'ride_ticket_claims'
export const SCHEDULES = 'ride_schedules'

export const newSessionId = () => `ses-${randomBytes(6).toString('hex')}`
export const newSiteId = () => `site-${randomBytes(4).toString('hex')}`
export const newBookingId = () => `bk-${randomBytes(8).toString('hex')}`
export const newTripId = () => `trip-${randomBytes(6).toString('hex')}`
export const newOfferId = () => `off-${randomBytes(4).toString('hex')}`

// ---------------------------------------------------------------------------------------------
// The admission ticket: a keyed hash, never the number

const hmac = (text: string) => createHmac('sha256', secretKey('RIDE_TICKET_KEY')).update(text).digest('hex')

/** The keyed hash stored on the booking (the same ticket on another day or direction hashes the same). */
export const ticketHash = (ticketNo: string) => hmac(`ticket\u0000${ticketNo.toUpperCase()}`)

/** The claim document's id: one booking per ticket, date and direction, enforced by the `_id`. */
export const ticketClaimId = (sessionId: string, date: string, direction: string, ticketNo: string) =>
  `claim-${hmac(`claim\u0000${sessionId}\u0000${date}\u0000${direction}\u0000${ticketNo.toUpperCase()}`)}`

// ---------------------------------------------------------------------------------------------
// Plain reads

async function byId<D>(db: Database, collection: string, id: string): Promise<D | null> {
  const { data } = await db.collection(collection).where({ _id: id }).limit(1).get()
  return ((data as D[])[0] ?? null)
}

export const findSession = (db: Database, id: string) => byId<SessionDoc>(db, SESSIONS, id)
export const findDriver = (db: Database, id: string) => byId<DriverDoc>(db, DRIVERS, id)
export const findBooking = (db: Database, id: string) => byId<BookingDoc>(db, BOOKINGS, id)
export const findSchedule = (db: Database, openid: string, date: string) => byId<ScheduleDoc>(db, SCHEDULES, scheduleId(openid, date))

export async function listSessions(db: Database): Promise<SessionDoc[]> {
  const { data } = await db.collection(SESSIONS).orderBy('bookingOpensAt', 'desc').limit(100).get()
  return data as SessionDoc[]
}

export async function insertSession(db: Database, session: SessionDoc): Promise<void> {
  await db.collection(SESSIONS).add(session)
}

export async function driversOf(db: Database, openid: string): Promise<DriverDoc[]> {
  const { data } = await db.collection(DRIVERS).where({ openid }).limit(20).get()
  return data as DriverDoc[]
}

export async function listDrivers(db: Database, orgId: string, status?: DriverDoc['status']): Promise<DriverDoc[]> {
  const { data } = await db.collection(DRIVERS).where({ orgId, ...(status ? { status } : {}) }).orderBy('createdAt', 'asc').limit(1000).get()
  return data as DriverDoc[]
}

export async function findBookingsByIds(db: Database, ids: string[]): Promise<BookingDoc[]> {
  const out: BookingDoc[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    const { data } = await db.collection(BOOKINGS).where({ _id: db.command.in(chunk) }).limit(chunk.length).get()
    out.push(...(data as BookingDoc[]))
  }
  return out
}

export async function listMyBookings(db: Database, openid: string): Promise<BookingDoc[]> {
  const { data } = await db.collection(BOOKINGS).where({ bookedBy: openid }).orderBy('pickupAt', 'desc').limit(100).get()
  return data as BookingDoc[]
}

export async function listMySchedules(db: Database, openid: string, fromDate: string): Promise<ScheduleDoc[]> {
  const { data } = await db.collection(SCHEDULES).where({ openid, date: db.command.gte(fromDate) }).orderBy('date', 'asc').limit(30).get()
  return data as ScheduleDoc[]
}

/** Bookings of one exam day and status (a day holds a few hundred: paged by _id under the SDK's 1000 cap). */
export async function listDayBookings(db: Database, sessionId: string, date: string, status: BookingDoc['status']): Promise<BookingDoc[]> {
  const _ = db.command
  const out: BookingDoc[] = []
  let after = ''
  for (;;) {
    const { data } = await db.collection(BOOKINGS).where({ sessionId, date, status, _id: _.gt(after) }).orderBy('_id', 'asc').limit(1000).get()
    out.push(...(data as BookingDoc[]))
    if (data.length < 1000) return out
    after = (data[data.length - 1] as BookingDoc)._id
  }
}

/** Every booking of one exam day of a session, whatever its status (the fleet console's list). */
export async function listAllDayBookings(db: Database, sessionId: string, date: string): Promise<BookingDoc[]> {
  const _ = db.command
  const out: BookingDoc[] = []
  let after = ''
  for (;;) {
    const { data } = await db.collection(BOOKINGS).where({ sessionId, date, _id: _.gt(after) }).orderBy('_id', 'asc').limit(1000).get()
    out.push(...(data as BookingDoc[]))
    if (data.length < 1000) return out
    after = (data[data.length - 1] as BookingDoc)._id
  }
}

export async function listSchedulesOn(db: Database, openids: string[], date: string): Promise<ScheduleDoc[]> {
  if (openids.length === 0) return []
  return (await Promise.all(chunks(openids, 500).map(async (chunk) => {
    const { data } = await db.collection(SCHEDULES).where({ _id: db.command.in(chunk.map((o) => scheduleId(o, date))) }).limit(chunk.length).get()
    return data as ScheduleDoc[]
  }))).flat()
}

const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size))

// ---------------------------------------------------------------------------------------------
// Drivers

/** A registration per fleet and person: the `_id` makes a second one a duplicate write. */
export async function insertDriver(db: Database, driver: DriverDoc): Promise<boolean> {
  try {
    await db.collection(DRIVERS).add(driver)
    return true
  } catch (error) {
    if ((error as { code?: string }).code === 'DATABASE_DUPLICATE_WRITE') return false
    throw error
  }
}

/** A rejected registration may be filed again: one conditional update on the rejected status. */
export async function resubmitDriver(db: Database, driver: DriverDoc): Promise<boolean> {
  const { _id, ...fields } = driver
  const result = await db.collection(DRIVERS).where({ _id, status: 'rejected' }).update({ ...fields, review: db.command.set(null) })
  return ((result as { updated?: number }).updated ?? 0) === 1
}

/**
 * Decide a pending registration (one conditional update on `pending`); an approved driver gains
 * the `driver` role in the same step's follow-up (adding a role is idempotent).
 */
export async function decideDriver(db: Database, driver: DriverDoc, review: NonNullable<DriverDoc['review']>): Promise<boolean> {
  // one transaction: the decision, the driver role and (approved) the driver's message land together
  // (formerly a conditional update and a follow-up; the message made it three writes, so a transaction)
  return inTransaction(db, async (tx) => {
    const current = await readInTx<DriverDoc>(tx, DRIVERS, driver._id)
    if (!current || current.status !== 'pending') return false
    const decided: DriverDoc = { ...current, status: review.approved ? 'approved' : 'rejected', review, updatedAt: review.reviewedAt }
    await writeInTx(tx, DRIVERS, decided)
    if (review.approved) {
      const user = await readInTx<{ _id: string; roles?: string[] }>(tx, 'users', current.openid)
      if (user && !(user.roles ?? []).includes('driver')) await writeInTx(tx, 'users', { ...user, roles: [...(user.roles ?? []), 'driver'], updatedAt: review.reviewedAt })
      await notifyInTx(tx, driverApproved(decided), review.reviewedAt)
    }
    return true
  })
}

// ---------------------------------------------------------------------------------------------
// Transactions

async function readInTx<D>(tx: Transaction, collection: string, id: string): Promise<D | null> {
  const { data } = await tx.collection(collection).doc(id).get()
  return (data as D | null) ?? null
}

async function writeInTx<D extends { _id: string }>(tx: Transaction, collection: string, doc: D): Promise<void> {
  const { _id, ...fields } = doc
  await tx.collection(collection).doc(_id).set(fields)
}

function assertSound(schedule: ScheduleDoc) {
  const problems = scheduleProblems(schedule.trips)
  if (problems.length) throw new Error(`schedule ${schedule._id} would break the trip rules: ${problems.join('; ')}`)
}

/**
 * Book: the ticket claim (`_id` from the keyed hash) and the booking in one transaction. Two
 * bookings of the same ticket, date and direction both write the same claim document: one commits,
 * the other re-runs, finds the claim and gets ALREADY_EXISTS.
 */
export async function insertBooking(db: Database, booking: BookingDoc): Promise<void> {
  await inTransaction(db, async (tx) => {
    const claim = await readInTx<{ bookingId: string }>(tx, CLAIMS, booking.claimId)
    if (claim) throw new AppError('ALREADY_EXISTS', '该考生当天同一方向已有预约')
    await writeInTx(tx, CLAIMS, { _id: booking.claimId, bookingId: booking._id, createdAt: booking.createdAt })
    await writeInTx(tx, BOOKINGS, booking)
  })
}

export const assignedDriver = (driver: DriverDoc): AssignedDriver => ({
  driverId: driver._id, orgId: driver.orgId, openid: driver.openid, realName: driver.realName, phone: driver.phone, plateNo: driver.plateNo, vehicle: driver.vehicle,
})

function notPending(booking: BookingDoc | null): AppError {
  if (!booking) return new AppError('NOT_FOUND', '预约不存在')
  if (booking.status === 'cancelled') return new AppError('INVALID_STATE', '预约已取消')
  return new AppError('INVALID_STATE', '该预约已有司机接单')
}

/**
 * Place a pending booking in a driver's day (accept or assign): one transaction reads the driver's
 * schedule and the booking, lets `placeBooking` check seats, the carpool window and overlaps, then
 * writes both whole. Returns the booking as placed.
 */
export async function placeWithDriver(
  db: Database,
  bookingId: string,
  driver: DriverDoc,
  by: string,
  now: Date,
  options: { requireOffer: boolean },
): Promise<BookingDoc> {
  const at = now.toISOString()
  return inTransaction(db, async (tx) => {
    const booking = await readInTx<BookingDoc>(tx, BOOKINGS, bookingId)
    if (!booking || booking.status !== 'pending') throw notPending(booking)
    const id = scheduleId(driver.openid, booking.date)
    const schedule = (await readInTx<ScheduleDoc>(tx, SCHEDULES, id)) ?? emptySchedule(driver.openid, booking.date, at)
    const placement = placeBooking({ ...schedule, _id: id }, driver, booking, { requireOffer: options.requireOffer, newTripId })
    if (!placement.ok) throw new AppError(placement.reason === 'NO_SEATS' ? 'CAPACITY_FULL' : 'INVALID_STATE', refusalMessages[placement.reason])
    const next: ScheduleDoc = { ...schedule, _id: id, trips: placement.trips, rev: schedule.rev + 1, updatedAt: at }
    assertSound(next)
    const placed: BookingDoc = { ...booking, status: 'assigned', driver: assignedDriver(driver), tripId: placement.tripId, assignedAt: at, assignedBy: by, updatedAt: at }
    await writeInTx(tx, SCHEDULES, next)
    await writeInTx(tx, BOOKINGS, placed)
    await notifyInTx(tx, rideNotice('ride.assigned', placed, at), at)
    return placed
  })
}

/**
 * Cancel a booking: the booking, its seat in the driver's trip and the ticket claim (so the
 * candidate may book again) in one transaction.
 */
export async function cancelBooking(db: Database, bookingId: string, now: Date, check: (booking: BookingDoc) => void): Promise<BookingDoc> {
  const at = now.toISOString()
  return inTransaction(db, async (tx) => {
    const booking = await readInTx<BookingDoc>(tx, BOOKINGS, bookingId)
    if (!booking) throw new AppError('NOT_FOUND', '预约不存在')
    check(booking)
    if (booking.driver) {
      const id = scheduleId(booking.driver.openid, booking.date)
      const schedule = await readInTx<ScheduleDoc>(tx, SCHEDULES, id)
      if (schedule) await writeInTx(tx, SCHEDULES, { ...schedule, trips: removeBooking(schedule.trips, booking._id), rev: schedule.rev + 1, updatedAt: at })
    }
    const cancelled: BookingDoc = { ...booking, status: 'cancelled', cancelledAt: at, updatedAt: at }
    await writeInTx(tx, BOOKINGS, cancelled)
    // the driver who had it is told (the booker cancelled it themselves)
    if (booking.driver) await notifyInTx(tx, rideNotice('ride.cancelled', cancelled, at), at)
    const claim = await readInTx<{ bookingId: string }>(tx, CLAIMS, booking.claimId)
    if (claim?.bookingId === booking._id) await tx.collection(CLAIMS).doc(booking.claimId).remove()
    return cancelled
  })
}

// ---------------------------------------------------------------------------------------------
// The use cases that move a booking, as the function runs them (tests inject crashes into these)

/** 接单: the caller's approved registration takes an open booking; first come (read, read, one transaction). */
export async function acceptBooking(db: Database, openid: string, bookingId: string, now: Date): Promise<BookingDoc> {
  const driver = (await driversOf(db, openid)).find((d) => d.status === 'approved')
  if (!driver) throw new AppError('FORBIDDEN', '请先登记为爱心送考司机并通过审核')
  const booking = await findBooking(db, bookingId)
  if (!booking || booking.status !== 'pending') throw notPending(booking) // most losers of a race stop here, before the transaction
  return placeWithDriver(db, bookingId, driver, openid, now, { requireOffer: false })
}

/** Fleet staff give a booking to an approved driver of theirs (read, one transaction). */
export async function assignBooking(db: Database, driverIdValue: string, bookingId: string, by: string, now: Date): Promise<BookingDoc> {
  const driver = await findDriver(db, driverIdValue)
  if (!driver) throw new AppError('NOT_FOUND', '司机不存在')
  if (driver.status !== 'approved') throw new AppError('INVALID_STATE', '该司机尚未通过审核')
  return placeWithDriver(db, bookingId, driver, by, now, { requireOffer: false })
}

/** The booker cancels until `rideCancelHoursBefore` before pickup (one transaction). */
export async function cancelMyBooking(db: Database, openid: string, bookingId: string, now: Date): Promise<BookingDoc> {
  return cancelBooking(db, bookingId, now, (booking) => {
    if (booking.bookedBy !== openid) throw new AppError('NOT_FOUND', '预约不存在')
    if (booking.status === 'cancelled') throw new AppError('INVALID_STATE', '预约已取消')
    if (booking.status !== 'pending' && booking.status !== 'assigned') throw new AppError('INVALID_STATE', '行程已开始，不能取消')
    if (!canCancel(booking, now)) throw new AppError('OUTSIDE_WINDOW', '接送前2小时内不能在线取消，请直接联系司机')
  })
}

/** A driver's availability for a day (出车时段), appended to their schedule. */
export async function addOffer(db: Database, openid: string, date: string, offer: Offer, now: Date): Promise<ScheduleDoc> {
  const at = now.toISOString()
  return inTransaction(db, async (tx) => {
    const id = scheduleId(openid, date)
    const schedule = (await readInTx<ScheduleDoc>(tx, SCHEDULES, id)) ?? emptySchedule(openid, date, at)
    const next = { ...schedule, offers: [...schedule.offers, offer], rev: schedule.rev + 1, updatedAt: at }
    await writeInTx(tx, SCHEDULES, next)
    return next
  })
}

/** The assigned driver moves the booking on (接到 / 送达 / 未接到): one conditional update on the status it leaves. */
export async function updateTripStatus(db: Database, bookingId: string, openid: string, from: BookingDoc['status'][], to: TripUpdate, now: Date): Promise<boolean> {
  // one transaction rather than the conditional update it was: 已送达 tells the booker, in the same commit
  const at = now.toISOString()
  return inTransaction(db, async (tx) => {
    const booking = await readInTx<BookingDoc>(tx, BOOKINGS, bookingId)
    if (!booking || booking.driver?.openid !== openid || !from.includes(booking.status)) return false
    const moved: BookingDoc = { ...booking, status: to, updatedAt: at }
    await writeInTx(tx, BOOKINGS, moved)
    if (to === 'completed') await notifyInTx(tx, rideNotice('ride.completed', moved, at), at)
    return true
  })
}

// ---------------------------------------------------------------------------------------------
// autoAssign

const AUTO_ASSIGN_PARALLEL = 6

export interface AutoAssignReport {
  placed: { bookingId: string; driverId: string; tripId: string }[]
  unplaced: { bookingId: string; reason: string }[]
}

/**
 * Place every pending booking of a day that fits the fleet's offered windows: plan in memory
 * (`planDispatch`), then commit one transaction per driver — their schedule and all the bookings
 * planned for them, each booking checked again inside (still pending) and each placement checked
 * again by `placeBooking` against the schedule as it is now. A booking that someone else took in
 * between is simply skipped; one that no longer fits is reported.
 */
export async function autoAssign(db: Database, drivers: DriverDoc[], sessionId: string, date: string, by: string, now: Date): Promise<AutoAssignReport> {
  const at = now.toISOString()
  const pending = (await listDayBookings(db, sessionId, date, 'pending')).filter((b) => b.sessionId === sessionId)
  const schedules = new Map((await listSchedulesOn(db, [...new Set(drivers.map((d) => d.openid))], date)).map((s) => [s._id, s]))
  const planDrivers: PlanDriver[] = drivers.map((driver) => ({ driver, schedule: schedules.get(scheduleId(driver.openid, date)) ?? emptySchedule(driver.openid, date, at) }))
  const plan = planDispatch(pending, planDrivers, newTripId)
  const byDriver = new Map<string, string[]>()
  for (const p of plan.placed) byDriver.set(p.driverId, [...(byDriver.get(p.driverId) ?? []), p.bookingId])

  const report: AutoAssignReport = { placed: [], unplaced: [...plan.unplaced] }
  // drivers' transactions touch disjoint documents (their own schedule, their own bookings): a few at a time
  const commitFor = async (driver: DriverDoc, ids: string[]) => {
    const outcome = await inTransaction(db, async (tx) => {
      const id = scheduleId(driver.openid, date)
      let schedule = (await readInTx<ScheduleDoc>(tx, SCHEDULES, id)) ?? emptySchedule(driver.openid, date, at)
      const placed: AutoAssignReport['placed'] = []
      const unplaced: AutoAssignReport['unplaced'] = []
      const writes: BookingDoc[] = []
      for (const bookingId of ids) {
        const booking = await readInTx<BookingDoc>(tx, BOOKINGS, bookingId)
        if (!booking || booking.status !== 'pending') continue // taken or cancelled meanwhile
        const placement = placeBooking(schedule, driver, booking, { requireOffer: true, newTripId })
        if (!placement.ok) {
          unplaced.push({ bookingId, reason: refusalMessages[placement.reason] })
          continue
        }
        schedule = { ...schedule, trips: placement.trips }
        writes.push({ ...booking, status: 'assigned', driver: assignedDriver(driver), tripId: placement.tripId, assignedAt: at, assignedBy: by, updatedAt: at })
        placed.push({ bookingId, driverId: driver._id, tripId: placement.tripId })
      }
      if (writes.length === 0) return { placed, unplaced }
      const next = { ...schedule, rev: schedule.rev + 1, updatedAt: at }
      assertSound(next)
      await writeInTx(tx, SCHEDULES, next)
      for (const booking of writes) {
        await writeInTx(tx, BOOKINGS, booking)
        await notifyInTx(tx, rideNotice('ride.assigned', booking, at), at)
      }
      return { placed, unplaced }
    })
    report.placed.push(...outcome.placed)
    report.unplaced.push(...outcome.unplaced)
  }
  const work = drivers.filter((d) => byDriver.has(d._id))
  for (let i = 0; i < work.length; i += AUTO_ASSIGN_PARALLEL) {
    await Promise.all(work.slice(i, i + AUTO_ASSIGN_PARALLEL).map((d) => commitFor(d, byDriver.get(d._id) as string[])))
  }
  return report
}

/** Bookings with a driver assigned for one exam day, page by page (the ride reminder). */
export function assignedBookingsOn(db: Database, date: string): AsyncGenerator<BookingDoc[]> {
  return keysetPages<BookingDoc>(db, BOOKINGS, [{ status: 'assigned', date }], { field: 'createdAt', order: 'asc' })
}
