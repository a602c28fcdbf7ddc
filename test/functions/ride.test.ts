import { setClock } from '../../cloudfunctions/core/clock'
import type { BookingView, DriverDoc, DriverView, SessionView, TripView } from '../../cloudfunctions/core/ride/ride.rules'
import { acceptBooking, assignBooking, cancelMyBooking } from '../../cloudfunctions/core/ride/ride.store'
import { main as ride } from '../../cloudfunctions/ride/index'
import { seedDemoData } from '../../local/seed'
import { addDrivers, at, buildBookingInput, buildDriverRegistration, buildSessionInput, FLEET, nextTicketNo } from '../builders/ride'
import { caller, expectError, expectOk } from '../support/call'
import { failingDb, InjectedCrash } from '../support/failing-db'
import { startTestCloudbase } from '../support/local-cloudbase'
import { addVolunteers } from '../support/people'
import { rideProblems } from '../support/ride-invariants'

type SessionReply = { session: SessionView }
type BookingReply = { booking: BookingView }
type MineReply = { bookings: BookingView[]; days: { date: string; trips: TripView[] }[] }

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
const as = (openid: string | null) => caller(ride, openid)
const admin = () => as('demo-platform-admin')
const staff = () => as('demo-driver') // staff of the fleet (and a driver of it)

/** Inside the booking window of the test sessions. */
const NOW = new Date('2027-06-01T10:00:00+08:00')
let restoreClock: () => void
let session: SessionView
const site = (i: number) => session.sites[i].siteId

beforeAll(async () => {
  stack = await startTestCloudbase()
  await seedDemoData(db())
  restoreClock = setClock(() => NOW)
  session = expectOk(await admin()<SessionReply>('createSession', buildSessionInput())).session
})
afterAll(async () => {
  restoreClock()
  await stack.close()
})
afterEach(async () => {
  expect(await rideProblems(db(), session.sessionId)).toEqual([])
})

const withClock = async <T>(iso: string, work: () => Promise<T>): Promise<T> => {
  const restore = setClock(() => new Date(iso))
  try {
    return await work()
  } finally {
    restore()
  }
}

async function book(overrides: Record<string, unknown> = {}, who = 'demo-resident'): Promise<BookingView> {
  return expectOk(await as(who)<BookingReply>('book', buildBookingInput(session.sessionId, site(0), overrides))).booking
}

const bookingDoc = async (id: string) => (await db().collection('ride_bookings').doc(id).get()).data[0] as Record<string, unknown>

describe('sessions and createSession', () => {
  test('when anyone asks, then the seeded 2027 高考 session is listed with its days and sites', async () => {
    const { items } = expectOk(await as(null)<{ items: SessionView[] }>('sessions'))
    const gaokao = items.find((s) => s.sessionId === 'ses-demo-gaokao-2027')
    expect(gaokao?.days).toEqual(['2027-06-07', '2027-06-08', '2027-06-09'])
    expect(gaokao?.sites.map((s) => s.name)).toEqual(expect.arrayContaining(['苍南中学', '灵溪中学', '巨人中学']))
    expect(gaokao?.bookingClosesAt).toBe('2027-06-06T20:00:00+08:00')
  })

  test('when a session is invalid, then each bad field is named', async () => {
    const error = expectError(await admin()('createSession', buildSessionInput({
      exam: 'kaoyan', days: [], bookingClosesAt: at('2027-05-01', '08:00'), sites: [{ name: '苍南中学', address: '灵溪镇', township: '龙港镇' }],
    })))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields?.map((f) => f.path)).toEqual(expect.arrayContaining(['exam', 'days', 'sites.0.address', 'sites.0.township']))
  })

  test('when the window closes before it opens, then bookingClosesAt is named', async () => {
    const error = expectError(await admin()('createSession', buildSessionInput({ bookingClosesAt: at('2027-05-01', '08:00') })))
    expect(error.fields?.map((f) => f.path)).toContain('bookingClosesAt')
  })

  test('when staff of a verified fleet define a session for it, then it is created; without orgId a non-admin is refused', async () => {
    expectOk(await staff()('createSession', buildSessionInput({ orgId: FLEET, name: '2027年中考爱心送考', exam: 'zhongkao', days: ['2027-06-20'], bookingClosesAt: at('2027-06-18', '20:00') })))
    expect(expectError(await staff()('createSession', buildSessionInput())).code).toBe('FORBIDDEN')
  })
})

