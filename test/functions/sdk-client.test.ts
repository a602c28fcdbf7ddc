import diagnostics from 'node:diagnostics_channel'
import type { ClientRequest } from 'node:http'
import type { Socket } from 'node:net'
import { createApp } from '../../cloudfunctions/core/cloudbase'
import { startTestCloudbase, type TestCloudbase } from '../support/local-cloudbase'

/**
 * The functions' SDK client against the local stack, configured as on CloudBase (where the SDK
 * leaves connection reuse to Node's own keep-alive agent).
 */
let stack: TestCloudbase
beforeAll(async () => {
  stack = await startTestCloudbase({ collections: [{ name: 'items', indexes: [] }] })
})
afterAll(async () => {
  await stack.close()
})

describe('a burst of requests through the SDK client', () => {
  test('when 300 requests go at once, then every one is answered and no connection collects listeners', async () => {
    // every socket the client's requests go out on
    const sockets = new Set<Socket>()
    const onRequest = ({ request }: { request: ClientRequest }) => {
      if (request.socket) sockets.add(request.socket)
      else request.once('socket', (socket) => sockets.add(socket))
    }
    const requests = diagnostics.channel('http.client.request.start') // held here: an unreferenced channel may be collected
    requests.subscribe(onRequest as (message: unknown) => void)
    try {
      const db = createApp(process.env).database()
      await db.collection('items').add({ _id: 'burst', n: 0 })
      const _ = db.command

      // three rounds: sockets are opened by the first and reused by the next two
      for (let round = 0; round < 3; round++) {
        const replies = await Promise.all(Array.from({ length: 300 }, () => db.collection('items').where({ _id: 'burst' }).update({ n: _.inc(1) })))
        expect(replies.every((reply) => (reply as { updated?: number }).updated === 1)).toBe(true)
      }

      expect((await db.collection('items').doc('burst').get()).data[0]).toMatchObject({ n: 900 })
      expect(sockets.size).toBeGreaterThan(0)
      // a request that waited for a busy socket must not leave a 'connect' listener on it that never fires
      expect(Math.max(...[...sockets].map((socket) => socket.listenerCount('connect')))).toBe(0)
    } finally {
      requests.unsubscribe(onRequest as (message: unknown) => void)
    }
  })
})
