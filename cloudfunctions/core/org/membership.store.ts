import type { Database } from '../cloudbase'
import type { Membership, MembershipDoc } from './org.rules'

export type { Membership, MembershipDoc } from './org.rules'

const COLLECTION = 'org_members'

/** One membership per org and person: the document id makes a second join a duplicate write. */
export const membershipId = (orgId: string, openid: string) => `${orgId}:${openid}`

export async function findMemberships(db: Database, openid: string): Promise<Membership[]> {
  const { data } = await db.collection(COLLECTION).where({ openid }).limit(100).get()
  return (data as MembershipDoc[]).map((m) => ({ orgId: m.orgId, orgName: m.orgName, role: m.role }))
}
