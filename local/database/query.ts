import { Aggregator, Query, update as mingoUpdate } from 'mingo'
import type { Options } from 'mingo/types'
import { fromEvaluation, invalidParam } from './errors'
import { cloneValue, isPlainObject } from './ejson'
import type { Doc } from './types'

/** Query, update and aggregation semantics come from mingo (MongoDB's, which CloudBase runs on). */
const OPTIONS: Partial<Options> = { idKey: '_id', useStrictMode: true, scriptEnabled: false }

export type Criteria = Record<string, unknown>

export interface FindOptions {
  order?: Record<string, 1 | -1>
  offset?: number
  limit?: number
  projection?: Record<string, unknown>
}

export function compile(criteria: Criteria): (doc: Doc) => boolean {
  const quick = simpleMatcher(criteria)
  if (quick) {
    let slow: ((doc: Doc) => boolean) | null = null
    return (doc) => {
      const answer = quick(doc)
      if (answer !== null) return answer
      slow ??= mingoMatcher(criteria)
      return slow(doc)
    }
  }
  return mingoMatcher(criteria)
}

function mingoMatcher(criteria: Criteria): (doc: Doc) => boolean {
  try {
    const query = new Query(criteria, OPTIONS)
    return (doc) => query.test(doc)
  } catch (error) {
    throw fromEvaluation(error)
  }
}

export function find(docs: Doc[], criteria: Criteria, options: FindOptions): Doc[] {
  // one document by its id, unsorted, unprojected (every write by id): no query to build
  if (docs.length === 1 && !options.projection && !options.offset && (!options.order || !Object.keys(options.order).length)) {
    const answer = simpleMatcher(criteria)?.(docs[0])
    if (answer === false) return []
    if (answer === true && options.limit !== 0) return docs
  }
  try {
    let cursor = new Query(criteria, OPTIONS).find<Doc>(docs, options.projection)
    if (options.order && Object.keys(options.order).length) cursor = cursor.sort(options.order)
    if (options.offset) cursor = cursor.skip(options.offset)
    if (options.limit !== undefined) cursor = cursor.limit(options.limit)
    return cursor.all()
  } catch (error) {
    throw fromEvaluation(error)
  }
}

const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate',
  '$push', '$pull', '$pullAll', '$pop', '$addToSet', '$bit',
])

/**
 * Applies update operators to a copy of `doc` (`doc` itself is not changed); `changed` is false when
 * nothing differs.
 */
export function applyUpdate(doc: Doc, modifier: Doc): { doc: Doc; changed: boolean } {
  for (const key of Object.keys(modifier)) {
    if (!UPDATE_OPERATORS.has(key)) throw fromEvaluation(new Error(`unknown update operator: ${key}`))
    if (!isPlainObject(modifier[key])) throw invalidParam(`${key} needs an object`)
  }
  const quick = simpleUpdate(doc, modifier)
  if (quick) return quick
  const copy = cloneValue(doc)
  let changedPaths: string[]
  try {
    changedPaths = mingoUpdate(copy, modifier, undefined, undefined, { cloneMode: 'deep', queryOptions: OPTIONS })
  } catch (error) {
    throw fromEvaluation(error)
  }
  if (changedPaths.length && !sameId(copy._id, doc._id)) throw invalidParam('不能更新_id的值 (the _id field is immutable)')
  return { doc: copy, changed: changedPaths.length > 0 }
}

export function aggregate(docs: Iterable<Doc>, pipeline: Doc[], resolve: (collection: string) => Doc[]): Doc[] {
  try {
    return new Aggregator(pipeline, { ...OPTIONS, collectionResolver: resolve }).run(docs) as Doc[]
  } catch (error) {
    throw fromEvaluation(error)
  }
}

const sameId = (a: unknown, b: unknown) => a === b || (a instanceof Object && b instanceof Object && String(a) === String(b))

/** A path of plain field names: no operators (`$`, `$[]`), no array positions, no empty parts. */
const PLAIN_PATH = /^[^.$\d][^.$]*(\.[^.$\d][^.$]*)*$/
const isPrimitive = (value: unknown) => value === null || (typeof value !== 'object' && typeof value !== 'function' && !Number.isNaN(value))

