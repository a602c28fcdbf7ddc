/**
 * `npm run bench:dispatch`: how close 一键派车 (`ride.autoAssign`) comes to the best possible
 * dispatch of an exam day.
 *
 * A generated day (fixed seed: 300 bookings, 60 drivers with offered windows) is written to an
 * in-memory local CloudBase, `autoAssign` runs through the function's `main`, and the same instance
 * is solved exactly as an integer programme with HiGHS (WebAssembly, the `highs` devDependency,
 * used only here). Prints bookings placed by autoAssign, the optimum, their ratio, autoAssign's
 * time, and checks that no seat or overlap rule is broken.
 *
 * The integer programme. Drivers with the same seats and offered windows are interchangeable, so
 * they form a class c of n_c drivers. For each class, exam-site group g (direction, site) and
 * anchor booking a of g inside the class's windows there is a slot k = (c, g, a): y_k = 1 when a
 * driver of c runs a trip whose FIRST pickup is a's; x_bk = 1 when booking b (same group, pickup
 * in [p_a, p_a + 20 min], inside the windows) rides in it.
 *   max Σ x_bk
 *   Σ_k x_bk ≤ 1                                   each booking in at most one trip
 *   x_ak = y_k,  x_bk ≤ y_k,  Σ_b r_b x_bk ≤ S_d y_k  the anchor rides; seats
 *   for each class c and each anchor time τ of c:  a trip blocks [first pickup, last pickup + 60)
 *     Σ_{k of c: p_a ≤ τ < p_a+60} y_k + Σ_{k of c: p_a+60 ≤ τ} z_kτ ≤ n_c,   z_kτ ≥ x_bk for b in k with p_b + 60 > τ
 * Trips are intervals, and intervals can be shared out among n drivers without overlap exactly
 * when no point lies in more than n of them (interval graphs are perfect; hand them out by start
 * time); the most crowded point is always some trip's first pickup, an anchor time. So checking
 * at anchor times is exact: the programme is the dispatch problem itself, not a relaxation.
 */
import path from 'node:path'
import { setClock } from '../cloudfunctions/core/clock'
import type { Database } from '../cloudfunctions/core/cloudbase'
import { scheduleProblems, type BookingDoc, type Direction, type DriverDoc, type ScheduleDoc, type SessionDoc } from '../cloudfunctions/core/ride/ride.rules'
import { ticketClaimId, ticketHash } from '../cloudfunctions/core/ride/ride.store'
import { policies } from '../cloudfunctions/core/settings/policies'
import { beijingInstant } from '../cloudfunctions/core/time/beijing'
import { main as ride } from '../cloudfunctions/ride/index'
import { wechatContext } from '../local/wechat-context'
import { seedDemoData } from '../local/seed'
import { startTestCloudbase } from '../test/support/local-cloudbase'
import { seededRandom } from './seeded-random'

const DATE = '2027-06-07'
const FLEET = 'org-exam-fleet'
const SESSION = 'ses-bench-gaokao'
const TOWNSHIPS = ['灵溪镇', '宜山镇', '钱库镇', '金乡镇', '炎亭镇', '大渔镇', '马站镇', '霞关镇', '矾山镇', '南宋镇', '赤溪镇', '桥墩镇', '莒溪镇', '藻溪镇', '望里镇', '沿浦镇', '凤阳畲族乡', '岱岭畲族乡']
const SITES = [
  ['site-b-cangnan', '苍南中学', '灵溪镇'],
  ['site-b-lingxi', '灵溪中学', '灵溪镇'],
  ['site-b-juren', '巨人中学', '灵溪镇'],
  ['site-b-qianku', '钱库高级中学', '钱库镇'],
  ['site-b-jinxiang', '金乡高级中学', '金乡镇'],
  ['site-b-mazhan', '马站高级中学', '马站镇'],
] as const

