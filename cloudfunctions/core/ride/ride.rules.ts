import { maskName, maskPhone } from '../privacy/privacy.rules'
import { policies } from '../settings/policies'
import { beijing, beijingInstant, toBeijingIso } from '../time/beijing'

/**
 * 爱心送考 (free exam-day rides): the domain types and the pure rules over them. Stores import
 * these; nothing here reads the clock or the database.
 *
 * Seats and overlaps — the design. Every driver has ONE schedule document per exam day
 * (`ride_schedules`, id `<openid>:<date>`) that holds their offers and all their trips that day.
 * Placing a booking is one transaction of whole-document writes: read the schedule and the
 * booking, let `placeBooking` (pure) decide whether the booking joins a trip or opens one —
 * seats, the 20-minute carpool window and the 60-minute block are checked here, on the whole
 * day at once — then write the schedule (rev + 1) and the booking (status + trip) together.
 * Two placements on the same driver both write the schedule document and two placements of the
 * same booking both write the booking document, so the database lets only one of each pair
 * commit (write lock / snapshot conflict) and the loser re-runs on fresh documents: no trip
 * carries more riders than its seats, a driver's trips never overlap, a booking is in one trip.
 * A crash leaves the transaction committed or not at all: no under-way record is needed.
 */

export type Exam = 'gaokao' | 'zhongkao'
export type Direction = 'to_exam' | 'from_exam'
export type DriverStatus = 'pending' | 'approved' | 'rejected'
export type BookingStatus = 'pending' | 'assigned' | 'picked_up' | 'completed' | 'no_show' | 'cancelled'
export type TripUpdate = 'picked_up' | 'completed' | 'no_show'

export interface ExamSite {
  siteId: string
  name: string
  address: string
  township: string
}

/** An exam session (考试场次): `ride_sessions`. */
export interface SessionDoc {
  _id: string
  name: string
  exam: Exam
  /** Beijing dates `YYYY-MM-DD`. */
  days: string[]
  bookingOpensAt: string
  bookingClosesAt: string
  sites: ExamSite[]
  /** The organization that defined it (null: the platform admin). */
  orgId: string | null
  createdBy: string
  createdAt: string
}

/** A driver's registration with one fleet (车队): `ride_drivers`, id `<orgId>:<openid>`. */
export interface DriverDoc {
  _id: string
  orgId: string
  orgName: string
  openid: string
  realName: string
  phone: string
  plateNo: string
  vehicle: string
  seats: number
  status: DriverStatus
  review: { approved: boolean; reason: string | null; reviewedBy: string; reviewedAt: string } | null
  createdAt: string
  updatedAt: string
}

/** Who drives an assigned booking, copied onto the booking when it is placed. */
export interface AssignedDriver {
  driverId: string
  orgId: string
  openid: string
  realName: string
  phone: string
  plateNo: string
  vehicle: string
}

/** A booking (送考预约): `ride_bookings`. */
export interface BookingDoc {
  _id: string
  sessionId: string
  sessionName: string
  date: string
  direction: Direction
  /** Keyed hash (HMAC-SHA256) of the admission ticket number; the number itself is never stored. */
  ticketHash: string
  ticketLast4: string
  /** The claim document (`ride_ticket_claims`) that makes the booking one per ticket, date and direction. */
  claimId: string
  studentName: string
  pickupAddress: string
  township: string
  siteId: string
  siteName: string
  siteAddress: string
  pickupAt: string
  riders: number
  contactPhone: string
  bookedBy: string
  status: BookingStatus
  driver: AssignedDriver | null
  tripId: string | null
  assignedAt: string | null
  assignedBy: string | null
  cancelledAt: string | null
  createdAt: string
  updatedAt: string
}

/** When a driver is available (出车时段). */
export interface Offer {
  offerId: string
  driverId: string
  sessionId: string
  from: string
  to: string
  seats: number
}

export interface TripStop {
  bookingId: string
  riders: number
  pickupAt: string
  township: string
}

/** One run of one car: bookings that share day, direction and exam site, picked up within the carpool window. */
export interface Trip {
  tripId: string
  driverId: string
  direction: Direction
  siteId: string
  seats: number
  stops: TripStop[]
}

