import type { Membership } from '../org/membership.store'
import type { OrgStatus } from '../org/org.schema'
import { maskIdCardNo, maskPhone } from '../privacy/privacy.rules'
import type { RegisterVolunteerInput, UserView } from './user.schema'
import type { UserDoc, VolunteerRecord } from './user.store'

/** A first-time caller becomes a resident (居民). */
export function newResident(openid: string, now: Date): UserDoc {
  const at = now.toISOString()
  return {
    _id: openid,
    openid,
    nickname: `苍南用户${openid.slice(-4)}`,
    township: null,
    phone: null,
    roles: ['resident'],
    volunteer: null,
    createdAt: at,
    updatedAt: at,
  }
}

export function volunteerRecord(input: RegisterVolunteerInput, now: Date): VolunteerRecord {
  return {
    realName: input.realName,
    phone: input.phone,
    township: input.township,
    skills: input.skills ?? [],
    idCardNo: input.idCardNo ?? null,
    registeredAt: now.toISOString(),
  }
}

/**
 * The caller's own account, field by field, with phone and ID number masked. An organization
 * missing from `orgStatuses` (removed since) is left out.
 */
export function toUserView(user: UserDoc, memberships: Membership[], orgStatuses: Map<string, OrgStatus>): UserView {
  return {
    openid: user.openid,
    nickname: user.nickname,
    township: user.township,
    phone: user.phone ? maskPhone(user.phone) : null,
    roles: [...user.roles],
    volunteer: user.volunteer
      ? {
          realName: user.volunteer.realName,
          township: user.volunteer.township,
          skills: [...user.volunteer.skills],
          idCardNo: user.volunteer.idCardNo ? maskIdCardNo(user.volunteer.idCardNo) : null,
          registeredAt: user.volunteer.registeredAt,
        }
      : null,
    orgs: memberships.flatMap((m) => {
      const status = orgStatuses.get(m.orgId)
      return status ? [{ orgId: m.orgId, name: m.orgName, role: m.role, status }] : []
    }),
    createdAt: user.createdAt,
  }
}