/**
 * `$set`, `$inc`, `$unset` and `$push` (`$each` alone, the SDK's form) on plain paths through plain
 * objects (what nearly every write sends), with mingo's results, in a fraction of its time: the new
 * document shares every part the update does not touch with the old one (documents are never changed
 * once stored), so updating one entry of a large map costs a copy of that map, not of the document.
 * Anything else (other operators or modifiers, positions, a path that is a prefix of another, `_id`,
 * a value this cannot compare as mingo would) returns null and goes to mingo.
 */
function simpleUpdate(doc: Doc, modifier: Doc): { doc: Doc; changed: boolean } | null {
  const steps: { op: '$set' | '$inc' | '$unset' | '$push'; parts: string[]; value: unknown }[] = []
  for (const [op, fields] of Object.entries(modifier)) {
    if (op !== '$set' && op !== '$inc' && op !== '$unset' && op !== '$push') return null
    for (const [path, value] of Object.entries(fields as Doc)) {
      if (!PLAIN_PATH.test(path) || path === '_id' || path.startsWith('_id.')) return null
      if (op === '$inc' && (typeof value !== 'number' || Number.isNaN(value))) return null
      if (op === '$push' && !pushedValues(value)) return null
      steps.push({ op, parts: path.split('.'), value })
    }
  }
  const paths = steps.map((step) => step.parts.join('.')).sort()
  for (let i = 1; i < paths.length; i++) if (paths[i] === paths[i - 1] || paths[i].startsWith(`${paths[i - 1]}.`)) return null

  const root = shallowCopy(doc)
  const copied = new Set<object>([root])
  let changed = false
  for (const { op, parts, value } of steps) {
    // walk to the parent, copying each object on the way (once), creating missing ones for $set and $inc
    let parent: Doc = root
    for (const part of parts.slice(0, -1)) {
      const next = parent[part]
      if (next === undefined) {
        if (op === '$unset') {
          parent = null as unknown as Doc
          break
        }
        const created: Doc = {}
        copied.add(created)
        parent[part] = created
        parent = created
      } else if (isPlainObject(next)) {
        if (!copied.has(next)) {
          const copy = shallowCopy(next)
          copied.add(copy)
          parent[part] = copy
          parent = copy
        } else parent = next
      } else return null
    }
    if (parent === null) continue
    const field = parts[parts.length - 1]
    const previous = parent[field]
    if (op === '$unset') {
      if (Object.prototype.hasOwnProperty.call(parent, field)) {
        delete parent[field]
        changed = true
      }
    } else if (op === '$push') {
      if (previous !== undefined && !Array.isArray(previous)) return null
      parent[field] = [...((previous as unknown[] | undefined) ?? []), ...(pushedValues(value) as unknown[]).map(cloneValue)]
      changed = true
    } else if (op === '$inc') {
      if (previous !== undefined && (typeof previous !== 'number' || Number.isNaN(previous))) return null
      const next = ((previous as number | undefined) || 0) + (value as number)
      parent[field] = next
      if (next !== previous) changed = true
    } else {
      if (previous !== undefined && !(isPrimitive(previous) && isPrimitive(value))) return null
      if (previous === value) continue
      parent[field] = cloneValue(value)
      changed = true
    }
  }
  return { doc: changed ? root : doc, changed }
}

/** What a `$push` of `{ $each: [...] }` (nothing else beside it, at least one value) appends; null for any other form. */
function pushedValues(value: unknown): unknown[] | null {
  if (!isPlainObject(value)) return null
  const keys = Object.keys(value)
  const each = value.$each
  return keys.length === 1 && Array.isArray(each) && each.length > 0 ? each : null
}

/** A copy of an object's own fields (faster than a spread for the large maps JSON parsing leaves in dictionary mode). */
function shallowCopy(value: Doc): Doc {
  const copy: Doc = {}
  const keys = Object.keys(value)
  for (let i = 0; i < keys.length; i++) copy[keys[i]] = value[keys[i]]
  return copy
}

type Verdict = boolean | null
const RANGE = new Set(['$gt', '$gte', '$lt', '$lte'])

/**
 * The filters nearly every write by id sends (a conjunction of plain paths, each equal to a string,
 * number, boolean or null, a range on a string or number, `$exists`, or `$in` of such values; `$ne`
 * and `$nin` of such values but null), with MongoDB's (mingo's) answer, without building a mingo
 * query. Equality, `$in`, `$ne` and `$nin` of values other than null also follow MongoDB through
 * arrays (a path through arrays of objects, ending at a scalar or an array of scalars: any of the
 * values it reaches); for a document where any other test's path crosses an array, or a path ends at
 * an object (but for `$exists`) or meets an array within an array, it answers null: mingo decides.
 * Any other filter: no matcher (null).
 */