/** A driver's day (`ride_schedules`, id `<openid>:<date>`): offers and trips, rewritten whole. */
export interface ScheduleDoc {
  _id: string
  openid: string
  date: string
  offers: Offer[]
  trips: Trip[]
  rev: number
  updatedAt: string
}

export const scheduleId = (openid: string, date: string) => `${openid}:${date}`
export const driverId = (orgId: string, openid: string) => `${orgId}:${openid}`

export const emptySchedule = (openid: string, date: string, at: string): ScheduleDoc => ({
  _id: scheduleId(openid, date), openid, date, offers: [], trips: [], rev: 0, updatedAt: at,
})

// ---------------------------------------------------------------------------------------------
// Validation helpers

/**
 * Chinese licence plates: province character, city letter, then five characters for an ordinary
 * plate (`浙C12345`, `浙CA1B23`; no I or O) or six for a new-energy plate (`浙CD12345`, `浙C12345F`).
 */
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'
const ORDINARY_PLATE = new RegExp(`^[${PROVINCES}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]$`)
const NEW_ENERGY_PLATE = new RegExp(`^[${PROVINCES}][A-HJ-NP-Z](?:[DABCEFGHJK][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DABCEFGHJK])$`)

export const normalizePlate = (raw: string) => raw.replace(/[\s·•-]/g, '').toUpperCase()
export const isPlateNo = (plate: string): boolean => ORDINARY_PLATE.test(plate) || NEW_ENERGY_PLATE.test(plate)

/** Admission ticket numbers (准考证号): 6–20 letters and digits. */
export const TICKET_PATTERN = /^[0-9A-Za-z]{6,20}$/

// ---------------------------------------------------------------------------------------------
// Time rules (Beijing time through dayjs)

const minutes = (ms: number) => ms * 60_000
const ms = (iso: string) => Date.parse(iso)

/** The Beijing date of an instant. */
export const beijingDate = (iso: string) => beijing(iso).format('YYYY-MM-DD')

export const bookingWindowOpen = (session: Pick<SessionDoc, 'bookingOpensAt' | 'bookingClosesAt'>, now: Date) =>
  now.getTime() >= ms(session.bookingOpensAt) && now.getTime() <= ms(session.bookingClosesAt)

/** Whether an instant falls on that Beijing date. */
export const isOnDate = (iso: string, date: string) => beijingDate(iso) === date

/** The booker may cancel until `rideCancelHoursBefore` before the pickup. */
export const canCancel = (booking: Pick<BookingDoc, 'pickupAt'>, now: Date) =>
  now.getTime() <= beijing(booking.pickupAt).subtract(policies.rideCancelHoursBefore, 'hour').valueOf()

/** The start of a Beijing date as an instant (for range queries). */
export const dayStart = (date: string) => beijingInstant(date).toISOString()

export { toBeijingIso }

// ---------------------------------------------------------------------------------------------
// Trips: seats, the carpool window and the block

export const tripRiders = (trip: Trip) => trip.stops.reduce((sum, stop) => sum + stop.riders, 0)
export const tripFirstPickup = (trip: Trip) => Math.min(...trip.stops.map((s) => ms(s.pickupAt)))
export const tripLastPickup = (trip: Trip) => Math.max(...trip.stops.map((s) => ms(s.pickupAt)))

/** The time a trip keeps its driver busy: [first pickup, last pickup + block). */
export const tripBlock = (trip: Trip): [number, number] => [tripFirstPickup(trip), tripLastPickup(trip) + minutes(policies.rideTripBlockMinutes)]

const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1]

/** Every way a day's trips break the rules (empty: none). Used by the store before each write and by tests. */
export function scheduleProblems(trips: Trip[]): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const trip of trips) {
    if (trip.stops.length === 0) problems.push(`${trip.tripId}: empty`)
    if (tripRiders(trip) > trip.seats) problems.push(`${trip.tripId}: ${tripRiders(trip)} riders in ${trip.seats} seats`)
    if (trip.stops.length && tripLastPickup(trip) - tripFirstPickup(trip) > minutes(policies.rideCarpoolWindowMinutes)) problems.push(`${trip.tripId}: pickups too far apart`)
    for (const stop of trip.stops) {
      if (seen.has(stop.bookingId)) problems.push(`${stop.bookingId}: in two trips`)
      seen.add(stop.bookingId)
    }
  }
  const live = trips.filter((t) => t.stops.length)
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      if (overlaps(tripBlock(live[i]), tripBlock(live[j]))) problems.push(`${live[i].tripId} overlaps ${live[j].tripId}`)
    }
  }
  return problems
}

