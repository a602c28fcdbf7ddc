import type { Database } from '../cloudbase'
import type { OrgRole } from '../user/user.schema'

/** A person's place in an organization (组织成员): `org_members`, one document per org and person. */
export interface Membership {
  orgId: string
  orgName: string
  role: OrgRole
}

export interface MembershipDoc {
  _id: string
  orgId: string
  orgName: string
  openid: string
  role: OrgRole
  joinedAt: string
}

const COLLECTION = 'org_members'

/** One membership per org and person: the document id makes a second join a duplicate write. */
export const membershipId = (orgId: string, openid: string) => `${orgId}:${openid}`

export async function findMemberships(db: Database, openid: string): Promise<Membership[]> {
  const { data } = await db.collection(COLLECTION).where({ openid }).limit(100).get()
  return (data as MembershipDoc[]).map((m) => ({ orgId: m.orgId, orgName: m.orgName, role: m.role }))
}