export interface DispatchFigures {
  bookings: number
  drivers: number
  placedByAutoAssign: number
  optimum: number
  /** autoAssign / optimum */
  ratio: number
  autoAssignMs: number
  solverMs: number
  solverStatus: string
  /** seat, overlap or one-trip rule broken by autoAssign's result (empty: none) */
  problems: string[]
  unplacedReasons: Record<string, number>
}


const clock = (minutesOfDay: number) => `${String(Math.floor(minutesOfDay / 60)).padStart(2, '0')}:${String(minutesOfDay % 60).padStart(2, '0')}`
const instant = (minutesOfDay: number) => beijingInstant(DATE, clock(minutesOfDay)).toISOString()

interface Generated {
  session: SessionDoc
  bookings: BookingDoc[]
  drivers: DriverDoc[]
  schedules: ScheduleDoc[]
}

/** The exam day: four waves of pickups (to the morning paper, home at noon, to the afternoon paper, home in the evening). */
export function generateDay(seed = 20270607, bookingCount = 300, driverCount = 60): Generated {
  const rand = seededRandom(seed)
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]
  const at = new Date('2027-06-01T00:00:00Z').toISOString()
  const session: SessionDoc = {
    _id: SESSION, name: '基准测试高考', exam: 'gaokao', days: [DATE], bookingOpensAt: at, bookingClosesAt: beijingInstant('2027-06-06', '20:00').toISOString(),
    sites: SITES.map(([siteId, name, township]) => ({ siteId, name, address: `${township}${name}`, township })), orgId: FLEET, createdBy: 'bench', createdAt: at,
  }
  const waves: { direction: Direction; from: number; to: number; share: number }[] = [
    { direction: 'to_exam', from: 6 * 60 + 40, to: 8 * 60 + 10, share: 0.4 },
    { direction: 'from_exam', from: 11 * 60 + 35, to: 12 * 60 + 20, share: 0.2 },
    { direction: 'to_exam', from: 13 * 60 + 20, to: 14 * 60 + 20, share: 0.25 },
    { direction: 'from_exam', from: 17 * 60 + 5, to: 17 * 60 + 50, share: 0.15 },
  ]
  const bookings: BookingDoc[] = []
  for (let i = 0; i < bookingCount; i++) {
    let r = rand()
    const wave = waves.find((w) => (r -= w.share) < 0) ?? waves[0]
    const slots = (wave.to - wave.from) / 5
    const minute = wave.from + 5 * Math.floor(rand() * (slots + 1))
    const [siteId, siteName, siteTownship] = pick(SITES)
    const township = rand() < 0.5 ? siteTownship : pick(TOWNSHIPS)
    const ticketNo = `2733${String(100000 + i)}`
    bookings.push({
      _id: `bk-bench-${String(i).padStart(3, '0')}`, sessionId: SESSION, sessionName: session.name, date: DATE, direction: wave.direction,
      ticketHash: ticketHash(ticketNo), ticketLast4: ticketNo.slice(-4), claimId: ticketClaimId(SESSION, DATE, wave.direction, ticketNo),
      studentName: '考生甲', pickupAddress: `${township}某村`, township, siteId, siteName, siteAddress: `${siteTownship}${siteName}`,
      pickupAt: instant(minute), riders: rand() < 0.75 ? 1 : 2, contactPhone: '13900000000', bookedBy: `bench-parent-${i}`, status: 'pending',
      driver: null, tripId: null, assignedAt: null, assignedBy: null, cancelledAt: null, createdAt: at, updatedAt: at,
    })
  }
  // each driver offers one wave (the fleet is stretched at the peaks: not every booking can be placed)
  const windows = [
    { from: 6 * 60 + 30, to: 8 * 60 + 15, share: 0.4 },
    { from: 11 * 60 + 30, to: 12 * 60 + 30, share: 0.15 },
    { from: 13 * 60 + 15, to: 14 * 60 + 30, share: 0.3 },
    { from: 17 * 60, to: 18 * 60, share: 0.15 },
  ]
  const drivers: DriverDoc[] = []
  const schedules: ScheduleDoc[] = []
  for (let i = 0; i < driverCount; i++) {
    const openid = `bench-driver-${String(i).padStart(2, '0')}`
    const r = rand()
    const seats = r < 0.7 ? 4 : r < 0.9 ? 6 : 3
    let w = rand()
    const window = windows.find((x) => (w -= x.share) < 0) ?? windows[0]
    const driverId = `${FLEET}:${openid}`
    drivers.push({
      _id: driverId, orgId: FLEET, orgName: '苍南县爱心送考车队', openid, realName: '司机甲', phone: '13800000000', plateNo: `浙C${String(20000 + i)}`,
      vehicle: '轿车', seats, status: 'approved', review: { approved: true, reason: null, reviewedBy: 'bench', reviewedAt: at }, createdAt: at, updatedAt: at,
    })
    schedules.push({
      _id: `${openid}:${DATE}`, openid, date: DATE, rev: 1, updatedAt: at, trips: [],
      offers: [{ offerId: `off-${i}`, driverId, sessionId: SESSION, from: instant(window.from), to: instant(window.to), seats }],
    })
  }
  return { session, bookings, drivers, schedules }
}

