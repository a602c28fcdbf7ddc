import { randomBytes } from 'node:crypto'
import type { CollectionState, Engine, Overlay } from './engine'
import { CloudbaseError, transactionConflict, transactionFail } from './errors'
import type { Change, Doc } from './types'

type EndReason = 'committed' | 'aborted' | 'conflict' | 'expired' | 'failed'

export class Transaction {
  /** staged writes by `collection \0 key`, applied together at commit */
  readonly writes = new Map<string, Change>()
  ended: EndReason | null = null
  readonly done: Promise<void>
  private finish!: () => void

  constructor(
    readonly id: string,
    /** the sequence number of the snapshot it reads */
    readonly snapshot: number,
    readonly expiresAt: number,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve))
  }

  end(reason: EndReason) {
    this.ended = reason
    this.finish()
  }

  /** What this transaction sees differently from the committed state: later writes undone, its own writes done. */
  overlay(engine: Engine, state: CollectionState): Overlay {
    const docs = engine.changedSince(state, this.snapshot)
    for (const change of this.writes.values()) if (change.collection === state.name) docs.set(change.key, change.after)
    return docs
  }

  viewOne(engine: Engine, state: CollectionState, key: string): Doc | null {
    const own = this.writes.get(slot(state.name, key))
    return own ? own.after : engine.docAt(state, key, this.snapshot)
  }
}

const slot = (collection: string, key: string) => `${collection}\0${key}`
/** how long, and how many, ended transactions are remembered for precise answers to late calls */
const ENDED_MEMORY_MS = 10 * 60_000
const MAX_ENDED = 10_000

/**
 * Transactions as CloudBase documents them (MongoDB underneath): snapshot reads, a write lock per
 * document, first updater wins. A transactional write to a document that another open transaction
 * has written, or that anyone changed after this transaction's snapshot, fails with
 * DATABASE_TRANSACTION_CONFLICT and aborts the transaction (its locks are released at once, since
 * the SDK's runTransaction retries without rolling back). A write outside transactions waits for the
 * lock holder to finish, as MongoDB's does. Abandoned transactions expire and release their locks.
 */
export class TransactionManager {
  private readonly open = new Map<string, Transaction>()
  /** ended transactions, remembered a while so a late commit gets a precise answer */
  private readonly ended = new Map<string, { reason: EndReason; at: number }>()
  private readonly locks = new Map<string, Transaction>()
  private readonly sweeper: NodeJS.Timeout

  constructor(
    private readonly engine: () => Engine,
    private readonly timeoutMs: number,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(1000, Math.max(50, timeoutMs / 4)))
    this.sweeper.unref()
  }

  /** The oldest snapshot an open transaction reads (null if none is open). */
  floor(): number | null {
    let min: number | null = null
    for (const tx of this.open.values()) if (min === null || tx.snapshot < min) min = tx.snapshot
    return min
  }

  start(): Transaction {
    const tx = new Transaction(randomBytes(16).toString('hex'), this.engine().sequence, Date.now() + this.timeoutMs)
    this.open.set(tx.id, tx)
    return tx
  }

  /** The open transaction with this id; throws if it is unknown or over (a conflict answers as a conflict). */
  get(id: unknown): Transaction {
    if (typeof id !== 'string' || !id) throw transactionFail('transactionId is required')
    const tx = this.live(this.open.get(id))
    if (tx) return tx
    const ended = this.ended.get(id)
    if (ended?.reason === 'conflict') throw transactionConflict('the transaction was aborted by a write conflict')
    if (ended) throw transactionFail(`transaction ${id} has ${ended.reason === 'expired' ? 'expired' : 'ended'}`)
    throw transactionFail(`transaction ${id} does not exist`)
  }

  /**
   * Stages a write of `tx` to a document: takes its lock, or aborts `tx` with a conflict when the
   * document is locked by another transaction or was changed after `tx`'s snapshot.
   */
  stage(tx: Transaction, state: CollectionState, key: string, after: Doc | null): void {
    const id = slot(state.name, key)
    const holder = this.live(this.locks.get(id))
    if (holder && holder !== tx) {
      this.fail(tx, 'conflict')
      throw transactionConflict(`document ${state.name}/${key.slice(2)} is being written by another transaction`)
    }
    if (!holder && this.engine().lastWrite(state, key) > tx.snapshot) {
      this.fail(tx, 'conflict')
      throw transactionConflict(`document ${state.name}/${key.slice(2)} was changed after the transaction started`)
    }
    this.locks.set(id, tx)
    tx.writes.set(id, { collection: state.name, key, after })
  }

  /** Commits atomically (one SQLite transaction). A duplicate key fails the commit and aborts. */
  commit(id: unknown): void {
    if (this.ended.get(id as string)?.reason === 'committed') return // a retried commit
    const tx = this.get(id)
    try {
      this.engine().apply([...tx.writes.values()])
    } catch (error) {
      this.finish(tx, 'failed')
      throw error
    }
    this.finish(tx, 'committed')
  }

  /** Rolls back. Aborting a transaction that already ended without committing succeeds. */
  abort(id: unknown): void {
    const tx = this.live(this.open.get(id as string))
    if (tx) return this.finish(tx, 'aborted')
    const ended = this.ended.get(id as string)
    if (ended && ended.reason !== 'committed') return
    this.get(id)
  }

  /** Any open transaction, other than `except`, holding a lock on one of these documents. */
  blocker(collection: string, keys: Iterable<string>, except?: Transaction): Transaction | undefined {
    for (const key of keys) {
      const holder = this.live(this.locks.get(slot(collection, key)))
      if (holder && holder !== except) return holder
    }
    return undefined
  }

  /** Fails `tx` on an error that MongoDB treats as aborting the transaction (a conflict, a duplicate key). */
  failOn(tx: Transaction, error: unknown): void {
    if (!(error instanceof CloudbaseError)) return
    if (error.code === 'DATABASE_TRANSACTION_CONFLICT') this.fail(tx, 'conflict')
    else if (error.code === 'DATABASE_DUPLICATE_WRITE') this.fail(tx, 'failed')
  }

  close(): void {
    clearInterval(this.sweeper)
    for (const tx of [...this.open.values()]) this.finish(tx, 'aborted')
  }

  /** `tx` if it is still open; an expired one is ended on the spot (the sweeper may not have run yet). */
  private live(tx: Transaction | undefined): Transaction | undefined {
    if (!tx || tx.ended !== null) return undefined
    if (tx.expiresAt > Date.now()) return tx
    this.finish(tx, 'expired')
    return undefined
  }

  private fail(tx: Transaction, reason: EndReason) {
    if (tx.ended === null) this.finish(tx, reason)
  }

  private finish(tx: Transaction, reason: EndReason) {
    this.open.delete(tx.id)
    for (const id of tx.writes.keys()) if (this.locks.get(id) === tx) this.locks.delete(id)
    this.ended.set(tx.id, { reason, at: Date.now() })
    if (this.ended.size > MAX_ENDED) this.ended.delete(this.ended.keys().next().value as string)
    tx.end(reason)
    this.engine().prune()
  }

  private sweep() {
    const now = Date.now()
    for (const tx of [...this.open.values()]) if (tx.expiresAt <= now) this.finish(tx, 'expired')
    for (const [id, ended] of this.ended) {
      if (now - ended.at <= ENDED_MEMORY_MS) break // insertion order is end order
      this.ended.delete(id)
    }
  }
}
