import { startTestCloudbase, type TestCloudbase } from '../support/local-cloudbase'

/** Transactions through the real SDK: snapshot reads, write locks, first updater wins. */
let stack: TestCloudbase
let seq = 0

beforeAll(async () => {
  stack = await startTestCloudbase()
})
afterAll(async () => {
  await stack.close()
})

const db = () => stack.app.database()
const _ = () => db().command
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const CONFLICT = { code: 'DATABASE_TRANSACTION_CONFLICT' }

// The SDK types a transaction loosely; these are the calls the tests make on it.
interface Tx {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<{ data: Record<string, any> | null }>
      update(data: object): Promise<{ updated: number }>
      set(data: object): Promise<{ updated: number }>
      remove(): Promise<{ deleted: number }>
    }
    add(data: object): Promise<{ id: string }>
    where(query: object): { get(): Promise<{ data: Record<string, any>[] }> }
  }
  commit(): Promise<unknown>
  rollback(reason?: unknown): Promise<unknown>
}
const begin = () => db().startTransaction() as Promise<Tx>
const run = <T>(callback: (tx: Tx) => Promise<T>) => db().runTransaction(callback as never) as Promise<T>

async function freshCollection(docs: object[] = []) {
  const name = `tx_${++seq}`
  await db().createCollection(name)
  if (docs.length) await db().collection(name).add(docs)
  return name
}

const read = async (name: string, id: string) => (await db().collection(name).doc(id).get()).data[0]

describe('commit and abort', () => {
  test('when runTransaction moves an amount between two documents, then both changes are visible after it returns', async () => {
    const c = await freshCollection([{ _id: 'from', balance: 10 }, { _id: 'to', balance: 0 }])

    const result = await run(async (tx) => {
      const from = (await tx.collection(c).doc('from').get()).data!
      await tx.collection(c).doc('from').update({ balance: from.balance - 4 })
      await tx.collection(c).doc('to').update({ balance: _().inc(4) })
      await tx.collection(c).add({ _id: 'log', moved: 4 })
      return 'moved'
    })

    expect(result).toBe('moved')
    expect((await read(c, 'from')).balance).toBe(6)
    expect((await read(c, 'to')).balance).toBe(4)
    expect(await read(c, 'log')).toEqual({ _id: 'log', moved: 4 })
  })

  test('when a transaction writes, then others do not see it until commit, and it sees its own writes', async () => {
    const c = await freshCollection([{ _id: 'd', v: 1 }])
    const tx = await begin()

    await tx.collection(c).doc('d').update({ v: 2 })
    await tx.collection(c).add({ _id: 'n', v: 3 })

    expect((await tx.collection(c).doc('d').get()).data).toMatchObject({ v: 2 })
    expect((await tx.collection(c).where({ v: _().gte(2) }).get()).data.map((d) => d._id).sort()).toEqual(['d', 'n'])
    expect((await read(c, 'd')).v).toBe(1)
    expect(await read(c, 'n')).toBeUndefined()
    await tx.commit()
    expect((await read(c, 'd')).v).toBe(2)
    expect((await read(c, 'n')).v).toBe(3)
  })

  test('when a transaction is rolled back, then none of its writes remain', async () => {
    const c = await freshCollection([{ _id: 'd', v: 1 }, { _id: 'gone', v: 1 }])
    const tx = await begin()
    await tx.collection(c).doc('d').set({ v: 99 })
    await tx.collection(c).doc('gone').remove()
    await tx.collection(c).add({ _id: 'extra' })

    await tx.rollback()

    expect(await read(c, 'd')).toEqual({ _id: 'd', v: 1 })
    expect(await read(c, 'gone')).toEqual({ _id: 'gone', v: 1 })
    expect(await read(c, 'extra')).toBeUndefined()
  })

  test('when the runTransaction callback throws, then its writes are discarded and the error reaches the caller', async () => {
    const c = await freshCollection([{ _id: 'd', v: 1 }])

    const outcome = run(async (tx) => {
      await tx.collection(c).doc('d').update({ v: 2 })
      throw new Error('名额已满')
    })

    await expect(outcome).rejects.toThrow('名额已满')
    expect((await read(c, 'd')).v).toBe(1)
  })
})

