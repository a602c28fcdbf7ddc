import { startTestCloudbase, type TestCloudbase } from '../support/local-cloudbase'

/** Documents through the real @cloudbase/node-sdk against the local CloudBase. */
let stack: TestCloudbase
let seq = 0

beforeAll(async () => {
  stack = await startTestCloudbase({
    collections: [{ name: 'accounts', indexes: [{ name: 'email_unique', keys: { email: 1 }, unique: true }] }],
  })
})
afterAll(async () => {
  await stack.close()
})

const db = () => stack.app.database()
const _ = () => db().command

/** A new, empty collection for one test (created through the SDK: database.addCollection). */
async function freshCollection() {
  const name = `docs_${++seq}`
  await db().createCollection(name)
  return db().collection(name)
}

const ids = (docs: { _id?: unknown }[]) => docs.map((doc) => doc._id).sort()

describe('add and doc().get', () => {
  test('when a document is added without an _id, then it gets a 32-hex _id and reads back with its types', async () => {
    const items = await freshCollection()
    const due = new Date('2025-06-01T08:00:00Z')

    const { id } = await items.add({ title: '送考', seats: 3, price: 1.5, due, tags: ['a'], meta: { open: true } })

    expect(id).toMatch(/^[0-9a-f]{32}$/)
    const { data } = await items.doc(id as string).get()
    expect(data).toEqual([{ _id: id, title: '送考', seats: 3, price: 1.5, due, tags: ['a'], meta: { open: true } }])
    expect(data[0].due).toBeInstanceOf(Date)
  })

  test('when a document is added with db.serverDate(), then the server stores its clock as a Date', async () => {
    const items = await freshCollection()
    const before = Date.now()

    const { id } = await items.add({ at: db().serverDate() })

    const { data } = await items.doc(id as string).get()
    expect(data[0].at).toBeInstanceOf(Date)
    expect(data[0].at.getTime()).toBeGreaterThanOrEqual(before - 5)
    expect(data[0].at.getTime()).toBeLessThanOrEqual(Date.now() + 5)
  })

  test('when an array is added, then every document is inserted and all ids come back', async () => {
    const items = await freshCollection()

    const { ids: inserted } = await items.add([{ _id: 'x1' }, { _id: 'x2' }, { n: 3 }])

    expect(inserted).toHaveLength(3)
    expect(inserted?.slice(0, 2)).toEqual(['x1', 'x2'])
    expect((await items.count()).total).toBe(3)
  })

  test('when a document id does not exist, then doc().get returns an empty list', async () => {
    const items = await freshCollection()
    const { data } = await items.doc('nobody').get()
    expect(data).toEqual([])
  })
})

describe('duplicates', () => {
  test('when a second document is added with an existing _id, then it fails with DATABASE_DUPLICATE_WRITE and the first is kept', async () => {
    const items = await freshCollection()
    await items.add({ _id: 'same', v: 1 })

    await expect(items.add({ _id: 'same', v: 2 })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })

    const { data } = await items.doc('same').get()
    expect(data).toEqual([{ _id: 'same', v: 1 }])
  })

  test('when a batch repeats an _id, then nothing of the batch is inserted', async () => {
    const items = await freshCollection()
    await expect(items.add([{ _id: 'b1' }, { _id: 'b1' }])).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })
    expect((await items.count()).total).toBe(0)
  })

  test('when a declared unique index value is reused by an add or an update, then it fails with DATABASE_DUPLICATE_WRITE', async () => {
    const accounts = db().collection('accounts')
    await accounts.add({ _id: 'u1', email: 'a@example.com' })
    await accounts.add({ _id: 'u2', email: 'b@example.com' })

    await expect(accounts.add({ _id: 'u3', email: 'a@example.com' })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })
    await expect(accounts.doc('u2').update({ email: 'a@example.com' })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })

    expect((await accounts.doc('u2').get()).data[0].email).toBe('b@example.com')
    expect((await accounts.where({ email: 'a@example.com' }).count()).total).toBe(1)
  })

  test('when a unique value is freed by removing its document, then it can be used again', async () => {
    const accounts = db().collection('accounts')
    await accounts.add({ _id: 'u10', email: 'free@example.com' })
    await accounts.doc('u10').remove()

    const { id } = await accounts.add({ _id: 'u11', email: 'free@example.com' })

    expect(id).toBe('u11')
  })
})

