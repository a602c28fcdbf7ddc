import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { CollectionSpec, IndexSpec } from './types'

/** One document write with the entries of every index of its collection (by index name). */
export interface StoredWrite {
  collection: string
  key: string
  /** canonical EJSON of the document; null deletes it */
  doc: string | null
  /** the entries of the indexes to (re)write, by index name */
  entries: Map<string, Buffer[][]>
  /** indexes whose entries the write leaves as they are (neither deleted nor rewritten) */
  unchanged?: ReadonlySet<string>
}

export interface StoredIndex {
  spec: IndexSpec
  table: string
  regular: boolean
}

/** One document row: `row` is its place in insertion order (an unsorted query's order). */
export interface DocRow {
  row: number
  key: string
  doc: string
}

const MAX_STATEMENTS = 500

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`
export const docTable = (collection: string) => quote(`doc:${collection}`)
const indexTable = (collection: string, index: string) => quote(`idx:${collection}:${index}`)
const sameSpec = (a: IndexSpec, b: IndexSpec) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Durable storage in SQLite, the documents' only home: a table per collection (`doc:<name>`: row,
 * id, canonical EJSON) and a table per declared index (`idx:<name>:<index>`, WITHOUT ROWID, primary
 * key = the index keys in their declared directions, then the document's row; a unique index's
 * primary key is the keys alone, so SQLite enforces it too). WAL with synchronous=NORMAL: a
 * committed write is in the WAL file before the reply is sent, so it survives the process being
 * killed (not necessarily a power cut).
 */
export class Store {
  private readonly db: Database.Database
  private readonly statements = new Map<string, Database.Statement>()
  private readonly indexes = new Map<string, Map<string, StoredIndex>>()
  private readonly writeBatch: (writes: StoredWrite[], irregular: { collection: string; index: string }[]) => void
  /** documents read from SQLite (parsed or not): what a test counts to prove a query did not scan */
  docsRead = 0
  /** index rows deleted or inserted by document writes: what a test counts to prove an unchanged index was left alone */
  indexRowsWritten = 0

  constructor(dataDir: string | null) {
    let file = ':memory:'
    if (dataDir !== null) {
      mkdirSync(dataDir, { recursive: true })
      file = path.join(dataDir, 'cloudbase.sqlite')
    }
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('cache_size = -8000') // 8 MB of page cache, whatever the collection sizes
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, spec TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS indexes (
        coll TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, regular INTEGER NOT NULL, PRIMARY KEY (coll, name));
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `)
    this.migrate()
    const rows = this.db.prepare('SELECT coll, name, spec, regular FROM indexes').all() as { coll: string; name: string; spec: string; regular: number }[]
    for (const row of rows) this.indexesOf(row.coll).set(row.name, { spec: JSON.parse(row.spec), table: indexTable(row.coll, row.name), regular: row.regular === 1 })

    this.writeBatch = this.db.transaction((writes: StoredWrite[], irregular: { collection: string; index: string }[]) => {
      // every old entry goes first, so that a batch moving a unique value between documents passes
      const rows = writes.map((write) => {
        const row = (this.prepare(`SELECT row FROM ${docTable(write.collection)} WHERE id = ?`).get(write.key) as { row: number } | undefined)?.row
        if (row !== undefined) {
          for (const [name, index] of this.indexesOf(write.collection)) {
            if (write.doc !== null && write.unchanged?.has(name)) continue
            this.indexRowsWritten += this.prepare(`DELETE FROM ${index.table} WHERE row = ?`).run(row).changes
          }
        }
        return row
      })
      writes.forEach((write, i) => {
        const table = docTable(write.collection)
        if (write.doc === null) {
          if (rows[i] !== undefined) this.prepare(`DELETE FROM ${table} WHERE row = ?`).run(rows[i])
          return
        }
        let row = rows[i]
        if (row === undefined) row = Number(this.prepare(`INSERT INTO ${table} (id, doc) VALUES (?, ?)`).run(write.key, write.doc).lastInsertRowid)
        else this.prepare(`UPDATE ${table} SET doc = ? WHERE row = ?`).run(write.doc, row)
        for (const [name, tuples] of write.entries) {
          const index = this.indexesOf(write.collection).get(name)
          if (!index) continue
          const insert = this.prepare(`INSERT INTO ${index.table} VALUES (${Object.keys(index.spec.keys).map(() => '?').join(', ')}, ?)`)
          for (const tuple of tuples) insert.run(...tuple, row)
          this.indexRowsWritten += tuples.length
        }
      })
      for (const { collection, index } of irregular) {
        this.prepare('UPDATE indexes SET regular = 0 WHERE coll = ? AND name = ?').run(collection, index)
      }
    })
  }

  collections(): CollectionSpec[] {
    const rows = this.db.prepare('SELECT spec FROM collections ORDER BY rowid').all() as { spec: string }[]
    return rows.map((row) => JSON.parse(row.spec) as CollectionSpec)
  }

  /** Saves a collection's declaration and creates its table (idempotent). */
  saveCollection(spec: CollectionSpec): void {
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${docTable(spec.name)} (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)`)
    this.prepare('INSERT INTO collections (name, spec) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET spec = excluded.spec').run(spec.name, JSON.stringify(spec))
  }

  /** The stored indexes of a collection, by name. */
  indexesOf(collection: string): Map<string, StoredIndex> {
    let byName = this.indexes.get(collection)
    if (!byName) this.indexes.set(collection, (byName = new Map()))
    return byName
  }

  /**
   * Makes the collection's index tables those of `specs`: drops undeclared ones, (re)builds new or
   * changed ones from the documents (`entries` computes a document's entries). A unique index that
   * the existing documents break fails the whole declaration (nothing changes).
   */
  declareIndexes(collection: string, specs: IndexSpec[], entries: (doc: string, spec: IndexSpec) => { tuples: Buffer[][]; regular: boolean }): void {
    const current = this.indexesOf(collection)
    const wanted = new Map(specs.map((spec) => [spec.name, spec]))
    const rebuild = specs.filter((spec) => !current.has(spec.name) || !sameSpec(current.get(spec.name)!.spec, spec))
    const drop = [...current.keys()].filter((name) => !wanted.has(name) || rebuild.some((spec) => spec.name === name))
    if (!rebuild.length && !drop.length) return
    const built = new Map<string, StoredIndex>()
    this.db.transaction(() => {
      for (const name of drop) {
        this.db.exec(`DROP TABLE IF EXISTS ${indexTable(collection, name)}`)
        this.prepare('DELETE FROM indexes WHERE coll = ? AND name = ?').run(collection, name)
      }
      for (const spec of rebuild) {
        const table = indexTable(collection, spec.name)
        const fields = Object.keys(spec.keys)
        const columns = fields.map((_, i) => `k${i} BLOB NOT NULL`).join(', ')
        const key = fields.map((field, i) => `k${i} ${spec.keys[field] === -1 ? 'DESC' : 'ASC'}`).join(', ')
        this.db.exec(`CREATE TABLE ${table} (${columns}, row INTEGER NOT NULL, PRIMARY KEY (${key}${spec.unique ? '' : ', row'})) WITHOUT ROWID`)
        this.db.exec(`CREATE INDEX ${quote(`idx:${collection}:${spec.name}:row`)} ON ${table} (row)`)
        const insert = this.db.prepare(`INSERT INTO ${table} VALUES (${fields.map(() => '?').join(', ')}, ?)`)
        let regular = true
        // in slices: SQLite does not let a connection write while it iterates
        const slice = this.db.prepare(`SELECT row, doc FROM ${docTable(collection)} WHERE row > ? ORDER BY row LIMIT 1000`)
        for (let after = 0; ; ) {
          const rows = slice.all(after) as { row: number; doc: string }[]
          if (!rows.length) break
          for (const row of rows) {
            const computed = entries(row.doc, spec)
            regular &&= computed.regular
            for (const tuple of computed.tuples) {
              try {
                insert.run(...tuple, row.row)
              } catch (error) {
                if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error
                throw new Error(`existing documents of "${collection}" break the unique index "${spec.name}"`)
              }
            }
          }
          after = rows[rows.length - 1].row
        }
        this.prepare('INSERT INTO indexes (coll, name, spec, regular) VALUES (?, ?, ?, ?)').run(collection, spec.name, JSON.stringify(spec), regular ? 1 : 0)
        built.set(spec.name, { spec, table, regular })
      }
    })()
    for (const name of drop) current.delete(name)
    for (const [name, index] of built) current.set(name, index)
  }

  /** All writes in one SQLite transaction: all of them are durable, or none. */
  write(writes: StoredWrite[], irregular: { collection: string; index: string }[] = []): void {
    if (!writes.length) return
    this.writeBatch(writes, irregular)
    for (const { collection, index } of irregular) {
      const stored = this.indexesOf(collection).get(index)
      if (stored) stored.regular = false
    }
  }

  /** One document by key (a point lookup on its id). */
  get(collection: string, key: string): DocRow | null {
    const row = this.prepare(`SELECT row, id AS key, doc FROM ${docTable(collection)} WHERE id = ?`).get(key) as DocRow | undefined
    if (row) this.docsRead++
    return row ?? null
  }

  has(collection: string, key: string): boolean {
    return this.prepare(`SELECT 1 FROM ${docTable(collection)} WHERE id = ?`).get(key) !== undefined
  }

  byRow(collection: string, row: number): DocRow | null {
    const found = this.prepare(`SELECT row, id AS key, doc FROM ${docTable(collection)} WHERE row = ?`).get(row) as DocRow | undefined
    if (found) this.docsRead++
    return found ?? null
  }

  /** Every document of a collection in insertion order, read lazily (its own statement: scans may nest). */
  *scan(collection: string): Generator<DocRow> {
    for (const row of this.db.prepare(`SELECT row, id AS key, doc FROM ${docTable(collection)} ORDER BY row`).iterate() as IterableIterator<DocRow>) {
      this.docsRead++
      yield row
    }
  }

  count(collection: string): number {
    return (this.prepare(`SELECT COUNT(*) AS n FROM ${docTable(collection)}`).get() as { n: number }).n
  }

  /** Rows of a query the planner wrote (see plan.ts), read lazily. */
  *query<T>(sql: string, params: unknown[]): Generator<T> {
    for (const row of this.prepare(sql).iterate(...params) as IterableIterator<T>) yield row
  }

  /** One row of a query the planner wrote. */
  one<T>(sql: string, params: unknown[]): T | undefined {
    return this.prepare(sql).get(...params) as T | undefined
  }

  /** SQLite's plan for a query (`EXPLAIN QUERY PLAN`), one line per step. */
  explain(sql: string, params: unknown[]): string[] {
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail)
  }

  meta(key: string, create: () => string): string {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined
    if (row) return row.value
    const value = create()
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, value)
    return value
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql)
    if (statement) return statement
    // planned queries vary (the length of an IN list): keep the most recent few hundred
    if (this.statements.size >= MAX_STATEMENTS) this.statements.delete(this.statements.keys().next().value as string)
    this.statements.set(sql, (statement = this.db.prepare(sql)))
    return statement
  }

  /** Data directories written before per-collection tables: `documents (coll, id, doc)` moves over once. */
  private migrate() {
    const old = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'").get()
    if (!old) return
    this.db.transaction(() => {
      for (const spec of this.collections()) {
        this.db.exec(`CREATE TABLE IF NOT EXISTS ${docTable(spec.name)} (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)`)
        this.db.prepare(`INSERT INTO ${docTable(spec.name)} (id, doc) SELECT id, doc FROM documents WHERE coll = ? ORDER BY rowid`).run(spec.name)
      }
      this.db.exec('DROP TABLE documents')
    })()
  }
}
