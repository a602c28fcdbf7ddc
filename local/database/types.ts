/** Shapes shared by the engine's modules. Structurally the same as the functions' collection declaration. */
export interface IndexSpec {
  name: string
  keys: Record<string, 1 | -1>
  unique?: boolean
}

export interface CollectionSpec {
  name: string
  indexes: IndexSpec[]
}

/** A document as the engine holds it: EJSON parsed in relaxed mode (numbers, Dates, strings, …). */
export type Doc = Record<string, unknown>

/** One document write: `after` null deletes. `key` is the canonical form of `_id` (see `idKey`). */
export interface Change {
  collection: string
  key: string
  after: Doc | null
}
