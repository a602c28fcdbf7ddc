import { DocCache } from './doc-cache'
import { collectionAlreadyExist, collectionNotExist, invalidParam } from './errors'
import { parseEjson, toEjson } from './ejson'
import { entriesOf, type IndexState, UniqueIndex } from './indexes'
import { type Order, type Plan, planQuery } from './plan'
import { compile, type Criteria, find } from './query'
import { docTable, type DocRow, type Store } from './store'
import type { Change, CollectionSpec, Doc } from './types'

/** The state a document had before the write numbered `until`. */
interface PastVersion {
  doc: Doc | null
  until: number
}

export interface CollectionState {
  readonly name: string
  spec: CollectionSpec
  /** the declared indexes, as SQLite tables (see store.ts) */
  indexes: IndexState[]
  unique: UniqueIndex[]
}

export interface SelectOptions {
  order?: Order
  offset?: number
  /** Infinity: every match */
  limit?: number
  /**
   * Documents of their own (parsed afresh), for callers that may change them (mingo's aggregation
   * stages write into the documents they are given); otherwise shared, read-only documents.
   */
  fresh?: boolean
}

/** Documents a transaction sees differently from the committed state: key -> its version (null: absent). */
export type Overlay = Map<string, Doc | null>

const NAME = /^[A-Za-z0-9_-]{1,128}$/

const parse = (row: DocRow): Doc => parseEjson(row.doc, 'stored document') as Doc

const sameTuples = (a: Buffer[][], b: Buffer[][]) =>
  a.length === b.length && a.every((tuple, i) => tuple.length === b[i].length && tuple.every((key, j) => key.equals(b[i][j])))

/**
 * The documents live in SQLite only (store.ts); a query reads what its plan (plan.ts) says, and
 * mingo evaluates the residual filter and sorts within runs of equal index keys. Every write batch
 * gets the next sequence number; while transactions are open, the versions a write replaced are
 * kept in memory (only those), so a transaction reads the snapshot of its start.
 */
export class Engine {
  private readonly collections = new Map<string, CollectionState>()
  private readonly history = new Map<string, Map<string, PastVersion[]>>()
  private readonly parsed = new DocCache()
  private seq = 0

  constructor(
    private readonly store: Store,
    /** the oldest snapshot an open transaction reads, or null when none is open */
    private readonly snapshotFloor: () => number | null,
  ) {
    for (const spec of store.collections()) this.register(spec)
  }

  get sequence(): number {
    return this.seq
  }

  /** Documents read from SQLite so far (a test's measure of how much a query touched). */
  get docsRead(): number {
    return this.store.docsRead
  }

  /** Creates missing collections and (re)declares the indexes of the given ones. */
  declare(specs: CollectionSpec[]): void {
    for (const spec of specs) {
      assertName(spec.name)
      this.store.saveCollection(spec)
      this.store.declareIndexes(spec.name, spec.indexes, (doc, index) => entriesOf(parseEjson(doc, 'stored document') as Doc, Object.keys(index.keys)))
      this.register(spec)
    }
  }

  addCollection(name: string): void {
    assertName(name)
    if (this.collections.has(name)) throw collectionAlreadyExist(name)
    const spec = { name, indexes: [] }
    this.store.saveCollection(spec)
    this.register(spec)
  }

  collection(name: unknown): CollectionState {
    if (typeof name !== 'string' || !name) throw invalidParam('collectionName is required')
    const state = this.collections.get(name)
    if (!state) throw collectionNotExist(name)
    return state
  }

  exists(state: CollectionState, key: string): boolean {
    return this.store.has(state.name, key)
  }

  /** The document as of `seq` (null: now). */
  docAt(state: CollectionState, key: string, seq: number | null): Doc | null {
    const versions = seq === null ? undefined : this.history.get(state.name)?.get(key)
    if (versions && seq !== null) for (const version of versions) if (version.until > seq) return version.doc
    const row = this.store.get(state.name, key)
    return row && this.read(state, row)
  }

  /** The documents written after `seq`, as they were at `seq` (null: absent then). */
  changedSince(state: CollectionState, seq: number): Overlay {
    const out: Overlay = new Map()
    for (const [key, versions] of this.history.get(state.name) ?? []) {
      const version = versions.find((v) => v.until > seq)
      if (version) out.set(key, version.doc)
    }
    return out
  }

  /** Sequence number of the last write to the document (its deletion included) while a transaction was open; 0 otherwise. */
  lastWrite(state: CollectionState, key: string): number {
    const versions = this.history.get(state.name)?.get(key)
    return versions?.length ? versions[versions.length - 1].until : 0
  }

  /** How a query would run: the plan, and SQLite's plan for its index read. */
  explain(state: CollectionState, criteria: Criteria, order: Order = []): { plan: Plan; sql: string; steps: string[] } {
    const plan = planQuery(criteria, state.indexes, order)
    const sql = plan.index ? (plan.covered && plan.sortColumns.length ? this.orderedSql(state, plan) : this.rowsSql(plan)) : `SELECT row, id, doc FROM ${docTable(state.name)} ORDER BY row`
    return { plan, sql, steps: this.store.explain(sql, plan.params) }
  }

