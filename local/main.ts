import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { AID_PURGE_INTERVAL_SECONDS } from '../cloudfunctions/core/aid/aid.constants'
import { newAidDataKey } from '../cloudfunctions/core/aid/aid-crypto'
import { getDb } from '../cloudfunctions/core/cloudbase'
import { policies } from '../cloudfunctions/core/settings/policies'
import { ROOT } from './functions'
import { DEFAULT_H5_DIR, startHost } from './host'
import { seedDemoData } from './seed'

/** `npm start`: the whole local stack with demo data, from nothing but `npm install`. */
const env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default(path.join(ROOT, '.data')),
    /** `1`: never rebuild the H5 app, serve what is in dist/h5. */
    SKIP_H5_BUILD: z.enum(['0', '1']).default('0'),
    /** Serve the H5 app from here instead of dist/h5. */
    H5_DIR: z.string().min(1).optional(),
    /** `1`: accept POST /api/dev/clock to move the functions' clock (end-to-end tests of time windows). */
    ALLOW_DEV_CLOCK: z.enum(['0', '1']).default('0'),
  })
  .parse(process.env)

const h5Dir = env.H5_DIR ? path.resolve(env.H5_DIR) : DEFAULT_H5_DIR

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs)
  }
  return newest
}

/**
 * Build the H5 app when it is missing or older than its sources. Taro's own output (webpack's
 * progress bar, redrawn hundreds of times) is kept out of the terminal: one line before, one
 * after, the warnings' headlines, and the whole output only if the build fails.
 */
function ensureH5Build() {
  const index = path.join(h5Dir, 'index.html')
  if (env.SKIP_H5_BUILD === '1') return
  const firstBuild = !existsSync(index)
  const sourcesChanged = firstBuild || newestMtime(path.join(ROOT, 'src')) > statSync(index).mtimeMs
  if (!sourcesChanged) return
  console.log(
    firstBuild
      ? `Building the H5 app into ${path.relative(ROOT, h5Dir) || h5Dir} (first run: this takes a few minutes, longer on a small machine)…`
      : 'Sources changed since the last H5 build: rebuilding (a minute or more)…',
  )
  const started = Date.now()
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@tarojs', 'cli', 'bin', 'taro'), 'build', '--type', 'h5'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_ENV: 'production', TARO_OUTPUT_ROOT: h5Dir, FORCE_COLOR: '0' },
  })
  // eslint-disable-next-line no-control-regex
  const output = `${result.stdout?.toString() ?? ''}\n${result.stderr?.toString() ?? ''}`.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
  const seconds = Math.round((Date.now() - started) / 1000)
  if (result.status !== 0) {
    console.error(output)
    throw new Error(`H5 build failed after ${seconds} s (taro build --type h5; its output is above)`)
  }
  // Taro prints a bare "⚠️ 编译警告" and then each warning as "SomethingWarning: headline"
  const warnings = Array.from(new Set(output.split('\n').map((line) => line.trim()).filter((line) => /^(WARNING in |\w+Warning: )/.test(line))))
  console.log(`H5 app built in ${seconds} s${warnings.length ? `, with ${warnings.length} webpack warning(s):` : '.'}`)
  for (const warning of warnings) console.log(`  ${warning}`)
}

/**
 * The aid function's data key (AID_DATA_KEY: encrypts ID numbers, keys their hashes). On CloudBase it
 * is set in the function's environment; here it is made once under DATA_DIR (mode 600) and reused,
 * so what was encrypted before a restart can still be read. An AID_DATA_KEY already set wins.
 */
function ensureAidDataKey() {
  if (process.env.AID_DATA_KEY) return
  const file = path.join(env.DATA_DIR, 'aid-data-key')
  if (!existsSync(file)) writeFileSync(file, `${newAidDataKey()}\n`, { mode: 0o600, flag: 'wx' })
  process.env.AID_DATA_KEY = readFileSync(file, 'utf8').trim()
}

