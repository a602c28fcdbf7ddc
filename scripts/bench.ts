/**
 * `npm run bench`: every figure of issue #12 in one go, printed as ONE table with its baseline and
 * the ratio between them. Nothing is asserted: a figure past its goal is marked, not failed.
 *
 *   sign-up      N volunteers at once through the HTTP function host vs straight to the database
 *   size         weapp main package and subpackages, H5 total, zod chunks, function bundles
 *   H5 LCP       首页 vs a bare Taro page built in the same run (bench/bare-taro), headless
 *                Chromium with 4x CPU throttling and 10 Mbps, fresh profile per load, medians
 *   cold start   require() of each function bundle vs a bare require('@cloudbase/node-sdk'),
 *                each in a fresh node process, interleaved, medians
 *   list growth  scripts/bench-list.ts's runListBenchmark()
 *   stats        scripts/bench-stats.ts's runStatsBenchmark()
 *
 * Options: --skip-build (measure dist/ as it is; the bare page is still built if missing),
 * --only=signup,size,lcp,cold,list,stats, --signup=N (default 500), --runs=N (LCP loads per page,
 * default 9), --cold-runs=N (default 9).
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { functionNames, ROOT } from '../local/functions'
import { closeServer, listen } from '../local/http'
import { serveStaticFile } from '../local/static'
import { perRoundTrip, runSignupBenchmark } from './bench-signup'
import { h5Scripts, h5Total, weappSizes } from './size'

// sizes in decimal units, as issue #12 measured them (688 222 bytes = "688 KB")
const MAIN_PACKAGE_GOAL = 450_000
const H5_TOTAL_GOAL = 1_500_000
const FUNCTION_FILE_GOAL = 1_200_000
const WECHAT_PACKAGE_LIMIT = 2 * 1024 * 1024
const LCP_RATIO_GOAL = 1.3
const COLD_START_RATIO_GOAL = 1.0

const H5_DIR = path.join(ROOT, 'dist', 'h5')
const BARE_ROOT = path.join(ROOT, 'bench', 'bare-taro')
const BARE_H5_DIR = path.join(ROOT, 'dist', 'bench', 'bare-taro-h5')
const FUNCTIONS_DIR = path.join(ROOT, 'dist', 'cloudfunctions')
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name)

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const CPU_SLOWDOWN = 4
const BANDWIDTH_BITS = 10_000_000

const args = process.argv.slice(2)
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const only = option('only')?.split(',')
const wants = (part: string) => !only || only.includes(part)
const skipBuild = args.includes('--skip-build')

interface Row {
  area: string
  measure: string
  figure: string
  baseline: string
  /** figure / baseline (or / goal, for sizes). */
  ratio: number | null
  /** Largest ratio that meets the goal; null: no goal. */
  goal: number | null
  note?: string
}

const rows: Row[] = []
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function run(label: string, command: string, commandArgs: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const started = Date.now()
  process.stderr.write(`bench: ${label}…`)
  const result = spawnSync(command, commandArgs, { cwd: options.cwd ?? ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 })
  process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(0)} s\n`)
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stderr?.toString().slice(-4000)}`)
}

function build() {
  const taro = (type: string, cwd = ROOT, env: Record<string, string> = {}) => run(`taro build --type ${type}${cwd === ROOT ? '' : ' (bare page)'}`, bin('taro'), ['build', '--type', type], { cwd, env: { NODE_ENV: 'production', ...env } })
  if (!skipBuild) {
    if (wants('size') || wants('cold')) run('bundle functions', bin('tsx'), ['scripts/build-functions.ts'])
    if (wants('size')) taro('weapp')
    if (wants('size') || wants('lcp')) taro('h5')
  }
  if (wants('lcp') && (!skipBuild || !existsSync(path.join(BARE_H5_DIR, 'index.html')))) taro('h5', BARE_ROOT, { TARO_OUTPUT_ROOT: BARE_H5_DIR })
}

