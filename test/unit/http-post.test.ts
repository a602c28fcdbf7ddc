import http from 'node:http'
import { closeServer, listen } from '../../local/http'
import { postJson } from '../../src/services/http'

/** The H5 build's transport (src/services/http.ts) against a real HTTP server, on Node's own fetch. */

interface Received {
  method: string
  headers: http.IncomingHttpHeaders
  body: string
}

let server: http.Server
let origin: string
let received: Received[]
let answer: { status: number; type: string; body: string }

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      received.push({ method: req.method ?? '', headers: req.headers, body })
      res.writeHead(answer.status, { 'content-type': answer.type, connection: 'close' })
      res.end(answer.body)
    })
  })
  origin = await listen(server, 0, '127.0.0.1')
})
afterAll(() => closeServer(server, async () => undefined))
beforeEach(() => {
  received = []
  answer = { status: 200, type: 'application/json', body: '{"ok":true,"data":{"名称":"公益苍南"}}' }
})

test('when it posts, then the event goes as a JSON body with the given headers, and the JSON reply comes back parsed', async () => {
  const reply = await postJson({ url: `${origin}/api/functions/user`, data: { action: 'me', data: { 名称: '苍南' } }, header: { 'X-Dev-Openid': 'demo-volunteer' } })

  expect(reply).toEqual({ statusCode: 200, data: { ok: true, data: { 名称: '公益苍南' } } })
  expect(received).toHaveLength(1)
  expect(received[0].method).toBe('POST')
  expect(received[0].headers['content-type']).toBe('application/json')
  expect(received[0].headers['x-dev-openid']).toBe('demo-volunteer')
  expect(JSON.parse(received[0].body)).toEqual({ action: 'me', data: { 名称: '苍南' } })
})

test('when the reply is an error status, then its status and body come back rather than a rejection', async () => {
  answer = { status: 500, type: 'application/json', body: '{"ok":false,"error":{"code":"INTERNAL","message":"服务异常"}}' }

  const reply = await postJson({ url: `${origin}/api/functions/user`, data: { action: 'me' } })

  expect(reply).toEqual({ statusCode: 500, data: { ok: false, error: { code: 'INTERNAL', message: '服务异常' } } })
  expect(received[0].headers).not.toHaveProperty('x-dev-openid')
})

test('when the reply is not JSON (a proxy page), then data is null', async () => {
  answer = { status: 502, type: 'text/html', body: '<html>Bad Gateway</html>' }

  await expect(postJson({ url: `${origin}/api/functions/user`, data: {} })).resolves.toEqual({ statusCode: 502, data: null })
})

test('when nothing answers, then it rejects', async () => {
  const closed = http.createServer()
  const url = await listen(closed, 0, '127.0.0.1')
  await closeServer(closed, async () => undefined)

  await expect(postJson({ url: `${url}/api/functions/user`, data: {} })).rejects.toThrow()
})
