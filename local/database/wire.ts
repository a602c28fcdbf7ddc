import type http from 'node:http'
import { readBody, sendJson } from '../http'

/** Mount point of the SDK wire protocol: `serviceUrl = origin + SERVICE_PATH`. */
export const SERVICE_PATH = '/tcb'

const MAX_BODY_BYTES = 50 * 1024 * 1024

/** Database requests served by this process, by action: what the benchmarks count as round trips. */
export const wireCounts = new Map<string, number>()

/** Round trips served so far (all actions, or those starting with `prefix`). */
export const wireRoundTrips = (prefix = 'database.') => [...wireCounts].reduce((sum, [action, n]) => (action.startsWith(prefix) ? sum + n : sum), 0)

export type Execute = (action: string, params: Record<string, unknown>, origin: string) => Promise<unknown>

/**
 * The SDK's request: `POST {serviceUrl}?env=…&seqId=…` with a JSON body `{ action, ...params }`
 * (plus envName and token fields it always adds). The reply is always HTTP 200 with JSON: a body
 * carrying `code` is an error, which the SDK throws as a TcbError.
 */
export function handleService(req: http.IncomingMessage, res: http.ServerResponse, origin: string, execute: Execute): void {
  if (req.method !== 'POST') {
    req.resume()
    return sendJson(res, { code: 'INVALID_PARAM', message: 'the CloudBase service takes POST requests' }, 405)
  }
  readBody(req, MAX_BODY_BYTES)
    .then(async (text) => {
      if (text === null) return sendJson(res, { code: 'INVALID_PARAM', message: 'request body too large' })
      const body: unknown = JSON.parse(text || '{}')
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        return sendJson(res, { code: 'INVALID_PARAM', message: 'the request body must be a JSON object' })
      }
      const { action, ...params } = body as Record<string, unknown>
      wireCounts.set(String(action), (wireCounts.get(String(action)) ?? 0) + 1)
      sendJson(res, await execute(String(action ?? ''), params, origin))
    })
    .catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, { code: 'INVALID_PARAM', message: `unreadable request: ${(error as Error).message}` })
    })
}
