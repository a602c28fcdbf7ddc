import type { Database } from '../cloudbase'
import type { OrgRole } from '../user/user.schema'

/** An invite code (邀请码) to join an organization; the document id is the code. */
export interface InviteDoc {
  _id: string
  orgId: string
  orgName: string
  role: OrgRole
  expiresAt: string
  createdBy: string
  createdAt: string
}

export async function findInvite(db: Database, code: string): Promise<InviteDoc | null> {
  const { data } = await db.collection('org_invites').where({ _id: code }).limit(1).get()
  return (data as InviteDoc[])[0] ?? null
}
