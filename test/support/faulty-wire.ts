import http from 'node:http'
import { closeServer, listen, readBody, sendJson } from '../../local/http'
import { SERVICE_PATH } from '../../local/database'
import type { TestCloudbase } from './local-cloudbase'

/** The wire actions that change data (a transaction's commit included). */
const WRITES = new Set(['database.insertDocument', 'database.modifyDocument', 'database.modifyAndReturnDoc', 'database.removeDocument', 'database.commitTransaction'])

export interface FaultyWire {
  serviceUrl: string
  /** Fail the `n`th write from now (1-based) as the database would on a lost connection; the rest pass. */
  failWrite(n: number): void
  /** Writes seen since the last `failWrite` or `countWrites`. */
  writes(): number
  countWrites(): void
  close(): Promise<void>
}

/**
 * A CloudBase wire in front of a test stack that can fail the Nth write: a crash between two steps
 * of a use case, seen from the function as the SDK throwing. Point the functions' SDK at it by
 * setting `TCB_SERVICE_URL` to `serviceUrl` before their first call (the SDK is set up once).
 */
export async function startFaultyWire(stack: TestCloudbase): Promise<FaultyWire> {
  let seen = 0
  let failAt: number | null = null
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://local')
    if (pathname !== SERVICE_PATH || req.method !== 'POST') {
      if (!stack.cloudbase.handle(req, res)) sendJson(res, { code: 'NOT_FOUND', message: 'not found' }, 404)
      return
    }
    void readBody(req, 50 * 1024 * 1024).then(async (text) => {
      const { action, ...params } = JSON.parse(text ?? '{}') as { action: string } & Record<string, unknown>
      if (WRITES.has(action)) {
        seen += 1
        if (failAt === seen) return sendJson(res, { code: 'SYS_ERR', message: `injected failure on write ${seen} (${action})`, requestId: 'faulty-wire' })
      }
      sendJson(res, await stack.cloudbase.execute(action, params))
    })
  })
  const origin = await listen(server, 0, '127.0.0.1')
  return {
    serviceUrl: `${origin}${SERVICE_PATH}`,
    failWrite(n) {
      seen = 0
      failAt = n
    },
    writes: () => seen,
    countWrites() {
      seen = 0
      failAt = null
    },
    close: () => closeServer(server, () => undefined),
  }
}
