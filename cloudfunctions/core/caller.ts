import { readWechatContext } from './cloudbase'

/** Who is calling: only ever from the WeChat context CloudBase injects, never from the event. */
export interface Caller {
  openid: string | null
  appid: string | null
}

export function callerFromContext(context: unknown): Caller {
  const wx = readWechatContext(context) as unknown as Record<string, string | undefined>
  const openid = typeof wx.WX_OPENID === 'string' && wx.WX_OPENID.length > 0 ? wx.WX_OPENID : null
  const appid = typeof wx.WX_APPID === 'string' && wx.WX_APPID.length > 0 ? wx.WX_APPID : null
  return { openid, appid }
}

/** Request id of the invocation, for log lines. */
export function requestIdFromContext(context: unknown): string {
  const value = (context as { request_id?: unknown } | null | undefined)?.request_id
  return typeof value === 'string' ? value : 'unknown'
}