describe('registerDriver and approveDriver', () => {
  test.each([['浙C12345'], ['浙CD12345'], ['浙C12345D'], ['浙c a1b23']])('when the plate is %s, then it is accepted', async (plateNo) => {
    const [volunteer] = await addVolunteers(db(), 1, 'plate')
    const { driver } = expectOk(await as(volunteer)<{ driver: DriverView }>('registerDriver', buildDriverRegistration({ plateNo })))
    expect(driver.status).toBe('pending')
    expect(driver.plateNo).toBe(plateNo.replace(/\s/g, '').toUpperCase())
  })

  test.each([['浙C1234'], ['浙CI2345'], ['ZJC12345'], ['浙CD1234X']])('when the plate is %s, then plateNo is named', async (plateNo) => {
    const [volunteer] = await addVolunteers(db(), 1, 'badplate')
    const error = expectError(await as(volunteer)('registerDriver', buildDriverRegistration({ plateNo })))
    expect(error.fields?.map((f) => f.path)).toEqual(['plateNo'])
  })

  test('when seats, phone and name are wrong, then each is named', async () => {
    const [volunteer] = await addVolunteers(db(), 1, 'badseats')
    const error = expectError(await as(volunteer)('registerDriver', buildDriverRegistration({ seats: 7, phone: '123', realName: 'Tom' })))
    expect(error.fields?.map((f) => f.path).sort()).toEqual(['phone', 'realName', 'seats'])
  })

  test('when fleet staff approve, then the volunteer becomes a driver and may offer; a second registration is ALREADY_EXISTS', async () => {
    const [volunteer] = await addVolunteers(db(), 1, 'approve')
    const { driver } = expectOk(await as(volunteer)<{ driver: DriverView }>('registerDriver', buildDriverRegistration()))
    expect(expectError(await as(volunteer)('registerDriver', buildDriverRegistration())).code).toBe('ALREADY_EXISTS')
    expect(expectError(await as(volunteer)('offer', { sessionId: session.sessionId, date: '2027-06-07', from: at('2027-06-07', '06:00'), to: at('2027-06-07', '10:00'), seats: 4 })).code).toBe('FORBIDDEN')
    const pending = expectOk(await staff()<{ items: DriverView[] }>('drivers', { orgId: FLEET, status: 'pending' })).items
    expect(pending.map((d) => d.driverId)).toContain(driver.driverId)
    expect(pending.find((d) => d.driverId === driver.driverId)?.phone).toBe('138****8765')
    expect(expectOk(await staff()<{ driver: DriverView }>('approveDriver', { driverId: driver.driverId, approve: true })).driver.status).toBe('approved')
    expect(expectError(await staff()('approveDriver', { driverId: driver.driverId, approve: false, reason: '重复' })).code).toBe('INVALID_STATE')
    const me = (await db().collection('users').doc(volunteer).get()).data[0] as { roles: string[] }
    expect(me.roles).toContain('driver')
    expectOk(await as(volunteer)('offer', { sessionId: session.sessionId, date: '2027-06-07', from: at('2027-06-07', '06:00'), to: at('2027-06-07', '10:00'), seats: 4 }))
  })

  test('when staff reject without a reason, then reason is named; with one, the driver is rejected with it and may apply again', async () => {
    const [volunteer] = await addVolunteers(db(), 1, 'reject')
    const { driver } = expectOk(await as(volunteer)<{ driver: DriverView }>('registerDriver', buildDriverRegistration()))
    expect(expectError(await staff()('approveDriver', { driverId: driver.driverId, approve: false })).fields?.map((f) => f.path)).toEqual(['reason'])
    const rejected = expectOk(await staff()<{ driver: DriverView }>('approveDriver', { driverId: driver.driverId, approve: false, reason: '车辆年检已过期' })).driver
    expect([rejected.status, rejected.reason]).toEqual(['rejected', '车辆年检已过期'])
    expect(expectOk(await as(volunteer)<{ driver: DriverView }>('registerDriver', buildDriverRegistration({ plateNo: '浙C54321' }))).driver.status).toBe('pending')
  })
})

