import type { Database } from '../cloudbase'
import { keysetPage } from '../keyset'
import { isDuplicateKey } from '../store-errors'
import type { Transaction } from '../transaction'
import { inTransaction } from '../transaction'
import { buildNotification, type Delivery, type NewNotification, type NotificationDoc, retryDelayMs, MAX_SEND_ATTEMPTS, SEND_LEASE_MS } from './message.rules'

export const NOTIFICATIONS = 'notifications'
/** One-time subscription grants (一次性订阅): id `${openid}:${templateId}`, `count` = grants not yet used. */
export const SUBSCRIPTIONS = 'message_subscriptions'

export type { NotificationDoc } from './message.rules'

/**
 * Write a notification inside the transaction that makes the change: the change and its message
 * commit together or not at all. One write, no read: every caller makes it only after checking, in
 * the same transaction, the state the change leaves (pending → decided, waitlisted → confirmed …),
 * so the same change cannot commit twice, and its id (derived from the change) cannot be written by
 * another. A re-run after a conflict starts from a fresh snapshot and writes it once.
 */
export async function notifyInTx(tx: Transaction, input: NewNotification, at: string): Promise<void> {
  const { _id, ...fields } = buildNotification(input, at)
  await tx.collection(NOTIFICATIONS).doc(_id).set(fields)
}

/**
 * Write a notification once, outside a transaction: an insert under its derived id, a duplicate
 * meaning it is already there. For the steps of a recoverable protocol (a sign-up, a join, a fan-out
 * to many people), each run before the step that ends the protocol, so recovery can always redo it.
 * Returns whether this call wrote it.
 */
export async function notifyOnce(db: Database, input: NewNotification, at: string): Promise<boolean> {
  try {
    await db.collection(NOTIFICATIONS).add(buildNotification(input, at))
    return true
  } catch (error) {
    if (isDuplicateKey(error)) return false
    throw error
  }
}

/** Many at once (a fan-out), a few in flight at a time; returns how many were new. */
export async function notifyEach(db: Database, inputs: NewNotification[], at: string): Promise<number> {
  let written = 0
  for (let i = 0; i < inputs.length; i += 20) {
    const results = await Promise.all(inputs.slice(i, i + 20).map((input) => notifyOnce(db, input, at)))
    written += results.filter(Boolean).length
  }
  return written
}

export async function findNotification(db: Database, id: string): Promise<NotificationDoc | null> {
  const { data } = await db.collection(NOTIFICATIONS).where({ _id: id }).limit(1).get()
  return (data as NotificationDoc[])[0] ?? null
}

/** My messages, newest first, keyset-paginated on (createdAt, _id). */
export function listMyMessages(db: Database, openid: string, filter: { unreadOnly?: boolean }, page: { cursor?: string; limit: number }) {
  const conditions: object[] = [{ openid }]
  if (filter.unreadOnly) conditions.push({ readAt: null })
  return keysetPage<NotificationDoc>(db, NOTIFICATIONS, conditions, { field: 'createdAt', order: 'desc' }, page)
}

export async function countUnread(db: Database, openid: string): Promise<number> {
  const { total } = await db.collection(NOTIFICATIONS).where({ openid, readAt: null }).count()
  return total
}

/** Mark the caller's unread messages read (these ids, or all); one conditional update, only the caller's own. */
export async function markRead(db: Database, openid: string, ids: string[] | undefined, at: string): Promise<number> {
  const _ = db.command
  const result = await db
    .collection(NOTIFICATIONS)
    .where({ openid, readAt: null, ...(ids ? { _id: _.in(ids) } : {}) })
    .update({ readAt: at })
  return (result as { updated?: number }).updated ?? 0
}

// ---------------------------------------------------------------------------------------------
// Subscriptions (one-time grants)

export const subscriptionId = (openid: string, templateId: string) => `${openid}:${templateId}`

/** One more grant for each template (the user tapped 允许 for them). */
export async function addGrants(db: Database, openid: string, templateIds: string[], at: string): Promise<void> {
  const _ = db.command
  await Promise.all(
    templateIds.map(async (templateId) => {
      const id = subscriptionId(openid, templateId)
      const bumped = await db.collection(SUBSCRIPTIONS).where({ _id: id }).update({ count: _.inc(1), updatedAt: at })
      if (((bumped as { updated?: number }).updated ?? 0) === 1) return
      try {
        await db.collection(SUBSCRIPTIONS).add({ _id: id, openid, templateId, count: 1, createdAt: at, updatedAt: at })
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
        await db.collection(SUBSCRIPTIONS).where({ _id: id }).update({ count: _.inc(1), updatedAt: at })
      }
    }),
  )
}