export type PlaceRefusal = 'NO_SEATS' | 'CLASH' | 'NOT_AVAILABLE'

export const refusalMessages: Record<PlaceRefusal, string> = {
  NO_SEATS: '司机在该时段的座位已满',
  CLASH: '与司机已有的行程时间冲突',
  NOT_AVAILABLE: '司机在该时段没有出车',
}

export type Placement = { ok: true; trips: Trip[]; tripId: string; joined: boolean } | { ok: false; reason: PlaceRefusal }

/** The seats a driver brings at `pickupAt`: the offer covering it, or the car's seats when `requireOffer` is false. */
export function seatsAt(schedule: ScheduleDoc, driver: Pick<DriverDoc, '_id' | 'seats'>, pickupAt: string, requireOffer: boolean): number | null {
  const t = ms(pickupAt)
  const offer = schedule.offers.find((o) => o.driverId === driver._id && ms(o.from) <= t && t <= ms(o.to))
  if (offer) return Math.min(offer.seats, driver.seats)
  return requireOffer ? null : driver.seats
}

export interface PlaceOptions {
  /** only inside an offered window (autoAssign); a driver accepting or staff assigning may go beyond it */
  requireOffer: boolean
  newTripId: () => string
  /** which joinable trip to prefer (autoAssign: same township, nearest pickup) */
  prefer?: (a: Trip, b: Trip) => number
}

type PlaceableBooking = Pick<BookingDoc, '_id' | 'direction' | 'siteId' | 'pickupAt' | 'riders' | 'township'>

/**
 * Put a booking into a driver's day: join a trip of the same direction and site whose pickups stay
 * within the carpool window and whose seats suffice, or open a new trip; either way the day's
 * trips must not overlap. Pure: returns the day's new trips or why not.
 */
export function placeBooking(schedule: ScheduleDoc, driver: Pick<DriverDoc, '_id' | 'seats'>, booking: PlaceableBooking, options: PlaceOptions): Placement {
  const stop: TripStop = { bookingId: booking._id, riders: booking.riders, pickupAt: booking.pickupAt, township: booking.township }
  const seats = seatsAt(schedule, driver, booking.pickupAt, options.requireOffer)
  if (seats === null) return { ok: false, reason: 'NOT_AVAILABLE' }
  let reason: PlaceRefusal = seats < booking.riders ? 'NO_SEATS' : 'CLASH'
  const candidates = schedule.trips.filter((t) => t.driverId === driver._id && t.direction === booking.direction && t.siteId === booking.siteId)
  if (options.prefer) candidates.sort(options.prefer)
  for (const trip of candidates) {
    const joined: Trip = { ...trip, stops: [...trip.stops, stop].sort((a, b) => ms(a.pickupAt) - ms(b.pickupAt)) }
    const others = schedule.trips.filter((t) => t.tripId !== trip.tripId)
    if (tripRiders(joined) > trip.seats) {
      if (tripLastPickup(joined) - tripFirstPickup(joined) <= minutes(policies.rideCarpoolWindowMinutes)) reason = 'NO_SEATS'
      continue
    }
    if (scheduleProblems([...others, joined]).length === 0) return { ok: true, trips: [...others, joined], tripId: trip.tripId, joined: true }
  }
  if (seats >= booking.riders) {
    const fresh: Trip = { tripId: options.newTripId(), driverId: driver._id, direction: booking.direction, siteId: booking.siteId, seats, stops: [stop] }
    const trips = [...schedule.trips, fresh]
    if (scheduleProblems(trips).length === 0) return { ok: true, trips, tripId: fresh.tripId, joined: false }
  }
  return { ok: false, reason }
}

/** Take a booking out of the day's trips (a trip left empty goes). */
export function removeBooking(trips: Trip[], bookingId: string): Trip[] {
  return trips
    .map((trip) => ({ ...trip, stops: trip.stops.filter((s) => s.bookingId !== bookingId) }))
    .filter((trip) => trip.stops.length > 0)
}

// ---------------------------------------------------------------------------------------------
// Booking status

export const activeBookingStatuses: BookingStatus[] = ['pending', 'assigned', 'picked_up']