describe('book', () => {
  test('when a booking is made, then it is pending, the ticket is stored only as a keyed hash and its last four digits', async () => {
    const ticketNo = nextTicketNo()
    const booking = await book({ ticketNo })
    expect([booking.status, booking.ticketLast4, booking.studentName, booking.contactPhone]).toEqual(['pending', ticketNo.slice(-4), '陈思远', '13906771234'])
    expect(booking.pickupAt).toBe('2027-06-07T07:30:00+08:00')
    const stored = JSON.stringify(await bookingDoc(booking.bookingId))
    expect(stored).not.toContain(ticketNo)
    expect(stored).toMatch(/"ticketHash":"[0-9a-f]{64}"/)
  })

  test('when the same ticket books the same day and direction again, even at once, then exactly one is kept (ALREADY_EXISTS); the other direction is fine', async () => {
    const ticketNo = nextTicketNo()
    const replies = await Promise.all(Array.from({ length: 8 }, () => as('demo-resident')('book', buildBookingInput(session.sessionId, site(0), { ticketNo }))))
    expect(replies.filter((r) => r.ok)).toHaveLength(1)
    expect(replies.filter((r) => !r.ok).map((r) => expectError(r).code)).toEqual(Array(7).fill('ALREADY_EXISTS'))
    await book({ ticketNo, direction: 'from_exam', pickupAt: at('2027-06-07', '11:40') })
    await book({ ticketNo, date: '2027-06-08', pickupAt: at('2027-06-08', '07:30') })
  })

  test('when booking before the window opens or after it closes, then OUTSIDE_WINDOW', async () => {
    const input = buildBookingInput(session.sessionId, site(0))
    expect(expectError(await withClock('2027-05-19T23:59:00+08:00', () => as('demo-resident')('book', input))).code).toBe('OUTSIDE_WINDOW')
    expect(expectError(await withClock('2027-06-06T20:01:00+08:00', () => as('demo-resident')('book', input))).code).toBe('OUTSIDE_WINDOW')
  })

  test.each([
    ['riders', { riders: 3 }],
    ['ticketNo', { ticketNo: '12-34' }],
    ['contactPhone', { contactPhone: '0577123' }],
    ['township', { township: '龙港镇' }],
    ['direction', { direction: 'both' }],
    ['pickupAt', { pickupAt: '7:30' }],
    ['studentName', { studentName: 'X' }],
  ])('when %s is invalid, then it is named', async (path, overrides) => {
    const error = expectError(await as('demo-resident')('book', buildBookingInput(session.sessionId, site(0), overrides)))
    expect([error.code, error.fields?.map((f) => f.path)]).toEqual(['INVALID_ARGUMENT', [path]])
  })

  test.each([
    ['examSite', { examSite: 'site-elsewhere' }],
    ['pickupAt', { pickupAt: at('2027-06-08', '07:30') }],
    ['date', { date: '2027-06-10', pickupAt: at('2027-06-10', '07:30') }],
  ])('when %s does not fit the session, then it is named', async (path, overrides) => {
    const error = expectError(await as('demo-resident')('book', buildBookingInput(session.sessionId, site(0), overrides)))
    expect([error.code, error.fields?.map((f) => f.path)]).toEqual(['INVALID_ARGUMENT', [path]])
  })
})

/** An approved driver with `seats` (a fresh one per test, so trips of other tests never clash). */
const freshDriver = async (seats = 4): Promise<DriverDoc> => (await addDrivers(db(), 1, seats))[0]

