import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { EJSON } from 'bson'
import { type CollectionSpec, createLocalCloudbase, type LocalCloudbase } from '../../local/database'
import { startTestCloudbase, type TestCloudbase } from '../support/local-cloudbase'
import { seededRandom } from '../../scripts/seeded-random'

/**
 * Declared indexes through the real @cloudbase/node-sdk: a covered query reads only its page, and
 * every query answers exactly what the index-free path (the whole collection through mingo) does.
 * `items` has the indexes; `plain` holds the same documents with none.
 */
const INDEXES: CollectionSpec['indexes'] = [
  { name: 'status_startAt', keys: { status: 1, startAt: 1 } },
  { name: 'orgId_status', keys: { orgId: 1, status: 1 } },
  { name: 'tags', keys: { tags: 1 } },
  { name: 'level_score', keys: { 'meta.level': 1, score: -1 } },
  { name: 'due', keys: { due: 1 } },
]
const SIZE = 3000
const STATUSES = ['draft', 'published', 'published', 'published', 'cancelled']
const TAGS = ['a', 'b', 'c', 'd']

let stack: TestCloudbase
beforeAll(async () => {
  stack = await startTestCloudbase({ collections: [{ name: 'items', indexes: INDEXES }, { name: 'plain', indexes: [] }] })
  const docs = generate(SIZE)
  for (let i = 0; i < docs.length; i += 500) {
    await db().collection('items').add(docs.slice(i, i + 500))
    await db().collection('plain').add(docs.slice(i, i + 500))
  }
}, 60_000)
afterAll(async () => {
  await stack.close()
})

const db = () => stack.app.database()
const _ = () => db().command


function generate(count: number): Record<string, unknown>[] {
  const next = seededRandom(12)
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]
  return Array.from({ length: count }, (_, i) => {
    const doc: Record<string, unknown> = {
      _id: `item-${String(i).padStart(5, '0')}`,
      orgId: `org-${Math.floor(next() * 20)}`,
      status: pick(STATUSES),
      // a few hundred distinct start times, so sort keys repeat
      startAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(next() * 400) * 3600_000).toISOString(),
      score: Math.floor(next() * 100),
      meta: { level: Math.floor(next() * 5) },
      due: new Date(Date.UTC(2026, 0, 1) + Math.floor(next() * 90) * 86400_000),
    }
    if (i % 3 === 0) doc.tags = TAGS.filter(() => next() < 0.4)
    // odd shapes the index must still answer like mingo
    if (i % 97 === 0) delete doc.startAt
    if (i % 101 === 0) doc.status = null
    if (i % 89 === 0) doc.startAt = 42
    if (i % 83 === 0) delete doc.meta
    return doc
  })
}

type Query = (collection: string) => Promise<unknown>

/** The same query on both collections: the indexed answer must equal the whole-collection one. */
async function expectSameAnswer(query: Query) {
  const [indexed, scanned] = await Promise.all([query('items'), query('plain')])
  expect(indexed).toEqual(scanned)
  return indexed
}

const page = (collection: string) => db().collection(collection)
const getData = async (promise: Promise<{ data: unknown[] }>) => (await promise).data