// ---------------------------------------------------------------------------------------------
// The exact optimum

export function dispatchProgramme(day: Generated): string {
  const window = policies.rideCarpoolWindowMinutes * 60_000
  const block = policies.rideTripBlockMinutes * 60_000
  const t = (b: BookingDoc) => Date.parse(b.pickupAt)
  const objective: string[] = []
  const rows: string[] = []
  const binaries: string[] = []
  const perBooking = new Map<string, string[]>()
  let rowSeq = 0
  const row = (text: string) => rows.push(` c${++rowSeq}: ${text}`)
  const sum = (terms: string[]) => terms.join(' + ')
  const bookingIndex = new Map(day.bookings.map((b, i) => [b._id, i]))

  // drivers with the same seats and offered windows are interchangeable: one class each
  const classes = new Map<string, { seats: number; offers: { from: number; to: number }[]; count: number }>()
  for (const driver of day.drivers) {
    const schedule = day.schedules.find((s) => s.openid === driver.openid) as ScheduleDoc
    const seats = Math.min(driver.seats, ...schedule.offers.map((o) => o.seats))
    const offers = schedule.offers.map((o) => ({ from: Date.parse(o.from), to: Date.parse(o.to) })).sort((x, y) => x.from - y.from)
    const key = `${seats}|${offers.map((o) => `${o.from}-${o.to}`).join(',')}`
    const existing = classes.get(key)
    if (existing) existing.count++
    else classes.set(key, { seats, offers, count: 1 })
  }

  ;[...classes.values()].forEach((cls, ci) => {
    const inOffer = (b: BookingDoc) => cls.offers.some((o) => o.from <= t(b) && t(b) <= o.to)
    const eligible = day.bookings.filter((b) => inOffer(b) && b.riders <= cls.seats)
    interface Slot { name: string; anchor: number; members: { b: BookingDoc; x: string }[] }
    const slots: Slot[] = []
    for (const anchor of eligible) {
      const members = eligible.filter((b) => b.direction === anchor.direction && b.siteId === anchor.siteId && t(b) >= t(anchor) && t(b) - t(anchor) <= window)
      const ai = bookingIndex.get(anchor._id)
      const name = `y_${ci}_${ai}`
      const slot: Slot = { name, anchor: t(anchor), members: members.map((b) => ({ b, x: `x_${ci}_${ai}_${bookingIndex.get(b._id)}` })) }
      slots.push(slot)
      binaries.push(name)
      for (const m of slot.members) {
        binaries.push(m.x)
        objective.push(m.x)
        perBooking.set(m.b._id, [...(perBooking.get(m.b._id) ?? []), m.x])
        if (m.b._id === anchor._id) row(`${m.x} - ${name} = 0`)
        else row(`${m.x} - ${name} <= 0`)
      }
      row(`${slot.members.map((m) => `${m.b.riders} ${m.x}`).join(' + ')} - ${cls.seats} ${name} <= 0`)
    }
    const times = [...new Set(slots.map((s) => s.anchor))]
    for (const tau of times) {
      const terms: string[] = []
      for (const slot of slots) {
        if (slot.anchor <= tau && tau < slot.anchor + block) terms.push(slot.name)
        else if (slot.anchor + block <= tau) {
          const late = slot.members.filter((m) => t(m.b) + block > tau)
          if (late.length === 0) continue
          const z = `z_${slot.name.slice(2)}_${tau / 60_000}`
          binaries.push(z)
          for (const m of late) row(`${m.x} - ${z} <= 0`)
          terms.push(z)
        }
      }
      if (terms.length > cls.count) row(`${sum(terms)} <= ${cls.count}`)
    }
  })
  for (const xs of perBooking.values()) if (xs.length > 1) row(`${sum(xs)} <= 1`)
  const wrap = (names: string[]) => names.reduce<string[]>((lines, n, i) => (i % 8 === 0 ? [...lines, ` ${n}`] : [...lines.slice(0, -1), `${lines[lines.length - 1]} ${n}`]), [])
  return ['Maximize', ` placed: ${objective.length ? sum(objective) : '0 dummy'}`, 'Subject To', ...rows, 'Binary', ...wrap(binaries), 'End'].join('\n')
}