describe('accept and assign: seats, carpooling and overlaps', () => {
  test('when 30 drivers accept the same booking at once, then exactly one wins', async () => {
    const booking = await book()
    const drivers = await addDrivers(db(), 30)
    const replies = await Promise.all(drivers.map((d) => as(d.openid)('accept', { bookingId: booking.bookingId })))
    expect(replies.filter((r) => r.ok)).toHaveLength(1)
    expect(new Set(replies.filter((r) => !r.ok).map((r) => expectError(r).code))).toEqual(new Set(['INVALID_STATE']))
    const stored = await bookingDoc(booking.bookingId)
    expect(stored.status).toBe('assigned')
  }, 120_000)

  test('when a 3-seat driver accepts 5 one-rider bookings of the same slot and site at once, then exactly 3 are kept in one trip', async () => {
    const driver = await freshDriver(3)
    const bookings = await Promise.all(Array.from({ length: 5 }, (_, i) => book({ pickupAt: at('2027-06-07', `07:${10 + i * 2}`) })))
    const replies = await Promise.all(bookings.map((b) => as(driver.openid)('accept', { bookingId: b.bookingId })))
    expect(replies.filter((r) => r.ok)).toHaveLength(3)
    expect(replies.filter((r) => !r.ok).map((r) => expectError(r).code)).toEqual(['CAPACITY_FULL', 'CAPACITY_FULL'])
    const { days } = expectOk(await as(driver.openid)<MineReply>('mine'))
    expect(days[0].trips).toHaveLength(1)
    expect(days[0].trips[0].riders).toBe(3)
  }, 60_000)

  test('when the same driver accepts two clashing bookings to different sites at once, then exactly one is kept', async () => {
    const driver = await freshDriver()
    const a = await book({ examSite: site(0), pickupAt: at('2027-06-07', '07:00') })
    const b = await book({ examSite: site(1), pickupAt: at('2027-06-07', '07:30') })
    const replies = await Promise.all([a, b].map((x) => as(driver.openid)('accept', { bookingId: x.bookingId })))
    expect(replies.filter((r) => r.ok)).toHaveLength(1)
    expect(expectError(replies.find((r) => !r.ok) as never).code).toBe('INVALID_STATE')
  })

  test('when pickups are 25 minutes apart to the same site, then they cannot share a trip and the second clashes with the 60-minute block; after the block it fits', async () => {
    const driver = await freshDriver()
    const first = await book({ pickupAt: at('2027-06-07', '07:00') })
    const late = await book({ pickupAt: at('2027-06-07', '07:25') })
    const after = await book({ examSite: site(2), pickupAt: at('2027-06-07', '08:00') })
    expectOk(await as(driver.openid)('accept', { bookingId: first.bookingId }))
    expect(expectError(await as(driver.openid)('accept', { bookingId: late.bookingId })).message).toContain('时间冲突')
    expectOk(await as(driver.openid)('accept', { bookingId: after.bookingId }))
  })

  test('when fleet staff assign a two-rider booking to a driver with one free seat, then CAPACITY_FULL; to a driver of another fleet, then FORBIDDEN', async () => {
    const driver = await freshDriver(2)
    const one = await book({ pickupAt: at('2027-06-07', '09:00') })
    const two = await book({ pickupAt: at('2027-06-07', '09:05'), riders: 2 })
    expectOk(await staff()('assign', { bookingId: one.bookingId, driverId: driver._id }))
    expect(expectError(await staff()('assign', { bookingId: two.bookingId, driverId: driver._id })).code).toBe('CAPACITY_FULL')
    expect(expectError(await as('demo-org-staff')('assign', { bookingId: two.bookingId, driverId: driver._id })).code).toBe('FORBIDDEN')
  })
})

describe('what each person sees', () => {
  test('when a booking is assigned, then the booker sees the driver (masked phone), the driver sees the booker, others see the candidate masked', async () => {
    const driver = await freshDriver()
    const booking = await book({ studentName: '林晓雨', pickupAt: at('2027-06-08', '13:30'), date: '2027-06-08', direction: 'to_exam' })

    const open = expectOk(await as(driver.openid)<{ items: BookingView[] }>('openBookings', { sessionId: session.sessionId, date: '2027-06-08' })).items
    const listed = open.find((b) => b.bookingId === booking.bookingId)
    expect([listed?.studentName, listed?.contactPhone]).toEqual(['林*雨', '139****1234'])

    const assigned = expectOk(await staff()<BookingReply>('assign', { bookingId: booking.bookingId, driverId: driver._id })).booking
    expect(assigned.studentName).toBe('林*雨')

    const mine = expectOk(await as('demo-resident')<MineReply>('mine')).bookings.find((b) => b.bookingId === booking.bookingId)
    expect(mine?.studentName).toBe('林晓雨')
    expect(mine?.driver).toEqual({ driverId: driver._id, name: '张建军', plateNo: driver.plateNo, vehicle: '白色轿车', phone: `139****${driver.phone.slice(-4)}` })

    const { days } = expectOk(await as(driver.openid)<MineReply>('mine'))
    const seen = days.flatMap((d) => d.trips).flatMap((t) => t.bookings).find((b) => b.bookingId === booking.bookingId)
    expect([seen?.studentName, seen?.contactPhone, seen?.pickupAddress]).toEqual(['林晓雨', '13906771234', '灵溪镇城东社区建兴东路12号'])
    expect(JSON.stringify(days)).not.toContain('ticketHash')
  })

  test('when the booker taps 联系司机, then only they get the assigned driver\'s full number, and only while the trip is ahead', async () => {
    const driver = await freshDriver()
    const booking = await book({ pickupAt: at('2027-06-08', '15:30'), date: '2027-06-08', direction: 'from_exam' })
    expect(expectError(await as('demo-resident')('driverPhone', { bookingId: booking.bookingId })).code).toBe('INVALID_STATE')
    expectOk(await staff()<BookingReply>('assign', { bookingId: booking.bookingId, driverId: driver._id }))
    expect(expectOk(await as('demo-resident')<{ phone: string }>('driverPhone', { bookingId: booking.bookingId }))).toEqual({ phone: driver.phone })
    expect(expectError(await as('demo-volunteer')('driverPhone', { bookingId: booking.bookingId })).code).toBe('NOT_FOUND')
    expect(expectError(await as(driver.openid)('driverPhone', { bookingId: booking.bookingId })).code).toBe('NOT_FOUND')
  })

  test('when a driver has several trips, then mine lists them in time order', async () => {
    const driver = await freshDriver()
    const late = await book({ pickupAt: at('2027-06-09', '14:00'), date: '2027-06-09' })
    const early = await book({ pickupAt: at('2027-06-09', '07:00'), date: '2027-06-09' })
    expectOk(await as(driver.openid)('accept', { bookingId: late.bookingId }))
    expectOk(await as(driver.openid)('accept', { bookingId: early.bookingId }))
    const { days } = expectOk(await as(driver.openid)<MineReply>('mine'))
    expect(days.map((d) => d.date)).toEqual(['2027-06-09'])
    expect(days[0].trips.map((t) => t.firstPickupAt)).toEqual(['2027-06-09T07:00:00+08:00', '2027-06-09T14:00:00+08:00'])
    expect(days[0].trips[0].blockedUntil).toBe('2027-06-09T08:00:00+08:00')
  })
})