async function signUpRows() {
  const n = Number(option('signup') ?? 500)
  const r = await runSignupBenchmark(n)
  rows.push({
    area: 'sign-up',
    measure: 'database round trips of a sign-up that gets a place',
    figure: String(r.roundTripsConfirmed),
    baseline: '5 (goal)',
    ratio: r.roundTripsConfirmed / 5,
    goal: 1,
    note: `waitlisted path: ${r.roundTripsWaitlisted}`,
  })
  rows.push({
    area: 'sign-up',
    measure: `${n} at once, capacity ${r.capacity}: floor rate ÷ end-to-end rate`,
    figure: `${r.endToEnd.perSecond.toFixed(0)}/s end to end`,
    baseline: `${r.floor.perSecond.toFixed(0)}/s (one conditional decrement each, SDK)`,
    ratio: r.floor.perSecond / r.endToEnd.perSecond,
    goal: 4,
    note: `end to end ≥ 25% of the floor; the median of ${r.ratios.length} rounds after a warm-up (end to end ÷ floor: ${r.ratios.map((x) => x.toFixed(2)).join(', ')}; warm-up ${r.warmUpRatio.toFixed(2)}); outcomes ${Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  })
  const perTrip = perRoundTrip(r)
  rows.push({
    area: 'sign-up',
    measure: `time per request: the crowd's ${r.crowdRoundTrips.toFixed(2)} round trips a sign-up + its host call, against the floor's one`,
    figure: `${perTrip.crowd.toFixed(2)} ms`,
    baseline: `${perTrip.floor.toFixed(2)} ms (floor, per conditional decrement)`,
    ratio: perTrip.crowd / perTrip.floor,
    goal: null,
    note: 'with n requests a sign-up, end to end ÷ floor ≈ 1 ÷ (n × this ratio)',
  })
  rows.push({
    area: 'sign-up',
    measure: `the same, as the mini-program calls it (an idempotency key each: ${r.keyed.crowdRoundTrips.toFixed(2)} round trips a sign-up), one round`,
    figure: `${r.keyed.perSecond.toFixed(0)}/s end to end`,
    baseline: 'its own round\'s floor',
    ratio: 1 / r.keyed.ratio,
    goal: null,
    note: `end to end ÷ floor ${r.keyed.ratio.toFixed(2)}; the key's claim and stored reply are two round trips more`,
  })
  rows.push({
    area: 'sign-up',
    measure: 'end-to-end latency p99 ÷ p50',
    figure: `${r.endToEnd.p99.toFixed(0)} ms`,
    baseline: `${r.endToEnd.p50.toFixed(0)} ms (p50)`,
    ratio: r.endToEnd.p99 / r.endToEnd.p50,
    goal: 3,
  })
}

async function statsRows() {
  const { runStatsBenchmark } = await import('./bench-stats')
  const r = await runStatsBenchmark()
  for (const [action, ms] of [['overview', r.overviewMs], ['orgActivity', r.orgActivityMs]] as const) {
    rows.push({
      area: 'stats',
      measure: `stats.${action}: ${r.data.orgs} orgs, ${r.data.activities} activities, ${r.data.signUps} sign-ups`,
      figure: `${ms.toFixed(0)} ms`,
      baseline: `${r.countMs.toFixed(1)} ms (count of the sign-ups)`,
      ratio: ms / r.countMs,
      goal: null,
    })
  }
}

function sizeRows() {
  const weapp = weappSizes()
  rows.push({ area: 'size', measure: 'weapp main package', figure: kb(weapp.main), baseline: `${kb(MAIN_PACKAGE_GOAL)} (goal)`, ratio: weapp.main / MAIN_PACKAGE_GOAL, goal: 1 })
  for (const sub of weapp.subpackages) rows.push({ area: 'size', measure: `weapp subpackage ${sub.root}`, figure: kb(sub.bytes), baseline: `${kb(WECHAT_PACKAGE_LIMIT)} (WeChat limit)`, ratio: sub.bytes / WECHAT_PACKAGE_LIMIT, goal: 1 })
  const h5 = h5Total(H5_DIR)
  if (h5 !== null) {
    rows.push({ area: 'size', measure: 'H5 build, all files', figure: kb(h5), baseline: `${kb(H5_TOTAL_GOAL)} (goal)`, ratio: h5 / H5_TOTAL_GOAL, goal: 1 })
    const scripts = h5Scripts(H5_DIR)
    // zod's schemas carry their internals on `_zod`; a chunk holding zod code names it
    const withZod = scripts.filter((file) => readFileSync(path.join(H5_DIR, file), 'utf8').includes('_zod'))
    rows.push({ area: 'size', measure: 'H5 chunks holding zod', figure: `${withZod.length} of ${scripts.length}`, baseline: '1 (goal)', ratio: withZod.length, goal: 1, note: withZod.join(' ') })
  }
  for (const name of functionNames()) {
    const dir = path.join(FUNCTIONS_DIR, name)
    if (!existsSync(dir)) continue
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      const size = statSync(path.join(dir, file)).size
      rows.push({ area: 'size', measure: `function ${name}/${file}`, figure: kb(size), baseline: `${kb(FUNCTION_FILE_GOAL)} (goal)`, ratio: size / FUNCTION_FILE_GOAL, goal: 1, note: file === 'index.js' ? undefined : 'loaded on first use' })
    }
  }
}

