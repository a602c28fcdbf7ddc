import { randomBytes } from 'node:crypto'
import type { Database } from '../cloudbase'
import { AppError } from '../errors'
import { isDuplicateKey } from '../store-errors'
import { keysetPage } from '../keyset'
import { underWayIsAbandoned } from '../settings/policies'
import { inTransaction } from '../transaction'
import type { OrgKind, OrgStatus } from './org.constants'
import type { JoinUnderWay, MembershipDoc, OrgDoc, OrgReview } from './org.rules'
import { membershipId } from './membership.store'
import type { NewNotification } from '../message/message.rules'
import { notifyInTx, notifyOnce } from '../message/message.store'

const ORG_ROLE_TEXT = { admin: '管理员', staff: '工作人员' } as const

/** 新成员加入, to whoever made the invite code (not when they used their own). */
function joinedNotice(member: MembershipDoc): NewNotification | null {
  if (!member.invitedBy || member.invitedBy === member.openid) return null
  return {
    kind: 'org.joined',
    openid: member.invitedBy,
    subjectId: member._id,
    version: Date.parse(member.joinedAt),
    params: { orgId: member.orgId, orgName: member.orgName, memberName: member.memberName ?? '一位新成员', role: ORG_ROLE_TEXT[member.role] },
  }
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
/**
 * Record the platform's decision on a pending organization and tell the admin who registered it,
 * in one transaction (it used to be one conditional update; the message is a second document, so
 * the decision and the message now commit together). False when it was not pending.
 */
export async function decideVerification(db: Database, orgId: string, review: OrgReview): Promise<boolean> {
  const status: OrgStatus = review.approved ? 'verified' : 'rejected'
  return inTransaction(db, async (tx) => {
    const ref = tx.collection(ORGS).doc(orgId)
    const org = (await ref.get()).data as OrgDoc | null
    if (!org || org.status !== 'pending') return false
    const { _id, ...fields } = { ...org, status, review, verifiedAt: review.approved ? review.reviewedAt : null, updatedAt: review.reviewedAt }
    await ref.set(fields)
    await notifyInTx(
      tx,
      {
        kind: review.approved ? 'org.verified' : 'org.rejected',
        openid: org.createdBy,
        subjectId: org._id,
        version: Date.parse(review.reviewedAt),
        params: { orgId: org._id, orgName: org.name, reason: review.reason ? `原因：${review.reason}` : '' },
      },
      review.reviewedAt,
    )
    return true
  })
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


export type { JoinUnderWay, OrgDoc, OrgReview } from './org.rules'

const joiningPath = (openid: string) => `joining.${openid}`

async function findMembership(db: Database, id: string): Promise<MembershipDoc | null> {
  const { data } = await db.collection(MEMBERS).where({ _id: id }).limit(1).get()
  return (data as MembershipDoc[])[0] ?? null
}

/** The membership is written: the under-way entry goes. */
async function clearJoin(db: Database, orgId: string, openid: string, at: string): Promise<void> {
  const _ = db.command
  await db.collection(ORGS).where({ _id: orgId, [`${joiningPath(openid)}.at`]: at }).update({ [joiningPath(openid)]: _.remove(), joiningCount: _.inc(-1) })
}

/** The membership was never written: the counts go back with the entry, in one atomic update (twice changes nothing more). */
async function undoJoin(db: Database, orgId: string, openid: string, entry: JoinUnderWay): Promise<void> {
  const _ = db.command
  await db
    .collection(ORGS)
    .where({ _id: orgId, [`${joiningPath(openid)}.at`]: entry.at })
    .update({ [joiningPath(openid)]: _.remove(), joiningCount: _.inc(-1), memberCount: _.inc(-1), adminCount: _.inc(entry.role === 'admin' ? -1 : 0) })
}

/** Finish or take back a join whose call died between its writes. */
async function recoverJoin(db: Database, orgId: string, openid: string, entry: JoinUnderWay): Promise<void> {
  const membership = await findMembership(db, membershipId(orgId, openid))
  if (membership && membership.joinedAt === entry.at) {
    // the call may have died before telling the inviter: tell them now (once, by the message's id)
    const notice = joinedNotice(membership)
    if (notice) await notifyOnce(db, notice, entry.at)
    await clearJoin(db, orgId, openid, entry.at)
  } else await undoJoin(db, orgId, openid, entry)
}

/**
 * Add a member, counted on the organization without a transaction (a hundred people joining with
 * one invite at once never conflict): one atomic update counts them and records the join as under
 * way (`joining.<openid>`); then the membership is written (a second join is a duplicate:
 * ALREADY_EXISTS, and the count goes back); then the record is cleared. A call that dies between
 * the writes leaves a record that recovery (`recoverJoins`: the next attempt, and a timer) completes
 * or undoes, so the counts end equal to the memberships.
 */
export async function addMember(db: Database, member: MembershipDoc, now: Date): Promise<void> {
  const _ = db.command
  const entry: JoinUnderWay = { role: member.role, at: member.joinedAt }
  if (await findMembership(db, member._id)) throw new AppError('ALREADY_EXISTS', '你已是该组织成员')
  let counted = false
  for (let attempt = 0; attempt < 8 && !counted; attempt++) {
    const result = (await db
      .collection(ORGS)
      .where({ _id: member.orgId, [joiningPath(member.openid)]: _.exists(false) })
      .updateAndReturn({ memberCount: _.inc(1), adminCount: _.inc(member.role === 'admin' ? 1 : 0), [joiningPath(member.openid)]: _.set(entry), joiningCount: _.inc(1) })) as { doc?: OrgDoc | null }
    if (result.doc) {
      counted = true
      break
    }
    const org = await findOrg(db, member.orgId)
    if (!org) throw new AppError('NOT_FOUND', '邀请码对应的组织不存在')
    const earlier = org.joining?.[member.openid]
    if (!earlier) continue
    if (!underWayIsAbandoned(earlier.at, now)) {
      // their other call (a second tap) is under way: once its membership is written, this one is a duplicate
      if (await findMembership(db, member._id)) throw new AppError('ALREADY_EXISTS', '你已是该组织成员')
      if (attempt >= 4) throw new AppError('RATE_LIMITED', '上一次加入还在处理中，请稍后再试')
      await new Promise((resolve) => setTimeout(resolve, 25 * (attempt + 1)))
      continue
    }
    await recoverJoin(db, org._id, member.openid, earlier)
  }
  if (!counted) throw new AppError('RATE_LIMITED', '操作太频繁，请稍后再试')
  try {
    await db.collection(MEMBERS).add(member)
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
    await undoJoin(db, member.orgId, member.openid, entry)
    throw new AppError('ALREADY_EXISTS', '你已是该组织成员')
  }
  // 新成员加入 is a step of the protocol, before the under-way record goes (recovery redoes it)
  const notice = joinedNotice(member)
  if (notice) await notifyOnce(db, notice, entry.at)
  await clearJoin(db, member.orgId, member.openid, entry.at)
}

/** The join recovery timer: joins under way longer than any call may run are completed or undone. */
export async function recoverJoins(db: Database, now: Date): Promise<number> {
  const _ = db.command
  const { data } = await db.collection(ORGS).where({ joiningCount: _.gt(0) }).limit(200).get()
  let recovered = 0
  for (const org of data as OrgDoc[]) {
    for (const [openid, entry] of Object.entries(org.joining ?? {})) {
      if (!underWayIsAbandoned(entry.at, now)) continue
      await recoverJoin(db, org._id, openid, entry)
      recovered++
    }
  }
  return recovered
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
