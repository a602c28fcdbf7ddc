/**
 * The local stack (`npm start`, as a child process) is killed with SIGKILL while a crowd signs up,
 * cancels and claims wishes; it is started again, recovery runs, and then: every acknowledged write
 * is there, nothing is oversold, nothing is stuck, counters equal the documents, and everyone can act
 * again. Five rounds on one data directory, each with its own fixed seed.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { Database } from '../../cloudfunctions/core/cloudbase'
import type { Envelope } from '../../cloudfunctions/core/errors'
import { buildActivityInput, hoursFromNow } from '../builders/activity'
import { buildWishInput } from '../builders/wish'
import { activityProblems } from '../support/activity-invariants'
import { localSdk } from '../support/local-cloudbase'
import { addVolunteers } from '../support/people'
import { seededRandom } from '../../scripts/seeded-random'

const ROOT = path.resolve(__dirname, '../..')
const ROUNDS = 5
const CROWD = 60


interface Stack {
  child: ChildProcess
  url: string
  db: Database
}

/** `npm start`'s entry on a data directory, on any free port, serving no H5 build. */
function startStack(dataDir: string, env: Record<string, string> = {}, log: string[] = []): Promise<Stack> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'local/main.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, SKIP_H5_BUILD: '1', H5_DIR: path.join(dataDir, 'no-h5'), ...env },
  })
  child.stderr!.resume()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the local stack did not start in 60 s')), 60_000)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      log.push(line)
      const match = /local stack: (http:\/\/\S+)/.exec(line)
      if (!match) return
      clearTimeout(timer)
      const url = match[1]
      const db = localSdk(`${url}/tcb`).database()
      resolve({ child, url, db })
    })
    child.on('exit', (code) => reject(new Error(`the local stack exited (${code})`)))
  })
}

function kill(stack: Stack, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    stack.child.removeAllListeners('exit')
    stack.child.on('exit', () => resolve())
    try {
      process.kill(-stack.child.pid!, signal)
    } catch {
      resolve()
    }
  })
}

