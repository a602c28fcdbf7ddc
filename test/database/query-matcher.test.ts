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
  // a volunteer's agenda (an array of objects) and roles (an array of scalars), as the sign-up's write sees them
  { _id: 'u1', roles: ['resident', 'volunteer'], agenda: [{ activityId: 'act-1', status: 'confirmed' }, { activityId: 'act-2', status: 'waitlisted' }], agendaRev: 2 },
  { _id: 'u2', roles: ['resident'], agenda: [] },
  { _id: 'u3', roles: 'volunteer', agenda: { activityId: 'act-1' } },
  { _id: 'u4', roles: ['volunteer', null], agenda: [{ activityId: ['act-1', 'act-3'] }, 'loose', { status: 'confirmed' }] },
  // what only mingo judges: arrays within arrays, objects and dates at the end of the path
  { _id: 'u5', roles: [['volunteer']], agenda: [[{ activityId: 'act-1' }]] },
  { _id: 'u6', roles: [{ name: 'volunteer' }], agenda: [{ activityId: { id: 'act-1' } }, { activityId: new Date(0) }] },
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
  { _id: 'u1', roles: 'volunteer', 'agenda.activityId': { $ne: 'act-3' } },
  { _id: 'u1', roles: 'volunteer', 'agenda.activityId': { $ne: 'act-1' } },
  { roles: 'volunteer', 'agenda.activityId': { $ne: 'act-1' } },
  { 'agenda.activityId': 'act-1' },
  { 'agenda.activityId': { $eq: 'act-3' } },
  { 'agenda.status': { $in: ['waitlisted', 'released'] } },
  { 'agenda.status': { $nin: ['waitlisted'] } },
  { roles: { $nin: ['volunteer', 'driver'] } },
  { roles: { $in: ['driver', null] } },
  { roles: null },
  { status: 'published' },
  { placesLeft: 5 },
  { placesLeft: { $ne: 0 } },
  { placesLeft: { $ne: 0, $gt: -2 } },
  { status: { $ne: 'draft' } },
  { open: { $ne: true } },
  { note: { $ne: 1 } },
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
    for (const filter of [{ $or: [{ a: 1 }] }, { a: { $ne: null } }, { a: { $nin: [1, null] } }, { a: { b: 1 } }, { 'a.0': 1 }, { a: { $gt: null } }, { a: { $in: [{ b: 1 }] } }, { a: new Date(0) }]) {
      expect(simpleMatcher(filter as Record<string, unknown>)).toBeNull()
    }
  })

  test('when a write by id names an array of scalars or a path through an array of objects, then the quick matcher answers it as MongoDB does', () => {
    const volunteer = docs.find((doc) => doc._id === 'u1') as Record<string, unknown>
    // the sign-up's agenda write: a volunteer without an entry for the activity
    expect(simpleMatcher({ _id: 'u1', roles: 'volunteer', 'agenda.activityId': { $ne: 'act-3' } })?.(volunteer)).toBe(true)
    expect(simpleMatcher({ _id: 'u1', roles: 'volunteer', 'agenda.activityId': { $ne: 'act-2' } })?.(volunteer)).toBe(false)
    expect(simpleMatcher({ _id: 'u1', roles: 'driver' })?.(volunteer)).toBe(false)
    expect(simpleMatcher({ status: 'published' })?.(docs[3])).toBe(true)
  })

  test('when the quick matcher meets an array within an array, or an object where a value should be, then it answers nothing and mingo decides', () => {
    const [nested, objects] = ['u5', 'u6'].map((id) => docs.find((doc) => doc._id === id) as Record<string, unknown>)
    expect(simpleMatcher({ roles: 'volunteer' })?.(nested)).toBeNull()
    expect(simpleMatcher({ 'agenda.activityId': { $ne: 'act-1' } })?.(nested)).toBeNull()
    expect(simpleMatcher({ roles: 'volunteer' })?.(objects)).toBeNull()
    expect(simpleMatcher({ 'agenda.activityId': 'act-1' })?.(objects)).toBeNull()
    // a range on an array, and null against an array: mingo's
    expect(simpleMatcher({ placesLeft: { $gt: 1 } })?.(docs[3])).toBeNull()
    expect(simpleMatcher({ roles: null })?.(docs.find((doc) => doc._id === 'u4') as Record<string, unknown>)).toBeNull()
    expect(simpleMatcher({ status: 'published' })?.(docs[4])).toBeNull()
    expect(compile({ 'agenda.activityId': 'act-1' })(nested)).toBe(false)
  })
})
