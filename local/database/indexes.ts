import { EJSON } from 'bson'
import { duplicateWrite } from './errors'
import { isPlainObject } from './ejson'
import type { Change, Doc, IndexSpec } from './types'

/**
 * Index keys. Every declared index (unique or not, compound, with directions) is an SQLite table
 * of entries `(k0, k1, …, row)` (see store.ts); this module turns a document into those entries.
 *
 * A key is a BLOB whose byte order (memcmp, which is how SQLite compares BLOBs) follows the order
 * mingo sorts and compares values in: a type byte in mingo's type order (null < number < string <
 * object < boolean < date), then the value — numbers and dates as order-preserving 8-byte doubles,
 * strings as UTF-16BE (JavaScript's code-unit order, which is mingo's). A missing field indexes as
 * null, as in MongoDB, so two documents without a unique field collide. An array indexes each
 * element (a multikey index, as in MongoDB).
 *
 * An index is *regular* while every value it has seen is a scalar (null, number, string, boolean,
 * date) outside arrays: then a key is exactly one value of one document, so a range on it is
 * exact and its order is the sort order. Arrays, objects and other BSON types make it irregular
 * (persisted, never cleared): it then only narrows candidates, and mingo re-checks everything.
 */
export const TYPE = { null: 0x02, number: 0x03, string: 0x04, object: 0x06, boolean: 0x09, date: 0x0a, other: 0x0f } as const

const NULL_KEY = Buffer.from([TYPE.null])

/** The first key of the next type: the exclusive upper end of a type's keys. */
export const typeEnd = (type: number) => Buffer.from([type + 1])
export const typeStart = (type: number) => Buffer.from([type])

function doubleKey(type: number, value: number): Buffer {
  const out = Buffer.alloc(9)
  out[0] = type
  out.writeDoubleBE(Object.is(value, -0) ? 0 : value, 1)
  if (out[1] & 0x80) for (let i = 1; i < 9; i++) out[i] = ~out[i] & 0xff
  else out[1] |= 0x80
  return out
}

function stringKey(value: string): Buffer {
  const out = Buffer.allocUnsafe(1 + 2 * value.length)
  out[0] = TYPE.string
  out.write(value, 1, 'utf16le')
  out.subarray(1).swap16()
  return out
}

/**
 * The key of a scalar a query compares with, or null when the value cannot be answered by an index
 * (NaN, invalid dates, objects, arrays, regular expressions, BSON types).
 */
export function scalarKey(value: unknown): { key: Buffer; type: number } | null {
  if (value === null || value === undefined) return { key: NULL_KEY, type: TYPE.null }
  if (typeof value === 'number') return Number.isNaN(value) ? null : { key: doubleKey(TYPE.number, value), type: TYPE.number }
  if (typeof value === 'string') return { key: stringKey(value), type: TYPE.string }
  if (typeof value === 'boolean') return { key: Buffer.from([TYPE.boolean, value ? 1 : 0]), type: TYPE.boolean }
  if (value instanceof Date) {
    const time = value.getTime()
    return Number.isNaN(time) ? null : { key: doubleKey(TYPE.date, time), type: TYPE.date }
  }
  return null
}

/** The key of any document value; `regular` is false for values that make an index irregular. */
function valueKey(value: unknown): { key: Buffer; regular: boolean } {
  const scalar = scalarKey(value)
  if (scalar) return { key: scalar.key, regular: true }
  const type = isPlainObject(value) ? TYPE.object : TYPE.other
  const body = Buffer.from(EJSON.stringify({ v: value as Doc }, { relaxed: false }), 'utf8')
  return { key: Buffer.concat([Buffer.from([type]), body]), regular: false }
}

