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
  try {
    const query = new Query(criteria, OPTIONS)
    return (doc) => query.test(doc)
  } catch (error) {
    throw fromEvaluation(error)
  }
}

export function find(docs: Doc[], criteria: Criteria, options: FindOptions): Doc[] {
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

/** Applies update operators to a copy of `doc`; `changed` is false when nothing differs. */
export function applyUpdate(doc: Doc, modifier: Doc): { doc: Doc; changed: boolean } {
  for (const key of Object.keys(modifier)) {
    if (!UPDATE_OPERATORS.has(key)) throw fromEvaluation(new Error(`unknown update operator: ${key}`))
    if (!isPlainObject(modifier[key])) throw invalidParam(`${key} needs an object`)
  }
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
