import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { main } from '../../cloudfunctions/user/index'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'

/**
 * user.verifyPhone (手机号快速验证): the getPhoneNumber button's one-time code goes through the
 * CloudBase OpenAPI (`wx.api`, /wxa/business/getuserphonenumber). WeChat is played by a small HTTP
 * endpoint in front of the local stack: it answers `wx.api` and passes everything else through.
 */
let stack: Awaited<ReturnType<typeof startTestCloudbase>>
let wechat: http.Server
const seen: Array<{ apiName: string; requestData: unknown }> = []

/** WeChat's replies by code: a good one, one already used (errcode 40029), a foreign number, an outage. */
function wechatReply(code: string): unknown {
  if (code === 'good-code') return { data: { responseData: JSON.stringify({ errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: '13800577099', purePhoneNumber: '13800577099', countryCode: '86' } }) }, requestId: 'r1' }
  if (code === 'foreign-code') return { data: { responseData: JSON.stringify({ errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: '+85261234567', purePhoneNumber: '61234567', countryCode: '852' } }) }, requestId: 'r2' }
  if (code === 'down-code') return { code: 'SYS_ERR', message: 'openapi unavailable', requestId: 'r3' }
  return { data: { responseData: JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }) }, requestId: 'r4' }
}

beforeAll(async () => {
  stack = await startTestCloudbase()
  const upstream = new URL(stack.serviceUrl)
  wechat = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      let parsed: { action?: string; apiName?: string; requestData?: string } = {}
      try {
        parsed = JSON.parse(body.toString())
      } catch {
        // not JSON: pass it through
      }
      if (parsed.action === 'wx.api') {
        const requestData = parsed.requestData ? JSON.parse(parsed.requestData) : null
        seen.push({ apiName: parsed.apiName ?? '', requestData })
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify(wechatReply((requestData as { code?: string } | null)?.code ?? '')))
        return
      }
      const forward = http.request(
        { hostname: upstream.hostname, port: upstream.port, path: `${upstream.pathname}${req.url?.replace(/^\/[^?]*/, '') ?? ''}`, method: req.method, headers: req.headers },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers)
          reply.pipe(res)
        },
      )
      forward.on('error', () => res.writeHead(502).end())
      forward.end(body)
    })
  })
  await new Promise<void>((resolve) => wechat.listen(0, '127.0.0.1', resolve))
  // the functions' SDK talks to "CloudBase" through the endpoint that plays WeChat
  process.env.TCB_SERVICE_URL = `http://127.0.0.1:${(wechat.address() as AddressInfo).port}${upstream.pathname}`
})
afterAll(async () => {
  await new Promise((resolve) => wechat?.close(resolve))
  await stack.close()
})

describe('user.verifyPhone', () => {
  test('when a signed-in caller sends the code of the getPhoneNumber button, then WeChat is asked once and the verified number comes back', async () => {
    const before = seen.length
    const { phone } = expectOk(await caller(main, 'test-phone-good')<{ phone: string }>('verifyPhone', { code: 'good-code' }))
    expect(phone).toBe('13800577099')
    expect(seen.slice(before)).toEqual([{ apiName: '/wxa/business/getuserphonenumber', requestData: { code: 'good-code' } }])
  })

  test('when the code was already used, then INVALID_ARGUMENT says to retry or type the number', async () => {
    const error = expectError(await caller(main, 'test-phone-used')('verifyPhone', { code: 'used-code' }))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.message).toContain('手动填写')
  })

  test('when WeChat verifies a number outside the mainland, then INVALID_ARGUMENT asks for a mainland number', async () => {
    const error = expectError(await caller(main, 'test-phone-foreign')('verifyPhone', { code: 'foreign-code' }))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.message).toContain('中国大陆')
  })

  test('when the OpenAPI is unavailable, then INVALID_STATE says to type the number instead', async () => {
    const error = expectError(await caller(main, 'test-phone-down')('verifyPhone', { code: 'down-code' }))
    expect(error.code).toBe('INVALID_STATE')
    expect(error.message).toContain('手动填写')
  })

  test('when the caller is anonymous or sends no code, then nothing is asked of WeChat', async () => {
    const before = seen.length
    expect(expectError(await caller(main, null)('verifyPhone', { code: 'good-code' })).code).toBe('UNAUTHENTICATED')
    expect(expectError(await caller(main, 'test-phone-empty')('verifyPhone', { code: '' })).code).toBe('INVALID_ARGUMENT')
    expect(seen.length).toBe(before)
  })
})
