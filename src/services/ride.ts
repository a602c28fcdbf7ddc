import type { BoardDriverView, BookingView, Direction, DriverView, OfferView, SessionView, TripUpdate, TripView } from '../../cloudfunctions/core/ride/ride.rules'
import { callFunction, type CallOptions } from './cloud'

/** The `ride` function (爱心送考, cloudfunctions/ride/README.md): one verb-first function per action. */

/** What `book` takes (the server checks it again with its schema). */
export interface BookRideInput {
  sessionId: string
  date: string
  direction: Direction
  ticketNo: string
  studentName: string
  pickupAddress: string
  township: string
  examSite: string
  /** ISO instant with offset, e.g. `2027-06-07T07:00:00+08:00` */
  pickupAt: string
  riders: number
  contactPhone: string
}

export interface RegisterDriverInput {
  orgId: string
  realName: string
  phone: string
  plateNo: string
  vehicle: string
  seats: number
}

export interface MyRides {
  bookings: BookingView[]
  /** As a driver: trips day by day in time order. */
  days: { date: string; trips: TripView[] }[]
}

/** 送考场次: every session with its days, sites and booking window. */
export async function listRideSessions(): Promise<SessionView[]> {
  const { items } = await callFunction<{ items: SessionView[] }>('ride', 'sessions', {})
  return items
}

/** 预约送考: OUTSIDE_WINDOW outside the session's booking window. */
export async function bookRide(input: BookRideInput, options?: CallOptions): Promise<BookingView> {
  const { booking } = await callFunction<{ booking: BookingView }>('ride', 'book', input, options)
  return booking
}

/** 取消预约: until 2 hours before pickup. */
export async function cancelRideBooking(bookingId: string, options?: CallOptions): Promise<BookingView> {
  const { booking } = await callFunction<{ booking: BookingView }>('ride', 'cancel', { bookingId }, options)
  return booking
}

/** 联系司机: the assigned driver's full number, fetched on the tap (views show it masked). */
export async function getDriverPhone(bookingId: string): Promise<string> {
  const { phone } = await callFunction<{ phone: string }>('ride', 'driverPhone', { bookingId })
  return phone
}

/** 我的送考: my bookings, and my trips as a driver. */
export function listMyRides(): Promise<MyRides> {
  return callFunction<MyRides>('ride', 'mine', {})
}

/** 司机报名 with a fleet (status 待审核). */
export async function registerDriver(input: RegisterDriverInput, options?: CallOptions): Promise<DriverView> {
  const { driver } = await callFunction<{ driver: DriverView }>('ride', 'registerDriver', input, options)
  return driver
}

/** Fleet staff: approve or refuse a driver. */
export async function approveDriver(driverId: string, approve: boolean, reason?: string, options?: CallOptions): Promise<DriverView> {
  const { driver } = await callFunction<{ driver: DriverView }>('ride', 'approveDriver', { driverId, approve, reason }, options)
  return driver
}

/** Fleet staff: the fleet's drivers (`pending` for the approval queue). */
export async function listFleetDrivers(orgId: string, status?: DriverView['status']): Promise<DriverView[]> {
  const { items } = await callFunction<{ items: DriverView[] }>('ride', 'drivers', status ? { orgId, status } : { orgId })
  return items
}

/** A driver's available window on an exam day. */
export function offerRide(input: { sessionId: string; date: string; from: string; to: string; seats: number; orgId?: string }, options?: CallOptions) {
  return callFunction<{ offer: { offerId: string; driverId: string; sessionId: string; date: string; from: string; to: string; seats: number } }>('ride', 'offer', input, options)
}

/** Pending bookings of a day (names and phones masked). */
export async function listOpenBookings(sessionId: string, date: string, direction?: Direction): Promise<BookingView[]> {
  const { items } = await callFunction<{ items: BookingView[] }>('ride', 'openBookings', direction ? { sessionId, date, direction } : { sessionId, date })
  return items
}

/** 接单: first come first served. */
export async function acceptBooking(bookingId: string, options?: CallOptions): Promise<BookingView> {
  const { booking } = await callFunction<{ booking: BookingView }>('ride', 'accept', { bookingId }, options)
  return booking
}

/** Fleet staff give a booking to a driver. */
export async function assignBooking(bookingId: string, driverId: string, options?: CallOptions): Promise<BookingView> {
  const { booking } = await callFunction<{ booking: BookingView }>('ride', 'assign', { bookingId, driverId }, options)
  return booking
}

/** 一键派车. */
export function autoAssignRides(orgId: string, sessionId: string, date: string, options?: CallOptions) {
  return callFunction<{ placedCount: number; unplacedCount: number; placed: { bookingId: string; driverId: string; tripId: string }[]; unplaced: { bookingId: string; reason: string }[] }>(
    'ride',
    'autoAssign',
    { orgId, sessionId, date },
    options,
  )
}

/** The assigned driver: 已接到 / 已送达 / 未到. */
export async function updateTrip(bookingId: string, status: TripUpdate, options?: CallOptions): Promise<BookingView> {
  const { booking } = await callFunction<{ booking: BookingView }>('ride', 'updateTrip', { bookingId, status }, options)
  return booking
}

/** 我的出车时段: the caller's offered windows from today on (approved drivers). */
export async function listMyOffers(): Promise<OfferView[]> {
  const { items } = await callFunction<{ items: OfferView[] }>('ride', 'myOffers', {})
  return items
}

/** Fleet staff: every booking of a session's exam day, township by township, unassigned first (masked). */
export function listFleetBookings(orgId: string, sessionId: string, date: string): Promise<{ items: BookingView[]; pendingCount: number }> {
  return callFunction<{ items: BookingView[]; pendingCount: number }>('ride', 'bookings', { orgId, sessionId, date })
}

/** Fleet staff: 当日看板, each driver's offers and trips of the day. */
export function loadFleetBoard(orgId: string, date: string): Promise<{ date: string; drivers: BoardDriverView[] }> {
  return callFunction<{ date: string; drivers: BoardDriverView[] }>('ride', 'board', { orgId, date })
}