interface HighsModel {
  options: { set(values: object): void }
  info: { get(name: string): number | bigint }
  run(): void
  getObjectiveValue(): number
}

/**
 * Solve the programme to proven optimality (relative gap 0) within `BENCH_SOLVER_SECONDS` (default
 * 600). If time runs out first, the optimum is not proven: the best bound HiGHS proved is reported
 * instead, and the ratio is taken against that bound (so it can only understate autoAssign).
 */
async function solveOptimum(day: Generated): Promise<{ optimum: number; incumbent: number; status: string; ms: number }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loadHighs = require('highs') as () => Promise<{ withModel: <T>(data: { format: 'lp'; data: string }, work: (model: HighsModel) => T) => T }>
  const highs = await loadHighs()
  const seconds = Number(process.env.BENCH_SOLVER_SECONDS) || 600
  const started = performance.now()
  const lp = dispatchProgramme(day)
  return highs.withModel({ format: 'lp', data: lp }, (model) => {
    model.options.set({ output_flag: false, mip_rel_gap: 0, time_limit: seconds })
    model.run()
    const incumbent = Math.round(model.getObjectiveValue())
    const gap = Number(model.info.get('mip_gap'))
    const bound = Math.floor(Number(model.info.get('mip_dual_bound')) + 1e-6)
    const proven = gap <= 1e-9 || bound <= incumbent
    return { optimum: proven ? incumbent : bound, incumbent, status: proven ? 'Optimal' : `time limit (best found ${incumbent}, bound ${bound})`, ms: Math.round(performance.now() - started) }
  })
}

// ---------------------------------------------------------------------------------------------

async function writeDay(db: Database, day: Generated) {
  await db.collection('ride_sessions').add(day.session)
  const users = day.drivers.map((d) => ({ _id: d.openid, openid: d.openid, nickname: d.realName, township: '灵溪镇', phone: d.phone, roles: ['resident', 'volunteer', 'driver'], volunteer: null, createdAt: d.createdAt, updatedAt: d.createdAt }))
  await db.collection('users').add(users)
  await db.collection('ride_drivers').add(day.drivers)
  await db.collection('ride_schedules').add(day.schedules)
  await db.collection('ride_bookings').add(day.bookings)
  await db.collection('ride_ticket_claims').add(day.bookings.map((b) => ({ _id: b.claimId, bookingId: b._id, createdAt: b.createdAt })))
}

