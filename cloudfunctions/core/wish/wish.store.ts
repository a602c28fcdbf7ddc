import { randomBytes } from 'node:crypto'
import type { Database } from '../cloudbase'
import { keysetPage } from '../keyset'
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

export interface NoticeDoc {
  _id: string
  openid: string
  wishId: string
  text: string
  createdAt: string
}

const WISHES = 'wishes'
const NOTICES = 'wish_notices'

export const newWishId = () => `wish-${randomBytes(6).toString('hex')}`

export async function findWish(db: Database, wishId: string): Promise<WishDoc | null> {
  const { data } = await db.collection(WISHES).where({ _id: wishId }).limit(1).get()
  return (data as WishDoc[])[0] ?? null
}

export async function insertWish(db: Database, wish: WishDoc): Promise<void> {
  await db.collection(WISHES).add(wish)
}

/**
 * Move a wish from `from` to a new state in one conditional update: it succeeds only while the wish
 * is still in `from` (and matches `also`), so of two people acting at once exactly one wins.
 */
export async function transition(db: Database, wishId: string, from: WishStatus, also: Record<string, unknown>, patch: Partial<WishDoc>): Promise<boolean> {
  const result = await db.collection(WISHES).where({ _id: wishId, status: from, ...also }).update(patch)
  return (result as { updated?: number }).updated === 1
}

export async function addNotice(db: Database, notice: Omit<NoticeDoc, '_id'>): Promise<void> {
  await db.collection(NOTICES).add({ _id: `notice-${randomBytes(8).toString('hex')}`, ...notice })
}

export async function listNotices(db: Database, openid: string): Promise<NoticeDoc[]> {
  const { data } = await db.collection(NOTICES).where({ openid }).orderBy('createdAt', 'desc').limit(50).get()
  return data as NoticeDoc[]
}

/**
 * Put claims that ran out back on the wall and tell each claimer. Safe to run from many places at
 * once (the timer, and any read of an overdue claim): each wish goes back exactly once.
 */
export async function expireClaims(db: Database, now: Date, onlyWishId?: string): Promise<number> {
  const _ = db.command
  const at = now.toISOString()
  const overdue = { status: 'claimed', claimExpiresAt: _.lt(at), ...(onlyWishId ? { _id: onlyWishId } : {}) }
  const { data } = await db.collection(WISHES).where(overdue).limit(100).get()
  let expired = 0
  for (const wish of data as WishDoc[]) {
    const back = await transition(db, wish._id, 'claimed', { claimedBy: wish.claimedBy, claimExpiresAt: _.lt(at) }, { status: 'open', claimedBy: null, claimedAt: null, claimExpiresAt: null, updatedAt: at })
    if (!back) continue
    expired++
    if (wish.claimedBy) await addNotice(db, { openid: wish.claimedBy, wishId: wish._id, text: `你认领的心愿“${wish.title}”已超过认领期限，已重新回到心愿墙`, createdAt: at })
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
