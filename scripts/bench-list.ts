/**
 * `npx tsx scripts/bench-list.ts [sizes…]`: how `activity.list` scales with the size of `activities`.
 * For each size (default 1k, 10k, 100k) a fresh local database on a temporary data directory is
 * loaded with generated activities (fixed seed, shaped like ActivityDoc; bulk inserts of 1000
 * straight into the local database, in-process), then `main()` of the activity function is timed,
 * through the real SDK over HTTP, for the first page and for a keyset-cursor page 90% down the list.
 * Prints p50 per size, the 100k/1k ratio and the process's RSS at the largest size (the process
 * hosts the database: it is the host). `runListBenchmark()` returns the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { EJSON } from 'bson'
import type { ActivityDoc } from '../cloudfunctions/core/activity/activity.store'
import { activityCategories, type ActivityStatus } from '../cloudfunctions/core/activity/activity.schema'
import { collections } from '../cloudfunctions/core/collections'
import { townships } from '../cloudfunctions/core/settings/townships'
import { createLocalCloudbase, type LocalCloudbase, SERVICE_PATH } from '../local/database'
import { listen } from '../local/http'
import { wechatContext } from '../local/wechat-context'
import { seededRandom } from './seeded-random'

export interface ListBenchmarkSize {
  size: number
  loadMs: number
  /** p50 of the first page (20 activities), ms */
  firstPageP50: number
  /** p50 of a cursor page 90% down the list, ms */
  deepPageP50: number
  /** documents the database read for one first-page call */
  docsReadFirstPage: number
  rssMb: number
}

export interface ListBenchmark {
  sizes: ListBenchmarkSize[]
  /** p50 at the largest size over p50 at the smallest */
  ratio: { firstPage: number; deepPage: number }
  /** RSS of this process (database host + function) after the largest size ran, after a GC */
  rssMbAtLargest: number
  /** the highest RSS seen while the largest size loaded and ran */
  peakRssMbAtLargest: number
}

const START = Date.UTC(2026, 11, 1)
const HOUR = 3600_000
const PAGE = 20


function* activities(count: number, seed = 20261201): Generator<ActivityDoc> {
  const next = seededRandom(seed)
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]
  for (let i = 0; i < count; i++) {
    const startAt = START + Math.floor(next() * 365 * 24) * HOUR
    const capacity = 10 + Math.floor(next() * 40)
    const confirmed = Math.floor(next() * capacity)
    const status: ActivityStatus = next() < 0.8 ? 'published' : next() < 0.5 ? 'draft' : 'cancelled'
    const org = Math.floor(next() * 200)
    const at = new Date(startAt - 14 * 24 * HOUR).toISOString()
    yield {
      _id: `act-${i.toString(16).padStart(12, '0')}`,
      orgId: `org-${org}`,
      orgName: `苍南县志愿服务组织${org}`,
      title: `周末志愿服务活动 ${i}`,
      category: pick(activityCategories),
      description: '陪伴老人聊天、打扫卫生、整理图书，请穿舒适的鞋子，带好水杯。活动结束后统一合影留念。',
      township: pick(townships),
      address: `${pick(townships)}人民路${1 + Math.floor(next() * 300)}号`,
      startAt: new Date(startAt).toISOString(),
      endAt: new Date(startAt + 3 * HOUR).toISOString(),
      signUpDeadline: new Date(startAt - 24 * HOUR).toISOString(),
      capacity,
      waitlist: next() < 0.5,
      status,
      confirmedCount: confirmed,
      waitlistedCount: 0,
      waitSeq: 0,
      placesLeft: capacity - confirmed,
      checkInSecret: Math.floor(next() * 2 ** 48).toString(16),
      cancelReason: status === 'cancelled' ? '天气原因' : null,
      createdBy: `staff-${org}`,
      createdAt: at,
      updatedAt: at,
      publishedAt: status === 'published' ? at : null,
      cancelledAt: null,
    }
  }
}

/** The cursor `activity.list` hands out (core/keyset.ts): the sort value and `_id` of the last item shown. */
const cursorAfter = (doc: Pick<ActivityDoc, 'startAt' | '_id'>) => Buffer.from(JSON.stringify({ value: doc.startAt, id: doc._id })).toString('base64url')

const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024)

function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as (() => void) | undefined
  gc?.()
}

