import type http from 'node:http'
import type { AddressInfo } from 'node:net'

/** Small HTTP helpers shared by the local stack's servers. */

/** The request body as text, or null when it is larger than `maxBytes` (the request is then dropped). */
export async function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string | null> {
  const bytes = await readBytes(req, maxBytes)
  return bytes === null ? null : bytes.toString('utf8')
}

/** Requests whose body was not read to the end: their reply closes the connection. */
const oversized = new WeakSet<http.IncomingMessage>()

/**
 * The request body as bytes, or null when it is larger than `maxBytes`. Past the limit the rest is
 * not kept and the connection is marked to close after the reply, so the caller can still answer
 * (a request destroyed at once would leave the client with no reply at all). Rejects when the client
 * goes away before the body is complete (a Content-Length it never sends), so no caller waits forever.
 */
export function readBytes(req: http.IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return
      size += chunk.length
      if (size > maxBytes) {
        tooLarge = true
        chunks.length = 0
        oversized.add(req)
        resolve(null)
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)))
    req.on('error', reject)
    // after 'end' this is a no-op (the promise is settled); before it, the body was cut short
    req.on('close', () => reject(new Error('the client closed the connection before the body was complete')))
  })
}

export function sendJson(res: http.ServerResponse, body: unknown, status = 200): void {
  // the client may be gone, or a reply already started (a late error): nothing more to send
  if (res.headersSent || res.destroyed) return
  const text = JSON.stringify(body)
  const close = res.req && oversized.has(res.req) ? { connection: 'close' } : {}
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...close })
  res.end(text)
}

/** Listen and return the origin to print and to build URLs with (a wildcard host shows as 127.0.0.1). */
export async function listen(server: http.Server, port: number, host: string): Promise<string> {
  // the SDK keeps connections alive for 4.8 s; outlive that so it never reuses a closing socket
  server.keepAliveTimeout = 10_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${address.port}`
}

/** Stop accepting, drop open connections, then run `after` (e.g. close the database). */
export function closeServer(server: http.Server, after: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => {
      after()
      resolve()
    })
  })
}