describe('cancel', () => {
  test('when the booker cancels an assigned booking, then the seat is free for another booking and the ticket may book again', async () => {
    const driver = await freshDriver(1)
    const ticketNo = nextTicketNo()
    const a = await book({ ticketNo, pickupAt: at('2027-06-07', '15:00') })
    const b = await book({ pickupAt: at('2027-06-07', '15:05') })
    expectOk(await as(driver.openid)('accept', { bookingId: a.bookingId }))
    expect(expectError(await as(driver.openid)('accept', { bookingId: b.bookingId })).code).toBe('CAPACITY_FULL')
    expect(expectOk(await as('demo-resident')<BookingReply>('cancel', { bookingId: a.bookingId })).booking.status).toBe('cancelled')
    expectOk(await as(driver.openid)('accept', { bookingId: b.bookingId }))
    await book({ ticketNo, pickupAt: at('2027-06-07', '15:00') })
  })

  test('when it is less than 2 hours before pickup, then OUTSIDE_WINDOW; someone else cancelling gets NOT_FOUND', async () => {
    const booking = await book({ pickupAt: at('2027-06-07', '07:30') })
    expect(expectError(await as('demo-volunteer')('cancel', { bookingId: booking.bookingId })).code).toBe('NOT_FOUND')
    const late = await withClock('2027-06-07T05:31:00+08:00', () => as('demo-resident')('cancel', { bookingId: booking.bookingId }))
    expect(expectError(late).code).toBe('OUTSIDE_WINDOW')
    expectOk(await withClock('2027-06-07T05:30:00+08:00', () => as('demo-resident')('cancel', { bookingId: booking.bookingId })))
  })
})

describe('updateTrip', () => {
  test('when the assigned driver picks up and completes, then the booker sees it; anyone else gets NOT_FOUND; no_show after pickup is INVALID_STATE', async () => {
    const driver = await freshDriver()
    const other = await freshDriver()
    const booking = await book({ pickupAt: at('2027-06-08', '16:00'), date: '2027-06-08', direction: 'from_exam' })
    expectOk(await as(driver.openid)('accept', { bookingId: booking.bookingId }))
    expect(expectError(await as(other.openid)('updateTrip', { bookingId: booking.bookingId, status: 'picked_up' })).code).toBe('NOT_FOUND')
    expectOk(await as(driver.openid)('updateTrip', { bookingId: booking.bookingId, status: 'picked_up' }))
    expect(expectError(await as(driver.openid)('updateTrip', { bookingId: booking.bookingId, status: 'no_show' })).code).toBe('INVALID_STATE')
    expectOk(await as(driver.openid)('updateTrip', { bookingId: booking.bookingId, status: 'completed' }))
    const mine = expectOk(await as('demo-resident')<MineReply>('mine')).bookings.find((b) => b.bookingId === booking.bookingId)
    expect([mine?.status, mine?.canCancel]).toEqual(['completed', false])
    expect(expectError(await as('demo-resident')('cancel', { bookingId: booking.bookingId })).code).toBe('INVALID_STATE')
  })
})

