import type { Database } from './cloudbase'
import { AppError } from './errors'
import { isTransactionConflict } from './store-errors'

/**
 * The document-level calls a CloudBase transaction carries (the SDK types them loosely).
 * Only these run inside the transaction: never `where().update()`, `where().remove()` or `count()`.
 */
export interface Transaction {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<{ data: Record<string, unknown> | null }>
      update(data: object): Promise<{ updated: number }>
      set(data: object): Promise<{ updated: number }>
      remove(): Promise<{ deleted: number }>
    }
    add(data: object): Promise<{ id: string }>
    /** A query read from the transaction's snapshot (reads only: no conflict is detected on them). */
    where(query: object): TransactionQuery
  }
}

export interface TransactionQuery {
  orderBy(field: string, order: 'asc' | 'desc'): TransactionQuery
  limit(count: number): TransactionQuery
  get(): Promise<{ data: Record<string, unknown>[] }>
}

/** Enough for a crowd of a few hundred on one document (a popular activity's sign-up morning). */
const MAX_ATTEMPTS = 40
/**
 * How long a transaction keeps retrying conflicts before the caller hears RATE_LIMITED: well inside
 * the shortest function time limit (10 s, cloudbaserc.json), so a crowd is told to try again rather
 * than being cut off by the platform (or the SDK's 15 s timeout) with INTERNAL.
 */
export const TRANSACTION_BUDGET_MS = 6_000
/** The longest pause between attempts: random, up to this, once the doubling reaches it ("full jitter"). */
const MAX_PAUSE_MS = 200

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Run `work` as one atomic transaction: snapshot reads, all writes or none. When another
 * transaction wrote the same document first (a write conflict), `work` runs again on a fresh
 * snapshot after a short random pause, so it must be safe to re-run; any other error rolls back
 * and is rethrown. (The SDK's own retry is immediate, which crowds of callers on one hot document
 * defeat; the growing, jittered pause lets them through one after another.) Still conflicting when
 * the time budget or the attempts run out: RATE_LIMITED ("操作太频繁，请稍后再试"), nothing written.
 */
export async function inTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>, options: { budgetMs?: number } = {}): Promise<T> {
  const giveUpAt = Date.now() + (options.budgetMs ?? TRANSACTION_BUDGET_MS)
  for (let attempt = 1; ; attempt++) {
    try {
      // `0`: no immediate retries inside the SDK; conflicts come back here
      const runTransaction = db.runTransaction as unknown as (this: Database, cb: typeof work, times: number) => Promise<T>
      return await runTransaction.call(db, work, 0)
    } catch (error) {
      if (!isTransactionConflict(error)) throw error
      const pauseMs = Math.random() * Math.min(MAX_PAUSE_MS, 5 * 2 ** attempt)
      if (attempt >= MAX_ATTEMPTS || Date.now() + pauseMs >= giveUpAt) {
        throw new AppError('RATE_LIMITED', '操作太频繁，请稍后再试', { details: { attempts: attempt } })
      }
      await pause(pauseMs)
    }
  }
}