const call = async <T>(stack: Stack, fn: string, openid: string | null, action: string, data: unknown = {}): Promise<Envelope<T>> => {
  const res = await fetch(`${stack.url}/api/functions/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'X-Dev-Openid': openid } : {}) },
    body: JSON.stringify({ action, data }),
  })
  return (await res.json()) as Envelope<T>
}

async function must<T>(reply: Promise<Envelope<T>>): Promise<T> {
  const r = await reply
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.data
}

let dataDir: string
beforeAll(() => {
  process.env.TENCENTCLOUD = 'true'
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongyi-crash-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('the local stack killed under load', () => {
  test.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    'round %i: when it is killed with SIGKILL mid-crowd and restarted, then acknowledged writes are there, nothing is oversold or stuck, counters equal documents',
    async (round) => {
      const rand = seededRandom(round * 7919)
      let stack = await startStack(dataDir)
      let killed = false
      try {
        // the scene: two activities (one with a waitlist), six open wishes, a crowd of volunteers
        const activities: string[] = []
        for (const [i, overrides] of [{ capacity: 12, waitlist: true }, { capacity: 8, waitlist: false }].entries()) {
          const hours = 100 + round * 20 + i * 5
          const created = await must(call<{ activity: { activityId: string } }>(stack, 'activity', 'demo-org-staff', 'create', buildActivityInput('org-volunteer-centre', { ...overrides, title: `第${round}轮压测活动${i + 1}`, startAt: hoursFromNow(hours), endAt: hoursFromNow(hours + 2), signUpDeadline: hoursFromNow(hours - 24) })))
          await must(call(stack, 'activity', 'demo-org-staff', 'publish', { activityId: created.activity.activityId }))
          activities.push(created.activity.activityId)
        }
        const wishes: string[] = []
        for (let i = 0; i < 6; i++) {
          const { wish } = await must(call<{ wish: { wishId: string } }>(stack, 'wish', 'demo-resident', 'create', buildWishInput({ title: `第${round}轮心愿${i + 1}号` })))
          await must(call(stack, 'wish', 'demo-org-admin', 'review', { wishId: wish.wishId, approve: true }))
          wishes.push(wish.wishId)
        }
        const crowd = await addVolunteers(stack.db, CROWD, `crash-r${round}`)

        // the load: sign up (some cancel right after), claim wishes; killed after a seeded number of acknowledgements
        const acked = { signUps: new Map<string, string>(), cancels: new Set<string>(), claims: new Map<string, string>() }
        // cancellations sent: one cut off by the kill may or may not have happened before it
        const cancelsSent = new Set<string>()
        const killAfter = 25 + Math.floor(rand() * 40)
        let acks = 0
        const ack = () => {
          if (++acks === killAfter && !killed) {
            killed = true
            process.kill(-stack.child.pid!, 'SIGKILL')
          }
        }
        const plans = crowd.map((openid) => ({ openid, activity: activities[Math.floor(rand() * activities.length)], cancel: rand() < 0.25, wish: rand() < 0.4 ? wishes[Math.floor(rand() * wishes.length)] : null }))
        await Promise.all(
          plans.map(async (plan) => {
            try {
              const signed = await call<{ signUp: { status: string } }>(stack, 'activity', plan.openid, 'signUp', { activityId: plan.activity })
              if (signed.ok) {
                acked.signUps.set(plan.openid, plan.activity)
                ack()
                if (plan.cancel) cancelsSent.add(plan.openid)
                if (plan.cancel && (await call(stack, 'activity', plan.openid, 'cancelSignUp', { activityId: plan.activity })).ok) {
                  acked.cancels.add(plan.openid)
                  ack()
                }
              }
              if (plan.wish && (await call(stack, 'wish', plan.openid, 'claim', { wishId: plan.wish })).ok) {
                acked.claims.set(plan.wish, plan.openid)
                ack()
              }
            } catch {
              // the stack was killed under this call: its outcome is unknown, which recovery settles
            }
          }),
        )
        if (!killed) await kill(stack, 'SIGKILL')
        killed = true

        // restart: every call of the killed process is dead, so recovery may settle what it left at once
        const restartLog: string[] = []
        stack = await startStack(dataDir, { SIGNUP_RECOVERY_GRACE_SECONDS: '0' }, restartLog)
        killed = false
        const recovery = await must(call(stack, 'activity', null, 'recover'))
        console.log(JSON.stringify({ round, acks, killAfter, atStart: restartLog.filter((l) => l.startsWith('Recovery')), recovery }))

        for (const activityId of activities) expect(await activityProblems(stack.db, activityId)).toEqual([])
        for (const [openid, activityId] of acked.signUps) {
          const doc = (await stack.db.collection('activity_signups').doc(`${activityId}:${openid}`).get()).data[0]
          const expected = acked.cancels.has(openid) ? /^cancelled$/ : cancelsSent.has(openid) ? /^(confirmed|waitlisted|cancelled)$/ : /^(confirmed|waitlisted)$/
          expect(doc?.status).toEqual(expect.stringMatching(expected))
        }
        for (const [wishId, openid] of acked.claims) {
          const wish = (await stack.db.collection('wishes').doc(wishId).get()).data[0]
          expect({ status: wish.status, claimedBy: wish.claimedBy }).toEqual({ status: 'claimed', claimedBy: openid })
        }
        // nobody is stuck: everyone whose call was cut off can sign up now (or is told why not)
        for (const plan of plans.filter((p) => !acked.signUps.has(p.openid))) {
          const again = await call<{ signUp: { status: string } }>(stack, 'activity', plan.openid, 'signUp', { activityId: plan.activity })
          if (!again.ok) expect(['ALREADY_EXISTS', 'CAPACITY_FULL']).toContain(again.error.code)
        }
        for (const activityId of activities) expect(await activityProblems(stack.db, activityId)).toEqual([])
        expect(acks).toBeGreaterThan(0)
      } finally {
        if (!killed) await kill(stack, 'SIGTERM')
      }
    },
    240_000,
  )
})
