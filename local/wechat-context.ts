import { randomUUID } from 'node:crypto'

/**
 * The context CloudBase passes to `main(event, context)`: the caller's WeChat identity sits in the
 * `environment` JSON string, exactly where the platform injects it. The local host and the tests
 * build it here; production never does.
 */
export interface WechatContextOptions {
  openid?: string | null
  appid?: string
  functionName?: string
  requestId?: string
}

export const LOCAL_APPID = 'wx-local-appid'

export function wechatContext({ openid = null, appid = LOCAL_APPID, functionName = 'local', requestId = randomUUID() }: WechatContextOptions = {}) {
  const environment: Record<string, string> = { WX_APPID: appid, WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID' }
  if (openid) environment.WX_OPENID = openid
  return {
    request_id: requestId,
    memory_limit_in_mb: 256,
    time_limit_in_ms: 20000,
    function_name: functionName,
    function_version: '$LATEST',
    namespace: 'local',
    environment: JSON.stringify(environment),
  }
}
