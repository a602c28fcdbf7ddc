import { getApp } from '../cloudbase'

/**
 * The content check a wish's text passes before it is stored. In production: WeChat's
 * `security.msgSecCheck` through the SDK's open-API call; on the local stack: a small built-in word
 * list behind the same interface.
 */
export interface ContentChecker {
  check(text: string, openid: string): Promise<{ ok: true } | { ok: false; reason: string }>
}

/** Words the local checker refuses: a stand-in for WeChat's far larger list. */
const LOCAL_BLOCKLIST = ['赌博', '博彩', '色情', '毒品', '代孕', '枪支', '发票代开', '裸聊', '传销']

export const localContentChecker: ContentChecker = {
  async check(text) {
    const hit = LOCAL_BLOCKLIST.find((word) => text.includes(word))
    return hit ? { ok: false, reason: `内容含有不允许发布的词语（${hit}）` } : { ok: true }
  },
}

export const wechatContentChecker: ContentChecker = {
  async check(text, openid) {
    const reply = await getApp().callWxOpenApi({
      apiName: '/wxa/msg_sec_check',
      requestData: { content: text, version: 2, scene: 1, openid },
    })
    const result = (typeof reply.result === 'string' ? JSON.parse(reply.result) : reply.result) as { errcode?: number; result?: { suggest?: string } } | undefined
    if (result?.errcode === 87014 || (result?.result?.suggest && result.result.suggest !== 'pass')) return { ok: false, reason: '内容未通过微信内容安全检测，请修改后再提交' }
    return { ok: true }
  },
}

/** The local stack (the SDK pointed at `TCB_SERVICE_URL`) has no WeChat behind it. */
export const contentChecker = (): ContentChecker => (process.env.TCB_SERVICE_URL ? localContentChecker : wechatContentChecker)