describe('missing collection', () => {
  test('when a collection was never created, then reads and writes fail with DATABASE_COLLECTION_NOT_EXIST', async () => {
    const ghost = db().collection('never_created')
    const code = { code: 'DATABASE_COLLECTION_NOT_EXIST' }

    await expect(ghost.get()).rejects.toMatchObject(code)
    await expect(ghost.doc('a').get()).rejects.toMatchObject(code)
    await expect(ghost.add({ a: 1 })).rejects.toMatchObject(code)
    await expect(ghost.where({ a: 1 }).update({ b: 2 })).rejects.toMatchObject(code)
    await expect(ghost.count()).rejects.toMatchObject(code)
    await expect(ghost.aggregate().match({ a: 1 }).end()).rejects.toMatchObject(code)
  })

  test('when a collection is created twice, then the second fails with DATABASE_COLLECTION_ALREADY_EXIST', async () => {
    await db().createCollection('twice')
    await expect(db().createCollection('twice')).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_ALREADY_EXIST' })
  })
})

describe('where() query operators', () => {
  let items: ReturnType<ReturnType<typeof db>['collection']>

  beforeAll(async () => {
    items = await freshCollection()
    await items.add([
      { _id: 'a', n: 1, kind: 'x', opt: true },
      { _id: 'b', n: 2, kind: 'y' },
      { _id: 'c', n: 3, kind: 'x', opt: false },
      { _id: 'd', n: 4, kind: 'z' },
      { _id: 'e', n: 5, kind: 'y', opt: null },
    ])
  })

  const matching = async (query: object) => ids((await items.where(query).get()).data)

  test('when filtering with eq and a plain value, then only equal documents match', async () => {
    expect(await matching({ kind: _().eq('x') })).toEqual(['a', 'c'])
    expect(await matching({ kind: 'y', n: 5 })).toEqual(['e'])
  })

  test('when filtering with neq, then documents with another value match', async () => {
    expect(await matching({ kind: _().neq('x') })).toEqual(['b', 'd', 'e'])
  })

  test('when filtering with lt, lte, gt and gte, then the bounds are respected', async () => {
    expect(await matching({ n: _().lt(3) })).toEqual(['a', 'b'])
    expect(await matching({ n: _().lte(3) })).toEqual(['a', 'b', 'c'])
    expect(await matching({ n: _().gt(3) })).toEqual(['d', 'e'])
    expect(await matching({ n: _().gte(3) })).toEqual(['c', 'd', 'e'])
  })

  test('when filtering with in and nin, then membership decides', async () => {
    expect(await matching({ kind: _().in(['x', 'z']) })).toEqual(['a', 'c', 'd'])
    expect(await matching({ kind: _().nin(['x', 'z']) })).toEqual(['b', 'e'])
  })

  test('when combining with and / or, then both forms (field-level and top-level) apply', async () => {
    expect(await matching({ n: _().gt(1).and(_().lt(4)) })).toEqual(['b', 'c'])
    expect(await matching(_().and([{ kind: 'x' }, { n: _().gt(1) }]))).toEqual(['c'])
    expect(await matching(_().or([{ kind: 'z' }, { n: _().lt(2) }]))).toEqual(['a', 'd'])
    expect(await matching({ n: _().lt(2).or(_().gt(4)) })).toEqual(['a', 'e'])
  })

  test('when filtering with exists, then presence of the field decides (a null value is present)', async () => {
    expect(await matching({ opt: _().exists(true) })).toEqual(['a', 'c', 'e'])
    expect(await matching({ opt: _().exists(false) })).toEqual(['b', 'd'])
  })

  test('when filtering with a regular expression, then matching strings are found', async () => {
    expect(await matching({ kind: /^[xz]$/ })).toEqual(['a', 'c', 'd'])
    expect(await matching({ kind: db().RegExp({ regexp: 'Y', options: 'i' }) })).toEqual(['b', 'e'])
  })
})

