/**
 * `npm run bench:signup [-- N]`: a Saturday-morning crowd. N (default 500) distinct volunteers sign
 * up at once for one activity of capacity 50 (with a waitlist), through the local stack's HTTP
 * function host; then the same sign-ups are issued straight to the local database in-process (the
 * store's conditional writes, no host, no handler) on a fresh activity, and the two are compared.
 * Prints figures; asserts nothing but that no place was oversold.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { signUp as storeSignUp } from '../cloudfunctions/core/activity/activity.store'
import { getDb } from '../cloudfunctions/core/cloudbase'
import type { UserDoc } from '../cloudfunctions/core/user/user.store'
import { startHost } from '../local/host'
import { seedDemoData } from '../local/seed'

const CAPACITY = 50
const HOUR = 3600_000

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
const ms = (value: number) => `${value.toFixed(1)} ms`

async function addVolunteers(prefix: string, count: number): Promise<string[]> {
  const at = new Date().toISOString()
  const docs: UserDoc[] = Array.from({ length: count }, (_, i) => ({
    _id: `${prefix}-${i}`, openid: `${prefix}-${i}`, nickname: `志愿者${i}`, township: '灵溪镇', phone: null, roles: ['resident', 'volunteer'],
    volunteer: { realName: '陈志愿', phone: '13800000000', township: '灵溪镇', skills: [], idCardNo: null, registeredAt: at },
    createdAt: at, updatedAt: at,
  }))
  for (let i = 0; i < docs.length; i += 500) await getDb().collection('users').add(docs.slice(i, i + 500))
  return docs.map((d) => d.openid)
}

export interface SignupBenchmark {
  volunteers: number
  capacity: number
  /** Through the HTTP function host, as the app calls it. */
  hostPerSecond: number
  hostSeconds: number
  latencyMs: { p50: number; p95: number; p99: number }
  outcomes: Record<string, number>
  stored: { confirmed: number; waitlisted: number }
  /** The store's conditional writes straight to the local database, in-process. */
  directPerSecond: number
  directSeconds: number
  directConfirmed: number
}

/** Runs the sign-up crowd of `N` volunteers through the host and then straight to the database. Throws if a place was oversold. */
export async function runSignupBenchmark(N = 500): Promise<SignupBenchmark> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongyi-bench-'))
  const host = await startHost({ port: 0, host: '127.0.0.1', dataDir, h5Dir: null, functionSource: 'source' })
  const call = async (openid: string, action: string, data: unknown) => {
    const res = await fetch(`${host.url}/api/functions/activity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Dev-Openid': openid },
      body: JSON.stringify({ action, data }),
    })
    return (await res.json()) as { ok: boolean; data?: any; error?: { code: string; message: string } }
  }
  try {
    await seedDemoData(getDb())
    const newActivity = async (title: string) => {
      const start = Date.now() + 72 * HOUR
      const created = await call('demo-org-staff', 'create', {
        orgId: 'org-volunteer-centre', title, category: '扶老', description: '压测用活动：周六上午敬老院陪伴，名额有限。', township: '灵溪镇',
        address: '灵溪镇敬老院', startAt: new Date(start).toISOString(), endAt: new Date(start + 3 * HOUR).toISOString(),
        signUpDeadline: new Date(start - 24 * HOUR).toISOString(), capacity: CAPACITY, waitlist: true,
      })
      if (!created.ok) throw new Error(created.error?.message)
      const published = await call('demo-org-staff', 'publish', { activityId: created.data.activity.activityId })
      if (!published.ok) throw new Error(published.error?.message)
      return created.data.activity.activityId as string
    }

    // 1. through the HTTP function host, as the app calls it
    const viaHost = await newActivity('压测：经函数宿主报名')
    const hostCrowd = await addVolunteers('bench-host', N)
    // warm the function module and the connection pool
    await call('demo-volunteer', 'get', { activityId: viaHost })
    const latencies: number[] = []
    const outcomes: Record<string, number> = {}
    const hostStart = performance.now()
    await Promise.all(
      hostCrowd.map(async (openid) => {
        const t0 = performance.now()
        const reply = await call(openid, 'signUp', { activityId: viaHost })
        latencies.push(performance.now() - t0)
        const key = reply.ok ? reply.data.signUp.status : reply.error?.code ?? 'unknown'
        outcomes[key] = (outcomes[key] ?? 0) + 1
      }),
    )
    const hostSeconds = (performance.now() - hostStart) / 1000
    latencies.sort((a, b) => a - b)
    const stored = (await getDb().collection('activities').doc(viaHost).get()).data[0] as { confirmedCount: number; waitlistedCount: number; capacity: number }

    // 2. the same conditional writes straight to the local database, in-process
    const direct = await newActivity('压测：直接写数据库')
    const directCrowd = await addVolunteers('bench-direct', N)
    const directStart = performance.now()
    const directResults = await Promise.all(directCrowd.map((openid) => storeSignUp(getDb(), direct, openid, new Date())))
    const directSeconds = (performance.now() - directStart) / 1000
    const directConfirmed = directResults.filter((r) => r.status === 'confirmed').length

    if (stored.confirmedCount > stored.capacity || directConfirmed > CAPACITY) throw new Error('OVERSOLD')
    return {
      volunteers: N,
      capacity: CAPACITY,
      hostPerSecond: N / hostSeconds,
      hostSeconds,
      latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) },
      outcomes,
      stored: { confirmed: stored.confirmedCount, waitlisted: stored.waitlistedCount },
      directPerSecond: N / directSeconds,
      directSeconds,
      directConfirmed,
    }
  } finally {
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The figures as `npm run bench:signup` prints them. */
export function printSignupBenchmark(r: SignupBenchmark) {
  console.log(`sign-up benchmark: ${r.volunteers} volunteers at once, capacity ${r.capacity}, waitlist on`)
  console.log(`  via HTTP function host: ${r.hostPerSecond.toFixed(0)} sign-ups/s (${r.hostSeconds.toFixed(2)} s); latency p50 ${ms(r.latencyMs.p50)}, p95 ${ms(r.latencyMs.p95)}, p99 ${ms(r.latencyMs.p99)}`)
  console.log(`  outcomes: ${Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}; stored confirmed ${r.stored.confirmed} / capacity ${r.capacity}, waitlisted ${r.stored.waitlisted}`)
  console.log(`  bare database path (store, in-process): ${r.directPerSecond.toFixed(0)} sign-ups/s (${r.directSeconds.toFixed(2)} s); confirmed ${r.directConfirmed}, waitlisted ${r.volunteers - r.directConfirmed}`)
  console.log(`  host / bare ratio: ${(r.hostPerSecond / r.directPerSecond).toFixed(2)}`)
}

if (require.main === module) {
  runSignupBenchmark(Number(process.argv[2] ?? process.env.N ?? 500))
    .then(printSignupBenchmark)
    .catch((error: unknown) => {
      console.error(error)
      process.exit(1)
    })
}
