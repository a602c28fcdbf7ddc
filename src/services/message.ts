import type { MessageView, SubscribePurpose, SubscribeTemplatesView } from '../../cloudfunctions/core/message/message.schema'
import type { Page } from '../../cloudfunctions/core/org/org.schema'
import { callFunction, type CallOptions } from './cloud'

/** The `message` cloud function (消息, shared/api.md): one verb-first function per action. */

/** My notifications, newest first. */
export function listMessages(query: { unreadOnly?: boolean; cursor?: string; limit?: number } = {}): Promise<Page<MessageView>> {
  return callFunction<Page<MessageView>>('message', 'list', query)
}

export async function countUnreadMessages(): Promise<number> {
  const { count } = await callFunction<{ count: number }>('message', 'unread', {})
  return count
}

/** Mark these read, or (no ids) all of mine. */
export async function markMessagesRead(messageIds?: string[], options?: CallOptions): Promise<number> {
  const { updated } = await callFunction<{ updated: number }>('message', 'markRead', messageIds ? { messageIds } : {}, options)
  return updated
}

/** The subscribe-message template ids to ask for at each moment. */
export async function getSubscribeTemplates(): Promise<Record<SubscribePurpose, string[]>> {
  const { templates } = await callFunction<SubscribeTemplatesView>('message', 'templates', {})
  return templates
}

/** Record one-time grants (after `requestSubscribeMessage` answered `accept`). */
export function recordSubscription(templateIds: string[]): Promise<{ subscribed: number }> {
  return callFunction<{ subscribed: number }>('message', 'subscribe', { templateIds })
}
