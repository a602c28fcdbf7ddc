import { createHash } from 'node:crypto'
import type { Database } from './cloudbase'
import { AppError, type Envelope } from './errors'
import { isDuplicateKey } from './store-errors'

export interface IdempotencyScope {
  openid: string
  functionName: string
  action: string
  key: string
  now: Date
}

const COLLECTION = 'idempotency'

interface StoredReply {
  _id: string
  reply: Envelope<unknown>
  createdAt: string
}

/**
 * A mutating call repeated with the same key by the same caller returns the first call's reply
 * (success or known failure) and changes nothing more. Unexpected errors are not stored, so a
 * retry after INTERNAL runs again.
 */
export async function replayOrRun(db: Database, scope: IdempotencyScope, run: () => Promise<unknown>): Promise<Envelope<unknown>> {
  const id = createHash('sha256').update([scope.openid, scope.functionName, scope.action, scope.key].join('\u0000')).digest('hex')
  const stored = await findReply(db, id)
  if (stored) return stored

  let reply: Envelope<unknown>
  try {
    reply = { ok: true, data: await run() }
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    reply = { ok: false, error: error.toBody() }
  }
  try {
    await db.collection(COLLECTION).add({ _id: id, reply, createdAt: scope.now.toISOString() })
  } catch (error) {
    // A concurrent retry stored its reply first: answer with that one.
    if (!isDuplicateKey(error)) throw error
    return (await findReply(db, id)) ?? reply
  }
  return reply
}

async function findReply(db: Database, id: string): Promise<Envelope<unknown> | null> {
  const { data } = await db.collection(COLLECTION).where({ _id: id }).limit(1).get()
  const doc = (data as StoredReply[])[0]
  return doc ? doc.reply : null
}
