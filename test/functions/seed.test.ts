import { getDb } from '../../cloudfunctions/core/cloudbase'
import { ensureUser } from '../../cloudfunctions/core/user/user.store'
import { startHost } from '../../local/host'
import { isSeeded, SEED_MARKER, seedDemoData } from '../../local/seed'
import { startTestCloudbase, type TestCloudbase } from '../support/local-cloudbase'

const count = async (db: ReturnType<TestCloudbase['app']['database']>, collection: string) => (await db.collection(collection).count()).total

// Functions reach the database through getDb(), initialised once per process (as on CloudBase): the
// seed tests below use their own stacks directly, the host test is the only one going through getDb().
describe('seedDemoData', () => {
  let stack: TestCloudbase
  beforeEach(async () => {
    stack = await startTestCloudbase()
  })
  afterEach(async () => {
    await stack.close()
  })

  test('when demo-resident logged in before the seed ran, then the seed still writes all the demo data', async () => {
    const db = stack.app.database()
    await ensureUser(db, 'demo-resident', new Date()) // what user.login writes for a first caller
    expect(await seedDemoData(db)).toBe(true)
    expect(await count(db, 'orgs')).toBe(6)
    expect(await count(db, 'wishes')).toBe(5)
    expect(await count(db, 'activities')).toBe(11)
    expect(await count(db, 'service_records')).toBe(18)
    expect(await count(db, 'venture_contests')).toBe(2)
    expect(await count(db, 'venture_projects')).toBe(1)
    expect(await isSeeded(db)).toBe(true)
  })

  test('when a seed was cut short before its marker, then the next start completes it, and a third start writes nothing', async () => {
    const db = stack.app.database()
    await seedDemoData(db)
    // what a kill half-way leaves: some documents and no marker
    await db.collection(SEED_MARKER.collection).doc(SEED_MARKER.id).remove()
    await db.collection('wishes').where({ _id: db.command.in(['wish-demo-quilt', 'wish-demo-glasses']) }).remove()
    await db.collection('users').doc('demo-platform-admin').remove()
    expect(await seedDemoData(db)).toBe(true)
    expect(await count(db, 'wishes')).toBe(5)
    expect((await db.collection('users').doc('demo-platform-admin').get()).data).toHaveLength(1)
    await db.collection('wishes').doc('wish-demo-quilt').remove()
    expect(await seedDemoData(db)).toBe(false)
    expect(await count(db, 'wishes')).toBe(4)
  })
})

describe('startHost with beforeServing (the demo seed)', () => {
  test('when a function is called while the seed runs, then the call waits for it and the seed is not skipped', async () => {
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const order: string[] = []
    const host = await startHost({
      port: 0, host: '127.0.0.1', dataDir: null, h5Dir: null, functionSource: 'source',
      beforeServing: async () => {
        await gate
        await seedDemoData(getDb())
        order.push('seeded')
      },
    })
    try {
      const early = fetch(`${host.url}/api/functions/user`, { method: 'POST', body: JSON.stringify({ action: 'me' }), headers: { 'X-Dev-Openid': 'demo-resident' } })
        .then((r) => r.json() as Promise<{ ok: boolean; data: { user: { phone: string | null; nickname: string } } }>)
        .then((reply) => {
          order.push('answered')
          return reply
        })
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(order).toEqual([])
      release()
      const reply = await early
      await host.ready
      expect(order).toEqual(['seeded', 'answered'])
      expect(reply.data.user.nickname).toBe('灵溪居民小林')
      expect(await isSeeded(getDb())).toBe(true)
    } finally {
      await host.close()
    }
  })
})
