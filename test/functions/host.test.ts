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
