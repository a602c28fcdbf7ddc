import { Query } from 'mingo'
import { cloneValue, deepFreeze } from '../../local/database/ejson'
import { compile, find, simpleMatcher } from '../../local/database/query'

/**
 * The local database matches the plain filters of writes by id itself (no mingo query built) and
 * everything else through mingo: on every document both must give mingo's answer.
 */
const OPTIONS = { idKey: '_id', useStrictMode: true, scriptEnabled: false }
const mingo = (criteria: Record<string, unknown>, doc: Record<string, unknown>) => new Query(criteria, OPTIONS).test(doc)

const docs: Record<string, unknown>[] = [
  {
    _id: 'a1', status: 'published', placesLeft: 3, confirmedCount: 47, open: true, note: null, signUpDeadline: '2026-06-01T00:00:00.000Z',
    inflight: { u1: { kind: 'confirmed', at: '2026-05-01T00:00:00.000Z' } }, agendaRev: 0,
  },
  { _id: 'a2', status: 'draft', placesLeft: 0, open: false, signUpDeadline: '2026-04-01T00:00:00.000Z', inflight: {}, agendaRev: 2 },
  { _id: 'a3', status: 'published', placesLeft: -1, signUpDeadline: 7, inflight: { u1: 'x' } },
  // arrays and objects where the filter names a scalar: MongoDB's array semantics, answered by mingo
  { _id: 'a4', status: ['published', 'draft'], placesLeft: [0, 5], inflight: [{ u1: { at: '2026-05-01T00:00:00.000Z' } }], agendaRev: null },
  { _id: 'a5', status: { nested: 1 }, placesLeft: new Date('2026-01-01T00:00:00Z'), inflight: { u1: { at: ['2026-05-01T00:00:00.000Z'] } } },
  { _id: 'a6' },
]

const filters: Record<string, unknown>[] = [
  { _id: 'a1' },
  { _id: 'a1', status: 'published', placesLeft: { $gt: 0 } },
  { status: 'published', signUpDeadline: { $gte: '2026-05-01T00:00:00.000Z' }, 'inflight.u1': { $exists: false } },
  { 'inflight.u1': { $exists: true } },
  { 'inflight.u1.at': '2026-05-01T00:00:00.000Z' },
  { 'inflight.u1.at': '2026-05-01T00:00:00.000Z', status: 'published' },
  { placesLeft: { $lte: 0 } },
  { placesLeft: { $lt: 5, $gte: -1 } },
  { placesLeft: { $gt: 'a' } },
  { signUpDeadline: { $gt: 0 } },
  { agendaRev: { $in: [0, null] } },
  { agendaRev: { $in: [2] } },
  { agendaRev: null },
  { note: { $eq: null } },
  { open: true },
  { open: false },
  { missing: { $exists: false } },
  { 'status.nested': 1 },
]

describe('the filter of a write by id', () => {
  test.each(filters.map((filter) => [JSON.stringify(filter), filter]))('when the filter is %s, then every document matches as with mingo', (_name, filter) => {
    const test = compile(filter as Record<string, unknown>)
    for (const doc of docs) {
      const stored = deepFreeze(cloneValue(doc))
      expect([doc._id, test(stored)]).toEqual([doc._id, mingo(filter as Record<string, unknown>, doc)])
      expect([doc._id, find([stored], filter as Record<string, unknown>, { limit: 1 }).length]).toEqual([doc._id, mingo(filter as Record<string, unknown>, doc) ? 1 : 0])
    }
  })

  test('when a write by id names scalar fields, then the quick matcher answers it without mingo', () => {
    expect(simpleMatcher(filters[1])?.(docs[0])).toBe(true)
    expect(simpleMatcher(filters[2])?.(docs[0])).toBe(false)
    expect(simpleMatcher(filters[2])?.(docs[1])).toBe(false)
    expect(simpleMatcher(filters[5])?.(docs[0])).toBe(true)
    expect(simpleMatcher(filters[10])?.(docs[0])).toBe(true)
  })

  test('when a filter uses what the quick matcher does not know, then it leaves it to mingo', () => {
    for (const filter of [{ $or: [{ a: 1 }] }, { a: { $ne: 1 } }, { a: { b: 1 } }, { 'a.0': 1 }, { a: { $gt: null } }, { a: { $in: [{ b: 1 }] } }, { a: new Date(0) }]) {
      expect(simpleMatcher(filter as Record<string, unknown>)).toBeNull()
    }
  })

  test('when the quick matcher meets an array or an object on a path, then it answers nothing and mingo decides', () => {
    const quick = simpleMatcher({ status: 'published' })
    expect(quick?.(docs[3])).toBeNull()
    expect(quick?.(docs[4])).toBeNull()
    expect(compile({ status: 'published' })(docs[3])).toBe(true)
  })
})