const tripTransitions: Record<TripUpdate, BookingStatus[]> = {
  picked_up: ['assigned'],
  completed: ['picked_up', 'assigned'],
  no_show: ['assigned'],
}
export const tripUpdateFrom = (to: TripUpdate): BookingStatus[] => tripTransitions[to]

export const statusLabels: Record<BookingStatus, string> = {
  pending: '待派车',
  assigned: '已派车',
  picked_up: '已接到',
  completed: '已送达',
  no_show: '未接到考生',
  cancelled: '已取消',
}

// ---------------------------------------------------------------------------------------------
// Views: masking happens here, field by field

export type BookingRelation = 'booker' | 'driver' | 'staff'

export interface BookingView {
  bookingId: string
  sessionId: string
  sessionName: string
  date: string
  direction: Direction
  ticketLast4: string
  studentName: string
  pickupAddress: string
  township: string
  examSite: { siteId: string; name: string; address: string }
  pickupAt: string
  riders: number
  /** The booker's phone: in full to the booker and the assigned driver, masked to fleet staff. */
  contactPhone: string
  status: BookingStatus
  statusLabel: string
  tripId: string | null
  driver: { driverId: string; name: string; plateNo: string; vehicle: string; phone: string } | null
  canCancel: boolean
}

/** One booking as `relation` may see it: the candidate's name in full only to the booker and the assigned driver. */
export function toBookingView(booking: BookingDoc, relation: BookingRelation, now: Date): BookingView {
  const full = relation === 'booker' || relation === 'driver'
  return {
    bookingId: booking._id,
    sessionId: booking.sessionId,
    sessionName: booking.sessionName,
    date: booking.date,
    direction: booking.direction,
    ticketLast4: booking.ticketLast4,
    studentName: full ? booking.studentName : maskName(booking.studentName),
    pickupAddress: booking.pickupAddress,
    township: booking.township,
    examSite: { siteId: booking.siteId, name: booking.siteName, address: booking.siteAddress },
    pickupAt: toBeijingIso(booking.pickupAt),
    riders: booking.riders,
    contactPhone: full ? booking.contactPhone : maskPhone(booking.contactPhone),
    status: booking.status,
    statusLabel: statusLabels[booking.status],
    tripId: booking.tripId,
    driver: booking.driver
      ? { driverId: booking.driver.driverId, name: booking.driver.realName, plateNo: booking.driver.plateNo, vehicle: booking.driver.vehicle, phone: maskPhone(booking.driver.phone) }
      : null,
    canCancel: relation === 'booker' && (booking.status === 'pending' || booking.status === 'assigned') && canCancel(booking, now),
  }
}

export interface DriverView {
  driverId: string
  orgId: string
  orgName: string
  realName: string
  phone: string
  plateNo: string
  vehicle: string
  seats: number
  status: DriverStatus
  reason: string | null
}

export const toDriverView = (driver: DriverDoc): DriverView => ({
  driverId: driver._id,
  orgId: driver.orgId,
  orgName: driver.orgName,
  realName: driver.realName,
  phone: maskPhone(driver.phone),
  plateNo: driver.plateNo,
  vehicle: driver.vehicle,
  seats: driver.seats,
  status: driver.status,
  reason: driver.review?.reason ?? null,
})

export interface SessionView {
  sessionId: string
  name: string
  exam: Exam
  days: string[]
  bookingOpensAt: string
  bookingClosesAt: string
  sites: ExamSite[]
}

export const toSessionView = (session: SessionDoc): SessionView => ({
  sessionId: session._id,
  name: session.name,
  exam: session.exam,
  days: [...session.days],
  bookingOpensAt: toBeijingIso(session.bookingOpensAt),
  bookingClosesAt: toBeijingIso(session.bookingClosesAt),
  sites: session.sites.map((s) => ({ siteId: s.siteId, name: s.name, address: s.address, township: s.township })),
})

export interface TripView {
  tripId: string
  direction: Direction
  examSite: { siteId: string; name: string; address: string }
  seats: number
  riders: number
  firstPickupAt: string
  blockedUntil: string
  bookings: BookingView[]
}

