import type { Database } from '../cloudbase'
import { isDuplicateKey } from '../store-errors'
import type { InviteDoc } from './org.rules'

export type { InviteDoc } from './org.rules'

const COLLECTION = 'org_invites'

export async function findInvite(db: Database, code: string): Promise<InviteDoc | null> {
  const { data } = await db.collection(COLLECTION).where({ _id: code }).limit(1).get()
  return (data as InviteDoc[])[0] ?? null
}

/**
 * Store a new invite under a fresh code. The code is the document id, so a collision with an
 * existing code is a duplicate write: draw another (31^8 codes make a second collision unheard of).
 */
export async function insertInvite(db: Database, invite: Omit<InviteDoc, '_id'>, newCode: () => string): Promise<InviteDoc> {
  for (let attempt = 0; ; attempt++) {
    const doc: InviteDoc = { _id: newCode(), ...invite }
    try {
      await db.collection(COLLECTION).add(doc)
      return doc
    } catch (error) {
      if (!isDuplicateKey(error) || attempt >= 4) throw error
    }
  }
}

/** Invites of an organization still usable at `now`, newest first. */
export async function listActiveInvites(db: Database, orgId: string, now: Date): Promise<InviteDoc[]> {
  const { data } = await db
    .collection(COLLECTION)
    .where({ orgId, expiresAt: db.command.gt(now.toISOString()) })
    .orderBy('createdAt', 'desc')
    .limit(50)
    .get()
  return data as InviteDoc[]
}
