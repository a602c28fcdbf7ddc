import type { CollectionState, Engine, SelectOptions } from './engine'
import { duplicateWrite, invalidParam } from './errors'
import { cloneValue, idKey, isPlainObject, newId, parseEjson, resolveValues, toEjson } from './ejson'
import { aggregate, applyUpdate, type Criteria, find } from './query'
import type { Transaction, TransactionManager } from './transactions'
import type { Change, Doc } from './types'

export type Params = Record<string, unknown>
/** The reply body without `requestId` (the wire adds it). */
export type Reply = Record<string, unknown>

/** `where().get()` without `limit` asks for 100; CloudBase serves at most 1000 per call. */
export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 1000
/** CloudBase returns 20 aggregation results when the pipeline has no `$limit` stage. */
export const AGGREGATE_DEFAULT_LIMIT = 20

interface WritePlan<R> {
  /** every document the write touches (a non-transactional write waits for their locks) */
  keys: string[]
  changes: Change[]
  result: R
}

/**
 * The `database.*` wire actions, with the request and reply shapes of @cloudbase/database
 * (collection.ts, query.ts, document.ts, aggregate.ts, transaction/index.ts).
 */
export class DatabaseActions {
  constructor(
    private readonly engine: Engine,
    private readonly txm: TransactionManager,
  ) {}

  readonly handlers: Record<string, (params: Params) => Reply | Promise<Reply>> = {
    'database.getDocument': (p) => this.inTransaction(p, (tx) => this.getDocument(p, tx)),
    'database.calculateDocument': (p) => this.inTransaction(p, (tx) => this.calculateDocument(p, tx)),
    'database.insertDocument': (p) => this.inTransaction(p, (tx) => this.insertDocument(p, tx)),
    'database.modifyDocument': (p) => this.inTransaction(p, (tx) => this.modifyDocument(p, tx)),
    'database.modifyAndReturnDoc': (p) => this.inTransaction(p, (tx) => this.modifyAndReturnDoc(p, tx)),
    'database.removeDocument': (p) => this.inTransaction(p, (tx) => this.removeDocument(p, tx)),
    'database.aggregateDocuments': (p) => this.aggregateDocuments(p),
    'database.addCollection': (p) => {
      this.engine.addCollection(String(p.collectionName ?? ''))
      return {}
    },
    'database.startTransaction': () => ({ transactionId: this.txm.start().id }),
    'database.commitTransaction': (p) => {
      this.txm.commit(p.transactionId)
      return {}
    },
    'database.abortTransaction': (p) => {
      this.txm.abort(p.transactionId)
      return {}
    },
  }

  private async inTransaction(params: Params, run: (tx: Transaction | null) => Reply | Promise<Reply>): Promise<Reply> {
    if (params.transactionId === undefined) return run(null)
    const tx = this.txm.get(params.transactionId)
    try {
      return await run(tx)
    } catch (error) {
      this.txm.failOn(tx, error)
      throw error
    }
  }

  private getDocument(p: Params, tx: Transaction | null): Reply {
    const state = this.engine.collection(p.collectionName)
    const criteria = readCriteria(p.query)
    const projection = p.projection === undefined ? undefined : readObject(p.projection, 'projection')
    const docs = this.select(state, criteria, tx, {
      order: Object.entries(readOrder(p.order) ?? {}),
      offset: readCount(p.offset, 'offset') ?? 0,
      limit: Math.min(readCount(p.limit, 'limit') || DEFAULT_LIMIT, MAX_LIMIT),
    })
    const list = projection ? find(docs, {}, { projection }) : docs
    return { data: { list: list.map(toEjson) } }
  }

  private calculateDocument(p: Params, tx: Transaction | null): Reply {
    const state = this.engine.collection(p.collectionName)
    const criteria = readCriteria(p.query)
    const total = singleId(criteria) !== null ? this.select(state, criteria, tx).length : this.engine.count(state, criteria, tx?.overlay(this.engine, state))
    return { data: { total } }
  }

