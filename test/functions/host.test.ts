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
