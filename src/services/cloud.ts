import Taro from '@tarojs/taro'
import type { Envelope, ErrorBody, ErrorCode, FieldError } from '../../cloudfunctions/core/errors'
import { getDevOpenid } from './dev-identity'
import { postJson } from './http'

/**
 * The one place the mini-program calls cloud functions.
 * weapp: `Taro.cloud.callFunction({ name, data: event })`, the reply is `result`.
 * h5: `POST /api/functions/<name>` on the local stack, with `X-Dev-Openid` from the demo-identity store.
 * Either way the reply is the contract's envelope (shared/api.md): `data` comes back, failures throw CloudError.
 */

export const NETWORK_ERROR_MESSAGE = '网络异常，请稍后重试'

/** A failed call: the server's error code, its Chinese message and per-field errors. */
export class CloudError extends Error {
  readonly code: ErrorCode
  readonly fields: FieldError[]

  constructor(body: ErrorBody) {
    super(body.message)
    this.name = 'CloudError'
    this.code = body.code
    this.fields = body.fields ?? []
  }

  /** First message per field path (`phone`, `skills.0`, …). */
  fieldMessages(): Record<string, string> {
    const messages: Record<string, string> = {}
    for (const { path, message } of this.fields) {
      if (!(path in messages)) messages[path] = message
    }
    return messages
  }
}

export const isCloudError = (error: unknown): error is CloudError => error instanceof CloudError

export interface CallOptions {
  /** Same key on a retry → the server returns the first call's result and changes nothing more. */
  idempotencyKey?: string
}

interface CloudEvent {
  action: string
  data?: unknown
  idempotencyKey?: string
}

const networkError = () => new CloudError({ code: 'INTERNAL', message: NETWORK_ERROR_MESSAGE })

function isEnvelope(reply: unknown): reply is Envelope<unknown> {
  if (typeof reply !== 'object' || reply === null) return false
  const candidate = reply as { ok?: unknown; data?: unknown; error?: unknown }
  if (candidate.ok === true) return 'data' in candidate
  if (candidate.ok !== false || typeof candidate.error !== 'object' || candidate.error === null) return false
  const error = candidate.error as { code?: unknown; message?: unknown }
  return typeof error.code === 'string' && typeof error.message === 'string'
}

/** weapp: the WeChat cloud; the reply's `result` is the envelope. */
async function sendByCloud(name: string, event: CloudEvent): Promise<unknown> {
  const res = await Taro.cloud.callFunction({ name, data: event as unknown as Record<string, unknown> })
  return res.result
}

/** h5: the local stack's function host; the HTTP body is the envelope. */
async function sendByHttp(name: string, event: CloudEvent): Promise<unknown> {
  const openid = getDevOpenid()
  const header: Record<string, string> = {}
  if (openid) header['X-Dev-Openid'] = openid
  const res = await postJson({ url: `/api/functions/${encodeURIComponent(name)}`, data: event, header })
  return res.data
}

// Chosen at build time (TARO_ENV is replaced), so each bundle keeps one transport only. Never call
// Taro.cloud outside weapp: in H5 it is a stub that reports success.
const send = (name: string, event: CloudEvent): Promise<unknown> =>
  process.env.TARO_ENV === 'weapp' ? sendByCloud(name, event) : sendByHttp(name, event)

/**
 * Calls `name` with `{ action, data, idempotencyKey }` and returns the envelope's `data`.
 * Throws CloudError: the server's code for `ok: false`, INTERNAL ('网络异常，请稍后重试') when the
 * call itself fails or the reply is not an envelope.
 */
export async function callFunction<T>(name: string, action: string, data?: unknown, options: CallOptions = {}): Promise<T> {
  const event: CloudEvent = { action }
  if (data !== undefined) event.data = data
  if (options.idempotencyKey) event.idempotencyKey = options.idempotencyKey

  let reply: unknown
  try {
    reply = await send(name, event)
  } catch {
    throw networkError()
  }
  if (!isEnvelope(reply)) throw networkError()
  if (reply.ok) return reply.data as T
  throw new CloudError(reply.error)
}

/** A key for one logical mutation; reuse it when retrying the same request. */
export function createIdempotencyKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 10)}`
}
