import type { Database } from './cloudbase'

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
  }
}

/**
 * Run `work` as one atomic transaction: snapshot reads, all writes or none. A write conflict makes
 * the SDK run `work` again (so it must be safe to re-run); any other error rolls back and is rethrown.
 */
export const inTransaction = <T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> =>
  db.runTransaction(work as never) as Promise<T>
