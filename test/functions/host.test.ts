import net from 'node:net'
import { startHost, type RunningHost } from '../../local/host'

let host: RunningHost
beforeAll(async () => {
  host = await startHost({ port: 0, host: '127.0.0.1', dataDir: null, h5Dir: null, functionSource: 'source' })
})
afterAll(async () => {
  await host.close()
})

const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${host.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })
  return { status: response.status, body: (await response.json()) as { ok: boolean; data?: any; error?: { code: string; message: string } } }
}

describe('POST /api/functions/:name', () => {
  test('when X-Dev-Openid is sent, then the function sees it as the WeChat openid', async () => {
    const reply = await post('/api/functions/user', JSON.stringify({ action: 'login' }), { 'X-Dev-Openid': 'host-caller-1' })
    expect(reply.status).toBe(200)
    expect(reply.body.data.user.openid).toBe('host-caller-1')
  })

  test('when no header is sent, then the caller is anonymous', async () => {
    const reply = await post('/api/functions/user', JSON.stringify({ action: 'login' }))
    expect(reply.body.error?.code).toBe('UNAUTHENTICATED')
  })

  test('when the body is not JSON, then status 200 and INVALID_ARGUMENT, no stack trace', async () => {
    const reply = await post('/api/functions/user', '{"action": "login"', { 'X-Dev-Openid': 'host-caller-2' })
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '请求内容不是有效的 JSON' } })
  })

  test('when the function does not exist, then NOT_FOUND in the envelope', async () => {
    const reply = await post('/api/functions/nosuch', JSON.stringify({ action: 'x' }))
    expect(reply.status).toBe(200)
    expect(reply.body.error?.code).toBe('NOT_FOUND')
  })

  test('when the openid header has characters no openid has, then the caller is anonymous', async () => {
    const reply = await post('/api/functions/user', JSON.stringify({ action: 'login' }), { 'X-Dev-Openid': 'a b<script>' })
    expect(reply.body.error?.code).toBe('UNAUTHENTICATED')
  })

  test('when there is no H5 build, then the app route says how to build it', async () => {
    const response = await fetch(`${host.url}/`)
    expect(response.status).toBe(503)
    expect(await response.text()).toContain('npm run build:h5')
  })
})

describe('POST /api/dev/clock', () => {
  test('when the host was not started with the dev clock, then the endpoint does not exist', async () => {
    const reply = await post('/api/dev/clock', JSON.stringify({ at: '2030-01-01T00:00:00.000Z' }))
    expect(reply.status).toBe(404)
    expect(reply.body.error?.code).toBe('NOT_FOUND')
  })

  test('when it is allowed, then the functions read the moved clock until it is reset', async () => {
    const clocked = await startHost({ port: 0, host: '127.0.0.1', dataDir: null, h5Dir: null, functionSource: 'source', allowDevClock: true })
    const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${clocked.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } }).then((r) => r.json() as Promise<any>)
    try {
      expect((await call('/api/dev/clock', { at: '2030-01-01T08:00:00+08:00' })).data.now).toMatch(/^2030-01-01T00:00/)
      const moved = await call('/api/functions/user', { action: 'login' }, { 'X-Dev-Openid': 'clock-caller-1' })
      expect(moved.data.user.createdAt).toMatch(/^2030-01-01T00:00/)
      await call('/api/dev/clock', { reset: true })
      const back = await call('/api/functions/user', { action: 'login' }, { 'X-Dev-Openid': 'clock-caller-2' })
      expect(back.data.user.createdAt.slice(0, 4)).toBe(String(new Date().getUTCFullYear()))
      expect((await call('/api/dev/clock', { at: 'tomorrow' })).error.code).toBe('INVALID_ARGUMENT')
    } finally {
      await call('/api/dev/clock', { reset: true })
      await clocked.close()
    }
  })
})

describe('POST /api/files (H5 uploads)', () => {
  test('when a caller uploads into their own folder under a wish, then a file ID comes back and the file is there', async () => {
    const response = await fetch(`${host.url}/api/files?cloudPath=${encodeURIComponent('wishes/wish-x/uploader-1/a.jpg')}`, { method: 'POST', body: Buffer.from('jpeg!'), headers: { 'X-Dev-Openid': 'uploader-1' } })
    const reply = (await response.json()) as { ok: boolean; data: { fileID: string } }
    expect(reply.data.fileID).toMatch(/^cloud:\/\/.+\/wishes\/wish-x\/uploader-1\/a\.jpg$/)
  })

  test('when the folder belongs to someone else, or nobody is signed in, then FORBIDDEN / UNAUTHENTICATED', async () => {
    const path = encodeURIComponent('wishes/wish-x/someone-else/a.jpg')
    const forbidden = await post(`/api/files?cloudPath=${path}`, 'x', { 'X-Dev-Openid': 'uploader-1' })
    expect(forbidden.body.error?.code).toBe('FORBIDDEN')
    const anonymous = await post(`/api/files?cloudPath=${path}`, 'x')
    expect(anonymous.body.error?.code).toBe('UNAUTHENTICATED')
  })
})