  /**
   * The documents matching `criteria`, in `order` (then insertion order), from `offset`, at most
   * `limit`. `overlay` (a transaction's view) replaces or adds documents.
   */
  select(state: CollectionState, criteria: Criteria, options: SelectOptions = {}, overlay?: Overlay): Doc[] {
    const order = options.order ?? []
    const offset = options.offset ?? 0
    const need = offset + (options.limit ?? Infinity)
    if (need <= 0) return []
    const plan = planQuery(criteria, state.indexes, order)
    const sortSpec = order.length ? Object.fromEntries(order) : undefined

    if (overlay?.size) {
      // a transaction whose snapshot differs from the committed state: the SQL candidates as it sees them, then mingo
      const list: Doc[] = []
      const seen = new Set<string>()
      for (const row of this.candidates(state, plan)) {
        if (!overlay.has(row.key)) list.push(this.read(state, row, options.fresh))
        else {
          seen.add(row.key)
          const doc = overlay.get(row.key)
          if (doc) list.push(doc)
        }
      }
      for (const [key, doc] of overlay) if (doc && !seen.has(key)) list.push(doc)
      return find(list, criteria, { order: sortSpec, offset, limit: Number.isFinite(need) ? need - offset : undefined })
    }

    const test = plan.residual ? compile(plan.residual) : () => true
    if (plan.index && plan.covered && plan.sortColumns.length) return this.selectOrdered(state, plan, test, order, offset, need, options.fresh)

    const out: Doc[] = []
    if (!order.length) {
      for (const row of this.candidates(state, plan)) {
        const doc = this.read(state, row, options.fresh)
        if (test(doc) && out.push(doc) >= need) break
      }
      return out.slice(offset)
    }
    for (const row of this.candidates(state, plan)) {
      const doc = this.read(state, row, options.fresh)
      if (test(doc)) out.push(doc)
    }
    return sortDocs(out, sortSpec!).slice(offset, need)
  }

  count(state: CollectionState, criteria: Criteria, overlay?: Overlay): number {
    if (overlay?.size) return this.select(state, criteria, {}, overlay).length
    const plan = planQuery(criteria, state.indexes)
    if (!plan.residual && !plan.ids) {
      if (!plan.index) return this.store.count(state.name)
      const sql = `SELECT COUNT(${plan.index.regular ? '*' : 'DISTINCT ix.row'}) AS n FROM ${plan.index.table} AS ix WHERE ${plan.where}`
      return this.store.one<{ n: number }>(sql, plan.params)?.n ?? 0
    }
    const test = plan.residual ? compile(plan.residual) : () => true
    let total = 0
    for (const row of this.candidates(state, plan)) if (test(this.read(state, row))) total++
    return total
  }

  /** Every document of a collection, lazily, in insertion order (close the iterator if you stop early). */
  *scan(state: CollectionState): Generator<Doc> {
    for (const row of this.store.scan(state.name)) yield parse(row)
  }

  /**
   * Applies a batch atomically: checks unique indexes, writes the documents and their index entries
   * to SQLite in one transaction. Throws (with nothing applied) on a duplicate key.
   */
  apply(changes: Change[]): number {
    if (!changes.length) return this.seq
    const byCollection = new Map<string, Change[]>()
    for (const change of changes) {
      const list = byCollection.get(change.collection) ?? []
      list.push(change)
      byCollection.set(change.collection, list)
    }
    for (const [name, list] of byCollection) for (const index of this.collection(name).unique) index.check(list)

    const keepHistory = this.snapshotFloor() !== null
    // the version each write replaces, for open transactions' snapshots (read again only when the writer did not)
    const before = keepHistory ? changes.map((change) => (change.before !== undefined ? change.before : this.docAt(this.collection(change.collection), change.key, null))) : []
    const irregular = new Map<string, { collection: string; index: string }>()
    const writes = changes.map((change) => {
      const doc = change.after && toEjson(change.after)
      this.parsed.remember(change.collection, change.key, doc, change.after)
      const state = this.collection(change.collection)
      const entries = new Map<string, Buffer[][]>()
      const unchanged = new Set<string>()
      if (change.after) {
        for (const index of state.indexes) {
          const computed = entriesOf(change.after, index.fields)
          if (!computed.regular && index.regular) irregular.set(`${state.name}\0${index.spec.name}`, { collection: state.name, index: index.spec.name })
          if (change.before && sameTuples(entriesOf(change.before, index.fields).tuples, computed.tuples)) unchanged.add(index.spec.name)
          else entries.set(index.spec.name, computed.tuples)
        }
      }
      return { collection: change.collection, key: change.key, doc, entries, unchanged }
    })
    this.store.write(writes, [...irregular.values()])

    const seq = ++this.seq
    if (keepHistory) changes.forEach((change, i) => this.remember(change.collection, change.key, before[i], seq))
    return seq
  }