describe('isolation and conflicts', () => {
  test('when another write lands after the transaction started, then the transaction still reads its snapshot and its write conflicts', async () => {
    const c = await freshCollection([{ _id: 'd', v: 1 }])
    const tx = await begin()
    expect((await tx.collection(c).doc('d').get()).data).toMatchObject({ v: 1 })

    await db().collection(c).doc('d').update({ v: 5 })

    expect((await tx.collection(c).doc('d').get()).data).toMatchObject({ v: 1 })
    await expect(tx.collection(c).doc('d').update({ v: 2 })).rejects.toMatchObject(CONFLICT)
    expect((await read(c, 'd')).v).toBe(5)
  })

  test('when two open transactions write the same document, then the second conflicts and the first commits', async () => {
    const c = await freshCollection([{ _id: 'seat', holder: null }])
    const first = await begin()
    const second = await begin()

    await first.collection(c).doc('seat').update({ holder: 'first' })
    await expect(second.collection(c).doc('seat').update({ holder: 'second' })).rejects.toMatchObject(CONFLICT)
    await first.commit()

    expect((await read(c, 'seat')).holder).toBe('first')
    await expect(second.commit()).rejects.toMatchObject(CONFLICT)
  })

  test('when a transaction inserts an _id another open transaction inserted, then it conflicts', async () => {
    const c = await freshCollection()
    const first = await begin()
    const second = await begin()

    await first.collection(c).add({ _id: 'only', by: 'first' })
    await expect(second.collection(c).add({ _id: 'only', by: 'second' })).rejects.toMatchObject(CONFLICT)
    await first.commit()

    expect((await read(c, 'only')).by).toBe('first')
  })

  test('when a write outside transactions hits a locked document, then it waits for the commit and applies after it', async () => {
    const c = await freshCollection([{ _id: 'd', v: 1, touched: 0 }])
    const tx = await begin()
    await tx.collection(c).doc('d').update({ v: 2 })

    let outsideDone = false
    const outside = db()
      .collection(c)
      .doc('d')
      .update({ touched: _().inc(1) })
      .then((r) => {
        outsideDone = true
        return r
      })
    await sleep(150)

    expect(outsideDone).toBe(false)
    expect(await read(c, 'd')).toEqual({ _id: 'd', v: 1, touched: 0 })
    await tx.commit()
    expect((await outside).updated).toBe(1)
    expect(await read(c, 'd')).toEqual({ _id: 'd', v: 2, touched: 1 })
  })

  test('when two runTransactions read and increment the same counter at once, then the SDK retries the loser and no increment is lost', async () => {
    const c = await freshCollection([{ _id: 'counter', n: 0 }])
    let runs = 0
    let arrived = 0
    let release!: () => void
    const bothRead = new Promise<void>((resolve) => (release = resolve))

    const increment = () =>
      run(async (tx) => {
        runs += 1
        const { n } = (await tx.collection(c).doc('counter').get()).data!
        if (++arrived === 2) release()
        await bothRead
        await tx.collection(c).doc('counter').update({ n: n + 1 })
        return n + 1
      })
    const results = await Promise.all([increment(), increment()])

    expect(results.sort()).toEqual([1, 2])
    expect((await read(c, 'counter')).n).toBe(2)
    expect(runs).toBeGreaterThanOrEqual(3)
  })

  test('when 100 transactions race for 20 seats, each retrying on conflict, then exactly 20 are taken', async () => {
    const c = await freshCollection([{ _id: 'activity', taken: 0 }])
    const CAPACITY = 20
    const claim = async (): Promise<'taken' | 'full'> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await run(async (tx) => {
            const { taken } = (await tx.collection(c).doc('activity').get()).data!
            if (taken >= CAPACITY) return 'full'
            await tx.collection(c).doc('activity').update({ taken: taken + 1 })
            return 'taken'
          })
        } catch (error) {
          if ((error as { code?: string }).code !== CONFLICT.code || attempt >= 100) throw error
          await sleep(Math.random() * 30)
        }
      }
    }

    process.env.SILENCE = 'true' // the SDK's "request longer than 3s" warning: this test queues ~3000 requests
    let outcomes: string[]
    try {
      outcomes = await Promise.all(Array.from({ length: 100 }, claim))
    } finally {
      delete process.env.SILENCE
    }

    expect(outcomes.filter((o) => o === 'taken')).toHaveLength(CAPACITY)
    expect(outcomes.filter((o) => o === 'full')).toHaveLength(100 - CAPACITY)
    expect((await read(c, 'activity')).taken).toBe(CAPACITY)
  }, 60_000)
})

describe('expiry', () => {
  test('when a transaction is abandoned, then it expires, its lock is released and its commit fails', async () => {
    const short = await startTestCloudbase({ collections: [{ name: 'seats', indexes: [] }], transactionTimeoutMs: 300 })
    try {
      const sdb = short.app.database()
      await sdb.collection('seats').add({ _id: 's', holder: null })
      const abandoned = (await sdb.startTransaction()) as unknown as Tx
      await abandoned.collection('seats').doc('s').update({ holder: 'abandoned' })

      await sleep(700)
      const later = (await sdb.startTransaction()) as unknown as Tx
      await later.collection('seats').doc('s').update({ holder: 'later' })
      await later.commit()

      expect((await sdb.collection('seats').doc('s').get()).data[0].holder).toBe('later')
      await expect(abandoned.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' })
    } finally {
      await short.close()
    }
  })
})