  private async insertDocument(p: Params, tx: Transaction | null): Promise<Reply> {
    const state = this.engine.collection(p.collectionName)
    if (!Array.isArray(p.data) || p.data.length === 0) throw invalidParam('data must be a non-empty array of EJSON documents')
    const now = Date.now()
    const docs = p.data.map((text) => {
      const doc = resolveValues(parseEjson(text, 'data'), now)
      if (!isPlainObject(doc)) throw invalidParam('a document must be an object')
      return doc._id === undefined ? { _id: newId(), ...doc } : doc
    })
    const changes = docs.map((doc) => ({ collection: state.name, key: idKey(doc._id), after: doc }))
    const ids = docs.map((doc) => doc._id)
    const seen = new Set<string>()
    for (const change of changes) {
      if (seen.has(change.key)) throw duplicateId(state.name, change.key)
      seen.add(change.key)
    }
    if (tx) {
      for (const change of changes) {
        if (tx.viewOne(this.engine, state, change.key)) throw duplicateId(state.name, change.key)
        this.checkUniqueInTransaction(tx, state, change)
        this.txm.stage(tx, state, change.key, change.after)
      }
    } else {
      await this.writeOutside(state, () => {
        for (const change of changes) if (this.engine.exists(state, change.key)) throw duplicateId(state.name, change.key)
        return { keys: [...seen], changes, result: null }
      })
    }
    return { data: { insertedIds: ids } }
  }

  private async modifyDocument(p: Params, tx: Transaction | null): Promise<Reply> {
    const state = this.engine.collection(p.collectionName)
    const criteria = readCriteria(p.query)
    const merge = p.merge !== false
    const update = readUpdate(p.data, merge)
    const multi = p.multi === true
    const upsert = p.upsert === true

    const plan = (): WritePlan<{ updated: number; upsertId?: unknown }> => {
      const targets = this.select(state, criteria, tx, { limit: multi ? Infinity : 1 })
      const keys = targets.map((doc) => idKey(doc._id))
      const changes: Change[] = []
      targets.forEach((doc, i) => {
        const next = merge ? applyUpdate(doc, update) : replaceDoc(doc, update)
        if (next.changed) changes.push({ collection: state.name, key: keys[i], after: next.doc, before: tx ? undefined : doc })
      })
      if (targets.length || !upsert) return { keys, changes, result: { updated: changes.length } }
      const seeded = merge ? applyUpdate(seedFrom(criteria), update).doc : { ...seedFrom(criteria), ...update }
      const created = seeded._id === undefined ? { _id: newId(), ...seeded } : seeded
      const key = idKey(created._id)
      if (tx ? tx.viewOne(this.engine, state, key) : this.engine.exists(state, key)) throw duplicateId(state.name, key)
      return { keys: [key], changes: [{ collection: state.name, key, after: created, before: null }], result: { updated: 0, upsertId: created._id } }
    }

    const result = await this.write(state, tx, plan)
    return { data: result.upsertId === undefined ? { updated: result.updated } : { updated: 0, upsert_id: result.upsertId } }
  }

  private async modifyAndReturnDoc(p: Params, tx: Transaction | null): Promise<Reply> {
    const state = this.engine.collection(p.collectionName)
    const criteria = readCriteria(p.query)
    const update = readUpdate(p.data, true)
    const result = await this.write(state, tx, () => {
      const target = this.select(state, criteria, tx, { limit: 1 })[0]
      if (!target) return { keys: [], changes: [], result: { updated: 0, doc: null as Doc | null } }
      const key = idKey(target._id)
      const next = applyUpdate(target, update)
      const changes = next.changed ? [{ collection: state.name, key, after: next.doc, before: tx ? undefined : target }] : []
      return { keys: [key], changes, result: { updated: changes.length, doc: next.doc } }
    })
    return { data: { updated: result.updated, doc: result.doc && toEjson(result.doc) } }
  }

