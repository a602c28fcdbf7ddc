import type { z } from 'zod'
import type {
  createInviteInput,
  InviteView,
  listOrgsInput,
  MemberView,
  OrgView,
  Page,
  registerOrgInput,
  verifyOrgInput,
} from '../../cloudfunctions/core/org/org.schema'
import { callFunction, type CallOptions } from './cloud'

/** The `org` cloud function (shared/api.md): one verb-first function per action. */

interface OrgReply {
  org: OrgView
}

/** 组织入驻: registers an organization (status `pending`); the caller becomes its admin. */
export async function registerOrg(input: z.input<typeof registerOrgInput>, options?: CallOptions): Promise<OrgView> {
  const { org } = await callFunction<OrgReply>('org', 'register', input, options)
  return org
}

/** Platform admin: approve, or reject with a reason the organization's admin sees. */
export async function verifyOrg(input: z.input<typeof verifyOrgInput>, options?: CallOptions): Promise<OrgView> {
  const { org } = await callFunction<OrgReply>('org', 'verify', input, options)
  return org
}

/** One organization; NOT_FOUND when it is not verified and the caller is neither its member nor the platform admin. */
export async function getOrg(orgId: string): Promise<OrgView> {
  const { org } = await callFunction<OrgReply>('org', 'get', { orgId })
  return org
}

/** Verified organizations (anyone), or any status (platform admin: `pending` is the verification queue). */
export function listOrgs(filter: Partial<z.input<typeof listOrgsInput>> = {}): Promise<Page<OrgView>> {
  return callFunction<Page<OrgView>>('org', 'list', filter)
}

/** Org admin: a new invite code, valid for 7 days. */
export function createInvite(input: z.input<typeof createInviteInput>, options?: CallOptions): Promise<InviteView> {
  return callFunction<InviteView>('org', 'createInvite', input, options)
}

/** Org admin: invite codes that can still be used. */
export async function listInvites(orgId: string): Promise<InviteView[]> {
  const { items } = await callFunction<{ items: InviteView[] }>('org', 'invites', { orgId })
  return items
}

/** Org staff and admins: the members. */
export async function listMembers(orgId: string): Promise<MemberView[]> {
  const { items } = await callFunction<{ items: MemberView[] }>('org', 'members', { orgId })
  return items
}

/** Org admin: removes a member; INVALID_STATE for the last admin. */
export async function removeMember(orgId: string, openid: string, options?: CallOptions): Promise<void> {
  await callFunction<{ removed: string }>('org', 'removeMember', { orgId, openid }, options)
}
