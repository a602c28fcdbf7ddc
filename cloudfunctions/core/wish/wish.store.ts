import { randomBytes } from 'node:crypto'
import type { Database } from '../cloudbase'
import { keysetPage, keysetPages } from '../keyset'
import { wishNotice } from '../message/message.events'
import type { NewNotification, NotificationDoc } from '../message/message.rules'
import { NOTIFICATIONS, notifyInTx } from '../message/message.store'
import { inTransaction } from '../transaction'
import type { BeneficiaryGroup, WishCategory, WishStatus } from './wish.schema'

/** A micro-wish (微心愿): `wishes`. Every status change is one conditional update on the status it leaves. */
export interface WishDoc {
  _id: string
  title: string
  content: string
  category: WishCategory
  estimatedYuan: number
  township: string
  community: string | null
  /** Sensitive: shown in full only to the submitter and reviewers. */
  beneficiary: { name: string; group: BeneficiaryGroup }
  onBehalf: boolean
  submittedBy: string
  /** The submitter's phone, for the claimer. */
  contactPhone: string
  status: WishStatus
  review: { approved: boolean; reason: string | null; reviewedBy: string; reviewedAt: string } | null
  claimedBy: string | null
  claimedAt: string | null
  claimExpiresAt: string | null
  fulfilment: { note: string; photoFileIds: string[]; at: string } | null
  fulfilledAt: string | null
  confirmedAt: string | null
  confirmedBy: string | null
  thanks: string | null
  createdAt: string
  updatedAt: string
}

/** A notice shown in 我的心愿 (a claim that ran out): the `wish.expired` notifications. */
export interface NoticeDoc {
  openid: string
  wishId: string
  text: string
  createdAt: string
}

const WISHES = 'wishes'

export const newWishId = () => `wish-${randomBytes(6).toString('hex')}`

export async function findWish(db: Database, wishId: string): Promise<WishDoc | null> {
  const { data } = await db.collection(WISHES).where({ _id: wishId }).limit(1).get()
  return (data as WishDoc[])[0] ?? null
}

export async function insertWish(db: Database, wish: WishDoc): Promise<void> {
  await db.collection(WISHES).add(wish)
}

/** A condition on one field: a value it must equal, or a test it must pass. */
type FieldCondition = unknown | ((value: unknown) => boolean)

/**
 * Move a wish from `from` to a new state, and tell the person concerned, in ONE transaction: it
 * succeeds only while the wish is still in `from` (and matches `also`), so of two people acting at
 * once exactly one wins — the other re-runs on the fresh snapshot and finds the wish moved on.
 *
 * Why a transaction rather than the single conditional update this used to be: the notification is
 * a second document, and a transaction is the one way to make "the wish moved" and "its message was
 * written" the same event (a crash leaves both or neither; nothing needs recovering afterwards). The
 * price is a transaction per step, on a document that only a handful of people ever contend for.
 */
export async function transition(
  db: Database,
  wishId: string,
  from: WishStatus,
  also: Record<string, FieldCondition>,
  patch: Partial<WishDoc>,
  notice?: (wish: WishDoc) => NewNotification | null,
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const ref = tx.collection(WISHES).doc(wishId)
    const wish = (await ref.get()).data as WishDoc | null
    if (!wish || wish.status !== from) return false
    for (const [field, condition] of Object.entries(also)) {
      const value = (wish as unknown as Record<string, unknown>)[field]
      if (typeof condition === 'function' ? !(condition as (v: unknown) => boolean)(value) : value !== condition) return false
    }
    const { _id, ...next } = { ...wish, ...patch }
    await ref.set(next)
    const message = notice?.(wish)
    if (message) await notifyInTx(tx, message, (patch.updatedAt as string | undefined) ?? new Date().toISOString())
    return true
  })
}

/** 我的心愿's notices: my claims that ran out (their `wish.expired` messages). */
export async function listNotices(db: Database, openid: string): Promise<NoticeDoc[]> {
  const { data } = await db.collection(NOTIFICATIONS).where({ openid, kind: 'wish.expired' }).orderBy('createdAt', 'desc').limit(50).get()
  return (data as NotificationDoc[]).map((n) => ({ openid: n.openid, wishId: n.params.wishId ?? '', text: n.body, createdAt: n.createdAt }))
}

/**
 * Put claims that ran out back on the wall and tell each claimer (in the same transaction). Safe to
 * run from many places at once (the timer, and any read of an overdue claim): each wish goes back
 * exactly once, with one message.
 */
export async function expireClaims(db: Database, now: Date, onlyWishId?: string): Promise<number> {
  const _ = db.command
  const at = now.toISOString()
  const overdue = { status: 'claimed', claimExpiresAt: _.lt(at), ...(onlyWishId ? { _id: onlyWishId } : {}) }
  const { data } = await db.collection(WISHES).where(overdue).limit(100).get()
  let expired = 0
  for (const wish of data as WishDoc[]) {
    const back = await transition(
      db,
      wish._id,
      'claimed',
      { claimedBy: wish.claimedBy, claimExpiresAt: (value: unknown) => typeof value === 'string' && value < at },
      { status: 'open', claimedBy: null, claimedAt: null, claimExpiresAt: null, updatedAt: at },
      (before) => (before.claimedBy ? wishNotice('wish.expired', before, before.claimedBy, Date.parse(before.claimExpiresAt as string)) : null),
    )
    if (back) expired++
  }
  return expired
}

/** Wishes newest first, keyset-paginated on (createdAt, _id). */
export async function listWishes(db: Database, filter: { statuses: WishStatus[]; townships?: string[]; category?: string }, page: { cursor?: string; limit: number }) {
  const _ = db.command
  const conditions: object[] = [{ status: _.in(filter.statuses) }]
  if (filter.townships) conditions.push({ township: _.in(filter.townships) })
  if (filter.category) conditions.push({ category: filter.category })
  return keysetPage<WishDoc>(db, WISHES, conditions, { field: 'createdAt', order: 'desc' }, page)
}

export async function listWishesBy(db: Database, field: 'submittedBy' | 'claimedBy', openid: string): Promise<WishDoc[]> {
  const { data } = await db.collection(WISHES).where({ [field]: openid }).orderBy('createdAt', 'desc').limit(100).get()
  return data as WishDoc[]
}

export async function countConfirmedSince(db: Database, since: string): Promise<number> {
  const { total } = await db.collection(WISHES).where({ status: 'confirmed', confirmedAt: db.command.gte(since) }).count()
  return total
}

/** Claimed wishes whose claim ends in (from, to], page by page (the claim reminder). */
export function claimsEndingBetween(db: Database, from: string, to: string): AsyncGenerator<WishDoc[]> {
  const _ = db.command
  return keysetPages<WishDoc>(db, WISHES, [{ status: 'claimed', claimExpiresAt: _.and(_.gt(from), _.lte(to)) }], { field: 'claimExpiresAt', order: 'asc' })
}
