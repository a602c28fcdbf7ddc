import { update as mingoUpdate } from 'mingo'
import { cloneValue, deepFreeze } from '../../local/database/ejson'
import { applyUpdate } from '../../local/database/query'

/**
 * The local database applies plain `$set` / `$inc` / `$unset` itself (sharing what they do not touch
 * with the stored document) and everything else through mingo: both must give mingo's result.
 */
const OPTIONS = { idKey: '_id', useStrictMode: true, scriptEnabled: false }

function throughMingo(doc: Record<string, unknown>, modifier: Record<string, unknown>) {
  const copy = cloneValue(doc)
  const changed = mingoUpdate(copy, modifier, undefined, undefined, { cloneMode: 'deep', queryOptions: OPTIONS }).length > 0
  return { doc: copy, changed }
}

const base = () => ({
  _id: 'a1',
  title: '敬老院陪伴',
  placesLeft: 3,
  confirmedCount: 47,
  ratio: 0.5,
  open: true,
  note: null,
  due: new Date('2026-06-01T00:00:00Z'),
  tags: ['扶老'],
  inflight: { u1: { kind: 'confirmed', at: '2026-05-01T00:00:00.000Z' }, u2: { kind: 'waitlisted', at: '2026-05-01T00:00:01.000Z' } },
})

const cases: [string, Record<string, unknown>][] = [
  ['$inc on a number', { $inc: { placesLeft: -1, confirmedCount: 1 } }],
  ['$inc by zero', { $inc: { placesLeft: 0 } }],
  ['$inc on a missing field', { $inc: { waitSeq: 1 } }],
  ['$inc by zero on a missing field', { $inc: { waitSeq: 0 } }],
  ['$inc on a string (ignored)', { $inc: { title: 1 } }],
  ['$inc through a missing object', { $inc: { 'stats.views': 2 } }],
  ['$set of the same value', { $set: { title: '敬老院陪伴', placesLeft: 3, note: null, open: true } }],
  ['$set of a new value', { $set: { title: '新标题', ratio: 0.75 } }],
  ['$set into a nested map', { $set: { 'inflight.u3': { kind: 'confirmed', at: '2026-05-01T00:00:02.000Z' }, updatedAt: 'x' } }],
  ['$set through missing objects', { $set: { 'a.b.c': 1 } }],
  ['$set of an object over an object', { $set: { 'inflight.u1': { kind: 'confirmed', at: '2026-05-01T00:00:00.000Z' } } }],
  ['$set of a date', { $set: { due: new Date('2026-07-01T00:00:00Z'), created: new Date('2026-01-01T00:00:00Z') } }],
  ['$set through a number (mingo decides)', { $set: { 'placesLeft.x': 1 } }],
  ['$set into an array position (mingo decides)', { $set: { 'tags.0': '助残' } }],
  ['$unset of a nested entry', { $unset: { 'inflight.u1': '' }, $inc: { confirmedCount: -1 } }],
  ['$unset of a missing entry', { $unset: { 'inflight.nobody': '', 'missing.deeper': '' } }],
  ['$unset of a top-level field', { $unset: { note: '' } }],
  ['$push of a value (mingo)', { $push: { tags: '助残' } }],
  ['$push of values, the SDK\'s form', { $push: { tags: { $each: ['助残', { kind: '活动', at: '2026-05-01T00:00:00.000Z' }] } }, $inc: { placesLeft: -1 } }],
  ['$push onto a missing array', { $push: { agenda: { $each: [{ activityId: 'act-1' }] } } }],
  ['$push through a missing object', { $push: { 'history.entries': { $each: [1] } } }],
  ['$push into a nested map', { $push: { 'inflight.u3': { $each: ['x'] } }, $set: { updatedAt: 'x' } }],
  ['$push of nothing (mingo)', { $push: { tags: { $each: [] } } }],
  ['$push with a position (mingo)', { $push: { tags: { $each: ['助残'], $position: 0 } } }],
]

describe('update operators', () => {
  test.each(cases)('when %s, then the result and the change flag are mingo’s', (_name, modifier) => {
    const stored = deepFreeze(base()) // a stored document is shared: the update must not change it

    const result = applyUpdate(stored, modifier)

    expect(result).toEqual(throughMingo(base(), modifier))
    expect(stored).toEqual(base())
  })

  test('when a path and one inside it are updated together, then the update is refused as mingo refuses it', () => {
    const modifier = { $set: { inflight: {} }, $unset: { 'inflight.u1': '' } }

    expect(() => throughMingo(base(), modifier)).toThrow(/conflict/)
    expect(() => applyUpdate(deepFreeze(base()), modifier)).toThrow(/conflict/)
  })

  test('when one entry of a large map changes, then the new document shares the other entries with the old one', () => {
    const stored = deepFreeze({ ...base(), inflight: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`u${i}`, { kind: 'waitlisted', at: `t${i}` }])) })

    const result = applyUpdate(stored, { $unset: { 'inflight.u7': '' }, $set: { 'inflight.x': { kind: 'confirmed', at: 't' } } })

    expect(result.changed).toBe(true)
    expect(Object.keys(result.doc.inflight as object)).toHaveLength(500)
    expect((result.doc.inflight as Record<string, unknown>).u8).toBe((stored.inflight as Record<string, unknown>).u8)
    expect((stored.inflight as Record<string, unknown>).u7).toEqual({ kind: 'waitlisted', at: 't7' })
  })

  test('when an entry is pushed onto an agenda, then the new document shares the old entries and everything else with the old one', () => {
    const stored = deepFreeze({ ...base(), agenda: [{ activityId: 'act-1', status: 'confirmed' }] })

    const result = applyUpdate(stored, { $push: { agenda: { $each: [{ activityId: 'act-2', status: 'waitlisted' }] } }, $inc: { agendaRev: 1 } })

    expect(result.doc.agenda).toEqual([{ activityId: 'act-1', status: 'confirmed' }, { activityId: 'act-2', status: 'waitlisted' }])
    expect((result.doc.agenda as unknown[])[0]).toBe((stored.agenda as unknown[])[0])
    expect(result.doc.inflight).toBe(stored.inflight)
    expect(stored.agenda).toHaveLength(1)
  })
})
