/** The collection declaration is the functions' own (cloudfunctions/core/collections.ts); types only. */
export type { CollectionSpec, IndexSpec } from '../../cloudfunctions/core/collections'

/** A document as the engine holds it: EJSON parsed in relaxed mode (numbers, Dates, strings, …). */
export type Doc = Record<string, unknown>

/** One document write: `after` null deletes. `key` is the canonical form of `_id` (see `idKey`). */
export interface Change {
  collection: string
  key: string
  after: Doc | null
  /**
   * The committed document the write replaces, when the writer read it in the same turn (null: there
   * was none); an index whose entries it leaves as they were is not rewritten. Unknown (undefined):
   * every index is rewritten.
   */
  before?: Doc | null
}
