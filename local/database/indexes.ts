import { EJSON } from 'bson'
import { duplicateWrite } from './errors'
import { isPlainObject } from './ejson'
import type { Change, Doc, IndexSpec } from './types'

/**
 * A declared unique index, enforced like MongoDB (which CloudBase runs on): a missing field indexes
 * as null (so two documents without the field collide), an array field indexes each element.
 */
export class UniqueIndex {
  /** index entry -> key of the document holding it */
  private readonly entries = new Map<string, string>()
  private readonly fields: string[]

  constructor(
    readonly collection: string,
    readonly spec: IndexSpec,
  ) {
    this.fields = Object.keys(spec.keys)
  }

  entriesOf(doc: Doc): string[] {
    let tuples: string[][] = [[]]
    for (const field of this.fields) {
      const values = valuesAt(doc, field.split('.'))
      const keys = [...new Set((values.length ? values : [null]).map(valueKey))]
      tuples = tuples.flatMap((tuple) => keys.map((key) => [...tuple, key]))
    }
    return tuples.map((tuple) => JSON.stringify(tuple))
  }

  /** Throws DATABASE_DUPLICATE_WRITE if applying `changes` (all in this collection) would break uniqueness. */
  check(changes: Change[]): void {
    const byKey = new Map(changes.map((change) => [change.key, change]))
    const claimed = new Map<string, string>()
    for (const change of changes) {
      if (!change.after) continue
      for (const entry of this.entriesOf(change.after)) {
        const other = claimed.get(entry)
        if (other !== undefined && other !== change.key) throw this.duplicate(entry)
        claimed.set(entry, change.key)
        const owner = this.entries.get(entry)
        if (owner === undefined || owner === change.key) continue
        const ownerChange = byKey.get(owner)
        const ownerKeeps = !ownerChange || (ownerChange.after !== null && this.entriesOf(ownerChange.after).includes(entry))
        if (ownerKeeps) throw this.duplicate(entry)
      }
    }
  }

  apply(key: string, before: Doc | null, after: Doc | null): void {
    if (before) for (const entry of this.entriesOf(before)) if (this.entries.get(entry) === key) this.entries.delete(entry)
    if (after) for (const entry of this.entriesOf(after)) this.entries.set(entry, key)
  }

  private duplicate(entry: string) {
    const values = JSON.parse(entry) as string[]
    const shown = this.fields.map((field, i) => `${field}: ${showKey(values[i])}`).join(', ')
    return duplicateWrite(this.collection, this.spec.name, `{ ${shown} }`)
  }
}

/** Values at a dotted path, descending into arrays of sub-documents; an array value yields its elements. */
function valuesAt(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(value) ? (value.length ? value : [undefined]) : [value]
  if (Array.isArray(value)) {
    const index = Number(path[0])
    if (Number.isInteger(index) && String(index) === path[0]) return valuesAt(value[index], path.slice(1))
    return value.flatMap((item) => (isPlainObject(item) ? valuesAt(item, path) : []))
  }
  if (!isPlainObject(value)) return []
  if (!(path[0] in value)) return []
  return valuesAt(value[path[0]], path.slice(1))
}

function valueKey(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'number') return `n:${Object.is(value, -0) ? 0 : value}`
  if (typeof value === 'string') return `s:${JSON.stringify(value)}`
  if (typeof value === 'boolean') return `b:${value}`
  if (value instanceof Date) return `d:${value.getTime()}`
  return `j:${EJSON.stringify({ v: value as Doc }, { relaxed: false })}`
}

/** An index value key written back the way MongoDB prints a duplicate key. */
function showKey(key: string): string {
  if (key.startsWith('d:')) return `new Date(${key.slice(2)})`
  return key === 'null' ? 'null' : key.slice(2)
}