describe('autoAssign', () => {
  test('when fleet staff auto-assign a day, then bookings are carpooled into the offered windows and the rest are reported with a reason', async () => {
    const s = expectOk(await admin()<SessionReply>('createSession', buildSessionInput({ name: '自动派车测试' }))).session
    // (the 9th: no other test's driver offers that day)
    const drivers = await addDrivers(db(), 2, 3)
    for (const d of drivers) {
      expectOk(await as(d.openid)('offer', { sessionId: s.sessionId, date: '2027-06-09', from: at('2027-06-09', '06:30'), to: at('2027-06-09', '08:30'), seats: 3 }))
    }
    const mk = (time: string, siteIndex: number, township = '灵溪镇', riders = 1) =>
      book({ sessionId: s.sessionId, date: '2027-06-09', examSite: s.sites[siteIndex].siteId, pickupAt: at('2027-06-09', time), township, riders })
    // 7:00 site 0: 3 riders fit one car; 7:05 site 1: another car; 7:10 site 0: no car free; 10:00: nobody offered
    const ids = [await mk('07:00', 0), await mk('07:05', 0, '宜山镇'), await mk('07:10', 0, '灵溪镇'), await mk('07:05', 1, '灵溪镇', 2), await mk('07:30', 2), await mk('10:00', 0)]
    const report = expectOk(await staff()<{ placed: { bookingId: string }[]; unplaced: { bookingId: string; reason: string }[] }>('autoAssign', { orgId: FLEET, sessionId: s.sessionId, date: '2027-06-09' }))
    expect(report.placed.map((p) => p.bookingId).sort()).toEqual([ids[0], ids[1], ids[2], ids[3]].map((b) => b.bookingId).sort())
    expect(report.unplaced.map((u) => u.bookingId).sort()).toEqual([ids[4], ids[5]].map((b) => b.bookingId).sort())
    expect(report.unplaced.find((u) => u.bookingId === ids[5].bookingId)?.reason).toBe('该时段没有司机出车')
    expect(report.unplaced.find((u) => u.bookingId === ids[4].bookingId)?.reason).toBe('所有出车司机在该时段都已有行程')
    expect(await rideProblems(db(), s.sessionId)).toEqual([])
    // running it again changes nothing
    const again = expectOk(await staff()<{ placed: unknown[] }>('autoAssign', { orgId: FLEET, sessionId: s.sessionId, date: '2027-06-09' }))
    expect(again.placed).toHaveLength(0)
  })
})