describe('covered queries read only their page', () => {
  test('when a filter and sort are covered by an index, then only the page and one run of equal keys are read', async () => {
    const before = stack.cloudbase.inspect.docsRead()

    const data = await getData(
      page('items').where({ status: 'published', startAt: _().gte('2026-01-05T00:00:00.000Z') }).orderBy('startAt', 'asc').orderBy('_id', 'asc').limit(20).get(),
    )

    const read = stack.cloudbase.inspect.docsRead() - before
    expect(data).toHaveLength(20)
    expect(read).toBeGreaterThanOrEqual(20)
    expect(read).toBeLessThan(40) // the collection has 3000
  })

  test('when a keyset cursor page is asked for deep in the list, then only that page is read', async () => {
    const cursor = { value: '2026-01-12T00:00:00.000Z', id: 'item-01500' }
    const where = _().and([{ status: 'published' }, _().or([{ startAt: _().gt(cursor.value) }, { startAt: cursor.value, _id: _().gt(cursor.id) }])])
    const before = stack.cloudbase.inspect.docsRead()

    const data = await getData(page('items').where(where).orderBy('startAt', 'asc').orderBy('_id', 'asc').limit(21).get())

    expect(data).toHaveLength(21)
    expect(stack.cloudbase.inspect.docsRead() - before).toBeLessThan(45)
  })

  test('when explained, then SQLite searches the index table and never scans the documents', () => {
    const { index, residual, steps } = stack.cloudbase.inspect.explain('items', { status: 'published', startAt: { $gte: '2026-01-05' } }, { startAt: 1 })

    expect(index).toBe('status_startAt')
    expect(residual).toBeNull()
    expect(steps.join('\n')).toMatch(/SEARCH ix USING PRIMARY KEY \(k0=\? AND k1>\? AND k1<\?\)/)
    expect(steps.join('\n')).not.toMatch(/SCAN d\b|SCAN "doc:|USE TEMP B-TREE/)
  })

  test('when a query names an _id, then it is one point lookup', async () => {
    const before = stack.cloudbase.inspect.docsRead()

    const data = await getData(page('items').where({ _id: 'item-00042', status: _().neq('nothing') }).get())

    expect(data).toHaveLength(1)
    expect(stack.cloudbase.inspect.docsRead() - before).toBe(1)
  })

  test('when counting a covered filter, then no document is read', async () => {
    const before = stack.cloudbase.inspect.docsRead()

    const { total } = await page('items').where({ orgId: 'org-3', status: 'published' }).count()

    expect(total).toBeGreaterThan(0)
    expect(stack.cloudbase.inspect.docsRead() - before).toBe(0)
    expect(total).toBe((await page('plain').where({ orgId: 'org-3', status: 'published' }).count()).total)
  })

  test('when a filter no index covers is asked for, then the residual goes to mingo and the answer is still right', async () => {
    const { index, residual } = stack.cloudbase.inspect.explain('items', { orgId: 'org-1', score: { $gt: 50 } })
    expect(index).toBe('orgId_status')
    expect(residual).toEqual({ score: { $gt: 50 } })
    await expectSameAnswer((c) => getData(page(c).where({ orgId: 'org-1', score: _().gt(50) }).limit(1000).get()))
  })
})

describe('the indexed answer equals the whole-collection answer', () => {
  const cases: [string, Query][] = [
    ['range + equality + sort by two keys', (c) => getData(page(c).where({ status: 'published', startAt: _().gte('2026-01-03').and(_().lt('2026-01-10')) }).orderBy('startAt', 'desc').orderBy('_id', 'asc').limit(50).get())],
    ['equality + sort on a key with numbers, missing fields and strings mixed', (c) => getData(page(c).where({ status: 'published' }).orderBy('startAt', 'asc').limit(60).get())],
    ['in + sort', (c) => getData(page(c).where({ status: _().in(['draft', 'cancelled']) }).orderBy('startAt', 'asc').orderBy('_id', 'desc').skip(10).limit(40).get())],
    ['or of two branches + sort on another field', (c) => getData(page(c).where(_().or([{ status: 'draft' }, { status: 'published', score: _().gt(90) }])).orderBy('score', 'desc').orderBy('_id', 'asc').limit(100).get())],
    ['null matches null and missing', (c) => getData(page(c).where({ status: null }).orderBy('_id', 'asc').limit(100).get())],
    ['nested field range + descending compound sort', (c) => getData(page(c).where({ 'meta.level': _().gte(2) }).orderBy('meta.level', 'asc').orderBy('score', 'desc').limit(70).get())],
    ['nested field equality, sort reversed against the index', (c) => getData(page(c).where({ 'meta.level': 3 }).orderBy('score', 'asc').limit(70).get())],
    ['array elements (multikey) by equality', (c) => getData(page(c).where({ tags: 'b' }).limit(200).get())],
    ['array elements by in + sort', (c) => getData(page(c).where({ tags: _().in(['a', 'd']) }).orderBy('score', 'asc').orderBy('_id', 'asc').limit(200).get())],
    ['array elements with two bounds that different elements meet', (c) => getData(page(c).where({ tags: _().gt('c').and(_().lt('b')) }).limit(200).get())],
    ['dates by range, unsorted (insertion order)', (c) => getData(page(c).where({ due: _().gte(new Date(Date.UTC(2026, 1, 1))).and(_().lt(new Date(Date.UTC(2026, 1, 8)))) }).limit(300).get())],
    ['a type the range does not hold (number against string bounds)', (c) => getData(page(c).where({ status: 'published', startAt: _().gt(10) }).limit(100).get())],
    ['sort only, no filter', (c) => getData(page(c).orderBy('due', 'desc').orderBy('_id', 'asc').limit(30).get())],
    ['neq and nin stay with mingo', (c) => getData(page(c).where({ status: _().neq('published'), orgId: _().nin(['org-1', 'org-2']) }).orderBy('startAt', 'desc').limit(100).get())],
    ['count of a mixed filter', async (c) => (await page(c).where({ orgId: _().in(['org-4', 'org-5']), status: 'published', score: _().lte(30) }).count()).total],
    ['aggregate with a leading match, sort and limit', async (c) => (await db().collection(c).aggregate().match({ status: 'published' }).sort({ startAt: -1, _id: 1 }).limit(15).project({ startAt: 1 }).end()).data],
    ['aggregate grouping after a match', async (c) => (await db().collection(c).aggregate().match({ 'meta.level': _().in([1, 2]) }).group({ _id: '$orgId', n: { $sum: 1 } }).sort({ _id: 1 }).limit(100).end()).data],
  ]
  test.each(cases)('when querying with %s, then both answers are the same', async (_name, query) => {
    const answer = await expectSameAnswer(query)
    expect(Array.isArray(answer) ? answer.length : answer).toBeTruthy()
  })

  test('when the same multi-document update runs through the index and without it, then it changes the same documents', async () => {
    const update = (c: string) => page(c).where({ orgId: 'org-7', status: 'draft' }).update({ score: _().inc(1000) })
    const [indexed, scanned] = await Promise.all([update('items'), update('plain')])

    expect(indexed.updated).toBe(scanned.updated)
    await expectSameAnswer((c) => getData(page(c).where({ score: _().gte(1000) }).orderBy('_id', 'asc').limit(1000).get()))
    await expectSameAnswer((c) => getData(page(c).where({ status: 'draft' }).orderBy('score', 'desc').orderBy('_id', 'asc').limit(30).get()))
  })
})

describe('a write rewrites only the index entries it changes', () => {
  // documents of their own (org-w), in both collections; `items` has five indexes
  const doc = (id: string) => ({ _id: id, orgId: 'org-w', status: 'published', startAt: '2027-03-01T00:00:00.000Z', score: 5, meta: { level: 1 }, tags: ['a'], note: 'x' })
  const rowsWrittenBy = async (write: (collection: string) => Promise<unknown>) => {
    await write('plain')
    const before = stack.cloudbase.inspect.indexRowsWritten()
    await write('items')
    return stack.cloudbase.inspect.indexRowsWritten() - before
  }
  const sameAnswers = async () => {
    await expectSameAnswer((c) => getData(page(c).where({ orgId: 'org-w', status: _().in(['published', 'cancelled']) }).orderBy('_id', 'asc').get()))
    await expectSameAnswer((c) => getData(page(c).where({ status: 'published', startAt: _().gte('2027-02-01T00:00:00.000Z') }).orderBy('startAt', 'asc').orderBy('_id', 'asc').limit(100).get()))
    await expectSameAnswer((c) => getData(page(c).where({ tags: _().in(['a', 'b']), orgId: 'org-w' }).orderBy('_id', 'asc').get()))
    await expectSameAnswer((c) => getData(page(c).where({ 'meta.level': _().gte(1), orgId: 'org-w' }).orderBy('meta.level', 'asc').orderBy('score', 'desc').get()))
  }
  beforeAll(async () => {
    await db().collection('items').add([doc('w-1'), doc('w-2'), doc('w-3')])
    await db().collection('plain').add([doc('w-1'), doc('w-2'), doc('w-3')])
  })

  test('when an update changes no indexed field, then no index row is written and every index still finds the document', async () => {
    const written = await rowsWrittenBy((c) => page(c).doc('w-1').update({ note: 'y' }))

    expect(written).toBe(0)
    await sameAnswers()
  })

  test('when an update changes one indexed field, then only the indexes holding it are rewritten', async () => {
    // status is in status_startAt and orgId_status: one entry out and one in for each
    const written = await rowsWrittenBy((c) => page(c).where({ _id: 'w-2', status: 'published' }).update({ status: 'cancelled', note: 'z' }))

    expect(written).toBe(4)
    await sameAnswers()
    expect(await getData(page('items').where({ orgId: 'org-w', status: 'cancelled' }).get())).toEqual([expect.objectContaining({ _id: 'w-2' })])
  })

  test('when an array field gains an element through updateAndReturn, then its multikey entries are rewritten and the others left', async () => {
    const written = await rowsWrittenBy((c) => page(c).where({ _id: 'w-3' }).updateAndReturn({ tags: _().push('b'), score: _().inc(1) }))

    // tags: one entry out, two in; level_score (score): one out, one in
    expect(written).toBe(5)
    await sameAnswers()
  })

  test('when a document is replaced by set with the same indexed values, then no index row is written; when a field is dropped, its indexes are', async () => {
    const { _id, note, ...rest } = doc('w-1')
    const unchanged = await rowsWrittenBy((c) => page(c).doc(_id).set({ ...rest, note: `${note}!` }))
    const { tags, ...withoutTags } = rest
    const dropped = await rowsWrittenBy((c) => page(c).doc(_id).set(withoutTags))

    expect(unchanged).toBe(0)
    expect(tags).toHaveLength(1)
    expect(dropped).toBe(2) // the tags entry ['a'] out, the missing-field entry (null) in
    await sameAnswers()
  })

  test('when a document is removed, then all its index entries go', async () => {
    const written = await rowsWrittenBy((c) => page(c).doc('w-2').remove())

    expect(written).toBe(5)
    await sameAnswers()
  })

  test('when a transaction commits an update, then its index entries are right as well', async () => {
    for (const c of ['items', 'plain']) {
      const tx = await db().startTransaction()
      await tx.collection(c).doc('w-3').update({ status: 'cancelled' })
      await tx.commit()
    }
    await sameAnswers()
    expect(await getData(page('items').where({ orgId: 'org-w', status: 'cancelled' }).get())).toEqual([expect.objectContaining({ _id: 'w-3' })])
  })
})

describe('transactions over indexed queries', () => {
  test('when a document leaves an index range after a transaction started, then the transaction still finds it there', async () => {
    await page('items').add({ _id: 'tx-probe', orgId: 'org-tx', status: 'published', startAt: '2027-01-01T00:00:00.000Z' })
    const tx = await db().startTransaction()
    await page('items').doc('tx-probe').update({ status: 'cancelled' })
    try {
      const { data: inside } = await tx.collection('items').where({ orgId: 'org-tx', status: 'published' }).get()
      const { data: outside } = await page('items').where({ orgId: 'org-tx', status: 'published' }).get()

      expect(inside.map((d: { _id: string }) => d._id)).toEqual(['tx-probe'])
      expect(outside).toEqual([])
    } finally {
      await tx.rollback()
    }
  })
  test('when a transaction has its own writes and others wrote since it started, then its sorted query is its snapshot plus its writes', async () => {
    const at = (day: number) => `2027-02-${String(day).padStart(2, '0')}T00:00:00.000Z`
    await page('items').add([
      { _id: 'tx-s1', orgId: 'org-tx2', status: 'published', startAt: at(5) },
      { _id: 'tx-s2', orgId: 'org-tx2', status: 'published', startAt: at(3) },
      { _id: 'tx-s3', orgId: 'org-tx2', status: 'published', startAt: at(9) },
    ])
    const tx = await db().startTransaction()
    try {
      await page('items').doc('tx-s2').update({ startAt: at(20) }) // after the snapshot: not seen
      await page('items').add({ _id: 'tx-s4', orgId: 'org-tx2', status: 'published', startAt: at(1) }) // likewise
      await tx.collection('items').add({ _id: 'tx-own', orgId: 'org-tx2', status: 'published', startAt: at(7) })
      await tx.collection('items').doc('tx-s3').update({ status: 'cancelled' })

      const { data } = await tx.collection('items').where({ orgId: 'org-tx2', status: 'published' }).orderBy('startAt', 'desc').get()

      expect(data.map((d: { _id: string }) => d._id)).toEqual(['tx-own', 'tx-s1', 'tx-s2'])
    } finally {
      await tx.rollback()
    }
  })
})

describe('a data directory reopened', () => {
  const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'local-cloudbase-indexes-'))
  const query = async (cloudbase: LocalCloudbase, collectionName: string, criteria: object) => {
    const reply = (await cloudbase.execute('database.getDocument', { collectionName, query: EJSON.stringify(criteria, { relaxed: false }), limit: 100 })) as { data: { list: string[] } }
    return reply.data.list.map((text) => EJSON.parse(text) as { _id: string })
  }

  test('when an index is declared on existing documents, then it is built from them and answers queries', async () => {
    const dataDir = tmp()
    try {
      const first = createLocalCloudbase({ dataDir, collections: [{ name: 'notes', indexes: [] }] })
      await first.execute('database.insertDocument', { collectionName: 'notes', data: ['a', 'b', 'c'].map((id, i) => EJSON.stringify({ _id: id, kind: i % 2 ? 'odd' : 'even' })) })
      first.close()

      const second = createLocalCloudbase({ dataDir, collections: [{ name: 'notes', indexes: [{ name: 'kind', keys: { kind: 1 } }] }] })
      try {
        expect(second.inspect.explain('notes', { kind: 'even' }).index).toBe('kind')
        expect((await query(second, 'notes', { kind: 'even' })).map((d) => d._id)).toEqual(['a', 'c'])
      } finally {
        second.close()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  test('when a data directory has the earlier one-table layout, then its documents move over in their order', async () => {
    const dataDir = tmp()
    try {
      const old = new Database(path.join(dataDir, 'cloudbase.sqlite'))
      old.exec(`CREATE TABLE collections (name TEXT PRIMARY KEY, spec TEXT NOT NULL);
        CREATE TABLE documents (coll TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (coll, id));`)
      old.prepare('INSERT INTO collections VALUES (?, ?)').run('notes', JSON.stringify({ name: 'notes', indexes: [] }))
      for (const id of ['z', 'y', 'x']) old.prepare('INSERT INTO documents VALUES (?, ?, ?)').run('notes', `s:${id}`, EJSON.stringify({ _id: id, kind: 'k' }, { relaxed: false }))
      old.close()

      const reopened = createLocalCloudbase({ dataDir, collections: [{ name: 'notes', indexes: [{ name: 'kind', keys: { kind: 1 } }] }] })
      try {
        expect((await query(reopened, 'notes', { kind: 'k' })).map((d) => d._id)).toEqual(['z', 'y', 'x'])
      } finally {
        reopened.close()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
