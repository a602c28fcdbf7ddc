import { getApp } from '../cloudbase'
import { miniprogramState } from '../settings/subscribe-messages'

/** One subscribe message as WeChat's `subscribeMessage.send` takes it. */
export interface OutgoingMessage {
  to: string
  templateId: string
  page: string | null
  data: Record<string, { value: string }>
}

/** A failed send; `final` when WeChat refuses for good (retrying cannot help). */
export class SendFailure extends Error {
  constructor(
    message: string,
    readonly final: boolean,
  ) {
    super(message)
  }
}

/** How the sender hands a message to WeChat. Throws SendFailure (or anything: retried) when it did not go. */
export interface SubscribeTransport {
  name: string
  send(message: OutgoingMessage): Promise<void>
}

/**
 * WeChat errcodes that retrying cannot fix: 43101 the user has no subscription left (refused or used
 * up), 40003 bad openid, 40037 bad template id, 47003 a field does not fit its template.
 */
const FINAL_ERRCODES = new Set([43101, 40003, 40037, 47003])

/**
 * CloudBase OpenAPI: `subscribeMessage.send` (POST /cgi-bin/message/subscribe/send) through the
 * SDK's `callWxOpenApi`, with the function's own credentials (no access token to manage).
 */
export const openApiTransport: SubscribeTransport = {
  name: 'openapi',
  async send(message) {
    const reply = await getApp().callWxOpenApi({
      apiName: '/cgi-bin/message/subscribe/send',
      requestData: { touser: message.to, template_id: message.templateId, page: message.page ?? undefined, data: message.data, miniprogram_state: miniprogramState(), lang: 'zh_CN' },
    })
    const failed = reply as { code?: string; message?: string }
    if (failed.code) throw new SendFailure(`cloudbase ${failed.code}: ${failed.message ?? ''}`.trim(), false)
    const result = (reply.result ?? {}) as { errcode?: number; errmsg?: string }
    const errcode = result.errcode ?? 0
    if (errcode !== 0) throw new SendFailure(`wechat ${errcode}: ${result.errmsg ?? ''}`.trim(), FINAL_ERRCODES.has(errcode))
  },
}

/**
 * The local stack has no WeChat behind it: sending succeeds, and the sender keeps what it would
 * have sent on the notification (`delivery`), where tests and people look.
 */
export const localTransport: SubscribeTransport = {
  name: 'local',
  async send() {},
}

let override: SubscribeTransport | null = null

/** The transport in force: injected (tests), `MESSAGE_TRANSPORT`, or local when the SDK points at the local stack. */
export function transport(): SubscribeTransport {
  if (override) return override
  const chosen = process.env.MESSAGE_TRANSPORT
  if (chosen === 'local') return localTransport
  if (chosen === 'openapi') return openApiTransport
  return process.env.TCB_SERVICE_URL ? localTransport : openApiTransport
}

/** Tests inject a transport (a failing one, to see retries and the dead letter); returns the undo. */
export function setTransport(next: SubscribeTransport): () => void {
  const previous = override
  override = next
  return () => {
    override = previous
  }
}