/** The app's local stack with demo data, in a child process of its own (its functions keep their own SDK). */
async function startAppStack(): Promise<{ url: string; stop: () => void }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongyi-bench-lcp-'))
  const child = spawn(bin('tsx'), ['local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SKIP_H5_BUILD: '1', H5_DIR, ALLOW_DEV_CLOCK: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const found = /local stack: (http:\/\/\S+)/.exec(out)
      if (found) resolve(found[1])
    })
    child.on('exit', (code) => reject(new Error(`local stack exited (${code}) before it was up:\n${out}`)))
  })
  return {
    url,
    stop: () => {
      child.kill('SIGTERM')
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** One cold load in a fresh Chromium profile: LCP (ms) and bytes over the wire. */
async function loadOnce(url: string): Promise<{ lcp: number; bytes: number }> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'gongyi-bench-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 375, height: 812 },
  })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: BANDWIDTH_BITS / 8, uploadThroughput: BANDWIDTH_BITS / 8 })
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN })
    await page.goto(url, { waitUntil: 'load' })
    await page.waitForLoadState('networkidle')
    await page.waitForTimeout(500)
    return await page.evaluate(
      () =>
        new Promise<{ lcp: number; bytes: number }>((resolve) => {
          const bytes = (performance.getEntriesByType('navigation') as PerformanceResourceTiming[])
            .concat(performance.getEntriesByType('resource') as PerformanceResourceTiming[])
            .reduce((sum, entry) => sum + (entry.transferSize || 0), 0)
          new PerformanceObserver((list) => {
            const entries = list.getEntries()
            resolve({ lcp: entries[entries.length - 1].startTime, bytes })
          }).observe({ type: 'largest-contentful-paint', buffered: true })
        }),
    )
  } finally {
    await context.close()
    rmSync(userDataDir, { recursive: true, force: true })
  }
}

async function lcpRows() {
  const runs = Number(option('runs') ?? 9)
  const app = await startAppStack()
  const bareServer = http.createServer((req, res) => void serveStaticFile(BARE_H5_DIR, req, res))
  const bareUrl = await listen(bareServer, 0, '127.0.0.1')
  try {
    const targets = { app: `${app.url}/#/pages/home/index`, bare: `${bareUrl}/` }
    // warm the server side (compression cache, file cache) before anything is measured
    await loadOnce(targets.app)
    await loadOnce(targets.bare)
    const results: Record<'app' | 'bare', { lcp: number; bytes: number }[]> = { app: [], bare: [] }
    for (let i = 0; i < runs; i++) {
      const order: ('app' | 'bare')[] = i % 2 ? ['bare', 'app'] : ['app', 'bare']
      for (const key of order) results[key].push(await loadOnce(targets[key]))
    }
    const appLcp = median(results.app.map((r) => r.lcp))
    const bareLcp = median(results.bare.map((r) => r.lcp))
    rows.push({
      area: 'H5 LCP',
      measure: `首页, ${CPU_SLOWDOWN}x CPU, ${BANDWIDTH_BITS / 1e6} Mbps (median of ${runs})`,
      figure: `${appLcp.toFixed(0)} ms`,
      baseline: `${bareLcp.toFixed(0)} ms (bare Taro page)`,
      ratio: appLcp / bareLcp,
      goal: LCP_RATIO_GOAL,
      note: `transferred ${kb(median(results.app.map((r) => r.bytes)))} vs ${kb(median(results.bare.map((r) => r.bytes)))}; runs ${results.app.map((r) => r.lcp.toFixed(0)).join('/')} vs ${results.bare.map((r) => r.lcp.toFixed(0)).join('/')}`,
    })
  } finally {
    app.stop()
    await closeServer(bareServer, () => undefined)
  }
}