/** Values at a dotted path, descending into arrays of sub-documents; an array yields its elements (and theirs). */
function valuesAt(value: unknown, path: string[], out: unknown[], shape: { array: boolean }): void {
  if (path.length === 0) {
    if (!Array.isArray(value)) {
      out.push(value)
      return
    }
    shape.array = true
    if (!value.length) out.push(undefined)
    for (const item of value) {
      out.push(item)
      // mingo's equality also looks one level into nested arrays
      if (Array.isArray(item)) out.push(...item)
    }
    return
  }
  if (Array.isArray(value)) {
    shape.array = true
    const index = Number(path[0])
    if (Number.isInteger(index) && String(index) === path[0]) valuesAt(value[index], path.slice(1), out, shape)
    for (const item of value) if (isPlainObject(item)) valuesAt(item, path, out, shape)
    return
  }
  if (!isPlainObject(value) || !(path[0] in value)) {
    out.push(undefined)
    return
  }
  valuesAt(value[path[0]], path.slice(1), out, shape)
}

export interface Entries {
  /** distinct key tuples, one per index column */
  tuples: Buffer[][]
  regular: boolean
}

/** The index entries of a document: the cross product of each field's keys (one tuple for scalars). */
export function entriesOf(doc: Doc, fields: string[]): Entries {
  let tuples: Buffer[][] = [[]]
  let regular = true
  for (const field of fields) {
    const values: unknown[] = []
    const shape = { array: false }
    valuesAt(doc, field.split('.'), values, shape)
    if (shape.array) regular = false
    if (values.length === 1) {
      const { key, regular: plain } = valueKey(values[0])
      if (!plain) regular = false
      for (const tuple of tuples) tuple.push(key)
      continue
    }
    const keys = new Map<string, Buffer>()
    for (const value of values) {
      const { key, regular: plain } = valueKey(value)
      if (!plain) regular = false
      keys.set(key.toString('hex'), key)
    }
    tuples = tuples.flatMap((tuple) => [...keys.values()].map((key) => [...tuple, key]))
  }
  return { tuples, regular }
}

export const tupleId = (tuple: Buffer[]) => tuple.map((key) => key.toString('hex')).join(',')

/** A declared index of one collection, as the engine uses it. */
export interface IndexState {
  readonly spec: IndexSpec
  readonly fields: string[]
  /** 1 or -1 per field */
  readonly directions: (1 | -1)[]
  /** the SQLite table of its entries */
  readonly table: string
  regular: boolean
}

/**
 * A declared unique index, enforced like MongoDB (which CloudBase runs on): a missing field indexes
 * as null (so two documents without the field collide), an array field indexes each element.
 * The committed entries live in SQLite; `owner` finds the document holding one.
 */
export class UniqueIndex {
  constructor(
    readonly collection: string,
    readonly index: IndexState,
    private readonly owner: (tuple: Buffer[]) => string | null,
  ) {}

  get spec(): IndexSpec {
    return this.index.spec
  }

  /** Throws DATABASE_DUPLICATE_WRITE if applying `changes` (all in this collection) would break uniqueness. */
  check(changes: Change[]): void {
    const byKey = new Map(changes.map((change) => [change.key, change]))
    const claimed = new Map<string, string>()
    for (const change of changes) {
      if (!change.after) continue
      for (const tuple of entriesOf(change.after, this.index.fields).tuples) {
        const entry = tupleId(tuple)
        const other = claimed.get(entry)
        if (other !== undefined && other !== change.key) throw this.duplicate(change.after)
        claimed.set(entry, change.key)
        const owner = this.owner(tuple)
        if (owner === null || owner === change.key) continue
        const ownerChange = byKey.get(owner)
        const ownerKeeps =
          !ownerChange || (ownerChange.after !== null && entriesOf(ownerChange.after, this.index.fields).tuples.some((t) => tupleId(t) === entry))
        if (ownerKeeps) throw this.duplicate(change.after)
      }
    }
  }

  private duplicate(doc: Doc) {
    const shown = this.index.fields.map((field) => `${field}: ${show(field.split('.').reduce<unknown>((v, part) => (isPlainObject(v) ? v[part] : undefined), doc))}`)
    return duplicateWrite(this.collection, this.spec.name, `{ ${shown.join(', ')} }`)
  }
}

/** A value written back the way MongoDB prints a duplicate key. */
function show(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (value instanceof Date) return `new Date(${value.getTime()})`
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return EJSON.stringify({ v: value as Doc }, { relaxed: false }).slice(5, -1)
}
