import Taro from '@tarojs/taro'
import type { SubscribePurpose } from '../../cloudfunctions/core/message/message.schema'
import { getSubscribeTemplates, recordSubscription } from '../services/message'

/**
 * WeChat subscribe messages (订阅消息): one message per tap of 允许. Asked for at the moment of the
 * tap that earns it (立即报名, 发布心愿, 预约送考, 提交申请), never on page load.
 *
 * `askSubscription` is fired, not awaited, first thing in the tap handler: WeChat shows its dialog
 * only from a tap, and the action itself must never wait for or depend on the answer. The template
 * ids are loaded beforehand (`preloadSubscribeTemplates`, when a tab page shows); until they are
 * there, a tap asks nothing. In the browser build it does nothing at all.
 */
let templates: Record<SubscribePurpose, string[]> | null = null
let loading: Promise<void> | null = null

export function preloadSubscribeTemplates(): void {
  if (process.env.TARO_ENV !== 'weapp' || templates || loading) return
  loading = getSubscribeTemplates()
    .then((loaded) => {
      templates = loaded
    })
    .catch(() => undefined)
    .finally(() => {
      loading = null
    })
}

export async function askSubscription(purpose: SubscribePurpose): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return
  const tmplIds = templates?.[purpose] ?? []
  if (tmplIds.length === 0) {
    preloadSubscribeTemplates()
    return
  }
  try {
    const answer = (await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] })) as unknown as Record<string, string>
    const accepted = tmplIds.filter((id) => answer[id] === 'accept')
    if (accepted.length) await recordSubscription(accepted)
  } catch {
    // refused, dismissed, or the grant could not be recorded: the action goes on, the message is still in 消息
  }
}
