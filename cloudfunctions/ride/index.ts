import { z } from 'zod'
import { access } from '../core/access'
import { AppError, invalidArgument } from '../core/errors'
import { callerOpenid, defineAction, handler, type ActionContext, type ActionTable } from '../core/handler'
import { findOrg } from '../core/org/org.store'
import {
  beijingDate,
  boardOrder,
  bookingWindowOpen,
  driverId,
  isOnDate,
  staffDayOrder,
  toBoardDriver,
  toBookingView,
  toDriverView,
  toOfferView,
  toBeijingIso,
  toSessionView,
  toTripViews,
  tripUpdateFrom,
  type BoardDriverView,
  type BookingDoc,
  type BookingView,
  type DriverDoc,
  type DriverView,
  type OfferView,
  type SessionDoc,
  type SessionView,
  type TripView,
} from '../core/ride/ride.rules'
import {
  approveDriverInput,
  assignInput,
  autoAssignInput,
  boardInput,
  bookingIdInput,
  bookInput,
  createSessionInput,
  driversInput,
  offerInput,
  openBookingsInput,
  registerDriverInput,
  updateTripInput,
} from '../core/ride/ride.schema'
import {
  addOffer,
  autoAssign,
  acceptBooking,
  assignBooking,
  cancelMyBooking,
  decideDriver,
  driversOf,
  findBooking,
  findBookingsByIds,
  findDriver,
  findSession,
  insertBooking,
  insertDriver,
  insertSession,
  listAllDayBookings,
  listDayBookings,
  listDrivers,
  listMyBookings,
  listMySchedules,
  listSchedulesOn,
  listSessions,
  newBookingId,
  newOfferId,
  newSessionId,
  newSiteId,
  resubmitDriver,
  ticketClaimId,
  ticketHash,
  updateTripStatus,
  type AutoAssignReport,
} from '../core/ride/ride.store'
import { ensureUser } from '../core/user/user.store'

/** 爱心送考: exam sessions, volunteer drivers, bookings, trips and dispatch (shared/api.md `ride`). */

async function verifiedOrg(ctx: ActionContext, orgId: string) {
  const org = await findOrg(ctx.db, orgId)
  if (!org) throw new AppError('NOT_FOUND', '组织不存在')
  if (org.status !== 'verified') throw new AppError('FORBIDDEN', '组织通过认证后才能开展爱心送考')
  return org
}

async function loadSession(ctx: ActionContext, sessionId: string): Promise<SessionDoc> {
  const session = await findSession(ctx.db, sessionId)
  if (!session) throw new AppError('NOT_FOUND', '考试场次不存在')
  return session
}

function checkExamDay(session: SessionDoc, date: string) {
  if (!session.days.includes(date)) throw invalidArgument([{ path: 'date', message: '请选择该场次的考试日' }])
}

/** The caller's approved driver registration (the one with `orgId`, or their only one). */
async function myApprovedDriver(ctx: ActionContext, orgId?: string): Promise<DriverDoc> {
  const mine = (await driversOf(ctx.db, callerOpenid(ctx))).filter((d) => d.status === 'approved' && (!orgId || d.orgId === orgId))
  if (mine.length === 0) throw new AppError('FORBIDDEN', '请先登记为爱心送考司机并通过审核')
  return mine[0]
}

const driverIdOf = async (input: { driverId: string }, ctx: ActionContext) => (await findDriver(ctx.db, input.driverId))?.orgId ?? null