/** A driver's day in time order, each booking as its assigned driver sees it (or as fleet staff do, masked). */
export function toTripViews(schedule: ScheduleDoc, bookings: Map<string, BookingDoc>, now: Date, relation: BookingRelation = 'driver'): TripView[] {
  return [...schedule.trips]
    .sort((a, b) => tripFirstPickup(a) - tripFirstPickup(b))
    .map((trip) => {
      const docs = trip.stops.map((s) => bookings.get(s.bookingId)).filter((b): b is BookingDoc => Boolean(b))
      const site = docs[0]
      const [from, until] = tripBlock(trip)
      return {
        tripId: trip.tripId,
        direction: trip.direction,
        examSite: { siteId: trip.siteId, name: site?.siteName ?? '', address: site?.siteAddress ?? '' },
        seats: trip.seats,
        riders: tripRiders(trip),
        firstPickupAt: toBeijingIso(from),
        blockedUntil: toBeijingIso(until),
        bookings: docs.map((b) => toBookingView(b, relation, now)),
      }
    })
}

// ---------------------------------------------------------------------------------------------
// The fleet console (车队调度): a day's bookings and the day's board

const statusOrder: Record<BookingStatus, number> = { pending: 0, assigned: 1, picked_up: 2, completed: 3, no_show: 4, cancelled: 5 }

/**
 * A day's bookings in the order fleet staff work them: grouped by township — townships with the
 * most bookings still waiting for a car first — and inside a township the unassigned ones first,
 * then by status and pickup time.
 */
export function staffDayOrder<B extends Pick<BookingDoc, 'township' | 'status' | 'pickupAt'> & { _id?: string }>(bookings: B[]): B[] {
  const waiting = new Map<string, number>()
  for (const b of bookings) waiting.set(b.township, (waiting.get(b.township) ?? 0) + (b.status === 'pending' ? 1 : 0))
  return [...bookings].sort(
    (a, b) =>
      (waiting.get(b.township) ?? 0) - (waiting.get(a.township) ?? 0) ||
      a.township.localeCompare(b.township, 'zh-Hans-CN') ||
      statusOrder[a.status] - statusOrder[b.status] ||
      ms(a.pickupAt) - ms(b.pickupAt),
  )
}

export interface OfferView {
  offerId: string
  driverId: string
  sessionId: string
  date: string
  from: string
  to: string
  seats: number
}

export const toOfferView = (offer: Offer, date: string): OfferView => ({
  offerId: offer.offerId, driverId: offer.driverId, sessionId: offer.sessionId, date, from: toBeijingIso(offer.from), to: toBeijingIso(offer.to), seats: offer.seats,
})

export interface BoardDriverView {
  driver: DriverView
  offers: OfferView[]
  trips: TripView[]
}

/**
 * One fleet driver's exam day for the board: their offers and trips under this registration (a
 * driver of two fleets shows each fleet only its own), bookings as fleet staff see them (masked).
 */
export function toBoardDriver(driver: DriverDoc, schedule: ScheduleDoc | null, bookings: Map<string, BookingDoc>, now: Date): BoardDriverView {
  const own: ScheduleDoc | null = schedule
    ? { ...schedule, offers: schedule.offers.filter((o) => o.driverId === driver._id), trips: schedule.trips.filter((t) => t.driverId === driver._id) }
    : null
  return {
    driver: toDriverView(driver),
    offers: (own?.offers ?? []).map((o) => toOfferView(o, own?.date ?? '')).sort((a, b) => a.from.localeCompare(b.from)),
    trips: own ? toTripViews(own, bookings, now, 'staff') : [],
  }
}

/** The exam day a console opens on: the first day from `today` on (sessions in any order), else the latest session's last day. */
export function defaultExamDay(sessions: Pick<SessionView, 'sessionId' | 'days'>[], today: string): { sessionId: string; date: string } | null {
  const all = sessions.flatMap((s) => s.days.map((date) => ({ sessionId: s.sessionId, date }))).sort((a, b) => a.date.localeCompare(b.date))
  return all.find((d) => d.date >= today) ?? all[all.length - 1] ?? null
}

/** The board's order: drivers with trips first, by their first pickup, then the rest by name. */
export const boardOrder = (a: BoardDriverView, b: BoardDriverView) =>
  Number(b.trips.length > 0) - Number(a.trips.length > 0) ||
  (a.trips[0] && b.trips[0] ? ms(a.trips[0].firstPickupAt) - ms(b.trips[0].firstPickupAt) : 0) ||
  a.driver.realName.localeCompare(b.driver.realName, 'zh-Hans-CN')

