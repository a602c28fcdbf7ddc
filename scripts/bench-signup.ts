/**
 * `npm run bench:signup [-- N [ROUNDS]]`: a Saturday-morning crowd. N (default 500) distinct
 * volunteers sign up at once for one activity of capacity 50 (with a waitlist) through the local
 * stack's HTTP function host. Baseline, measured in the same round on the same database: the true
 * floor, the same crowd each doing ONE conditional decrement (`placesLeft > 0`) through the SDK.
 * After an uncounted warm-up round, ROUNDS (default 3) crowd-then-floor pairs run on one stack, each
 * on a fresh activity and fresh volunteers; the figures are those of the median round by ratio (a
 * shared machine's load moves one round a lot; it moves both halves of a round alike). Also counts
 * the database round trips of one sign-up on the confirmed and on the waitlisted path. Then one more round as the mini-program calls
 * (an idempotency key on every sign-up: the key's claim and its stored reply are two round trips
 * more), printed beside the aim's figure. Prints figures; throws only if a place was oversold.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { getDb } from '../cloudfunctions/core/cloudbase'
import { wireRoundTrips } from '../local/database/wire'
import { startHost } from '../local/host'
import { seedDemoData } from '../local/seed'
import { addVolunteers } from '../test/support/people'

const CAPACITY = 50
const HOUR = 3600_000

export interface SignupFigures {
  crowd: number
  capacity: number
  /** end to end ÷ floor of every measured round, in the order they ran (the figures below are the median round's) */
  ratios: number[]
  /** end to end ÷ floor of the warm-up round (not counted: the function instance's code still cold) */
  warmUpRatio: number
  /** database round trips of one sign-up that gets a place / a waitlist ticket */
  roundTripsConfirmed: number
  roundTripsWaitlisted: number
  /** database round trips the crowd made, on average per sign-up (both paths, retries included) */
  crowdRoundTrips: number
  endToEnd: { perSecond: number; seconds: number; p50: number; p95: number; p99: number }
  floor: { perSecond: number; seconds: number; p50: number; p99: number }
  outcomes: Record<string, number>
  stored: { confirmed: number; waitlisted: number }
  /** one round with an idempotency key on every sign-up, as the mini-program sends one: its ratio to its own floor, and its round trips a sign-up */
  keyed: { ratio: number; perSecond: number; crowdRoundTrips: number }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
const ms = (value: number) => `${value.toFixed(1)} ms`

type Round = Omit<SignupFigures, 'crowd' | 'capacity' | 'ratios' | 'warmUpRatio' | 'roundTripsConfirmed' | 'roundTripsWaitlisted' | 'keyed'>