export const actions = {
  /** 考试场次: every session with its days, booking window and exam sites. */
  sessions: defineAction({
    access: access.anyone,
    input: z.object({}),
    mutates: false,
    run: async (ctx): Promise<{ items: SessionView[] }> => ({ items: (await listSessions(ctx.db)).map(toSessionView) }),
  }),

  /** The platform admin, or staff of a verified organization, defines an exam session. */
  createSession: defineAction({
    access: access.anyOf<z.output<typeof createSessionInput>>(access.platformAdmin, access.orgStaff((input) => input.orgId ?? null)),
    input: createSessionInput,
    mutates: true,
    run: async (ctx, input): Promise<{ session: SessionView }> => {
      if (input.orgId) await verifiedOrg(ctx, input.orgId)
      const closesOn = beijingDate(input.bookingClosesAt)
      if (closesOn > [...input.days].sort().slice(-1)[0]) throw invalidArgument([{ path: 'bookingClosesAt', message: '预约须在最后一个考试日之前截止' }])
      const session: SessionDoc = {
        _id: newSessionId(),
        name: input.name,
        exam: input.exam,
        days: [...input.days].sort(),
        bookingOpensAt: input.bookingOpensAt,
        bookingClosesAt: input.bookingClosesAt,
        sites: input.sites.map((s) => ({ siteId: newSiteId(), ...s })),
        orgId: input.orgId ?? null,
        createdBy: callerOpenid(ctx),
        createdAt: ctx.now.toISOString(),
      }
      await insertSession(ctx.db, session)
      return { session: toSessionView(session) }
    },
  }),

  /** A registered volunteer applies to drive for a fleet: pending until the fleet approves. */
  registerDriver: defineAction({
    access: access.volunteer,
    input: registerDriverInput,
    mutates: true,
    run: async (ctx, input): Promise<{ driver: DriverView }> => {
      const openid = callerOpenid(ctx)
      const org = await verifiedOrg(ctx, input.orgId)
      const at = ctx.now.toISOString()
      const driver: DriverDoc = {
        _id: driverId(org._id, openid), orgId: org._id, orgName: org.name, openid, realName: input.realName, phone: input.phone,
        plateNo: input.plateNo, vehicle: input.vehicle, seats: input.seats, status: 'pending', review: null, createdAt: at, updatedAt: at,
      }
      if (!(await insertDriver(ctx.db, driver)) && !(await resubmitDriver(ctx.db, driver))) {
        throw new AppError('ALREADY_EXISTS', '你已向该车队登记过司机信息')
      }
      return { driver: toDriverView(driver) }
    },
  }),

  /** Fleet staff approve (the volunteer becomes a driver) or reject with a reason. */
  approveDriver: defineAction({
    access: access.orgStaff(driverIdOf),
    input: approveDriverInput,
    mutates: true,
    run: async (ctx, input): Promise<{ driver: DriverView }> => {
      const driver = await findDriver(ctx.db, input.driverId)
      if (!driver) throw new AppError('NOT_FOUND', '司机登记不存在')
      await verifiedOrg(ctx, driver.orgId)
      const review = { approved: input.approve, reason: input.reason ?? null, reviewedBy: callerOpenid(ctx), reviewedAt: ctx.now.toISOString() }
      if (!(await decideDriver(ctx.db, driver, review))) throw new AppError('INVALID_STATE', '该登记已审核')
      return { driver: toDriverView((await findDriver(ctx.db, driver._id)) as DriverDoc) }
    },
  }),

  /** A fleet's driver registrations (the approval queue with `status: "pending"`). */
  drivers: defineAction({
    access: access.orgStaff((input: z.output<typeof driversInput>) => input.orgId),
    input: driversInput,
    mutates: false,
    run: async (ctx, input): Promise<{ items: DriverView[] }> => ({ items: (await listDrivers(ctx.db, input.orgId, input.status)).map(toDriverView) }),
  }),

  /** 预约送考: anyone signed in books for a candidate, inside the booking window, once per ticket, day and direction. */
  book: defineAction({
    access: access.signedIn,
    input: bookInput,
    mutates: true,
    run: async (ctx, input): Promise<{ booking: BookingView }> => {
      const openid = callerOpenid(ctx)
      const session = await loadSession(ctx, input.sessionId)
      if (!bookingWindowOpen(session, ctx.now)) throw new AppError('OUTSIDE_WINDOW', ctx.now.toISOString() < session.bookingOpensAt ? '预约尚未开始' : '预约已截止')
      checkExamDay(session, input.date)
      const site = session.sites.find((s) => s.siteId === input.examSite)
      if (!site) throw invalidArgument([{ path: 'examSite', message: '请从该场次的考点中选择' }])
      if (!isOnDate(input.pickupAt, input.date)) throw invalidArgument([{ path: 'pickupAt', message: '接送时间须在所选考试日当天' }])
      await ensureUser(ctx.db, openid, ctx.now)
      const at = ctx.now.toISOString()
      const booking: BookingDoc = {
        _id: newBookingId(),
        sessionId: session._id,
        sessionName: session.name,
        date: input.date,
        direction: input.direction,
        ticketHash: ticketHash(input.ticketNo),
        ticketLast4: input.ticketNo.slice(-4),
        claimId: ticketClaimId(session._id, input.date, input.direction, input.ticketNo),
        studentName: input.studentName,
        pickupAddress: input.pickupAddress,
        township: input.township,
        siteId: site.siteId,
        siteName: site.name,
        siteAddress: site.address,
        pickupAt: input.pickupAt,
        riders: input.riders,
        contactPhone: input.contactPhone,
        bookedBy: openid,
        status: 'pending',
        driver: null,
        tripId: null,
        assignedAt: null,
        assignedBy: null,
        cancelledAt: null,
        createdAt: at,
        updatedAt: at,
      }
      await insertBooking(ctx.db, booking)
      return { booking: toBookingView(booking, 'booker', ctx.now) }
    },
  }),

  /** The booker cancels until 2 hours before pickup; the trip frees the seats in the same transaction. */
  cancel: defineAction({
    access: access.signedIn,
    input: bookingIdInput,
    mutates: true,
    run: async (ctx, input): Promise<{ booking: BookingView }> => {
      const cancelled = await cancelMyBooking(ctx.db, callerOpenid(ctx), input.bookingId, ctx.now)
      return { booking: toBookingView(cancelled, 'booker', ctx.now) }
    },
  }),

  /**
   * 联系司机: the assigned driver's number, for the booker's call button only (every view shows it
   * masked). Read on the tap, while the trip is ahead or under way.
   */
  driverPhone: defineAction({
    access: access.signedIn,
    input: bookingIdInput,
    mutates: false,
    run: async (ctx, input): Promise<{ phone: string }> => {
      const booking = await findBooking(ctx.db, input.bookingId)
      if (!booking || booking.bookedBy !== callerOpenid(ctx)) throw new AppError('NOT_FOUND', '预约不存在')
      if (!booking.driver || (booking.status !== 'assigned' && booking.status !== 'picked_up')) throw new AppError('INVALID_STATE', '尚未派车或行程已结束，无法联系司机')
      return { phone: booking.driver.phone }
    },
  }),

  /** 出车: an approved driver says when they are available on an exam day and with how many seats. */
  offer: defineAction({
    access: access.driver,
    input: offerInput,
    mutates: true,
    run: async (ctx, input) => {
      const driver = await myApprovedDriver(ctx, input.orgId)
      const session = await loadSession(ctx, input.sessionId)
      checkExamDay(session, input.date)
      if (!isOnDate(input.from, input.date)) throw invalidArgument([{ path: 'from', message: '出车时间须在所选考试日当天' }])
      if (!isOnDate(input.to, input.date)) throw invalidArgument([{ path: 'to', message: '出车时间须在所选考试日当天' }])
      if (input.seats > driver.seats) throw invalidArgument([{ path: 'seats', message: `座位数不能超过登记车辆的${driver.seats}座` }])
      const offer = { offerId: newOfferId(), driverId: driver._id, sessionId: session._id, from: input.from, to: input.to, seats: input.seats }
      await addOffer(ctx.db, driver.openid, input.date, offer, ctx.now)
      return { offer: { offerId: offer.offerId, driverId: offer.driverId, sessionId: offer.sessionId, date: input.date, from: toBeijingIso(offer.from), to: toBeijingIso(offer.to), seats: offer.seats } }
    },
  }),

  /** 我的出车时段: the caller's offered windows from today on, for each of their approved registrations. */
  myOffers: defineAction({
    access: access.driver,
    input: z.object({}),
    mutates: false,
    run: async (ctx): Promise<{ items: OfferView[] }> => {
      const openid = callerOpenid(ctx)
      const mine = new Set((await driversOf(ctx.db, openid)).filter((d) => d.status === 'approved').map((d) => d._id))
      const schedules = await listMySchedules(ctx.db, openid, beijingDate(ctx.now.toISOString()))
      const items = schedules.flatMap((s) => s.offers.filter((o) => mine.has(o.driverId)).map((o) => toOfferView(o, s.date)))
      return { items: items.sort((a, b) => a.from.localeCompare(b.from)) }
    },
  }),

  /** Bookings of a day still waiting for a driver (drivers take one with `accept`). */
  openBookings: defineAction({
    access: access.anyOf(access.driver, access.verifiedOrgMember),
    input: openBookingsInput,
    mutates: false,
    run: async (ctx, input): Promise<{ items: BookingView[] }> => {
      const items = (await listDayBookings(ctx.db, input.sessionId, input.date, 'pending'))
        .filter((b) => !input.direction || b.direction === input.direction)
        .sort((a, b) => a.pickupAt.localeCompare(b.pickupAt))
      return { items: items.map((b) => toBookingView(b, 'staff', ctx.now)) }
    },
  }),

  /**
   * 车队预约: fleet staff see every booking of a session's exam day, in the order they work them
   * (township by township, the unassigned first); the candidate's name and the booker's phone masked.
   */
  bookings: defineAction({
    access: access.orgStaff((input: z.output<typeof autoAssignInput>) => input.orgId),
    input: autoAssignInput,
    mutates: false,
    run: async (ctx, input): Promise<{ items: BookingView[]; pendingCount: number }> => {
      await verifiedOrg(ctx, input.orgId)
      const session = await loadSession(ctx, input.sessionId)
      checkExamDay(session, input.date)
      const items = staffDayOrder(await listAllDayBookings(ctx.db, session._id, input.date))
      return { items: items.map((b) => toBookingView(b, 'staff', ctx.now)), pendingCount: items.filter((b) => b.status === 'pending').length }
    },
  }),

  /** 当日看板: each approved driver of the fleet on an exam day — offered windows and trips in time order with their riders (masked). */
  board: defineAction({
    access: access.orgStaff((input: z.output<typeof boardInput>) => input.orgId),
    input: boardInput,
    mutates: false,
    run: async (ctx, input): Promise<{ date: string; drivers: BoardDriverView[] }> => {
      await verifiedOrg(ctx, input.orgId)
      const drivers = await listDrivers(ctx.db, input.orgId, 'approved')
      const schedules = new Map((await listSchedulesOn(ctx.db, [...new Set(drivers.map((d) => d.openid))], input.date)).map((s) => [s.openid, s]))
      const ids = [...schedules.values()].flatMap((s) => s.trips.flatMap((t) => t.stops.map((stop) => stop.bookingId)))
      const docs = new Map((await findBookingsByIds(ctx.db, ids)).map((b) => [b._id, b]))
      const board = drivers.map((d) => toBoardDriver(d, schedules.get(d.openid) ?? null, docs, ctx.now)).sort(boardOrder)
      return { date: input.date, drivers: board }
    },
  }),

  /** Fleet staff give a booking to one of their approved drivers; never more riders than the free seats. */
  assign: defineAction({
    access: access.orgStaff(driverIdOf),
    input: assignInput,
    mutates: true,
    run: async (ctx, input): Promise<{ booking: BookingView }> => {
      const placed = await assignBooking(ctx.db, input.driverId, input.bookingId, callerOpenid(ctx), ctx.now)
      return { booking: toBookingView(placed, 'staff', ctx.now) }
    },
  }),

  /** 接单: an approved driver takes an open booking, first come first served. */
  accept: defineAction({
    access: access.driver,
    input: bookingIdInput,
    mutates: true,
    run: async (ctx, input): Promise<{ booking: BookingView }> => {
      const placed = await acceptBooking(ctx.db, callerOpenid(ctx), input.bookingId, ctx.now)
      return { booking: toBookingView(placed, 'driver', ctx.now) }
    },
  }),

  /** 一键派车: fleet staff place every pending booking of a day they can over their drivers' offered windows. */
  autoAssign: defineAction({
    access: access.orgStaff((input: z.output<typeof autoAssignInput>) => input.orgId),
    input: autoAssignInput,
    mutates: true,
    run: async (ctx, input): Promise<AutoAssignReport & { placedCount: number; unplacedCount: number }> => {
      await verifiedOrg(ctx, input.orgId)
      const session = await loadSession(ctx, input.sessionId)
      checkExamDay(session, input.date)
      const drivers = await listDrivers(ctx.db, input.orgId, 'approved')
      const report = await autoAssign(ctx.db, drivers, session._id, input.date, callerOpenid(ctx), ctx.now)
      return { ...report, placedCount: report.placed.length, unplacedCount: report.unplaced.length }
    },
  }),

  /** The assigned driver on the day: 已接到 / 已送达 / 未接到考生. */
  updateTrip: defineAction({
    access: access.driver,
    input: updateTripInput,
    mutates: true,
    run: async (ctx, input): Promise<{ booking: BookingView }> => {
      const openid = callerOpenid(ctx)
      const booking = await findBooking(ctx.db, input.bookingId)
      if (!booking || booking.driver?.openid !== openid) throw new AppError('NOT_FOUND', '预约不存在')
      if (!(await updateTripStatus(ctx.db, booking._id, openid, tripUpdateFrom(input.status), input.status, ctx.now))) {
        throw new AppError('INVALID_STATE', `当前状态（${booking.status}）不能更新为${input.status}`)
      }
      return { booking: toBookingView((await findBooking(ctx.db, booking._id)) as BookingDoc, 'driver', ctx.now) }
    },
  }),

  /** 我的送考: my bookings with live status; as a driver, my trips day by day in time order. */
  mine: defineAction({
    access: access.signedIn,
    input: z.object({}),
    mutates: false,
    run: async (ctx): Promise<{ bookings: BookingView[]; days: { date: string; trips: TripView[] }[] }> => {
      const openid = callerOpenid(ctx)
      const bookings = (await listMyBookings(ctx.db, openid)).map((b) => toBookingView(b, 'booker', ctx.now))
      const schedules = (await listMySchedules(ctx.db, openid, beijingDate(ctx.now.toISOString()))).filter((s) => s.trips.length > 0)
      const ids = schedules.flatMap((s) => s.trips.flatMap((t) => t.stops.map((stop) => stop.bookingId)))
      const docs = new Map((await findBookingsByIds(ctx.db, ids)).map((b) => [b._id, b]))
      const days = schedules.map((s) => ({ date: s.date, trips: toTripViews(s, docs, ctx.now) }))
      return { bookings, days }
    },
  }),
} satisfies ActionTable

export const main = handler('ride', actions)
