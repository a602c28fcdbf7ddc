import { randomBytes } from 'node:crypto'
import type { Database } from '../cloudbase'
import { AppError } from '../errors'
import { isDuplicateKey } from '../store-errors'
import { keysetPage } from '../keyset'
import { inTransaction } from '../transaction'
import type { OrgKind, OrgStatus } from './org.schema'
import { membershipId, type MembershipDoc } from './membership.store'

/** A social organization (社会组织): `orgs`. Member counts are kept on it, changed in the same transaction as the members. */
export interface OrgDoc {
  _id: string
  name: string
  creditCode: string | null
  kind: OrgKind
  township: string
  community: string | null
  intro: string
  contactName: string
  contactPhone: string
  status: OrgStatus
  review: OrgReview | null
  memberCount: number
  adminCount: number
  /** County-level organizations serve every township (e.g. review wishes county-wide); others their own. */
  servesCounty?: boolean
  createdBy: string
  createdAt: string
  updatedAt: string
  verifiedAt: string | null
}

export interface OrgReview {
  approved: boolean
  reason: string | null
  reviewedBy: string
  reviewedAt: string
}

const ORGS = 'orgs'
const MEMBERS = 'org_members'
/** One document per registered credit code (id = the code): makes a second registration a duplicate write. */
const CREDIT_CODES = 'org_credit_codes'

export const newOrgId = () => `org-${randomBytes(6).toString('hex')}`

export async function findOrg(db: Database, orgId: string): Promise<OrgDoc | null> {
  const { data } = await db.collection(ORGS).where({ _id: orgId }).limit(1).get()
  return (data as OrgDoc[])[0] ?? null
}

export async function findOrgsByIds(db: Database, orgIds: string[]): Promise<OrgDoc[]> {
  if (orgIds.length === 0) return []
  const { data } = await db.collection(ORGS).where({ _id: db.command.in(orgIds) }).limit(orgIds.length).get()
  return data as OrgDoc[]
}

/**
 * Register an organization with its first admin, atomically: the credit code claim, the
 * organization and the admin's membership are written together or not at all.
 */
export async function insertOrgWithAdmin(db: Database, org: OrgDoc, admin: MembershipDoc): Promise<void> {
  try {
    await inTransaction(db, async (tx) => {
      if (org.creditCode) await tx.collection(CREDIT_CODES).add({ _id: org.creditCode, orgId: org._id, createdAt: org.createdAt })
      await tx.collection(ORGS).add(org)
      await tx.collection(MEMBERS).add(admin)
    })
  } catch (error) {
    if (isDuplicateKey(error)) throw new AppError('ALREADY_EXISTS', '该统一社会信用代码已登记入驻，请勿重复提交')
    throw error
  }
}

/** Record the platform's decision on a pending organization; false when it was not pending. */
export async function decideVerification(db: Database, orgId: string, review: OrgReview): Promise<boolean> {
  const status: OrgStatus = review.approved ? 'verified' : 'rejected'
  const result = await db
    .collection(ORGS)
    .where({ _id: orgId, status: 'pending' })
    .update({ status, review, verifiedAt: review.approved ? review.reviewedAt : null, updatedAt: review.reviewedAt })
  return (result as { updated?: number }).updated === 1
}

export interface OrgListFilter {
  status: OrgStatus
  township?: string
  kind?: OrgKind
}

/**
 * One page of organizations by status. The verification queue (`pending`) is first come, first
 * served; other lists show the newest first. Keyset pagination: no skip over large sets.
 */
export async function listOrgs(db: Database, filter: OrgListFilter, page: { cursor?: string; limit: number }) {
  const conditions: object[] = [{ status: filter.status }]
  if (filter.township) conditions.push({ township: filter.township })
  if (filter.kind) conditions.push({ kind: filter.kind })
  return keysetPage<OrgDoc>(db, ORGS, conditions, { field: 'createdAt', order: filter.status === 'pending' ? 'asc' : 'desc' }, page)
}

/**
 * Add a member and count them on the organization. ALREADY_EXISTS when they are one already.
 *
 * Not one transaction: every join writes the organization document, so a crowd joining with one
 * invite (a training day's QR code) would make every transaction but one conflict and retry. The
 * membership is one insert (its id makes a second join a duplicate write), then the counts move by
 * one atomic increment on the organization, which never conflicts and never loses a concurrent
 * one. The price: a process killed between the two writes leaves the count one short of the
 * membership documents. Removals stay transactional: they conflict with a concurrent increment and
 * re-run on the new counts.
 */
export async function addMember(db: Database, member: MembershipDoc): Promise<void> {
  try {
    await db.collection(MEMBERS).add(member)
  } catch (error) {
    if (isDuplicateKey(error)) throw new AppError('ALREADY_EXISTS', '你已是该组织成员')
    throw error
  }
  const _ = db.command
  const counted = await db
    .collection(ORGS)
    .where({ _id: member.orgId })
    .update({ memberCount: _.inc(1), adminCount: _.inc(member.role === 'admin' ? 1 : 0) })
  if ((counted as { updated?: number }).updated !== 1) {
    // an invite whose organization is gone: take the membership back
    await db.collection(MEMBERS).doc(member._id).remove()
    throw new AppError('NOT_FOUND', '邀请码对应的组织不存在')
  }
}

/**
 * Remove a member, atomically with the counts. An organization keeps at least one admin: removing
 * the last one is INVALID_STATE, even when two admins remove each other at the same instant.
 */
export async function removeMember(db: Database, orgId: string, openid: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const member = (await tx.collection(MEMBERS).doc(membershipId(orgId, openid)).get()).data as MembershipDoc | null
    if (!member) throw new AppError('NOT_FOUND', '该成员不在本组织中')
    const org = (await tx.collection(ORGS).doc(orgId).get()).data as OrgDoc | null
    if (!org) throw new AppError('NOT_FOUND')
    if (member.role === 'admin' && org.adminCount <= 1) throw new AppError('INVALID_STATE', '组织至少需要保留一名管理员')
    await tx.collection(MEMBERS).doc(member._id).remove()
    await tx.collection(ORGS).doc(orgId).update({
      memberCount: Math.max(0, org.memberCount - 1),
      adminCount: org.adminCount - (member.role === 'admin' ? 1 : 0),
    })
  })
}

export async function listMembers(db: Database, orgId: string): Promise<MembershipDoc[]> {
  const { data } = await db.collection(MEMBERS).where({ orgId }).orderBy('joinedAt', 'asc').limit(200).get()
  return data as MembershipDoc[]
}
