/** The collection declaration is the functions' own (cloudfunctions/core/collections.ts); types only. */
export type { CollectionSpec, IndexSpec } from '../../cloudfunctions/core/collections'

/** A document as the engine holds it: EJSON parsed in relaxed mode (numbers, Dates, strings, …). */
export type Doc = Record<string, unknown>

/** One document write: `after` null deletes. `key` is the canonical form of `_id` (see `idKey`). */
export interface Change {
  collection: string
  key: string
  after: Doc | null
}