  /** Forgets versions no open transaction can read any more. */
  prune(): void {
    const floor = this.snapshotFloor()
    if (floor === null) {
      this.history.clear()
      return
    }
    for (const [name, byKey] of this.history) {
      for (const [key, versions] of byKey) {
        const kept = versions.filter((v) => v.until > floor)
        if (kept.length) byKey.set(key, kept)
        else byKey.delete(key)
      }
      if (!byKey.size) this.history.delete(name)
    }
  }

  /**
   * An index read in sort order: rows come in runs of equal sort keys; each run is filtered, put in
   * insertion order and sorted by mingo (which also orders what the keys do not tell apart, such as
   * missing before null and later sort keys); reading stops at the end of the run that fills the page.
   */
  private selectOrdered(state: CollectionState, plan: Plan, test: (doc: Doc) => boolean, order: Order, offset: number, need: number, fresh = false): Doc[] {
    const sortSpec = Object.fromEntries(order)
    const out: Doc[] = []
    let run: { row: number; doc: Doc }[] = []
    let runKey: string | null = null
    const flush = () => {
      if (run.length > 1) out.push(...sortDocs(run.sort((a, b) => a.row - b.row).map((item) => item.doc), sortSpec))
      else if (run.length) out.push(run[0].doc)
      run = []
    }
    let complete = true
    for (const row of this.store.query<DocRow & Record<string, Buffer>>(this.orderedSql(state, plan), plan.params)) {
      const key = plan.sortColumns.map((_, i) => row[`s${i}`].toString('hex')).join(',')
      if (key !== runKey) {
        flush()
        if (out.length >= need) {
          complete = false
          break
        }
        runKey = key
      }
      this.store.docsRead++
      const doc = this.read(state, row, fresh)
      if (test(doc)) run.push({ row: row.row, doc })
    }
    if (complete) flush()
    return out.slice(offset, need)
  }

  private orderedSql(state: CollectionState, plan: Plan): string {
    const keys = plan.sortColumns.map((column, i) => `, ${column} AS s${i}`).join('')
    return `SELECT ix.row AS row, d.id AS key, d.doc AS doc${keys} FROM ${plan.index!.table} AS ix CROSS JOIN ${docTable(state.name)} AS d ON d.row = ix.row WHERE ${plan.where} ORDER BY ${plan.orderSql}`
  }

  private rowsSql(plan: Plan): string {
    return `SELECT DISTINCT ix.row AS row FROM ${plan.index!.table} AS ix WHERE ${plan.where} ORDER BY ix.row`
  }

  /** The rows a plan reads, in insertion order: point lookups, an index range, or the whole collection. */
  private *candidates(state: CollectionState, plan: Plan): Generator<DocRow> {
    if (plan.ids) {
      const rows = plan.ids.map((key) => this.store.get(state.name, key)).filter((row): row is DocRow => row !== null)
      yield* rows.sort((a, b) => a.row - b.row)
      return
    }
    if (plan.index) {
      const rows = Array.from(this.store.query<{ row: number }>(this.rowsSql(plan), plan.params), (r) => r.row)
      for (const row of rows) {
        const found = this.store.byRow(state.name, row)
        if (found) yield found
      }
      return
    }
    yield* this.store.scan(state.name)
  }

  /** A stored row's document: shared and read-only from the cache, or parsed afresh. */
  private read(state: CollectionState, row: DocRow, fresh = false): Doc {
    return fresh ? parse(row) : this.parsed.read(state.name, row.key, row.doc)
  }

  private remember(collection: string, key: string, doc: Doc | null, until: number) {
    let byKey = this.history.get(collection)
    if (!byKey) this.history.set(collection, (byKey = new Map()))
    const versions = byKey.get(key) ?? []
    versions.push({ doc, until })
    byKey.set(key, versions)
  }

  private register(spec: CollectionSpec): CollectionState {
    const stored = this.store.indexesOf(spec.name)
    const indexes: IndexState[] = spec.indexes.flatMap((index) => {
      const found = stored.get(index.name)
      if (!found) return []
      const fields = Object.keys(index.keys)
      return [{
        spec: index,
        fields,
        directions: fields.map((field) => (index.keys[field] === -1 ? -1 : 1)),
        table: found.table,
        get regular() {
          return found.regular
        },
      }]
    })
    const unique = indexes
      .filter((index) => index.spec.unique)
      .map((index) => new UniqueIndex(spec.name, index, (tuple) => this.owner(spec.name, index, tuple)))
    const state: CollectionState = { name: spec.name, spec, indexes, unique }
    this.collections.set(spec.name, state)
    return state
  }

  /** The key of the document holding a unique index entry, or null. */
  private owner(collection: string, index: IndexState, tuple: Buffer[]): string | null {
    const where = tuple.map((_, i) => `ix.k${i} = ?`).join(' AND ')
    const sql = `SELECT d.id AS key FROM ${index.table} AS ix CROSS JOIN ${docTable(collection)} AS d ON d.row = ix.row WHERE ${where}`
    return this.store.one<{ key: string }>(sql, tuple)?.key ?? null
  }
}

function sortDocs(docs: Doc[], sort: Record<string, 1 | -1>): Doc[] {
  return find(docs, {}, { order: sort })
}

function assertName(name: string) {
  if (!NAME.test(name)) throw invalidParam(`invalid collection name: ${name}`)
}
