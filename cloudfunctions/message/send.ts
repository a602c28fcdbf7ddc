import type { Database } from '../core/cloudbase'
import { claimForSending, dueNotifications, markFailed, markSent, markUnconfigured } from '../core/message/message.store'
import { linkPath, templateData, type Delivery } from '../core/message/message.rules'
import { SendFailure, transport } from '../core/message/transport'
import { templateFor } from '../core/settings/subscribe-messages'

export interface SendReport {
  sent: number
  retried: number
  dead: number
  unsubscribed: number
  unconfigured: number
}

/** How many notifications one timer run looks at (the next run takes the rest). */
const BATCH = 100
const PARALLEL = 5

/**
 * The sender (timer trigger `send`; the local host runs it on an interval): each pending, due
 * notification is pushed as a WeChat subscribe message when its kind has a template here and its
 * person holds a one-time grant for it; otherwise it stays an in-app message. A failure is recorded
 * (`sendError`) and tried again after an exponential backoff; after MAX_SEND_ATTEMPTS, or when
 * WeChat refuses for good, it is dead-lettered (`sendState: dead`). Delivery is at least once: a
 * sender that dies between WeChat's reply and the record may send one message again after its lease.
 */
export async function sendPending(db: Database, now: Date): Promise<SendReport> {
  const report: SendReport = { sent: 0, retried: 0, dead: 0, unsubscribed: 0, unconfigured: 0 }
  const due = await dueNotifications(db, now, BATCH)
  const via = transport()
  for (let i = 0; i < due.length; i += PARALLEL) {
    await Promise.all(
      due.slice(i, i + PARALLEL).map(async (candidate) => {
        const template = templateFor(candidate.kind)
        if (!template) {
          await markUnconfigured(db, candidate._id)
          report.unconfigured++
          return
        }
        const claim = await claimForSending(db, candidate._id, template.templateId, now)
        if (claim.kind === 'unsubscribed') report.unsubscribed++
        if (claim.kind !== 'send') return
        const doc = claim.doc
        const message = { to: doc.openid, templateId: template.templateId, page: linkPath(doc.link), data: templateData(template.fields, doc) }
        try {
          await via.send(message)
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error)
          const outcome = await markFailed(db, doc, text.slice(0, 300), now, error instanceof SendFailure && error.final)
          if (outcome === 'dead') report.dead++
          else report.retried++
          return
        }
        const delivery: Delivery = { ...message, sentAt: now.toISOString() }
        await markSent(db, doc, delivery)
        report.sent++
      }),
    )
  }
  return report
}
