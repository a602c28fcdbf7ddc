import type http from 'node:http'

/** Mount point of the SDK wire protocol: `serviceUrl = origin + SERVICE_PATH`. */
export const SERVICE_PATH = '/tcb'

const MAX_BODY_BYTES = 50 * 1024 * 1024

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
  readJson(req)
    .then(async (body) => {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        return sendJson(res, { code: 'INVALID_PARAM', message: 'the request body must be a JSON object' })
      }
      const { action, ...params } = body as Record<string, unknown>
      sendJson(res, await execute(String(action ?? ''), params, origin))
    })
    .catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, { code: 'INVALID_PARAM', message: `unreadable request: ${(error as Error).message}` })
    })
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'))
      } catch (error) {
        reject(error)
      }
    })
    req.on('error', reject)
  })
}

function sendJson(res: http.ServerResponse, body: unknown, status = 200) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