describe('orderBy, skip, limit, field and count', () => {
  test('when ordering by two fields, then the second breaks ties', async () => {
    const items = await freshCollection()
    await items.add([
      { _id: '1', group: 'b', rank: 1 },
      { _id: '2', group: 'a', rank: 2 },
      { _id: '3', group: 'a', rank: 1 },
      { _id: '4', group: 'b', rank: 2 },
    ])

    const { data } = await items.orderBy('group', 'asc').orderBy('rank', 'desc').get()

    expect(data.map((d: { _id: string }) => d._id)).toEqual(['2', '3', '4', '1'])
  })

  test('when skipping and limiting an ordered query, then that page comes back', async () => {
    const items = await freshCollection()
    await items.add(Array.from({ length: 10 }, (_v, i) => ({ _id: `p${i}`, i })))

    const { data } = await items.orderBy('i', 'desc').skip(3).limit(4).get()

    expect(data.map((d: { i: number }) => d.i)).toEqual([6, 5, 4, 3])
  })

  test('when a projection names fields, then only those and _id come back', async () => {
    const items = await freshCollection()
    await items.add({ _id: 'f', a: 1, b: 2, c: { d: 3, e: 4 } })

    const { data } = await items.where({ _id: 'f' }).field({ a: true, 'c.d': true }).get()
    const excluded = await items.doc('f').field({ b: false }).get()

    expect(data).toEqual([{ _id: 'f', a: 1, c: { d: 3 } }])
    expect(excluded.data).toEqual([{ _id: 'f', a: 1, c: { d: 3, e: 4 } }])
  })

  test('when more than 1000 documents exist, then get() returns 100, limit caps at 1000 and count sees all', async () => {
    const items = await freshCollection()
    for (let start = 0; start < 1100; start += 275) {
      await items.add(Array.from({ length: 275 }, (_v, i) => ({ i: start + i })))
    }

    expect((await items.get()).data).toHaveLength(100)
    expect((await items.limit(1000).get()).data).toHaveLength(1000)
    expect((await items.limit(5000).get()).data).toHaveLength(1000)
    expect((await items.count()).total).toBe(1100)
    expect((await items.where({ i: _().gte(1000) }).count()).total).toBe(100)
  })

  test('when a raw request omits limit or asks for more than 1000, then the server applies 100 and 1000 itself', async () => {
    const items = await freshCollection()
    await items.add(Array.from({ length: 1001 }, (_v, i) => ({ i })))
    const list = async (params: Record<string, unknown>) => {
      const reply = (await stack.cloudbase.execute('database.getDocument', { collectionName: items.name, ...params })) as {
        data: { list: string[] }
      }
      return reply.data.list
    }

    expect(await list({})).toHaveLength(100)
    expect(await list({ limit: 5000 })).toHaveLength(1000)
  })
})

describe('update operators', () => {
  test('when updating with set, inc, push, pull and remove, then each operator applies', async () => {
    const items = await freshCollection()
    await items.add({ _id: 'u', name: 'old', count: 1, tags: ['a', 'b', 'c'], nested: { keep: 1, drop: 2 }, gone: true })

    const { updated } = await items.doc('u').update({
      name: 'new',
      count: _().inc(2),
      tags: _().push(['d']),
      nested: { drop: _().remove() },
      gone: _().remove(),
      obj: _().set({ replaced: true }),
    })
    await items.doc('u').update({ tags: _().pull('b') })

    expect(updated).toBe(1)
    const { data } = await items.doc('u').get()
    expect(data).toEqual([{ _id: 'u', name: 'new', count: 3, tags: ['a', 'c', 'd'], nested: { keep: 1 }, obj: { replaced: true } }])
  })

  test('when pulling with a condition, then every matching element is removed', async () => {
    const items = await freshCollection()
    await items.add({ _id: 'p', scores: [1, 5, 8, 2] })

    await items.doc('p').update({ scores: _().pull(_().gt(4)) })

    expect((await items.doc('p').get()).data[0].scores).toEqual([1, 2])
  })

  test('when updating with db.serverDate(), then the field becomes the server time', async () => {
    const items = await freshCollection()
    await items.add({ _id: 's' })

    await items.doc('s').update({ at: db().serverDate({ offset: 60_000 }) })

    const at: Date = (await items.doc('s').get()).data[0].at
    expect(at).toBeInstanceOf(Date)
    expect(Math.abs(at.getTime() - (Date.now() + 60_000))).toBeLessThan(5_000)
  })

  test('when an update changes nothing, then updated is 0', async () => {
    const items = await freshCollection()
    await items.add({ _id: 'n', v: 1 })
    expect((await items.doc('n').update({ v: 1 })).updated).toBe(0)
    expect((await items.doc('missing').update({ v: 1 })).updated).toBe(0)
  })
})