/** Check the stored result: seats, overlaps, each booking in one trip and matching its trip. */
async function stateProblems(db: Database, day: Generated): Promise<string[]> {
  const { data: schedules } = await db.collection('ride_schedules').where({ date: DATE }).limit(1000).get()
  const { data: bookings } = await db.collection('ride_bookings').where({ sessionId: SESSION }).limit(1000).get()
  const problems: string[] = []
  const seat = new Map<string, string>()
  for (const s of schedules as ScheduleDoc[]) {
    problems.push(...scheduleProblems(s.trips).map((p) => `${s._id}: ${p}`))
    for (const trip of s.trips) for (const stop of trip.stops) {
      if (seat.has(stop.bookingId)) problems.push(`${stop.bookingId} in two trips`)
      seat.set(stop.bookingId, trip.tripId)
      const offer = s.offers.find((o) => Date.parse(o.from) <= Date.parse(stop.pickupAt) && Date.parse(stop.pickupAt) <= Date.parse(o.to))
      if (!offer) problems.push(`${stop.bookingId} outside ${s.openid}'s offered window`)
    }
  }
  for (const b of bookings as BookingDoc[]) {
    if (b.status === 'assigned' && seat.get(b._id) !== b.tripId) problems.push(`${b._id} names a trip it is not in`)
    if (b.status === 'pending' && seat.has(b._id)) problems.push(`${b._id} pending but seated`)
  }
  if (day.bookings.length !== bookings.length) problems.push('bookings lost')
  return problems
}

export async function runDispatchBenchmark(options: { seed?: number; bookings?: number; drivers?: number } = {}): Promise<DispatchFigures> {
  const stack = await startTestCloudbase()
  const restore = setClock(() => new Date('2027-06-06T21:00:00+08:00'))
  try {
    const db = stack.app.database()
    await seedDemoData(db)
    const day = generateDay(options.seed, options.bookings, options.drivers)
    await writeDay(db, day)
    const started = performance.now()
    const reply = await ride({ action: 'autoAssign', data: { orgId: FLEET, sessionId: SESSION, date: DATE } }, wechatContext({ openid: 'demo-driver' }))
    const autoAssignMs = Math.round(performance.now() - started)
    if (!reply.ok) throw new Error(`autoAssign failed: ${reply.error.code} ${reply.error.message}`)
    const report = reply.data as { placed: unknown[]; unplaced: { reason: string }[] }
    const problems = await stateProblems(db, day)
    const solved = await solveOptimum(day)
    const unplacedReasons: Record<string, number> = {}
    for (const u of report.unplaced) unplacedReasons[u.reason] = (unplacedReasons[u.reason] ?? 0) + 1
    return {
      bookings: day.bookings.length,
      drivers: day.drivers.length,
      placedByAutoAssign: report.placed.length,
      optimum: solved.optimum,
      ratio: solved.optimum ? Math.round((report.placed.length / solved.optimum) * 1000) / 1000 : 1,
      autoAssignMs,
      solverMs: solved.ms,
      solverStatus: solved.status,
      problems,
      unplacedReasons,
    }
  } finally {
    restore()
    await stack.close()
  }
}

if (require.main === module || process.argv[1]?.endsWith(path.join('scripts', 'bench-dispatch.ts'))) {
  runDispatchBenchmark().then(
    (f) => {
      console.log(`exam day: ${f.bookings} bookings, ${f.drivers} drivers (fixed seed)`)
      console.log(`autoAssign placed: ${f.placedByAutoAssign} in ${f.autoAssignMs} ms`)
      console.log(`optimum (HiGHS, ${f.solverStatus}, ${f.solverMs} ms): ${f.optimum}`)
      console.log(`ratio: ${f.ratio} (aim ≥ 0.95)`)
      console.log(`unplaced by reason: ${JSON.stringify(f.unplacedReasons)}`)
      console.log(f.problems.length ? `RULES BROKEN:\n  ${f.problems.join('\n  ')}` : 'rules: no trip over its seats, no overlapping trips, every booking in at most one trip')
      process.exit(f.problems.length || f.ratio < 0.95 ? 1 : 0)
    },
    (error) => {
      console.error(error)
      process.exit(1)
    },
  )
}
