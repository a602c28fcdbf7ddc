import { buildNotification } from '../../../cloudfunctions/core/message/message.rules'
import type { IdempotencyCase, IdempotencyKit } from './kit'

/** Cases for every mutating action of `message`: each arranges a fresh situation in which the action succeeds once. */
export function messageCases(kit: IdempotencyKit): Record<string, IdempotencyCase> {
  return {
    markRead: {
      arrange: async () => {
        const openid = kit.fresh('idem-reader')
        const doc = buildNotification({ kind: 'wish.approved', openid, subjectId: kit.fresh('wish'), params: { wishId: 'w', wishTitle: '一个书包' } }, new Date().toISOString())
        await kit.db().collection('notifications').add(doc)
        return { openid, input: { messageIds: [doc._id] }, effect: () => kit.count('notifications', { openid, readAt: kit.db().command.neq(null) }) }
      },
    },
    subscribe: {
      arrange: async () => {
        const openid = kit.fresh('idem-subscriber')
        // one grant, not ten: a retried subscribe must not let the sender push ten messages
        const grants = async () => ((await kit.db().collection('message_subscriptions').doc(`${openid}:local-tpl-activity`).get()).data[0]?.count as number | undefined) ?? 0
        return { openid, input: { templateIds: ['local-tpl-activity'] }, effect: grants }
      },
    },
  }
}