/** ms to require `target` in a fresh node process. */
function requireTime(target: string): number {
  const probe = `const { performance } = require('perf_hooks'); const t = performance.now(); require(process.argv[1]); process.stdout.write(String(performance.now() - t))`
  const result = spawnSync(process.execPath, ['-e', probe, target], { cwd: ROOT, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`require(${target}) failed: ${result.stderr}`)
  return Number(result.stdout)
}

function coldStartRows() {
  const runs = Number(option('cold-runs') ?? 9)
  const sdk = require.resolve('@cloudbase/node-sdk')
  const functions = functionNames().filter((name) => existsSync(path.join(FUNCTIONS_DIR, name, 'index.js')))
  const times: Record<string, number[]> = { sdk: [] }
  for (let i = 0; i < runs; i++) {
    times.sdk.push(requireTime(sdk))
    for (const name of functions) (times[name] ??= []).push(requireTime(path.join(FUNCTIONS_DIR, name, 'index.js')))
  }
  const bare = median(times.sdk)
  for (const name of functions) {
    const fn = median(times[name])
    rows.push({ area: 'cold start', measure: `require() function ${name} (median of ${runs})`, figure: `${fn.toFixed(0)} ms`, baseline: `${bare.toFixed(0)} ms (bare SDK require)`, ratio: fn / bare, goal: COLD_START_RATIO_GOAL })
  }
}

// ── list growth ── activity.list at 1k / 10k / 100k activities (scripts/bench-list.ts)
const LIST_RATIO_GOAL = 3
const HOST_MEMORY_GOAL_MB = 300

async function listGrowthRows() {
  const { runListBenchmark } = await import('./bench-list')
  const r = await runListBenchmark()
  const smallest = r.sizes[0]
  const largest = r.sizes[r.sizes.length - 1]
  const k = (size: number) => `${size / 1000}k`
  for (const [page, key, ratio] of [['first page', 'firstPageP50', r.ratio.firstPage], ['cursor page 90% down', 'deepPageP50', r.ratio.deepPage]] as const) {
    rows.push({
      area: 'list growth',
      measure: `activity.list ${page} p50 at ${k(largest.size)} activities`,
      figure: `${largest[key].toFixed(2)} ms`,
      baseline: `${smallest[key].toFixed(2)} ms at ${k(smallest.size)}`,
      ratio,
      goal: LIST_RATIO_GOAL,
      note: r.sizes.map((s) => `${k(s.size)}: ${s[key].toFixed(2)} ms, ${s.docsReadFirstPage} documents read`).join('; '),
    })
  }
  rows.push({
    area: 'list growth',
    measure: `host memory (RSS after GC) at ${k(largest.size)} activities`,
    figure: `${r.rssMbAtLargest} MB`,
    baseline: `${HOST_MEMORY_GOAL_MB} MB (goal)`,
    ratio: r.rssMbAtLargest / HOST_MEMORY_GOAL_MB,
    goal: 1,
    note: `peak ${r.peakRssMbAtLargest} MB while loading and listing; ${r.sizes.map((s) => `${k(s.size)}: ${s.rssMb} MB`).join(', ')}`,
  })
}

function printTable() {
  const header = ['area', 'measure', 'figure', 'baseline', 'ratio', 'goal', 'note']
  const cells = rows.map((r) => [
    r.area,
    r.measure,
    r.figure,
    r.baseline,
    r.ratio === null ? '—' : r.ratio.toFixed(2),
    r.goal === null ? '' : `≤ ${r.goal.toFixed(2)} ${r.ratio !== null && r.ratio <= r.goal ? 'met' : 'MISSED'}`,
    r.note ?? '',
  ])
  // CJK characters take two columns in a terminal
  const width = (text: string) => [...text].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0)
  const widths = header.map((h, i) => Math.max(width(h), ...cells.map((c) => (i === 6 ? 0 : width(c[i])))))
  const line = (c: string[]) => c.map((text, i) => (i === 6 ? text : text + ' '.repeat(widths[i] - width(text)))).join(' │ ').trimEnd()
  console.log(line(header))
  console.log(widths.map((w, i) => '─'.repeat(i === 6 ? 4 : w)).join('─┼─'))
  for (const c of cells) console.log(line(c))
}

/**
 * The parts that start a local stack (sign-up, list growth, stats) each run in a fresh process
 * (`--part=NAME`, which prints its rows as JSON): the functions' SDK is set up once per process and
 * would keep pointing at the stack of the part before, and no part inherits another's heap.
 */
const OWN_PROCESS = new Set(['signup', 'list', 'stats'])

function rowsFromOwnProcess(name: string): Row[] {
  const passed = args.filter((a) => !a.startsWith('--only=') && !a.startsWith('--part='))
  const result = spawnSync(bin('tsx'), [path.join(__dirname, 'bench.ts'), `--part=${name}`, ...passed], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 })
  const last = result.stdout.toString().trim().split('\n').pop() ?? ''
  if (result.status !== 0 || !last.startsWith('[')) throw new Error(`${name} failed: ${result.stderr.toString().trim().split('\n').slice(-3).join(' / ')}`)
  return JSON.parse(last) as Row[]
}

async function main() {
  const parts: [string, () => unknown][] = [
    ['signup', signUpRows],
    ['size', sizeRows],
    ['lcp', lcpRows],
    ['cold', coldStartRows],
    ['list', listGrowthRows],
    ['stats', statsRows],
  ]
  const part = option('part')
  if (part) {
    await parts.find(([name]) => name === part)?.[1]()
    console.log(JSON.stringify(rows))
    return
  }
  build()
  for (const [name, run] of parts) {
    if (!wants(name)) continue
    process.stderr.write(`bench: ${name}…\n`)
    try {
      if (OWN_PROCESS.has(name)) rows.push(...rowsFromOwnProcess(name))
      else await run()
    } catch (error) {
      rows.push({ area: name, measure: '(failed)', figure: '—', baseline: '—', ratio: null, goal: null, note: String((error as Error).message ?? error).split('\n')[0] })
    }
  }
  printTable()
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