async function main() {
  ensureH5Build()
  mkdirSync(env.DATA_DIR, { recursive: true })
  // keys the functions derive locally (core/secrets.ts: the ride ticket HMAC key) live under DATA_DIR
  process.env.DATA_DIR ??= env.DATA_DIR
  ensureAidDataKey()
  let seeded = false
  const host = await startHost({
    port: env.PORT, host: env.HOST, dataDir: env.DATA_DIR, h5Dir, functionSource: 'source', allowDevClock: env.ALLOW_DEV_CLOCK === '1',
    // the seed talks to the database through the host, so it runs once listening; calls wait for it
    beforeServing: async () => {
      seeded = await seedDemoData(getDb())
    },
  })
  await host.ready
  if (seeded) console.log(`Seeded demo data into ${env.DATA_DIR}`)
  // the wish function's claim-expiry timer: on CloudBase a timer trigger (cloudbaserc.json), here an interval
  const timer = setInterval(() => {
    fetch(`${host.url}/api/functions/wish`, { method: 'POST', body: JSON.stringify({ Type: 'Timer', TriggerName: 'expireClaims' }) }).catch(() => undefined)
  }, policies.wishExpiryIntervalSeconds * 1000)
  timer.unref()
  // the activity function's recovery timer (sign-ups cut short by a crash): once at start, then on an interval
  const recover = () =>
    fetch(`${host.url}/api/functions/activity`, { method: 'POST', body: JSON.stringify({ Type: 'Timer', TriggerName: 'recover' }) })
      .then(async (res) => {
        const reply = (await res.json()) as { ok: boolean; data?: { recovered: number; promoted: number } }
        if (reply.ok && reply.data && (reply.data.recovered || reply.data.promoted)) {
          console.log(`Recovery: ${reply.data.recovered} sign-ups cut short settled, ${reply.data.promoted} waitlisted volunteers moved into free places`)
        }
      })
      .catch(() => undefined)
  // the aid function's retention purge: on CloudBase a daily timer trigger (cloudbaserc.json), here an interval
  const aidPurge = setInterval(() => {
    fetch(`${host.url}/api/functions/aid`, { method: 'POST', body: JSON.stringify({ Type: 'Timer', TriggerName: 'purgeExpired' }) }).catch(() => undefined)
  }, AID_PURGE_INTERVAL_SECONDS * 1000)
  aidPurge.unref()
  // and the user function's: joins cut short
  const recoverJoins = () => fetch(`${host.url}/api/functions/user`, { method: 'POST', body: JSON.stringify({ Type: 'Timer', TriggerName: 'recoverJoins' }) }).catch(() => undefined)
  await Promise.all([recover(), recoverJoins()])
  const recovery = setInterval(() => void Promise.all([recover(), recoverJoins()]), policies.signUpRecoveryIntervalSeconds * 1000)
  recovery.unref()
  // the user function's idempotency purge: on CloudBase an hourly timer trigger, here an interval
  const purge = () => fetch(`${host.url}/api/functions/user`, { method: 'POST', body: JSON.stringify({ Type: 'Timer', TriggerName: 'purgeIdempotency' }) }).catch(() => undefined)
  void purge()
  setInterval(purge, policies.idempotencyPurgeIntervalSeconds * 1000).unref()
  // the message function's sender and reminders: on CloudBase timer triggers (cloudbaserc.json), here intervals
  const messageTimer = (trigger: 'send' | 'remind') => () =>
    fetch(`${host.url}/api/functions/message`, { method: 'POST', body: JSON.stringify({ Type: 'Timer', TriggerName: trigger }) }).catch(() => undefined)
  void messageTimer('remind')()
  setInterval(messageTimer('send'), policies.messageSendIntervalSeconds * 1000).unref()
  setInterval(messageTimer('remind'), policies.messageRemindIntervalSeconds * 1000).unref()
  console.log(`公益苍南 local stack: ${host.url}`)
  const stop = () => {
    host.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

// the host answers every request it can; anything that still escapes is logged, not fatal for everyone
process.on('uncaughtException', (error) => {
  console.error(JSON.stringify({ level: 'error', where: 'process', error: String(error?.stack ?? error) }))
})
process.on('unhandledRejection', (error: unknown) => {
  console.error(JSON.stringify({ level: 'error', where: 'process', error: String((error as Error)?.stack ?? error) }))
})

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