/** One raw HTTP exchange over a socket: what the host wrote back before closing (or `waitMs` passing). */
function rawExchange(url: string, request: string | Buffer, options: { destroyAfterWrite?: boolean; waitMs?: number } = {}): Promise<{ text: string; closedByServer: boolean }> {
  const { port, hostname } = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname)
    const chunks: Buffer[] = []
    let closedByServer = false
    const timer = setTimeout(() => {
      socket.destroy()
      resolve({ text: Buffer.concat(chunks).toString('utf8'), closedByServer })
    }, options.waitMs ?? 3_000)
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', () => undefined) // the host may close while we still write (an oversized body)
    socket.on('close', () => {
      closedByServer = true
      clearTimeout(timer)
      resolve({ text: Buffer.concat(chunks).toString('utf8'), closedByServer })
    })
    socket.write(request, () => {
      if (options.destroyAfterWrite) {
        clearTimeout(timer)
        socket.destroy()
        resolve({ text: Buffer.concat(chunks).toString('utf8'), closedByServer: false })
      }
    })
  })
}

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)
const envelopeOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { ok: boolean; error?: { code: string; message: string } }
const postRaw = (path: string, body = '{}', extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${extra}\r\n${body}`

async function expectHostAlive() {
  const reply = await post('/api/functions/user', JSON.stringify({ action: 'login' }), { 'X-Dev-Openid': `alive-${Date.now()}` })
  expect(reply.body.ok).toBe(true)
}

describe('a host no request can kill', () => {
  test.each(['/api/functions/%E0%A4%A', '/api/functions/%', '/api/functions/%ZZ'])(
    'when a function name is a malformed percent-escape (%s), then NOT_FOUND in the envelope and the host answers on',
    async (path) => {
      const { text } = await rawExchange(host.url, postRaw(path, JSON.stringify({ action: 'login' })))
      expect(statusOf(text)).toBe(200)
      expect(envelopeOf(text).error?.code).toBe('NOT_FOUND')
      await expectHostAlive()
    },
  )

  test.each(['/%E0%A4%A', '/%', '//', '//x/%'])('when a static path is malformed (%s), then a plain 400 and the host answers on', async (path) => {
    const { text } = await rawExchange(host.url, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
    expect(statusOf(text)).toBe(400)
    await expectHostAlive()
  })

  test('when the request line or a header is not HTTP (or the headers are oversized), then 400 with the envelope and the host answers on', async () => {
    for (const request of ['GARBAGE\r\n\r\n', 'POST /api/functions/user HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n', 'POST /api/functions/user HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', `POST /api/functions/user HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`]) {
      const { text, closedByServer } = await rawExchange(host.url, request)
      expect(statusOf(text)).toBe(400)
      expect(envelopeOf(text).error?.code).toBe('INVALID_ARGUMENT')
      expect(closedByServer).toBe(true)
    }
    await expectHostAlive()
  })

  test('when a client sends a Content-Length and closes before the body is complete, then the host answers the next caller', async () => {
    const request = `POST /api/functions/user HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"action":"lo`
    await Promise.all(Array.from({ length: 5 }, () => rawExchange(host.url, request, { destroyAfterWrite: true })))
    await expectHostAlive()
  })

  test('when the body is larger than 1 MB, then INVALID_ARGUMENT in the envelope and the connection closes', async () => {
    const body = `{"action":"login","data":{"x":"${'a'.repeat(2 * 1024 * 1024)}"}}`
    const { text } = await rawExchange(host.url, postRaw('/api/functions/user', body, 'X-Dev-Openid: big-1\r\n'), { waitMs: 5_000 })
    expect(statusOf(text)).toBe(200)
    expect(envelopeOf(text)).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '请求内容过大' } })
    await expectHostAlive()
  })

  test.each([['5'], ['"login"'], ['[1,2]'], ['null']])('when the event is JSON but not an object (%s), then INVALID_ARGUMENT', async (body) => {
    const reply = await post('/api/functions/user', body, { 'X-Dev-Openid': 'host-caller-3' })
    expect(reply.status).toBe(200)
    expect(reply.body.error?.code).toBe('INVALID_ARGUMENT')
  })

  test('when an unknown function gets a bad body, then the envelope still comes back (INVALID_ARGUMENT)', async () => {
    const reply = await post('/api/functions/nosuch', '{oops')
    expect(reply.body.error?.code).toBe('INVALID_ARGUMENT')
  })

  test('when a client sends its headers too slowly, then the host cuts it off and answers others meanwhile', async () => {
    const slow = await startHost({ port: 0, host: '127.0.0.1', dataDir: null, h5Dir: null, functionSource: 'source', timeouts: { headersMs: 300, requestMs: 600, checkEveryMs: 100 } })
    try {
      const started = Date.now()
      const pending = rawExchange(slow.url, 'POST /api/functions/user HTTP/1.1\r\nHost: x\r\n', { waitMs: 5_000 })
      const meanwhile = await fetch(`${slow.url}/api/health`).then((r) => r.json())
      expect(meanwhile).toEqual({ ok: true })
      const { text, closedByServer } = await pending
      expect(closedByServer).toBe(true)
      expect(Date.now() - started).toBeLessThan(3_000)
      expect([0, 408]).toContain(statusOf(text))
    } finally {
      await slow.close()
    }
  })
})