export async function grantsLeft(db: Database, openid: string, templateId: string): Promise<number> {
  const { data } = await db.collection(SUBSCRIPTIONS).where({ _id: subscriptionId(openid, templateId) }).limit(1).get()
  return ((data as { count?: number }[])[0]?.count ?? 0) as number
}

// ---------------------------------------------------------------------------------------------
// The sender's steps

/** Notifications due for a try, oldest first. */
export async function dueNotifications(db: Database, now: Date, limit: number): Promise<NotificationDoc[]> {
  const _ = db.command
  const { data } = await db.collection(NOTIFICATIONS).where({ sendState: 'pending', sendAfter: _.lte(now.toISOString()) }).orderBy('sendAfter', 'asc').limit(limit).get()
  return data as NotificationDoc[]
}

export type Claim = { kind: 'send'; doc: NotificationDoc } | { kind: 'unsubscribed' } | { kind: 'skip' }

/**
 * Take one due notification for a try, in one transaction: it must still be pending and due; its
 * first try uses up one of the person's grants for the template (none left: `unsubscribed`, and it
 * stays an in-app message). The try holds a lease (`sendAfter` moves on by SEND_LEASE_MS), so another
 * sender run leaves it alone meanwhile and a sender that dies leaves it due again afterwards.
 */
export async function claimForSending(db: Database, id: string, templateId: string, now: Date): Promise<Claim> {
  const at = now.toISOString()
  return inTransaction(db, async (tx) => {
    const doc = (await tx.collection(NOTIFICATIONS).doc(id).get()).data as NotificationDoc | null
    if (!doc || doc.sendState !== 'pending' || doc.sendAfter > at) return { kind: 'skip' } as const
    let grantTaken = doc.grantTaken
    if (!grantTaken) {
      const grantRef = tx.collection(SUBSCRIPTIONS).doc(subscriptionId(doc.openid, templateId))
      const grant = (await grantRef.get()).data as { count?: number } | null
      if (!grant || (grant.count ?? 0) <= 0) {
        await tx.collection(NOTIFICATIONS).doc(id).update({ sendState: 'unsubscribed', sendError: null })
        return { kind: 'unsubscribed' } as const
      }
      await grantRef.update({ count: (grant.count ?? 0) - 1, updatedAt: at })
      grantTaken = true
    }
    const leased = { sendAfter: new Date(now.getTime() + SEND_LEASE_MS).toISOString(), sendAttempts: doc.sendAttempts + 1, grantTaken }
    await tx.collection(NOTIFICATIONS).doc(id).update(leased)
    return { kind: 'send', doc: { ...doc, ...leased } } as const
  })
}

/** The try went through: what was sent is kept on the notification. */
export async function markSent(db: Database, doc: NotificationDoc, delivery: Delivery): Promise<void> {
  await db.collection(NOTIFICATIONS).where({ _id: doc._id, sendState: 'pending', sendAttempts: doc.sendAttempts }).update({ sendState: 'sent', sendError: null, delivery })
}

/** The try failed: try again after the backoff, or dead-letter it after MAX_SEND_ATTEMPTS. `final`: WeChat refused for good. */
export async function markFailed(db: Database, doc: NotificationDoc, error: string, now: Date, final: boolean): Promise<'retry' | 'dead'> {
  const dead = final || doc.sendAttempts >= MAX_SEND_ATTEMPTS
  await db
    .collection(NOTIFICATIONS)
    .where({ _id: doc._id, sendState: 'pending', sendAttempts: doc.sendAttempts })
    .update(dead ? { sendState: 'dead', sendError: error } : { sendAfter: new Date(now.getTime() + retryDelayMs(doc.sendAttempts)).toISOString(), sendError: error })
  return dead ? 'dead' : 'retry'
}

/** A kind with no template in this environment stays an in-app message. */
export async function markUnconfigured(db: Database, id: string): Promise<void> {
  await db.collection(NOTIFICATIONS).where({ _id: id, sendState: 'pending' }).update({ sendState: 'unconfigured' })
}