// ---------------------------------------------------------------------------------------------
// autoAssign's plan (pure): same township and nearest pickup first, carpooling where it fits

export interface PlanDriver {
  driver: Pick<DriverDoc, '_id' | 'seats' | 'openid'>
  schedule: ScheduleDoc
}

export interface PlanResult {
  placed: { bookingId: string; driverId: string; tripId: string }[]
  unplaced: { bookingId: string; reason: string }[]
  /** the schedules as the plan leaves them, by schedule id */
  schedules: Map<string, ScheduleDoc>
}

/**
 * autoAssign's plan: a greedy over whole trips rather than single bookings.
 * 1. A booking that fits a trip already on a driver's day joins it (same township, then nearest pickup first).
 * 2. Then, repeatedly, every remaining booking is tried as the FIRST pickup of a new trip: its
 *    riders are the remaining bookings of the same direction and site picked up within the carpool
 *    window — same township first, then nearest pickup, as many as the car's seats hold — and the
 *    trip goes to the driver it fits best (offered window covers every pickup, no overlap, the
 *    least idle time before it). The trip that carries the most bookings wins (then the shorter
 *    block, then the earlier start); its bookings leave the pool. This packs carpools first, so a
 *    lone booking does not take a driver who could have carried four.
 * 3. What is left is reported with the reason it could not be placed.
 */
