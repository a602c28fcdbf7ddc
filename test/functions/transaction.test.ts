import { AppError } from '../../cloudfunctions/core/errors'
import { inTransaction } from '../../cloudfunctions/core/transaction'
import { startTestCloudbase } from '../support/local-cloudbase'

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
beforeAll(async () => {
  stack = await startTestCloudbase({ collections: [{ name: 'counters', indexes: [] }] })
  await stack.app.database().collection('counters').add({ _id: 'hot', n: 0 })
})
afterAll(async () => {
  await stack.close()
})

describe('inTransaction', () => {
  test('when a transaction keeps conflicting past its time budget, then RATE_LIMITED and none of its writes remain', async () => {
    const db = stack.app.database()
    const started = Date.now()
    let attempts = 0
    const outcome = await inTransaction(db, async (tx) => {
      attempts++
      await tx.collection('counters').doc('hot').get()
      // someone else writes the document between our snapshot and our write, every time
      await db.collection('counters').doc('hot').update({ n: attempts })
      await tx.collection('counters').doc('hot').update({ mine: attempts })
    }, { budgetMs: 1_500 }).catch((error: unknown) => error)
    expect(outcome).toBeInstanceOf(AppError)
    expect((outcome as AppError).code).toBe('RATE_LIMITED')
    expect(attempts).toBeGreaterThan(1)
    expect(Date.now() - started).toBeLessThan(5_000)
    const { data } = await db.collection('counters').doc('hot').get()
    expect(data[0]).not.toHaveProperty('mine')
  })

  test('when 30 transactions increment one counter at once, then each either commits or is RATE_LIMITED and no increment is lost', async () => {
    const db = stack.app.database()
    await db.collection('counters').add({ _id: 'crowd', n: 0 })
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, () =>
        inTransaction(db, async (tx) => {
          const { data } = await tx.collection('counters').doc('crowd').get()
          await tx.collection('counters').doc('crowd').update({ n: (data as { n: number }).n + 1 })
        }).then(() => 'ok', (error: unknown) => (error instanceof AppError ? error.code : 'other')),
      ),
    )
    expect(outcomes.filter((o) => o !== 'ok' && o !== 'RATE_LIMITED')).toEqual([])
    const { data } = await db.collection('counters').doc('crowd').get()
    expect(data[0].n).toBe(outcomes.filter((o) => o === 'ok').length)
  }, 30_000)
})