async function load(cloudbase: LocalCloudbase, size: number): Promise<{ ms: number; deep: Pick<ActivityDoc, 'startAt' | '_id'> }> {
  const started = performance.now()
  // the published (start, id) pairs only, to find the page 90% down the list
  const keys: [string, string][] = []
  let batch: string[] = []
  const flush = async () => {
    const reply = (await cloudbase.execute('database.insertDocument', { collectionName: 'activities', data: batch })) as { code?: string; message?: string }
    if (reply.code) throw new Error(`${reply.code}: ${reply.message}`)
    batch = []
  }
  for (const doc of activities(size)) {
    if (doc.status === 'published') keys.push([doc.startAt, doc._id])
    batch.push(EJSON.stringify(doc, { relaxed: false }))
    if (batch.length === 1000) await flush()
  }
  if (batch.length) await flush()
  keys.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
  const [startAt, _id] = keys[Math.floor(keys.length * 0.9)]
  return { ms: performance.now() - started, deep: { startAt, _id } }
}

export async function runListBenchmark(options: { sizes?: number[]; runs?: number; log?: (line: string) => void } = {}): Promise<ListBenchmark> {
  const sizes = options.sizes ?? [1_000, 10_000, 100_000]
  const runs = options.runs ?? 40
  const log = options.log ?? (() => {})

  // one HTTP endpoint for the whole run (the functions' SDK is initialised once per process); each size gets a fresh database behind it
  let current: LocalCloudbase | null = null
  const server = http.createServer((req, res) => {
    if (!current?.handle(req, res)) {
      res.writeHead(404)
      res.end()
    }
  })
  const origin = await listen(server, 0, '127.0.0.1')
  // loading a size takes longer than any idle timeout: never close an idle keep-alive socket under the SDK
  server.keepAliveTimeout = 0
  Object.assign(process.env, {
    TCB_SERVICE_URL: `${origin}${SERVICE_PATH}`,
    TCB_ENV: 'local',
    TCB_SECRET_ID: 'local',
    TCB_SECRET_KEY: 'local',
    TENCENTCLOUD: 'true',
  })
  // after the environment is set: the function reads it when it first touches the database
  const { main } = await import('../cloudfunctions/activity')
  const list = async (data: object) => {
    const reply = await main({ action: 'list', data }, wechatContext({ openid: null }))
    if (!reply.ok) throw new Error(`activity.list failed: ${reply.error.code} ${reply.error.message}`)
    return reply.data as { items: unknown[]; nextCursor: string | null }
  }
  const time = async (data: object) => {
    const samples: number[] = []
    for (let i = 0; i < 5; i++) await list(data) // warm-up
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      const page = await list(data)
      samples.push(performance.now() - t0)
      if (page.items.length !== PAGE) throw new Error(`expected a full page, got ${page.items.length}`)
    }
    return p50(samples)
  }

  const results: ListBenchmarkSize[] = []
  let peak = 0
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  try {
    for (const size of sizes) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongyi-bench-list-'))
      current = createLocalCloudbase({ dataDir, collections })
      try {
        peak = 0
        const loaded = await load(current, size)
        collectGarbage()
        const firstPageP50 = await time({ limit: PAGE })
        const deepPageP50 = await time({ limit: PAGE, cursor: cursorAfter(loaded.deep) })
        const before = current.inspect.docsRead()
        await list({ limit: PAGE })
        const docsReadFirstPage = current.inspect.docsRead() - before
        collectGarbage()
        const rssMb = mb(process.memoryUsage().rss)
        results.push({ size, loadMs: Math.round(loaded.ms), firstPageP50, deepPageP50, docsReadFirstPage, rssMb })
        log(`${String(size).padStart(7)} activities: load ${(loaded.ms / 1000).toFixed(1)} s, first page p50 ${firstPageP50.toFixed(2)} ms, deep page p50 ${deepPageP50.toFixed(2)} ms, ${docsReadFirstPage} documents read per page, RSS ${rssMb} MB (peak ${mb(peak)} MB)`)
      } finally {
        current.close()
        current = null
        rmSync(dataDir, { recursive: true, force: true })
      }
    }
  } finally {
    clearInterval(sampler)
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  const first = results[0]
  const last = results[results.length - 1]
  return {
    sizes: results,
    ratio: { firstPage: last.firstPageP50 / first.firstPageP50, deepPage: last.deepPageP50 / first.deepPageP50 },
    rssMbAtLargest: last.rssMb,
    peakRssMbAtLargest: mb(peak),
  }
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0)
  runListBenchmark({ sizes: sizes.length ? sizes : undefined, log: (line) => console.log(line) })
    .then((result) => {
      const largest = result.sizes[result.sizes.length - 1].size
      const smallest = result.sizes[0].size
      console.log(`ratio ${largest}/${smallest}: first page ${result.ratio.firstPage.toFixed(2)}x, deep page ${result.ratio.deepPage.toFixed(2)}x (aim: within 3x)`)
      console.log(`RSS at ${largest}: ${result.rssMbAtLargest} MB after GC, peak ${result.peakRssMbAtLargest} MB while loading and listing (aim: at most 300 MB)`)
      process.exit(0)
    })
    .catch((error) => {
      console.error(error)
      process.exit(1)
    })
}
