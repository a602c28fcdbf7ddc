import { randomBytes } from 'node:crypto'
import { BSONRegExp, EJSON } from 'bson'
import { invalidParam } from './errors'
import type { Doc } from './types'

/**
 * EJSON on the wire. The SDK sends canonical EJSON strings (`{"$numberInt":"1"}`, `{"$date":…}`)
 * and parses replies in relaxed mode; the engine works on relaxed values (numbers, Dates).
 */
export function parseEjson(text: unknown, what: string): unknown {
  if (typeof text !== 'string') throw invalidParam(`${what} must be an EJSON string`)
  try {
    return EJSON.parse(text, { relaxed: true })
  } catch (error) {
    throw invalidParam(`${what} is not valid EJSON: ${(error as Error).message}`)
  }
}

/**
 * Canonical EJSON of documents the engine stored or read: a document is never changed once stored
 * (writes make new objects), so its text is computed once, not again for the reply.
 */
const knownText = new WeakMap<object, string>()

export function toEjson(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const known = knownText.get(value)
    if (known !== undefined) return known
  }
  return EJSON.stringify(value as Doc, { relaxed: false })
}

/** Records `text` as the canonical EJSON of `doc`, which nobody changes from now on. */
export function rememberEjson(doc: object, text: string): void {
  knownText.set(doc, text)
}

/** Freezes plain objects and arrays, deeply (tests: a stored document changed in place fails loudly). */
export function deepFreeze<T>(value: T): T {
  if ((Array.isArray(value) || isPlainObject(value)) && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const item of Object.values(value as object)) deepFreeze(item)
  }
  return value
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** A deep copy of plain objects, arrays and Dates; BSON values (immutable) are shared. */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneValue) as T
  if (value instanceof Date) return new Date(value.getTime()) as T
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) copy[key] = cloneValue(item)
    return copy as T
  }
  return value
}

const SERVER_DATE = '$tcb_server_date'

/**
 * Replaces the SDK's `db.serverDate({ offset })` marker (`{ $tcb_server_date: { offset } }`, offset in
 * ms) with the server's clock, everywhere: in documents, update operators and query conditions.
 * `forQuery` also turns BSON regular expressions (`db.RegExp`, JS RegExp) into JS RegExps for mingo.
 */
export function resolveValues(value: unknown, now: number, forQuery = false): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveValues(item, now, forQuery))
  if (forQuery && value instanceof BSONRegExp) return toRegExp(value)
  if (!isPlainObject(value)) return value
  const keys = Object.keys(value)
  if (keys.length === 1 && keys[0] === SERVER_DATE) {
    const marker = value[SERVER_DATE]
    const offset = isPlainObject(marker) && typeof marker.offset === 'number' ? marker.offset : 0
    return new Date(now + offset)
  }
  const out: Record<string, unknown> = {}
  for (const key of keys) out[key] = resolveValues(value[key], now, forQuery)
  return out
}

function toRegExp(value: BSONRegExp): RegExp {
  const flags = [...value.options].filter((flag) => 'imsu'.includes(flag)).join('')
  try {
    return new RegExp(value.pattern, flags)
  } catch (error) {
    throw invalidParam(`invalid regular expression: ${(error as Error).message}`)
  }
}

/** The canonical string form of an `_id`, used as the document's key in memory and in SQLite. */
export function idKey(id: unknown): string {
  if (typeof id === 'string') {
    if (id.length === 0) throw invalidParam('_id must not be empty')
    return `s:${id}`
  }
  if (typeof id === 'number' && Number.isFinite(id)) return `n:${Object.is(id, -0) ? 0 : id}`
  if (id !== null && typeof id === 'object' && !Array.isArray(id) && !(id instanceof RegExp) && !isPlainObject(id)) {
    return `x:${EJSON.stringify({ id }, { relaxed: false })}` // ObjectId and other BSON scalars
  }
  throw invalidParam('_id must be a string, a number or an ObjectId')
}

/** A new `_id` the way CloudBase makes them: 32 hex digits, roughly time-ordered. */
export function newId(): string {
  const time = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0')
  return time + randomBytes(12).toString('hex')
}