describe('the fleet console: bookings, board and myOffers', () => {
  type BoardReply = { date: string; drivers: { driver: DriverView; offers: { from: string; to: string; seats: number }[]; trips: TripView[] }[] }
  const DAY = '2027-06-11'

  /** A session of its own on a day no other test uses, so the lists hold only this test's bookings and trips. */
  async function consoleDay() {
    const s = expectOk(await admin()<SessionReply>('createSession', buildSessionInput({ name: '车队调度测试', days: [DAY], bookingClosesAt: at('2027-06-10', '20:00') }))).session
    const mk = (time: string, township: string, studentName: string, who = 'demo-resident') =>
      book({ sessionId: s.sessionId, date: DAY, examSite: s.sites[0].siteId, pickupAt: at(DAY, time), township, studentName }, who)
    return { s, mk }
  }

  test('when fleet staff list a day, then every booking is there township by township, unassigned first, names and phones masked', async () => {
    const { s, mk } = await consoleDay()
    const driver = await freshDriver()
    const lingxiWaiting = await mk('07:00', '灵溪镇', '林晓雨')
    const yishanA = await mk('07:20', '宜山镇', '陈思远')
    const yishanB = await mk('07:10', '宜山镇', '王可欣')
    const lingxiAssigned = await mk('06:50', '灵溪镇', '张子涵')
    const cancelled = await mk('08:00', '灵溪镇', '李一鸣', 'demo-volunteer')
    expectOk(await staff()('assign', { bookingId: lingxiAssigned.bookingId, driverId: driver._id }))
    expectOk(await as('demo-volunteer')('cancel', { bookingId: cancelled.bookingId }))

    const { items, pendingCount } = expectOk(await staff()<{ items: BookingView[]; pendingCount: number }>('bookings', { orgId: FLEET, sessionId: s.sessionId, date: DAY }))
    // 宜山镇 has two waiting, 灵溪镇 one: 宜山镇 first; inside a township pending first, then by status and time
    expect(items.map((b) => b.bookingId)).toEqual([yishanB, yishanA, lingxiWaiting, lingxiAssigned, cancelled].map((b) => b.bookingId))
    expect(items.map((b) => b.statusLabel)).toEqual(['待派车', '待派车', '待派车', '已派车', '已取消'])
    expect(pendingCount).toBe(3)
    expect(items.map((b) => b.studentName)).toEqual(['王*欣', '陈*远', '林*雨', '张*涵', '李*鸣'])
    expect(new Set(items.map((b) => b.contactPhone))).toEqual(new Set(['139****1234']))
    expect(items[3].driver).toEqual(expect.objectContaining({ name: '张建军', plateNo: driver.plateNo, phone: `139****${driver.phone.slice(-4)}` }))
    expect(JSON.stringify(items)).not.toMatch(/ticketHash|bookedBy|13906771234/)
    expect(items.every((b) => b.canCancel === false)).toBe(true)
  })

  test('when someone who is not staff of that verified fleet asks for its bookings or board, then FORBIDDEN; a day outside the session is named', async () => {
    const { s } = await consoleDay()
    for (const action of ['bookings', 'board']) {
      const input = { orgId: FLEET, sessionId: s.sessionId, date: DAY }
      expect(expectError(await as('demo-org-staff')(action, input)).code).toBe('FORBIDDEN')
      expect(expectError(await as('demo-resident')(action, input)).code).toBe('FORBIDDEN')
      expect(expectError(await as(null)(action, input)).code).toBe('UNAUTHENTICATED')
      // staff of a pending organization may not run a fleet
      expect(expectError(await as('seed-mental-health-admin')(action, { ...input, orgId: 'org-mental-health' })).code).toBe('FORBIDDEN')
    }
    const error = expectError(await staff()('bookings', { orgId: FLEET, sessionId: s.sessionId, date: '2027-06-12' }))
    expect([error.code, error.fields?.map((f) => f.path)]).toEqual(['INVALID_ARGUMENT', ['date']])
  })

  test('when drivers offer and take trips, then the board shows each fleet driver with offers and trips in time order, riders masked, with their status', async () => {
    const { s, mk } = await consoleDay()
    const [busy, idle] = await addDrivers(db(), 2, 4, 'board')
    expectOk(await as(busy.openid)('offer', { sessionId: s.sessionId, date: DAY, from: at(DAY, '06:30'), to: at(DAY, '10:00'), seats: 3 }))
    expectOk(await as(idle.openid)('offer', { sessionId: s.sessionId, date: DAY, from: at(DAY, '13:00'), to: at(DAY, '15:00'), seats: 4 }))
    const late = await mk('09:30', '灵溪镇', '周雨桐')
    const early = await mk('07:00', '灵溪镇', '林晓雨')
    const carpool = await mk('07:10', '灵溪镇', '陈思远')
    for (const b of [late, early, carpool]) expectOk(await staff()('assign', { bookingId: b.bookingId, driverId: busy._id }))
    expectOk(await as(busy.openid)('updateTrip', { bookingId: early.bookingId, status: 'picked_up' }))
    expectOk(await as(busy.openid)('updateTrip', { bookingId: carpool.bookingId, status: 'no_show' }))

    const board = expectOk(await staff()<BoardReply>('board', { orgId: FLEET, date: DAY }))
    const row = board.drivers.find((d) => d.driver.driverId === busy._id)
    const [first, second] = row?.trips ?? []
    expect([first.firstPickupAt, second.firstPickupAt]).toEqual([at(DAY, '07:00'), at(DAY, '09:30')])
    expect(first.bookings.map((b) => [b.studentName, b.status])).toEqual([['林*雨', 'picked_up'], ['陈*远', 'no_show']])
    expect(second.bookings.map((b) => [b.studentName, b.contactPhone, b.status])).toEqual([['周*桐', '139****1234', 'assigned']])
    expect(row?.offers).toEqual([expect.objectContaining({ from: at(DAY, '06:30'), to: at(DAY, '10:00'), seats: 3 })])
    expect(row?.driver.phone).toBe(`139****${busy.phone.slice(-4)}`)
    const idleRow = board.drivers.find((d) => d.driver.driverId === idle._id)
    expect(idleRow?.trips).toEqual([])
    expect(idleRow?.offers.map((o) => o.from)).toEqual([at(DAY, '13:00')])
    // drivers with trips first, by their first pickup
    const withTrips = board.drivers.filter((d) => d.trips.length > 0)
    expect(board.drivers.slice(0, withTrips.length)).toEqual(withTrips)
    expect(withTrips.map((d) => d.trips[0].firstPickupAt)).toEqual(withTrips.map((d) => d.trips[0].firstPickupAt).sort())
    expect(board.drivers.indexOf(idleRow as never)).toBeGreaterThanOrEqual(withTrips.length)
    expect(JSON.stringify(board)).not.toContain('13906771234')
  })

  test('when an approved driver asks for their offers, then they get their windows from today on, in time order; a resident is refused', async () => {
    const { s } = await consoleDay()
    const driver = await freshDriver()
    expectOk(await as(driver.openid)('offer', { sessionId: s.sessionId, date: DAY, from: at(DAY, '13:00'), to: at(DAY, '15:00'), seats: 2 }))
    expectOk(await as(driver.openid)('offer', { sessionId: s.sessionId, date: DAY, from: at(DAY, '06:30'), to: at(DAY, '09:00'), seats: 4 }))
    const { items } = expectOk(await as(driver.openid)<{ items: { date: string; from: string; to: string; seats: number; sessionId: string }[] }>('myOffers'))
    expect(items.map((o) => [o.date, o.from, o.to, o.seats, o.sessionId])).toEqual([
      [DAY, at(DAY, '06:30'), at(DAY, '09:00'), 4, s.sessionId],
      [DAY, at(DAY, '13:00'), at(DAY, '15:00'), 2, s.sessionId],
    ])
    // after that day they are gone from the list
    await withClock('2027-06-12T08:00:00+08:00', async () => expect(expectOk(await as(driver.openid)<{ items: unknown[] }>('myOffers')).items).toEqual([]))
    expect(expectError(await as('demo-resident')('myOffers')).code).toBe('FORBIDDEN')
  })
})