export function planDispatch(bookings: PlaceableBooking[], drivers: PlanDriver[], newTripId: () => string): PlanResult {
  const schedules = new Map(drivers.map((d) => [d.schedule._id, { ...d.schedule, trips: [...d.schedule.trips] }]))
  const placed: PlanResult['placed'] = []
  const unplaced: PlanResult['unplaced'] = []
  const window = minutes(policies.rideCarpoolWindowMinutes)
  const blockMs = minutes(policies.rideTripBlockMinutes)
  let pool = [...bookings].sort((a, b) => ms(a.pickupAt) - ms(b.pickupAt) || a.township.localeCompare(b.township) || a._id.localeCompare(b._id))
  const scheduleOf = (d: PlanDriver) => schedules.get(d.schedule._id) as ScheduleDoc

  // 1. join trips already on the drivers' days
  pool = pool.filter((booking) => {
    const t = ms(booking.pickupAt)
    const prefer = (a: Trip, b: Trip) => {
      const same = (trip: Trip) => (trip.stops.some((s) => s.township === booking.township) ? 0 : 1)
      return same(a) - same(b) || Math.abs(tripFirstPickup(a) - t) - Math.abs(tripFirstPickup(b) - t)
    }
    for (const d of drivers) {
      const schedule = scheduleOf(d)
      if (!schedule.trips.some((trip) => trip.driverId === d.driver._id && trip.direction === booking.direction && trip.siteId === booking.siteId)) continue
      const result = placeBooking(schedule, d.driver, booking, { requireOffer: true, newTripId, prefer })
      if (result.ok && result.joined) {
        schedules.set(schedule._id, { ...schedule, trips: result.trips })
        placed.push({ bookingId: booking._id, driverId: d.driver._id, tripId: result.tripId })
        return false
      }
    }
    return true
  })

  // 2. new trips, the fullest first (candidates cached per anchor and driver; a chosen trip
  //    invalidates its own group's anchors and its driver's entries only)
  const covered = (d: PlanDriver, t: number) => scheduleOf(d).offers.find((o) => o.driverId === d.driver._id && ms(o.from) <= t && t <= ms(o.to))
  const groupKey = (b: PlaceableBooking) => `${b.direction}|${b.siteId}`
  type Candidate = { d: PlanDriver; members: PlaceableBooking[]; score: number[] }
  const blocks = new Map(drivers.map((d) => [d.driver._id, scheduleOf(d).trips.map(tripBlock)]))
  const membersCache = new Map<string, PlaceableBooking[]>()
  const inPool = new Set(pool.map((b) => b._id))
  const byGroup = new Map<string, PlaceableBooking[]>()
  for (const b of pool) byGroup.set(groupKey(b), [...(byGroup.get(groupKey(b)) ?? []), b])
  const membersOf = (anchor: PlaceableBooking, seats: number) => {
    const key = `${anchor._id}|${seats}`
    const cached = membersCache.get(key)
    if (cached) return cached
    const t = ms(anchor.pickupAt)
    const group = (byGroup.get(groupKey(anchor)) ?? [])
      .filter((b) => b !== anchor && inPool.has(b._id) && ms(b.pickupAt) >= t && ms(b.pickupAt) - t <= window)
      .sort((a, b) => (a.township === anchor.township ? 0 : 1) - (b.township === anchor.township ? 0 : 1) || ms(a.pickupAt) - ms(b.pickupAt) || a.riders - b.riders)
    const members = [anchor]
    let used = anchor.riders
    for (const b of group) {
      if (used + b.riders > seats) continue
      members.push(b)
      used += b.riders
    }
    membersCache.set(key, members)
    return members
  }
  const evaluate = (anchor: PlaceableBooking, d: PlanDriver): Candidate | null => {
    const t = ms(anchor.pickupAt)
    const offer = covered(d, t)
    if (!offer) return null
    const seats = Math.min(offer.seats, d.driver.seats)
    if (seats < anchor.riders) return null
    const fits = membersOf(anchor, seats).filter((b) => covered(d, ms(b.pickupAt)))
    const end = Math.max(...fits.map((b) => ms(b.pickupAt))) + blockMs
    const own = blocks.get(d.driver._id) as [number, number][]
    if (own.some(([from, until]) => t < until && from < end)) return null
    const before = own.filter(([, until]) => until <= t).map(([, until]) => until)
    const idle = before.length ? t - Math.max(...before) : Number.MAX_SAFE_INTEGER / 4
    return { d, members: fits, score: [-fits.length, end - t, t, idle, seats] }
  }
  const candidates = new Map<string, Map<string, Candidate | null>>()
  for (const anchor of pool) candidates.set(anchor._id, new Map(drivers.map((d) => [d.driver._id, evaluate(anchor, d)])))
  const anchors = new Map(pool.map((b) => [b._id, b]))
  for (;;) {
    let best: Candidate | null = null
    for (const perDriver of candidates.values()) {
      for (const c of perDriver.values()) if (c && (!best || compareScores(c.score, best.score) < 0)) best = c
    }
    if (!best) break
    const schedule = scheduleOf(best.d)
    let trips = schedule.trips
    let tripId = ''
    for (const booking of best.members) {
      const result = placeBooking({ ...schedule, trips }, best.d.driver, booking, { requireOffer: true, newTripId })
      if (!result.ok) throw new Error(`planDispatch: a planned trip does not fit (${result.reason})`)
      if (tripId && result.tripId !== tripId) throw new Error('planDispatch: a planned trip split in two')
      tripId = result.tripId
      trips = result.trips
      placed.push({ bookingId: booking._id, driverId: best.d.driver._id, tripId })
    }
    schedules.set(schedule._id, { ...schedule, trips })
    blocks.set(best.d.driver._id, trips.map(tripBlock))
    const group = groupKey(best.members[0])
    for (const b of best.members) {
      inPool.delete(b._id)
      candidates.delete(b._id)
      anchors.delete(b._id)
    }
    for (const key of [...membersCache.keys()]) if (anchors.get(key.split('|')[0]) && groupKey(anchors.get(key.split('|')[0]) as PlaceableBooking) === group) membersCache.delete(key)
    for (const [anchorId, perDriver] of candidates) {
      const anchor = anchors.get(anchorId) as PlaceableBooking
      if (groupKey(anchor) === group) for (const d of drivers) perDriver.set(d.driver._id, evaluate(anchor, d))
      else perDriver.set(best.d.driver._id, evaluate(anchor, best.d))
    }
  }
  pool = pool.filter((b) => inPool.has(b._id))

  // 3. what could not be placed, and why
  for (const booking of pool) {
    const reasons = new Set<PlaceRefusal>()
    for (const d of drivers) {
      const result = placeBooking(scheduleOf(d), d.driver, booking, { requireOffer: true, newTripId })
      reasons.add(result.ok ? 'CLASH' : result.reason)
    }
    const reason = reasons.has('CLASH') ? '所有出车司机在该时段都已有行程' : reasons.has('NO_SEATS') ? '该时段出车司机的座位已满' : '该时段没有司机出车'
    unplaced.push({ bookingId: booking._id, reason })
  }
  return { placed, unplaced, schedules }
}

const compareScores = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return 0
}
