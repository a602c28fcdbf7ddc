import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { CollectionSpec } from './types'

export interface StoredWrite {
  collection: string
  key: string
  /** canonical EJSON of the document; null deletes it */
  doc: string | null
}

/**
 * Durable storage in SQLite: one row per document (canonical EJSON), one per collection (its
 * declared indexes). WAL with synchronous=NORMAL: a committed write is in the WAL file before the
 * reply is sent, so it survives the process being killed (not necessarily a power cut).
 */
export class Store {
  private readonly db: Database.Database
  private readonly putDoc: Database.Statement
  private readonly deleteDoc: Database.Statement
  private readonly putCollection: Database.Statement
  private readonly writeBatch: (writes: StoredWrite[]) => void

  constructor(dataDir: string | null) {
    let file = ':memory:'
    if (dataDir !== null) {
      mkdirSync(dataDir, { recursive: true })
      file = path.join(dataDir, 'cloudbase.sqlite')
    }
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, spec TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS documents (
        coll TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (coll, id));
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `)
    this.putDoc = this.db.prepare(
      'INSERT INTO documents (coll, id, doc) VALUES (?, ?, ?) ON CONFLICT (coll, id) DO UPDATE SET doc = excluded.doc',
    )
    this.deleteDoc = this.db.prepare('DELETE FROM documents WHERE coll = ? AND id = ?')
    this.putCollection = this.db.prepare(
      'INSERT INTO collections (name, spec) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET spec = excluded.spec',
    )
    this.writeBatch = this.db.transaction((writes: StoredWrite[]) => {
      for (const write of writes) {
        if (write.doc === null) this.deleteDoc.run(write.collection, write.key)
        else this.putDoc.run(write.collection, write.key, write.doc)
      }
    })
  }

  collections(): CollectionSpec[] {
    const rows = this.db.prepare('SELECT spec FROM collections ORDER BY rowid').all() as { spec: string }[]
    return rows.map((row) => JSON.parse(row.spec) as CollectionSpec)
  }

  /** Documents in insertion order (rowid), as stored. */
  documents(collection: string): { key: string; doc: string }[] {
    return this.db.prepare('SELECT id AS key, doc FROM documents WHERE coll = ? ORDER BY rowid').all(collection) as {
      key: string
      doc: string
    }[]
  }

  saveCollection(spec: CollectionSpec): void {
    this.putCollection.run(spec.name, JSON.stringify(spec))
  }

  /** All writes in one SQLite transaction: all of them are durable, or none. */
  write(writes: StoredWrite[]): void {
    if (writes.length) this.writeBatch(writes)
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
}
