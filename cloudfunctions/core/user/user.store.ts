import type { Database } from '../cloudbase'
import { isDuplicateKey } from '../store-errors'
import { newResident, type UserDoc, type VolunteerRecord } from './user.rules'

export type { UserDoc, VolunteerRecord } from './user.rules'

const COLLECTION = 'users'

export async function findUser(db: Database, openid: string): Promise<UserDoc | null> {
  const { data } = await db.collection(COLLECTION).where({ _id: openid }).limit(1).get()
  return ((data as UserDoc[])[0] ?? null)
}

export async function findUsersByIds(db: Database, openids: string[]): Promise<UserDoc[]> {
  if (openids.length === 0) return []
  const { data } = await db.collection(COLLECTION).where({ _id: db.command.in(openids) }).limit(Math.min(openids.length, 1000)).get()
  return data as UserDoc[]
}

/** The caller's user record, created as a resident (居民) on first use. */
export async function ensureUser(db: Database, openid: string, now: Date): Promise<UserDoc> {
  return (await findUser(db, openid)) ?? (await insertUserOnce(db, newResident(openid, now)))
}

/** Insert a new user; when a concurrent first call inserted it already, return that one. */
export async function insertUserOnce(db: Database, doc: UserDoc): Promise<UserDoc> {
  try {
    await db.collection(COLLECTION).add(doc)
    return doc
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
    const existing = await findUser(db, doc.openid)
    if (!existing) throw error
    return existing
  }
}

export async function updateUser(db: Database, openid: string, patch: Partial<Pick<UserDoc, 'nickname' | 'township' | 'phone'>> & { updatedAt: string }): Promise<void> {
  await db.collection(COLLECTION).where({ _id: openid }).update(patch)
}

/**
 * Record a volunteer registration, once: one conditional update that only matches a user who is
 * not yet registered. The registered phone and township become the profile's too.
 * Returns false when the user was already a volunteer.
 */
export async function registerVolunteerOnce(db: Database, openid: string, volunteer: VolunteerRecord, updatedAt: string): Promise<boolean> {
  const _ = db.command
  const result = await db
    .collection(COLLECTION)
    .where({ _id: openid, volunteer: null })
    .update({ volunteer, phone: volunteer.phone, township: volunteer.township, roles: _.addToSet('volunteer'), updatedAt })
  return (result as { updated?: number }).updated === 1
}