export function simpleMatcher(criteria: Criteria): ((doc: Doc) => Verdict) | null {
  const tests: { parts: string[]; test: (value: unknown) => boolean; anyLeaf?: true; throughArrays?: { negated: boolean } }[] = []
  for (const [path, condition] of Object.entries(criteria)) {
    if (!PLAIN_PATH.test(path)) return null
    const parts = path.split('.')
    const equalTo = (wanted: unknown, negated = false) =>
      wanted === null ? { parts, test: (value: unknown) => equalScalar(value, wanted) } : { parts, test: (value: unknown) => value === wanted, throughArrays: { negated } }
    const inList = (list: unknown[], negated = false) =>
      list.includes(null) ? { parts, test: (value: unknown) => list.some((each) => equalScalar(value, each)) } : { parts, test: (value: unknown) => list.includes(value), throughArrays: { negated } }
    if (isScalar(condition)) {
      tests.push(equalTo(condition))
      continue
    }
    if (!isPlainObject(condition)) return null
    const ops = Object.entries(condition)
    if (!ops.length) return null
    for (const [op, operand] of ops) {
      if (op === '$eq' && isScalar(operand)) tests.push(equalTo(operand))
      else if (op === '$ne' && isScalar(operand) && operand !== null) tests.push(equalTo(operand, true))
      else if (RANGE.has(op) && (typeof operand === 'string' || (typeof operand === 'number' && !Number.isNaN(operand)))) {
        tests.push({ parts, test: (value) => typeof value === typeof operand && compareRange(op, value as string | number, operand) })
      } else if (op === '$exists' && typeof operand === 'boolean') tests.push({ parts, test: (value) => (value !== undefined) === operand, anyLeaf: true })
      else if (op === '$in' && Array.isArray(operand) && operand.every(isScalar)) tests.push(inList(operand))
      else if (op === '$nin' && Array.isArray(operand) && operand.every(isScalar) && !operand.includes(null)) tests.push(inList(operand, true))
      else return null
    }
  }
  return (doc) => {
    for (const { parts, test, anyLeaf, throughArrays } of tests) {
      if (throughArrays) {
        const reached = valuesAt(doc, parts)
        if (reached === null) return null
        if (reached.some(test) === throughArrays.negated) return false
        continue
      }
      let value: unknown = doc
      for (const part of parts) {
        if (Array.isArray(value)) return null
        value = isPlainObject(value) ? value[part] : undefined
      }
      // (whether a field exists does not depend on what it holds)
      if (value !== undefined && !anyLeaf && !isScalar(value)) return null
      if (!test(value)) return false
    }
    return true
  }
}

/**
 * The scalars a plain path reaches in MongoDB's sense: through objects, and through arrays to each
 * of their objects (an element that is no object has nothing there), ending at a scalar or at an
 * array of scalars (each of them). A missing field reaches nothing. Null when the path meets what
 * only mingo should judge: an array within an array, or an end that is an object, a date or an
 * array holding any of these.
 */
function valuesAt(doc: Doc, parts: string[]): unknown[] | null {
  let here: unknown[] = [doc]
  for (const part of parts) {
    const next: unknown[] = []
    for (const value of here) {
      if (Array.isArray(value)) {
        for (const element of value) {
          if (Array.isArray(element)) return null
          if (isPlainObject(element) && element[part] !== undefined) next.push(element[part])
        }
      } else if (isPlainObject(value) && value[part] !== undefined) next.push(value[part])
    }
    here = next
  }
  const reached: unknown[] = []
  for (const value of here) {
    if (Array.isArray(value)) {
      for (const element of value) {
        if (!isScalar(element)) return null
        reached.push(element)
      }
    } else if (isScalar(value)) reached.push(value)
    else return null
  }
  return reached
}

/** A string, a number (not NaN), a boolean or null. */
const isScalar = (value: unknown) => value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value))
/** Equality of a scalar field (undefined: missing) with a scalar: null matches null and missing. */
const equalScalar = (value: unknown, wanted: unknown) => (wanted === null ? value === null || value === undefined : value === wanted)
function compareRange(op: string, value: string | number, operand: string | number): boolean {
  if (op === '$gt') return value > operand
  if (op === '$gte') return value >= operand
  if (op === '$lt') return value < operand
  return value <= operand
}
