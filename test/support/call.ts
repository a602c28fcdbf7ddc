import { wechatContext } from '../../local/wechat-context'
import type { Envelope } from '../../cloudfunctions/core/errors'

type Main = (event: unknown, context: unknown) => Promise<Envelope<unknown>>

/** Call a function's `main` the way CloudBase does, as `openid` (null: anonymous). */
export function caller(main: Main, openid: string | null) {
  return <T = unknown>(action: string, data?: unknown, extra: { idempotencyKey?: string } = {}) =>
    main({ action, data, ...extra }, wechatContext({ openid })) as Promise<Envelope<T>>
}

/** Unwrap a successful reply or fail the test with the error it carried. */
export function expectOk<T>(reply: Envelope<T>): T {
  if (!reply.ok) throw new Error(`expected ok, got ${reply.error.code}: ${reply.error.message}`)
  return reply.data
}

export function expectError(reply: Envelope<unknown>) {
  if (reply.ok) throw new Error(`expected an error, got ok: ${JSON.stringify(reply.data)}`)
  return reply.error
}
