import { AppError } from './errors'
import type { ActionContext, CallerProfile } from './action-context'
import { findMemberships } from './org/membership.store'
import { findOrgsByIds } from './org/org.store'
import type { Role } from './user/user.schema'
import { findUser, type UserDoc } from './user/user.store'
import type { Database } from './cloudbase'

export type { CallerProfile } from './action-context'

export async function loadCallerProfile(db: Database, openid: string, userRecord?: Promise<UserDoc | null>): Promise<CallerProfile> {
  const [user, memberships] = await Promise.all([userRecord ?? findUser(db, openid), findMemberships(db, openid)])
  return { user, roles: user?.roles ?? [], memberships }
}

/**
 * Who may call an action. Each action declares one; the handler enforces it before the use case
 * runs. Org-scoped rules name how to find the organization the input is about.
 */
export type Access<I> =
  | { kind: 'anyone' }
  | { kind: 'signedIn' }
  | { kind: 'role'; role: Exclude<Role, 'resident'> }
  /**
   * The role, checked by the use case in the conditional write it makes anyway (refusing with
   * `roleRequired`), so the call reads nothing first: for a write a crowd makes at once (报名).
   */
  | { kind: 'roleInWrite'; role: Exclude<Role, 'resident'> }
  | { kind: 'org'; role: 'staff' | 'admin'; orgIdOf: (input: I, ctx: ActionContext) => Promise<string | null> | string | null }
  | { kind: 'anyOf'; rules: Access<I>[] }
  | { kind: 'orgMember' }
  | { kind: 'verifiedOrgMember' }

export const access = {
  anyone: { kind: 'anyone' } as const,
  signedIn: { kind: 'signedIn' } as const,
  volunteer: { kind: 'role', role: 'volunteer' } as const,
  /** A volunteer, checked by the use case's own conditional write instead of a read before it. */
  volunteerInWrite: { kind: 'roleInWrite', role: 'volunteer' } as const,
  driver: { kind: 'role', role: 'driver' } as const,
  platformAdmin: { kind: 'role', role: 'platform_admin' } as const,
  /** Staff or admin of the organization the input is about. */
  orgStaff: <I>(orgIdOf: (input: I, ctx: ActionContext) => Promise<string | null> | string | null): Access<I> => ({ kind: 'org', role: 'staff', orgIdOf }),
  /** Staff or admin of any organization. */
  orgMember: { kind: 'orgMember' } as const,
  /** Staff or admin of at least one verified organization (a pending or rejected one does not count). */
  verifiedOrgMember: { kind: 'verifiedOrgMember' } as const,
  /** Whoever passes one of `rules` (e.g. a volunteer for themselves, or staff marking attendance). */
  anyOf: <I>(...rules: Access<I>[]): Access<I> => ({ kind: 'anyOf', rules }),
  /** Admin of the organization the input is about. */
  orgAdmin: <I>(orgIdOf: (input: I, ctx: ActionContext) => Promise<string | null> | string | null): Access<I> => ({ kind: 'org', role: 'admin', orgIdOf }),
}

const roleRequiredMessages: Record<Exclude<Role, 'resident'>, string> = {
  volunteer: '请先注册成为志愿者（我的 → 志愿者注册）',
  driver: '请先登记为爱心送考司机并通过审核',
  platform_admin: '仅平台管理员可以进行此操作',
}

/** The refusal of a caller without `role` (also for a use case that checks the role in its own conditional write). */
export const roleRequired = (role: Exclude<Role, 'resident'>) => new AppError('FORBIDDEN', roleRequiredMessages[role])

/** Enforce an access declaration. `input` is undefined when it failed validation (org checks wait for a valid input). */
export async function authorize<I>(ctx: ActionContext, rule: Access<I>, input: I | undefined): Promise<void> {
  if (rule.kind === 'anyone') return
  if (!ctx.caller.openid) throw new AppError('UNAUTHENTICATED')
  // roleInWrite: the use case's conditional write checks the role
  if (rule.kind === 'signedIn' || rule.kind === 'roleInWrite') return
  if (rule.kind === 'anyOf') {
    let firstDenial: unknown = null
    for (const each of rule.rules) {
      try {
        await authorize(ctx, each, input)
        return
      } catch (error) {
        firstDenial ??= error
      }
    }
    throw firstDenial ?? new AppError('FORBIDDEN')
  }
  if (rule.kind === 'role') {
    const user = await ctx.user()
    if (!user?.roles.includes(rule.role)) throw roleRequired(rule.role)
    return
  }
  const profile = await ctx.profile()
  if (rule.kind === 'orgMember') {
    if (!profile?.memberships.length) throw new AppError('FORBIDDEN', '仅社会组织的工作人员可以进行此操作')
    return
  }
  if (rule.kind === 'verifiedOrgMember') {
    const orgs = profile?.memberships.length ? await findOrgsByIds(ctx.db, profile.memberships.map((m) => m.orgId)) : []
    if (!orgs.some((o) => o.status === 'verified')) throw new AppError('FORBIDDEN', '仅通过认证的社会组织的工作人员可以进行此操作')
    return
  }
  if (input === undefined) return
  const orgId = await rule.orgIdOf(input, ctx)
  if (!orgId) throw new AppError('NOT_FOUND')
  const membership = profile?.memberships.find((m) => m.orgId === orgId)
  const allowed = membership && (rule.role === 'staff' || membership.role === 'admin')
  if (!allowed) throw new AppError('FORBIDDEN', rule.role === 'admin' ? '仅该组织的管理员可以进行此操作' : '仅该组织的工作人员可以进行此操作')
}
