import type { FieldError } from '../errors'
import { isIdCardNo, isMobile, isRealName } from '../identity/identity.rules'
import type { AgendaEntry } from '../activity/activity.rules'
import type { OrgStatus } from '../org/org.constants'
import { maskIdCardNo, maskPhone } from '../privacy/privacy.rules'
import { isTownship } from '../settings/townships'
import { MAX_SKILL_LENGTH, MAX_SKILLS, volunteerMessages as say, type OrgRole, type Role } from './user.constants'
import type { RegisterVolunteerInput, UserView } from './user.schema'

/** A person on the platform (`users`), keyed by their WeChat openid. */
export interface UserDoc {
  _id: string
  openid: string
  nickname: string
  township: string | null
  phone: string | null
  roles: Role[]
  volunteer: VolunteerRecord | null
  /** Upcoming places and waitlist tickets (see `AgendaEntry`); absent until the first sign-up. */
  agenda?: AgendaEntry[]
  /** Bumped by every rewrite of `agenda`: the condition of its compare-and-set. */
  agendaRev?: number
  createdAt: string
  updatedAt: string
}

/** The real-name volunteer registration (志愿者注册). */
export interface VolunteerRecord {
  realName: string
  phone: string
  township: string
  skills: string[]
  /** Sensitive: never returned unmasked. */
  idCardNo: string | null
  registeredAt: string
}

/** A person's place in an organization, as the `me` view lists it. */
export interface MembershipRef {
  orgId: string
  orgName: string
  role: OrgRole
}

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
export function toUserView(user: UserDoc, memberships: MembershipRef[], orgStatuses: Map<string, OrgStatus>): UserView {
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

/** What the registration form sends: text as typed; blank optional fields left out. */
export interface VolunteerRegistrationDraft {
  realName: string
  phone: string
  township: string
  skills?: string[]
  idCardNo?: string
}

/**
 * registerVolunteerInput's checks without zod, for the form in the weapp main package (where zod
 * must not go): the same fields in the same order with the same messages, `skills.N` paths
 * included; test/unit/user.rules.test.ts holds the two side by side. The function still parses
 * with the schema, which stays the source of truth.
 */
export function volunteerRegistrationIssues(draft: VolunteerRegistrationDraft): FieldError[] {
  const issues: FieldError[] = []
  if (!isRealName(draft.realName.trim())) issues.push({ path: 'realName', message: say.realName })
  if (!isMobile(draft.phone.trim())) issues.push({ path: 'phone', message: say.phone })
  if (!isTownship(draft.township)) issues.push({ path: 'township', message: say.township })
  // as zod does: too many skills is the only thing said about them; otherwise each one is checked
  if (draft.skills && draft.skills.length > MAX_SKILLS) issues.push({ path: 'skills', message: say.tooManySkills })
  else {
    draft.skills?.forEach((skill, i) => {
      const trimmed = skill.trim()
      if (trimmed.length < 1) issues.push({ path: `skills.${i}`, message: say.skillEmpty })
      if (trimmed.length > MAX_SKILL_LENGTH) issues.push({ path: `skills.${i}`, message: say.skillTooLong })
    })
  }
  if (draft.idCardNo !== undefined && !isIdCardNo(draft.idCardNo.trim().toUpperCase())) issues.push({ path: 'idCardNo', message: say.idCardNo })
  return issues
}

/** The draft as registerVolunteerInput outputs it: trimmed, the ID number in capitals. */
export function normalizeVolunteerRegistration(draft: VolunteerRegistrationDraft): RegisterVolunteerInput {
  return {
    realName: draft.realName.trim(),
    phone: draft.phone.trim(),
    township: draft.township as RegisterVolunteerInput['township'],
    ...(draft.skills ? { skills: draft.skills.map((skill) => skill.trim()) } : {}),
    ...(draft.idCardNo !== undefined ? { idCardNo: draft.idCardNo.trim().toUpperCase() } : {}),
  }
}
