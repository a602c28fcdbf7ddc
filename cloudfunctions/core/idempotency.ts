import { createHash, randomBytes } from 'node:crypto'
import type { Database } from './cloudbase'
import { AppError, type Envelope } from './errors'
import { isDuplicateKey } from './store-errors'

export interface IdempotencyScope {
  openid: string
  functionName: string
  action: string
  key: string
  /** The function's time limit: a claim older than this belongs to a call the platform has killed. */
  timeLimitMs: number
}

const COLLECTION = 'idempotency'
/** Stored replies are kept this long (a client retries within minutes, not days), then purged. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
/** A duplicate waiting for the first call's reply polls this often (random, up to this). */
const POLL_MS = 60
/** A waiting duplicate gives up before its own time limit: this share of it. */
const WAIT_SHARE = 0.8

/**
 * One call's claim on a key, then its reply. Claims and times use the wall clock (not the injectable
 * one), as leases do: they are about this process's real time limit.
 */
interface IdempotencyDoc {
  _id: string
  state: 'running' | 'done'
  /** who holds the claim: one random value per claiming call */
  owner: string
  claimedAt: string
  createdAt: string
  /** the reply as JSON text (a document field keeps any reply shape exactly, empty objects included) */
  replyJson: string | null
  /** replies stored before claims existed */
  reply?: Envelope<unknown>
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The idempotency document's id: the key is the caller's, so it is scoped by caller, function and action. */
export const idempotencyId = (scope: Pick<IdempotencyScope, 'openid' | 'functionName' | 'action' | 'key'>) =>
  createHash('sha256').update([scope.openid, scope.functionName, scope.action, scope.key].join('\u0000')).digest('hex')

/**
 * An id for a document a keyed call creates, the same on every retry of that call: a retry after a
 * crash between the write and the stored reply finds its own document instead of making a second.
 */
export const derivedId = (scope: Pick<IdempotencyScope, 'openid' | 'functionName' | 'action' | 'key'>, purpose: string) =>
  createHash('sha256').update(`${idempotencyId(scope)}\u0000${purpose}`).digest('hex').slice(0, 16)

type Claim = { claimed: true } | { claimed: false; reply: Envelope<unknown> }

/** Take the key for this call, or learn the reply an earlier call stored. Waits while another call runs. */
async function claim(db: Database, id: string, owner: string, timeLimitMs: number): Promise<Claim> {
  const collection = db.collection(COLLECTION)
  const giveUpAt = Date.now() + timeLimitMs * WAIT_SHARE
  let free = true
  for (;;) {
    if (free) {
      const at = new Date().toISOString()
      try {
        await collection.add({ _id: id, state: 'running', owner, claimedAt: at, createdAt: at, replyJson: null })
        return { claimed: true }
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
      }
    }
    const { data } = await collection.where({ _id: id }).limit(1).get()
    const doc = (data as IdempotencyDoc[])[0]
    // gone: its call failed unexpectedly and released the key; try to claim it again
    free = !doc
    if (doc) {
      if (doc.state === 'done' && doc.replyJson) return { claimed: false, reply: JSON.parse(doc.replyJson) as Envelope<unknown> }
      if (!doc.state && doc.reply) return { claimed: false, reply: doc.reply }
      // a claim older than the time limit: its call was killed; exactly one retry takes it over
      if (doc.state === 'running' && Date.now() - new Date(doc.claimedAt).getTime() > timeLimitMs) {
        const taken = await collection.where({ _id: id, state: 'running', owner: doc.owner }).update({ owner, claimedAt: new Date().toISOString() })
        if ((taken as { updated?: number }).updated === 1) return { claimed: true }
      }
    }
    if (Date.now() > giveUpAt) throw new AppError('RATE_LIMITED', '相同的请求正在处理，请稍后再试')
    // running elsewhere: wait, then look again
    if (!free) await pause(10 + Math.random() * POLL_MS)
  }
}

/**
 * A mutating call repeated with the same key by the same caller returns the first call's reply
 * (success or known failure) and changes nothing more, also when the repeats arrive at the same
 * moment: the key is claimed with one insert before the action runs, and a concurrent duplicate
 * waits for the stored reply. Unexpected errors release the claim, so a retry after INTERNAL runs again.
 */
export async function replayOrRun(db: Database, scope: IdempotencyScope, run: () => Promise<unknown>): Promise<Envelope<unknown>> {
  const id = idempotencyId(scope)
  const owner = randomBytes(8).toString('hex')
  let claimed: Claim
  try {
    claimed = await claim(db, id, owner, scope.timeLimitMs)
  } catch (error) {
    // still running elsewhere: said, not stored (the first call's reply is the one to keep)
    if (error instanceof AppError) return { ok: false, error: error.toBody() }
    throw error
  }
  if (!claimed.claimed) return claimed.reply

  let reply: Envelope<unknown>
  try {
    reply = { ok: true, data: await run() }
  } catch (error) {
    if (!(error instanceof AppError)) {
      await db.collection(COLLECTION).where({ _id: id, owner }).remove().catch(() => undefined)
      throw error
    }
    reply = { ok: false, error: error.toBody() }
  }
  await db.collection(COLLECTION).where({ _id: id, owner }).update({ state: 'done', replyJson: JSON.stringify(reply) })
  return reply
}

/** Remove stored replies (and abandoned claims) older than the TTL. Returns how many went. */
export async function purgeIdempotency(db: Database, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString()
  const result = await db.collection(COLLECTION).where({ createdAt: db.command.lt(cutoff) }).remove()
  return (result as { deleted?: number }).deleted ?? 0
}