/** Runs the benchmark on a fresh local stack and returns the figures of its median round. */
export async function runSignupBenchmark(crowd = 500, rounds = 3): Promise<SignupFigures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongyi-bench-'))
  const host = await startHost({ port: 0, host: '127.0.0.1', dataDir, h5Dir: null, functionSource: 'source' })
  // the crowd's phones, as a plain keep-alive HTTP client: the load generator shares this process's
  // CPU with the stack it measures, so it should cost as little as it can (undici's fetch took ~5% of the run)
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })
  const call = (openid: string, action: string, data: unknown, idempotencyKey?: string) =>
    new Promise<{ ok: boolean; data?: any; error?: { code: string; message: string } }>((resolve, reject) => {
      const body = JSON.stringify({ action, data, idempotencyKey })
      const req = http.request(`${host.url}/api/functions/activity`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'X-Dev-Openid': openid },
      }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(body)
    })
  const newActivity = async (title: string, capacity = CAPACITY) => {
    const start = Date.now() + 72 * HOUR
    const created = await call('demo-org-staff', 'create', {
      orgId: 'org-volunteer-centre', title, category: '扶老', description: '压测用活动：周六上午敬老院陪伴，名额有限。', township: '灵溪镇',
      address: '灵溪镇敬老院', startAt: new Date(start).toISOString(), endAt: new Date(start + 3 * HOUR).toISOString(),
      signUpDeadline: new Date(start - 24 * HOUR).toISOString(), capacity, waitlist: true,
    })
    if (!created.ok) throw new Error(created.error?.message)
    const published = await call('demo-org-staff', 'publish', { activityId: created.data.activity.activityId })
    if (!published.ok) throw new Error(published.error?.message)
    return created.data.activity.activityId as string
  }
  const db = getDb()
  const _ = db.command
  /** the floor's one request: a conditional decrement through the SDK */
  const decrement = (_id: string) => db.collection('activities').where({ _id, placesLeft: _.gt(0) }).update({ placesLeft: _.inc(-1) })
  try {
    await seedDemoData(db)
    const roundTripsOf = async (openid: string, activityId: string, expected: string) => {
      const before = wireRoundTrips()
      const reply = await call(openid, 'signUp', { activityId })
      if (!reply.ok || reply.data.signUp.status !== expected) throw new Error(`round-trip probe: ${JSON.stringify(reply)}`)
      return wireRoundTrips() - before
    }

    // 0. database round trips of one sign-up, alone: a place, then (capacity 1) a waitlist ticket
    const probe = await newActivity('压测：往返次数', 1)
    const [first, second] = await addVolunteers(db, 2, 'bench-probe')
    const roundTripsConfirmed = await roundTripsOf(first, probe, 'confirmed')
    const roundTripsWaitlisted = await roundTripsOf(second, probe, 'waitlisted')

    // the functions' SDK calls come from their own thread: warm this thread's connections first (a
    // crowd's worth of decrements on another document), so the floor is measured at its fastest
    await db.collection('activities').add({ _id: 'bench-floor-warm-up', placesLeft: CAPACITY, status: 'published' })
    await Promise.all(Array.from({ length: crowd }, () => decrement('bench-floor-warm-up')))

    // a warm-up round first, as the floor's side was warmed: the first crowd through a fresh function
    // instance runs its code before the JIT has compiled it, and measures that rather than the sign-up
    const ratioOf = (r: Round) => r.endToEnd.perSecond / r.floor.perSecond
    const warmUpRatio = ratioOf(await runRound(0))
    const results: Round[] = []
    for (let round = 1; round <= rounds; round++) results.push(await runRound(round))
    const median = [...results].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor((results.length - 1) / 2)]
    const keyedRound = await runRound(rounds + 1, true)
    const keyed = { ratio: ratioOf(keyedRound), perSecond: keyedRound.endToEnd.perSecond, crowdRoundTrips: keyedRound.crowdRoundTrips }
    return { crowd, capacity: CAPACITY, ratios: results.map(ratioOf), warmUpRatio, roundTripsConfirmed, roundTripsWaitlisted, ...median, keyed }
  } finally {
    agent.destroy()
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }

  /**
   * 1. the crowd through the HTTP function host (`keyed`: each with an idempotency key, as the
   * mini-program sends one); 2. the floor, on a document of the same collection
   */
  async function runRound(round: number, keyed = false): Promise<Round> {
    const activityId = await newActivity(round === 0 ? '压测：经函数宿主报名（预热）' : `压测：经函数宿主报名（第${round}轮${keyed ? '，带幂等键' : ''}）`)
    const volunteers = await addVolunteers(db, crowd, `bench-host-${round}`)
    await call('demo-volunteer', 'get', { activityId }) // warm the function module and the connection pool
    const latencies: number[] = []
    const outcomes: Record<string, number> = {}
    const tripsBefore = wireRoundTrips()
    const started = performance.now()
    await Promise.all(
      volunteers.map(async (openid) => {
        const t0 = performance.now()
        const reply = await call(openid, 'signUp', { activityId }, keyed ? `bench-${round}-${openid}` : undefined)
        latencies.push(performance.now() - t0)
        const key = reply.ok ? reply.data.signUp.status : (reply.error?.code ?? 'unknown')
        outcomes[key] = (outcomes[key] ?? 0) + 1
      }),
    )
    const seconds = (performance.now() - started) / 1000
    const crowdRoundTrips = (wireRoundTrips() - tripsBefore) / crowd
    latencies.sort((a, b) => a - b)
    const stored = (await db.collection('activities').doc(activityId).get()).data[0] as { confirmedCount: number; waitlistedCount: number; capacity: number }

    // the floor: the same crowd, each one conditional decrement through the SDK on the same database
    const floorId = `bench-floor-${round}`
    await db.collection('activities').add({ _id: floorId, placesLeft: CAPACITY, status: 'published' })
    const floorLatencies: number[] = []
    const floorStart = performance.now()
    await Promise.all(
      volunteers.map(async () => {
        const t0 = performance.now()
        await decrement(floorId)
        floorLatencies.push(performance.now() - t0)
      }),
    )
    const floorSeconds = (performance.now() - floorStart) / 1000
    floorLatencies.sort((a, b) => a - b)

    if (stored.confirmedCount > stored.capacity) throw new Error(`OVERSOLD: ${stored.confirmedCount} confirmed for ${stored.capacity} places`)
    return {
      crowdRoundTrips,
      endToEnd: { perSecond: crowd / seconds, seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) },
      floor: { perSecond: crowd / floorSeconds, seconds: floorSeconds, p50: percentile(floorLatencies, 50), p99: percentile(floorLatencies, 99) },
      outcomes,
      stored: { confirmed: stored.confirmedCount, waitlisted: stored.waitlistedCount },
    }
  }
}