  private async removeDocument(p: Params, tx: Transaction | null): Promise<Reply> {
    const state = this.engine.collection(p.collectionName)
    const criteria = readCriteria(p.query)
    const multi = p.multi === true
    const deleted = await this.write(state, tx, () => {
      const keys = this.select(state, criteria, tx, { limit: multi ? Infinity : 1 }).map((doc) => idKey(doc._id))
      return { keys, changes: keys.map((key) => ({ collection: state.name, key, after: null })), result: keys.length }
    })
    return { data: { deleted } }
  }

  private aggregateDocuments(p: Params): Reply {
    const state = this.engine.collection(p.collectionName)
    if (!Array.isArray(p.stages)) throw invalidParam('stages must be an array')
    const now = Date.now()
    const pipeline = p.stages.map((stage: unknown) => {
      if (!isPlainObject(stage) || typeof stage.stageKey !== 'string') throw invalidParam('a stage needs stageKey and stageValue')
      return { [stage.stageKey]: resolveValues(parseEjson(stage.stageValue, stage.stageKey), now, true) }
    })
    const defaultLimit = !pipeline.some((stage) => '$limit' in stage)
    const { select, rest } = leadingSelect(pipeline)
    if (defaultLimit) rest.push({ $limit: AGGREGATE_DEFAULT_LIMIT })
    const all = (name: string) => Array.from(this.engine.scan(this.engine.collection(name)))
    // the stages may write into the documents they are given: they get copies of their own
    if (select) return { data: { list: aggregate(this.engine.select(state, select.criteria, { ...select, fresh: true }), rest, all).map(toEjson) } }
    const source = this.engine.scan(state)
    try {
      return { data: { list: aggregate(source, rest, all).map(toEjson) } }
    } finally {
      source.return(undefined)
    }
  }

  /**
   * The documents a query matches, as `tx` sees them (null: the committed state): a point lookup
   * when it names one `_id`, else the engine's plan (an index read, or the whole collection).
   */
  private select(state: CollectionState, criteria: Criteria, tx: Transaction | null, options: SelectOptions = {}): Doc[] {
    const key = singleId(criteria)
    if (key !== null) {
      const doc = tx ? tx.viewOne(this.engine, state, key) : this.engine.docAt(state, key, null)
      const { order = [], offset, limit } = options
      return doc ? find([doc], criteria, { order: order.length ? Object.fromEntries(order) : undefined, offset, limit: limit === Infinity ? undefined : limit }) : []
    }
    return this.engine.select(state, criteria, options, tx?.overlay(this.engine, state))
  }

  /** A write inside a transaction is staged under its locks; outside, it waits for them and applies. */
  private async write<R>(state: CollectionState, tx: Transaction | null, plan: () => WritePlan<R>): Promise<R> {
    if (!tx) return this.writeOutside(state, plan)
    const { changes, result } = plan()
    for (const change of changes) {
      this.checkUniqueInTransaction(tx, state, change)
      this.txm.stage(tx, state, change.key, change.after)
    }
    return result
  }

  private async writeOutside<R>(state: CollectionState, plan: () => WritePlan<R>): Promise<R> {
    for (;;) {
      const { keys, changes, result } = plan()
      const holder = this.txm.blocker(state.name, keys)
      if (!holder) {
        this.engine.apply(changes)
        return result
      }
      await holder.done
    }
  }

  /** Unique indexes against the committed documents, counting this transaction's own writes. */
  private checkUniqueInTransaction(tx: Transaction, state: CollectionState, change: Change) {
    if (!state.unique.length) return
    const own = [...tx.writes.values()].filter((c) => c.collection === state.name && c.key !== change.key)
    for (const index of state.unique) index.check([...own, change])
  }
}

const duplicateId = (collection: string, key: string) => duplicateWrite(collection, '_id_', `{ _id: ${JSON.stringify(key.slice(2))} }`)

function readObject(value: unknown, what: string): Record<string, unknown> {
  const parsed = parseEjson(value, what)
  if (!isPlainObject(parsed)) throw invalidParam(`${what} must be an object`)
  return parsed
}

