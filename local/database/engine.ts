import { collectionAlreadyExist, collectionNotExist, invalidParam } from './errors'
import { parseEjson, toEjson } from './ejson'
import { UniqueIndex } from './indexes'
import type { Store } from './store'
import type { Change, CollectionSpec, Doc } from './types'

interface Stored {
  doc: Doc
  /** sequence number of the write that produced this version */
  version: number
}

/** The state a document had before the write numbered `until`. */
interface PastVersion {
  doc: Doc | null
  until: number
}

export interface CollectionState {
  readonly name: string
  spec: CollectionSpec
  /** in insertion order, which is the order of an unsorted query */
  readonly docs: Map<string, Stored>
  unique: UniqueIndex[]
}

const NAME = /^[A-Za-z0-9_-]{1,128}$/

/**
 * The documents, held in memory (authoritative, loaded from SQLite at start) and written through
 * to SQLite before a write is acknowledged. Every write batch gets the next sequence number; while
 * transactions are open, the versions they may still read are kept so they read a snapshot.
 * Stored documents are never mutated: a write replaces the object.
 */
export class Engine {
  private readonly collections = new Map<string, CollectionState>()
  private readonly history = new Map<string, Map<string, PastVersion[]>>()
  private seq = 0

  constructor(
    private readonly store: Store,
    /** the oldest snapshot an open transaction reads, or null when none is open */
    private readonly snapshotFloor: () => number | null,
  ) {
    for (const spec of store.collections()) {
      const state = this.register(spec)
      for (const row of store.documents(spec.name)) state.docs.set(row.key, { doc: parseEjson(row.doc, 'stored document') as Doc, version: 0 })
      this.rebuildUnique(state)
    }
  }

  get sequence(): number {
    return this.seq
  }

  /** Creates missing collections and (re)declares the indexes of the given ones. */
  declare(specs: CollectionSpec[]): void {
    for (const spec of specs) {
      assertName(spec.name)
      const state = this.collections.get(spec.name) ?? this.register(spec)
      state.spec = spec
      this.rebuildUnique(state)
      this.store.saveCollection(spec)
    }
  }

  addCollection(name: string): void {
    assertName(name)
    if (this.collections.has(name)) throw collectionAlreadyExist(name)
    const spec = { name, indexes: [] }
    this.register(spec)
    this.store.saveCollection(spec)
  }

  collection(name: unknown): CollectionState {
    if (typeof name !== 'string' || !name) throw invalidParam('collectionName is required')
    const state = this.collections.get(name)
    if (!state) throw collectionNotExist(name)
    return state
  }

  /** The documents of a collection as of `seq` (null: now), in insertion order. */
  docsAt(state: CollectionState, seq: number | null): Map<string, Doc> {
    const out = new Map<string, Doc>()
    const past = seq === null ? undefined : this.history.get(state.name)
    for (const [key, stored] of state.docs) {
      const doc = past && seq !== null ? resolve(past.get(key), seq, stored.doc) : stored.doc
      if (doc) out.set(key, doc)
    }
    if (past && seq !== null) {
      for (const [key, versions] of past) {
        if (state.docs.has(key)) continue
        const doc = resolve(versions, seq, null)
        if (doc) out.set(key, doc)
      }
    }
    return out
  }

  docAt(state: CollectionState, key: string, seq: number | null): Doc | null {
    const current = state.docs.get(key)?.doc ?? null
    if (seq === null) return current
    return resolve(this.history.get(state.name)?.get(key), seq, current)
  }

  /** Sequence number of the last write to the document (its deletion included), 0 if unknown. */
  lastWrite(state: CollectionState, key: string): number {
    const stored = state.docs.get(key)
    if (stored) return stored.version
    const versions = this.history.get(state.name)?.get(key)
    return versions?.length ? versions[versions.length - 1].until : 0
  }

  /**
   * Applies a batch atomically: checks unique indexes, writes it to SQLite in one transaction,
   * then to memory. Throws (with nothing applied) on a duplicate key.
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

    this.store.write(changes.map((c) => ({ collection: c.collection, key: c.key, doc: c.after && toEjson(c.after) })))

    const seq = ++this.seq
    const keepHistory = this.snapshotFloor() !== null
    for (const change of changes) {
      const state = this.collection(change.collection)
      const before = state.docs.get(change.key)?.doc ?? null
      if (keepHistory) this.remember(change.collection, change.key, before, seq)
      for (const index of state.unique) index.apply(change.key, before, change.after)
      if (change.after) state.docs.set(change.key, { doc: change.after, version: seq })
      else state.docs.delete(change.key)
    }
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

  private remember(collection: string, key: string, doc: Doc | null, until: number) {
    let byKey = this.history.get(collection)
    if (!byKey) this.history.set(collection, (byKey = new Map()))
    const versions = byKey.get(key) ?? []
    versions.push({ doc, until })
    byKey.set(key, versions)
  }

  private register(spec: CollectionSpec): CollectionState {
    const state: CollectionState = { name: spec.name, spec, docs: new Map(), unique: [] }
    this.collections.set(spec.name, state)
    return state
  }

  private rebuildUnique(state: CollectionState) {
    state.unique = state.spec.indexes.filter((index) => index.unique).map((index) => new UniqueIndex(state.name, index))
    for (const index of state.unique) {
      const all: Change[] = [...state.docs].map(([key, stored]) => ({ collection: state.name, key, after: stored.doc }))
      try {
        index.check(all)
      } catch (error) {
        throw new Error(`existing documents of "${state.name}" break the unique index "${index.spec.name}": ${(error as Error).message}`)
      }
      for (const change of all) index.apply(change.key, null, change.after)
    }
  }
}

/** The version visible at `seq`: the state before the first write after it, else the current one. */
function resolve(versions: PastVersion[] | undefined, seq: number, current: Doc | null): Doc | null {
  if (versions) for (const version of versions) if (version.until > seq) return version.doc
  return current
}

function assertName(name: string) {
  if (!NAME.test(name)) throw invalidParam(`invalid collection name: ${name}`)
}