/**
 * Milliseconds of the run per request: the crowd's sign-ups over their database round trips plus
 * one call each to the function host, against the floor's one round trip each. What a sign-up costs
 * beyond its number of round trips.
 */
export function perRoundTrip(f: SignupFigures): { crowd: number; floor: number } {
  return { crowd: (f.endToEnd.seconds * 1000) / (f.crowd * (f.crowdRoundTrips + 1)), floor: (f.floor.seconds * 1000) / f.crowd }
}

export function printSignupFigures(f: SignupFigures): void {
  console.log(`sign-up benchmark: ${f.crowd} volunteers at once, capacity ${f.capacity}, waitlist on; the median of ${f.ratios.length} rounds after a warm-up round`)
  console.log(`  database round trips per sign-up: confirmed ${f.roundTripsConfirmed} (goal ≤ 5), waitlisted ${f.roundTripsWaitlisted}`)
  console.log(`  end to end (HTTP host → function → SDK → database): ${f.endToEnd.perSecond.toFixed(0)} sign-ups/s (${f.endToEnd.seconds.toFixed(2)} s); p50 ${ms(f.endToEnd.p50)}, p95 ${ms(f.endToEnd.p95)}, p99 ${ms(f.endToEnd.p99)}; p99/p50 ${(f.endToEnd.p99 / f.endToEnd.p50).toFixed(2)}`)
  console.log(`  outcomes: ${Object.entries(f.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}; stored confirmed ${f.stored.confirmed} / ${f.capacity}, waitlisted ${f.stored.waitlisted}`)
  console.log(`  floor (one conditional decrement each through the SDK): ${f.floor.perSecond.toFixed(0)} /s (${f.floor.seconds.toFixed(2)} s); p50 ${ms(f.floor.p50)}, p99 ${ms(f.floor.p99)}`)
  console.log(`  end to end / floor: ${(f.endToEnd.perSecond / f.floor.perSecond).toFixed(2)} (aim ≥ 0.25); every round: ${f.ratios.map((r) => r.toFixed(2)).join(', ')} (warm-up, not counted: ${f.warmUpRatio.toFixed(2)})`)
  const perTrip = perRoundTrip(f)
  console.log(`  per database round trip (the crowd's ${f.crowdRoundTrips.toFixed(2)} a sign-up, plus its call to the function host): ${ms(perTrip.crowd)} against the floor's ${ms(perTrip.floor)}; ratio ${(perTrip.crowd / perTrip.floor).toFixed(2)}`)
  console.log(`  as the mini-program calls it (an idempotency key each: ${f.keyed.crowdRoundTrips.toFixed(2)} round trips a sign-up), one more round: ${f.keyed.perSecond.toFixed(0)} sign-ups/s, ${f.keyed.ratio.toFixed(2)} of its floor`)
}

if (require.main === module) {
  const crowd = Number(process.argv[2] ?? process.env.N ?? 500)
  const rounds = Number(process.argv[3] ?? 3)
  runSignupBenchmark(crowd, rounds).then(printSignupFigures, (error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
