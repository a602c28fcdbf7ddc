/**
 * `npm run bench:stats`: a generated county year — 920 organizations, 20,000 activities, 200,000
 * sign-ups and the service records of the confirmed ones (fixed seed) — loaded into a fresh local
 * database; then `stats.overview` and `stats.orgActivity` are timed through the function, against a
 * plain count of the sign-ups collection on the same data (the baseline), and the ratios printed.
 */
import { performance } from 'node:perf_hooks'
import { main as stats } from '../cloudfunctions/stats/index'
import { setClock } from '../cloudfunctions/core/clock'
import { getDb } from '../cloudfunctions/core/cloudbase'
import { collections } from '../cloudfunctions/core/collections'
import { townships } from '../cloudfunctions/core/settings/townships'
import { periodOf } from '../cloudfunctions/core/stats/stats.rules'
import { startLocalCloudbase } from '../local/database'
import { wechatContext } from '../local/wechat-context'
import { seededRandom } from './seeded-random'

const ORGS = Number(process.env.ORGS ?? 920)
const ACTIVITIES = Number(process.env.ACTIVITIES ?? 20_000)
const SIGNUPS = Number(process.env.SIGNUPS ?? 200_000)
const VOLUNTEERS = 30_000
const YEAR = 2025
const RUNS = 5

export interface StatsFigures {
  data: { orgs: number; activities: number; signUps: number; serviceRecords: number }
  countMs: number
  overviewMs: number
  orgActivityMs: number
}


const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

async function insertAll(collection: string, docs: object[]) {
  const db = getDb()
  for (let i = 0; i < docs.length; i += 1000) await db.collection(collection).add(docs.slice(i, i + 1000))
}

export async function runStatsBenchmark(): Promise<StatsFigures> {
  const running = await startLocalCloudbase({ dataDir: null, collections })
  Object.assign(process.env, { TCB_SERVICE_URL: running.serviceUrl, TCB_ENV: 'local', TCB_SECRET_ID: 'local', TCB_SECRET_KEY: 'local', TENCENTCLOUD: 'true' })
  const restore = setClock(() => new Date(`${YEAR + 1}-01-15T12:00:00+08:00`))
  try {
    const rand = seededRandom(2025)
    const year = periodOf(YEAR)
    const yearMs = new Date(year.to).getTime() - new Date(year.from).getTime()
    const orgs = Array.from({ length: ORGS }, (_, i) => ({
      _id: `bench-org-${i}`, name: `测试组织${i}`, kind: i % 3 === 0 ? 'community' : 'social_group', township: townships[i % townships.length], status: 'verified',
    }))
    await insertAll('orgs', orgs)
    await insertAll('users', [{ _id: 'bench-admin', openid: 'bench-admin', nickname: '管理员', township: null, phone: null, roles: ['resident', 'platform_admin'], volunteer: null, createdAt: year.from, updatedAt: year.from }])
    // activities: most organizations hold a few, some many, a fifth none
    const activities = Array.from({ length: ACTIVITIES }, (_, i) => {
      const org = orgs[Math.floor(Math.pow(rand(), 1.6) * ORGS * 0.8)]
      const startAt = new Date(new Date(year.from).getTime() + rand() * yearMs).toISOString()
      return { _id: `bench-act-${i}`, orgId: org._id, township: org.township, status: rand() < 0.05 ? 'cancelled' : 'published', startAt, endAt: new Date(new Date(startAt).getTime() + 2 * 3600_000).toISOString(), capacity: 30 }
    })
    await insertAll('activities', activities)
    const signUps: object[] = []
    const records: object[] = []
    for (let i = 0; i < SIGNUPS; i++) {
      const activity = activities[Math.floor(rand() * ACTIVITIES)]
      const openid = `bench-vol-${Math.floor(rand() * VOLUNTEERS)}`
      const confirmed = rand() < 0.8
      signUps.push({ _id: `${activity._id}:${openid}:${i}`, activityId: activity._id, openid, status: confirmed ? 'confirmed' : 'cancelled', startAt: activity.startAt })
      if (confirmed && activity.status === 'published') {
        const date = new Date(new Date(activity.startAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10)
        records.push({ _id: `rec-${i}`, activityId: activity._id, openid, orgId: activity.orgId, date, minutes: 60 + Math.floor(rand() * 120) })
      }
    }
    await insertAll('activity_signups', signUps)
    await insertAll('service_records', records)

    const db = getDb()
    const admin = (action: string, data: object) => stats({ action, data }, wechatContext({ openid: 'bench-admin' }))
    const time = async (run: () => Promise<unknown>) => {
      const samples: number[] = []
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now()
        const result = (await run()) as { ok?: boolean; error?: unknown }
        if (result && result.ok === false) throw new Error(JSON.stringify(result.error))
        samples.push(performance.now() - t0)
      }
      return median(samples)
    }
    const countMs = await time(() => db.collection('activity_signups').count())
    const overviewMs = await time(() => admin('overview', { year: YEAR }))
    const orgActivityMs = await time(() => admin('orgActivity', { year: YEAR }))
    return { data: { orgs: ORGS, activities: ACTIVITIES, signUps: SIGNUPS, serviceRecords: records.length }, countMs, overviewMs, orgActivityMs }
  } finally {
    restore()
    await running.close()
  }
}

export function printStatsFigures(f: StatsFigures): void {
  console.log(`stats benchmark: ${f.data.orgs} organizations, ${f.data.activities} activities, ${f.data.signUps} sign-ups, ${f.data.serviceRecords} service records (medians of ${RUNS})`)
  console.log(`  baseline: count of the sign-ups collection ${f.countMs.toFixed(1)} ms`)
  console.log(`  stats.overview ${f.overviewMs.toFixed(1)} ms (×${(f.overviewMs / f.countMs).toFixed(1)} the count)`)
  console.log(`  stats.orgActivity ${f.orgActivityMs.toFixed(1)} ms (×${(f.orgActivityMs / f.countMs).toFixed(1)} the count)`)
}

if (require.main === module) {
  runStatsBenchmark().then(printStatsFigures, (error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