describe('a call that dies before any of its database calls', () => {
  /** Run `act` with a crash before call 1, 2, …, until it completes; after each crash the outcome is all or nothing. */
  async function crashEverywhere(label: string, setup: () => Promise<{ run: (d: ReturnType<typeof db>) => Promise<unknown>; done: () => Promise<boolean>; untouched: () => Promise<boolean> }>) {
    for (let crashAt = 1; crashAt < 20; crashAt++) {
      const { run, done, untouched } = await setup()
      const failing = failingDb(db(), crashAt)
      const outcome = await run(failing.db).then(() => 'ok', (error) => error)
      if (outcome === 'ok') {
        expect(await done()).toBe(true)
        return crashAt
      }
      expect(outcome).toBeInstanceOf(InjectedCrash)
      expect({ label, crashAt, state: (await done()) || (await untouched()) }).toEqual({ label, crashAt, state: true })
      expect(await rideProblems(db(), session.sessionId)).toEqual([])
      await run(db()) // the person tries again and it works
      expect(await done()).toBe(true)
    }
    throw new Error(`${label} never completed`)
  }

  const statusOf = async (id: string) => (await bookingDoc(id)).status

  test('accept: no effect or the full effect, and the retry works', async () => {
    const steps = await crashEverywhere('accept', async () => {
      const driver = await freshDriver()
      const b = await book({ pickupAt: at('2027-06-08', '07:00'), date: '2027-06-08' })
      return { run: (d) => acceptBooking(d, driver.openid, b.bookingId, NOW), done: async () => (await statusOf(b.bookingId)) === 'assigned', untouched: async () => (await statusOf(b.bookingId)) === 'pending' }
    })
    expect(steps).toBeGreaterThan(1)
  }, 60_000)

  test('assign: no effect or the full effect, and the retry works', async () => {
    await crashEverywhere('assign', async () => {
      const driver = await freshDriver()
      const b = await book({ pickupAt: at('2027-06-08', '09:00'), date: '2027-06-08' })
      return { run: (d) => assignBooking(d, driver._id, b.bookingId, 'demo-driver', NOW), done: async () => (await statusOf(b.bookingId)) === 'assigned', untouched: async () => (await statusOf(b.bookingId)) === 'pending' }
    })
  }, 60_000)

  test('cancel: no effect or the full effect (seat freed, claim gone), and the retry works', async () => {
    await crashEverywhere('cancel', async () => {
      const driver = await freshDriver()
      const b = await book({ pickupAt: at('2027-06-08', '11:00'), date: '2027-06-08' })
      await acceptBooking(db(), driver.openid, b.bookingId, NOW)
      return {
        run: async (d) => {
          if ((await statusOf(b.bookingId)) !== 'cancelled') await cancelMyBooking(d, 'demo-resident', b.bookingId, NOW)
        },
        done: async () => (await statusOf(b.bookingId)) === 'cancelled',
        untouched: async () => (await statusOf(b.bookingId)) === 'assigned',
      }
    })
  }, 60_000)
})