function readCriteria(query: unknown): Criteria {
  if (query === undefined || query === '') return {}
  return resolveValues(readObject(query, 'query'), Date.now(), true) as Criteria
}

function readUpdate(data: unknown, merge: boolean): Doc {
  const update = resolveValues(readObject(data, 'data'), Date.now()) as Doc
  const operators = Object.keys(update).filter((key) => key.startsWith('$'))
  if (!merge) {
    if (operators.length) throw invalidParam('update operators are not allowed in set()')
    if (update._id !== undefined) throw invalidParam('不能更新_id的值')
    return update
  }
  if (operators.length === 0) return { $set: update }
  if (operators.length !== Object.keys(update).length) throw invalidParam('an update mixes operators and plain fields')
  return update
}

function readOrder(order: unknown): Record<string, 1 | -1> | undefined {
  if (order === undefined) return undefined
  const parsed = parseEjson(order, 'order')
  const out: Record<string, 1 | -1> = {}
  const entries: [unknown, unknown][] = Array.isArray(parsed)
    ? parsed.map((item) => (isPlainObject(item) ? [item.field, item.direction] : [undefined, undefined]))
    : isPlainObject(parsed)
      ? Object.entries(parsed)
      : []
  for (const [field, direction] of entries) {
    if (typeof field !== 'string') throw invalidParam('order must name fields')
    out[field] = direction === -1 || direction === 'desc' ? -1 : 1
  }
  return out
}

function readCount(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalidParam(`${what} must be a non-negative integer`)
  return value
}

/** The key of the one document a query names by `_id` (`{ _id: x, … }`), or null. */
function singleId(criteria: Criteria): string | null {
  let id = criteria._id
  if (isPlainObject(id) && Object.keys(id).length === 1 && '$eq' in id) id = id.$eq
  if (typeof id !== 'string' && typeof id !== 'number') return null
  try {
    return idKey(id)
  } catch {
    return null
  }
}

function replaceDoc(doc: Doc, replacement: Doc): { doc: Doc; changed: boolean } {
  const next = { _id: doc._id, ...cloneValue(replacement) }
  return { doc: next, changed: toEjson(next) !== toEjson(doc) }
}

/** The document an upsert starts from: the equality conditions of the query. */
function seedFrom(criteria: Criteria): Doc {
  const seed: Doc = {}
  for (const [path, value] of Object.entries(criteria)) {
    if (path.startsWith('$')) continue
    let plain = value
    if (isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'))) {
      if (!('$eq' in value)) continue
      plain = value.$eq
    }
    const parts = path.split('.')
    let target = seed
    for (const part of parts.slice(0, -1)) {
      if (!isPlainObject(target[part])) target[part] = {}
      target = target[part] as Doc
    }
    target[parts[parts.length - 1]] = cloneValue(plain)
  }
  return seed
}

/**
 * A leading `$match` (with a `$sort` of plain directions, `$skip` and `$limit` right after it) that
 * the engine runs as a query, so an index answers it; the rest of the pipeline goes to mingo.
 */
function leadingSelect(pipeline: Doc[]): { select: (SelectOptions & { criteria: Criteria }) | null; rest: Doc[] } {
  const first = pipeline[0]
  if (!first || !isPlainObject(first.$match)) return { select: null, rest: pipeline }
  const select: SelectOptions & { criteria: Criteria } = { criteria: first.$match as Criteria }
  let i = 1
  const sort = pipeline[i]?.$sort
  if (isPlainObject(sort) && Object.keys(sort).length && Object.values(sort).every((d) => d === 1 || d === -1)) {
    select.order = Object.entries(sort as Record<string, 1 | -1>)
    i++
  }
  const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null)
  if (count(pipeline[i]?.$skip) !== null) select.offset = count(pipeline[i++].$skip)!
  if (count(pipeline[i]?.$limit) !== null) select.limit = count(pipeline[i++].$limit)!
  return { select, rest: pipeline.slice(i) }
}
