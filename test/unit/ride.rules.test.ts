import { defaultExamDay, isPlateNo, normalizePlate, placeBooking, planDispatch, scheduleProblems, emptySchedule, type ScheduleDoc, type Trip } from '../../cloudfunctions/core/ride/ride.rules'
import { beijingInstant, formatDate, formatDateTime, beijingParts } from '../../cloudfunctions/core/time/beijing'

const iso = (time: string) => beijingInstant('2027-06-07', time).toISOString()
const booking = (id: string, time: string, overrides: Record<string, unknown> = {}) => ({
  _id: id, direction: 'to_exam' as const, siteId: 's1', pickupAt: iso(time), riders: 1, township: '灵溪镇', ...overrides,
})
let seq = 0
const newTripId = () => `t${++seq}`

describe('plates', () => {
  test.each(['浙C12345', '浙CD12345', '浙C12345D', '浙CA1B23', '京AF0236'])('when the plate is %s, then it is valid', (plate) => {
    expect(isPlateNo(normalizePlate(plate))).toBe(true)
  })
  test.each(['浙C1234', '浙CO1234', '浙C123456', 'AC12345', '浙CD1234X', '浙CZ12345'])('when the plate is %s, then it is not', (plate) => {
    expect(isPlateNo(normalizePlate(plate))).toBe(false)
  })
})

describe('Beijing time on dayjs', () => {
  test('when an instant is formatted, then it reads on a Beijing clock, across the UTC date line', () => {
    expect(formatDateTime('2026-11-20T16:30:00.000Z')).toBe('2026-11-21 00:30')
    expect(formatDate('2026-02-28T16:00:00.000Z')).toBe('2026-03-01')
    expect(beijingParts('2026-03-01T01:05:00.000Z')).toEqual({ year: 2026, month: '03', day: '01', hour: '09', minute: '05' })
    expect(beijingInstant('2027-06-07', '07:30').toISOString()).toBe('2027-06-06T23:30:00.000Z')
  })
})

describe('placeBooking', () => {
  const driver = { _id: 'd1', seats: 3 }
  const day = (): ScheduleDoc => emptySchedule('o1', '2027-06-07', iso('00:00'))

  test('when bookings lie within 20 minutes, then they share a trip until the seats run out', () => {
    let schedule = day()
    for (const [id, time] of [['a', '07:00'], ['b', '07:10'], ['c', '07:20']] as const) {
      const placed = placeBooking(schedule, driver, booking(id, time), { requireOffer: false, newTripId })
      if (!placed.ok) throw new Error(placed.reason)
      schedule = { ...schedule, trips: placed.trips }
    }
    expect(schedule.trips).toHaveLength(1)
    expect(placeBooking(schedule, driver, booking('d', '07:05'), { requireOffer: false, newTripId })).toEqual({ ok: false, reason: 'NO_SEATS' })
    expect(placeBooking(schedule, driver, booking('e', '08:19', { siteId: 's2' }), { requireOffer: false, newTripId })).toEqual({ ok: false, reason: 'CLASH' })
    expect(placeBooking(schedule, driver, booking('f', '08:20', { siteId: 's2' }), { requireOffer: false, newTripId }).ok).toBe(true)
  })

  test('when autoAssign needs an offer, then a pickup outside every offered window is NOT_AVAILABLE', () => {
    expect(placeBooking(day(), driver, booking('a', '07:00'), { requireOffer: true, newTripId })).toEqual({ ok: false, reason: 'NOT_AVAILABLE' })
  })

  test('when trips break the rules, then scheduleProblems names each', () => {
    const trip = (tripId: string, times: string[], seats = 4): Trip => ({ tripId, driverId: 'd1', direction: 'to_exam', siteId: 's1', seats, stops: times.map((t, i) => ({ bookingId: `${tripId}${i}`, riders: 2, pickupAt: iso(t), township: '灵溪镇' })) })
    expect(scheduleProblems([trip('x', ['07:00', '07:30'], 4), trip('y', ['08:00'], 1)])).toEqual([
      'x: pickups too far apart',
      'y: 2 riders in 1 seats',
      'x overlaps y',
    ])
  })
})

describe('planDispatch', () => {
  test('when a crowded morning is planned, then no trip is over its seats, none overlap and every booking is placed once or reported', () => {
    const drivers = Array.from({ length: 4 }, (_, i) => ({
      driver: { _id: `d${i}`, openid: `o${i}`, seats: i % 2 ? 4 : 2 },
      schedule: { ...emptySchedule(`o${i}`, '2027-06-07', iso('00:00')), offers: [{ offerId: `f${i}`, driverId: `d${i}`, sessionId: 's', from: iso('06:30'), to: iso('09:00'), seats: 4 }] },
    }))
    const bookings = Array.from({ length: 30 }, (_, i) => booking(`b${i}`, `0${7 + Math.floor(i / 15)}:${String((i * 7) % 60).padStart(2, '0')}`, { siteId: `s${i % 3}`, riders: 1 + (i % 2) }))
    const plan = planDispatch(bookings, drivers, newTripId)
    expect(plan.placed.length + plan.unplaced.length).toBe(30)
    expect(new Set(plan.placed.map((p) => p.bookingId)).size).toBe(plan.placed.length)
    for (const schedule of plan.schedules.values()) expect(scheduleProblems(schedule.trips)).toEqual([])
    expect(plan.unplaced.every((u) => u.reason.length > 0)).toBe(true)
  })
})

describe('defaultExamDay (where the fleet console and 出车时段 open)', () => {
  const sessions = [
    { sessionId: 'zhongkao', days: ['2027-06-16', '2027-06-17'] },
    { sessionId: 'gaokao', days: ['2027-06-07', '2027-06-08', '2027-06-09'] },
  ]
  test('when exam days lie ahead, then the first one from today on, whichever session it is in', () => {
    expect(defaultExamDay(sessions, '2027-05-01')).toEqual({ sessionId: 'gaokao', date: '2027-06-07' })
    expect(defaultExamDay(sessions, '2027-06-08')).toEqual({ sessionId: 'gaokao', date: '2027-06-08' })
    expect(defaultExamDay(sessions, '2027-06-10')).toEqual({ sessionId: 'zhongkao', date: '2027-06-16' })
  })
  test('when every exam day has passed, then the last one; without sessions, none', () => {
    expect(defaultExamDay(sessions, '2027-07-01')).toEqual({ sessionId: 'zhongkao', date: '2027-06-17' })
    expect(defaultExamDay([], '2027-07-01')).toBeNull()
  })
})