describe('where().update', () => {
  test('when several documents match, then all are updated and updated counts them', async () => {
    const items = await freshCollection()
    await items.add([{ s: 'open' }, { s: 'open' }, { s: 'done' }])

    const { updated } = await items.where({ s: 'open' }).update({ s: 'closed' })

    expect(updated).toBe(2)
    expect((await items.where({ s: 'closed' }).count()).total).toBe(2)
  })

  test('when 50 callers claim the same open document at once, then exactly one gets updated 1', async () => {
    const wishes = await freshCollection()
    await wishes.add({ _id: 'wish', status: 'open' })

    const results = await Promise.all(
      Array.from({ length: 50 }, (_v, i) => wishes.where({ _id: 'wish', status: 'open' }).update({ status: 'claimed', claimedBy: `v${i}` })),
    )

    const winners = results.map((r, i) => ({ updated: r.updated, i })).filter((r) => r.updated === 1)
    expect(winners).toHaveLength(1)
    expect(results.filter((r) => r.updated === 0)).toHaveLength(49)
    const { data } = await wishes.doc('wish').get()
    expect(data[0]).toMatchObject({ status: 'claimed', claimedBy: `v${winners[0].i}` })
  })

  test('when updateAndReturn matches, then the updated document comes back', async () => {
    const items = await freshCollection()
    await items.add({ _id: 'r', status: 'open', n: 1 })

    const hit = await items.where({ _id: 'r', status: 'open' }).updateAndReturn({ status: 'taken', n: _().inc(1) })
    const miss = await items.where({ _id: 'r', status: 'open' }).updateAndReturn({ status: 'taken' })

    expect(hit).toMatchObject({ updated: 1, doc: { _id: 'r', status: 'taken', n: 2 } })
    expect(miss).toMatchObject({ updated: 0, doc: null })
  })
})

describe('set and remove', () => {
  test('when set() targets an existing document, then it is replaced; when it targets a new id, then it is created', async () => {
    const items = await freshCollection()
    await items.add({ _id: 'e', a: 1, b: 2 })

    const replaced = await items.doc('e').set({ c: 3 })
    const created = await items.doc('new').set({ d: 4 })

    expect(replaced.updated).toBe(1)
    expect(created).toMatchObject({ updated: 0, upsertedId: 'new' })
    expect((await items.doc('e').get()).data).toEqual([{ _id: 'e', c: 3 }])
    expect((await items.doc('new').get()).data).toEqual([{ _id: 'new', d: 4 }])
  })

  test('when removing by doc and by where, then deleted counts the removed documents', async () => {
    const items = await freshCollection()
    await items.add([{ _id: 'k1', t: 1 }, { _id: 'k2', t: 2 }, { _id: 'k3', t: 2 }])

    const one = await items.doc('k1').remove()
    const many = await items.where({ t: 2 }).remove()

    expect(one.deleted).toBe(1)
    expect(many.deleted).toBe(2)
    expect((await items.count()).total).toBe(0)
  })
})

describe('aggregate', () => {
  test('when matching, grouping and sorting, then the groups come back in order', async () => {
    const sales = await freshCollection()
    await sales.add([
      { region: 'north', amount: 5, paid: true },
      { region: 'south', amount: 7, paid: true },
      { region: 'north', amount: 4, paid: true },
      { region: 'east', amount: 100, paid: false },
      { region: 'south', amount: 1, paid: true },
    ])
    const $ = _().aggregate

    const { data } = await sales
      .aggregate()
      .match({ paid: true })
      .group({ _id: '$region', total: $.sum('$amount'), orders: $.sum(1) })
      .sort({ total: -1 })
      .end()

    expect(data).toEqual([
      { _id: 'north', total: 9, orders: 2 },
      { _id: 'south', total: 8, orders: 2 },
    ])
  })

  test('when a pipeline has no limit stage, then 20 results come back, as on CloudBase', async () => {
    const items = await freshCollection()
    await items.add(Array.from({ length: 30 }, (_v, i) => ({ i })))

    const unlimited = await items.aggregate().match({}).end()
    const limited = await items.aggregate().match({}).limit(25).end()

    expect(unlimited.data).toHaveLength(20)
    expect(limited.data).toHaveLength(25)
  })
})
