import { randomBytes } from 'node:crypto'
import type { Database } from '../cloudbase'
import { AppError } from '../errors'
import { keysetPage } from '../keyset'
import { inTransaction } from '../transaction'
import type { MatchSide, MatchStatus, NeedClosure, NeedField, NeedStatus, ProviderKind, ResourceOffer } from './needs.constants'
import { matchSides } from './needs.constants'
import { unanswerableNeeds } from './needs.rules'

/** A community need (需求清单): `needs`. Public; holds no personal data. */
export interface NeedDoc {
  _id: string
  /** The community organization that posted it; null when the platform admin did. */
  orgId: string | null
  township: string
  community: string
  field: NeedField
  beneficiaries: string
  beneficiaryCount: number
  content: string
  status: NeedStatus
  /** How many projects answer it: raised in the same transaction that stores each project. */
  projectCount: number
  postedBy: string
  createdAt: string
  updatedAt: string
  /** Set by closeNeed (absent on needs never closed). */
  closedAs?: NeedClosure
  closeReason?: string | null
  closedBy?: string
  closedAt?: string
}

/** A project an organization designs against needs (项目清单): `projects`. */
export interface ProjectDoc {
  _id: string
  orgId: string
  needIds: string[]
  title: string
  goals: string
  plan: string
  budgetLines: { item: string; amountYuan: number }[]
  team: { role: string; count: number }[]
  durationMonths: number
  proposedBy: string
  createdAt: string
  updatedAt: string
}

/** A provider on the county's resource list (资源清单): `resources`. The contact is personal data. */
export interface ResourceDoc {
  _id: string
  provider: { name: string; kind: ProviderKind }
  offers: ResourceOffer[]
  township: string
  description: string
  contact: { name: string; phone: string }
  createdBy: string
  createdAt: string
  updatedBy: string
  updatedAt: string
}

export const RESOURCES = 'resources'
export const NEEDS = 'needs'
export const PROJECTS = 'projects'

export const newNeedId = () => `need-${randomBytes(6).toString('hex')}`
export const newProjectId = () => `proj-${randomBytes(6).toString('hex')}`

export async function findNeed(db: Database, needId: string): Promise<NeedDoc | null> {
  const { data } = await db.collection(NEEDS).where({ _id: needId }).limit(1).get()
  return (data as NeedDoc[])[0] ?? null
}

export async function insertNeed(db: Database, need: NeedDoc): Promise<void> {
  await db.collection(NEEDS).add(need)
}

export async function listNeeds(db: Database, filter: { township?: string; field?: NeedField; status?: NeedStatus; orgId?: string }, page: { cursor?: string; limit: number }) {
  const where: Record<string, unknown> = {}
  if (filter.orgId) where.orgId = filter.orgId
  if (filter.township) where.township = filter.township
  if (filter.field) where.field = filter.field
  if (filter.status) where.status = filter.status
  return keysetPage<NeedDoc>(db, NEEDS, [where], { field: 'createdAt', order: 'desc' }, page)
}

/** Every open need (the county view), read in pages of 1000 on `_id`. */
export async function allOpenNeeds(db: Database): Promise<NeedDoc[]> {
  const _ = db.command
  const all: NeedDoc[] = []
  let after = ''
  for (;;) {
    const { data } = await db.collection(NEEDS).where({ status: 'open', _id: _.gt(after) }).orderBy('_id', 'asc').limit(1000).get()
    const batch = data as NeedDoc[]
    all.push(...batch)
    if (batch.length < 1000) return all
    after = batch[batch.length - 1]._id
  }
}

export async function findProject(db: Database, projectId: string): Promise<ProjectDoc | null> {
  const { data } = await db.collection(PROJECTS).where({ _id: projectId }).limit(1).get()
  return (data as ProjectDoc[])[0] ?? null
}

export async function listProjects(db: Database, filter: { needId?: string; orgId?: string }, page: { cursor?: string; limit: number }) {
  const where: Record<string, unknown> = {}
  // a field holding an array matches a value it contains
  if (filter.needId) where.needIds = filter.needId
  if (filter.orgId) where.orgId = filter.orgId
  return keysetPage<ProjectDoc>(db, PROJECTS, [where], { field: 'createdAt', order: 'desc' }, page)
}

/**
 * Store a project and count it on every need it answers, in one transaction: each need is read from
 * the transaction's snapshot and must still be open, so a need closed meanwhile refuses the project
 * and two projects at once both count (a write conflict re-runs the later one on a fresh snapshot).
 */
export async function insertProject(db: Database, project: ProjectDoc): Promise<void> {
  await inTransaction(db, async (tx) => {
    const needs: NeedDoc[] = []
    for (const needId of project.needIds) {
      const { data } = await tx.collection(NEEDS).doc(needId).get()
      if (data) needs.push({ ...(data as unknown as NeedDoc), _id: needId })
    }
    const refused = unanswerableNeeds(project.needIds, needs)
    if (refused?.missing.length) throw new AppError('NOT_FOUND', '所选需求不存在', { fields: [{ path: 'needIds', message: '所选需求不存在或已删除' }] })
    if (refused?.closed.length) throw new AppError('INVALID_STATE', '所选需求已关闭，不再征集项目', { fields: [{ path: 'needIds', message: '所选需求已关闭' }] })
    for (const need of needs) {
      await tx.collection(NEEDS).doc(need._id).update({ projectCount: need.projectCount + 1, updatedAt: project.createdAt })
    }
    await tx.collection(PROJECTS).add(project)
  })
}

/**
 * Close a need, in one transaction on it: the need is read from the snapshot and must still be open;
 * `fulfilled` also needs a project answering it (the snapshot's `projectCount`) or a confirmed match
 * (`hasConfirmedMatch`, read before: a confirmed match never goes back). A project proposed at the
 * same moment writes the same need, so one of the two re-runs on a fresh snapshot: either the project
 * is refused (the need is closed) or it counts before the need closes; the open list and the county
 * counts, read from the needs' status, stay equal to the documents.
 */
export async function closeNeedDoc(
  db: Database,
  needId: string,
  closure: { outcome: NeedClosure; reason: string | null; by: string; at: string },
  hasConfirmedMatch: boolean,
): Promise<NeedDoc> {
  return inTransaction(db, async (tx) => {
    const { data } = await tx.collection(NEEDS).doc(needId).get()
    if (!data) throw new AppError('NOT_FOUND', '需求不存在')
    const need = { ...(data as unknown as NeedDoc), _id: needId }
    if (need.status !== 'open') throw new AppError('INVALID_STATE', '需求已关闭')
    if (closure.outcome === 'fulfilled' && need.projectCount === 0 && !hasConfirmedMatch) {
      throw new AppError('INVALID_STATE', '还没有项目回应这条需求，不能标记为已满足；如不再需要，请选择撤回并说明原因', {
        fields: [{ path: 'outcome', message: '尚无项目回应，不能标记为已满足' }],
      })
    }
    const patch = { status: 'closed' as const, closedAs: closure.outcome, closeReason: closure.reason, closedBy: closure.by, closedAt: closure.at, updatedAt: closure.at }
    await tx.collection(NEEDS).doc(needId).update(patch)
    return { ...need, ...patch }
  })
}

export const newResourceId = () => `res-${randomBytes(6).toString('hex')}`

export async function findResource(db: Database, resourceId: string): Promise<ResourceDoc | null> {
  const { data } = await db.collection(RESOURCES).where({ _id: resourceId }).limit(1).get()
  return (data as ResourceDoc[])[0] ?? null
}

export async function insertResource(db: Database, resource: ResourceDoc): Promise<void> {
  await db.collection(RESOURCES).add(resource)
}

/** Replace the given fields of a resource (one document, one update); false when there is no such resource. */
export async function updateResource(db: Database, resourceId: string, patch: Partial<Omit<ResourceDoc, '_id'>>): Promise<boolean> {
  const _ = db.command
  // whole values replaced, not merged: `offers` [a, b] → [c] must not keep b
  const fields = Object.fromEntries(Object.entries(patch).map(([key, value]) => [key, typeof value === 'object' && value !== null ? _.set(value) : value]))
  const { updated } = (await db.collection(RESOURCES).where({ _id: resourceId }).update(fields)) as { updated: number }
  if (updated > 0) return true
  return (await findResource(db, resourceId)) !== null
}

export async function listResources(db: Database, filter: { township?: string; offer?: ResourceOffer }, page: { cursor?: string; limit: number }) {
  const where: Record<string, unknown> = {}
  if (filter.township) where.township = filter.township
  if (filter.offer) where.offers = filter.offer
  return keysetPage<ResourceDoc>(db, RESOURCES, [where], { field: 'updatedAt', order: 'desc' }, page)
}

/** A match (对接): a project, its providers and its undertaker; `confirmed` once every side confirmed. */
export interface MatchDoc {
  _id: string
  projectId: string
  projectTitle: string
  /** The project's needs, so that a need finds the matches on it. */
  needIds: string[]
  /** The project's organization (absent on matches stored before it was copied). */
  projectOrgId?: string
  undertaker: { orgId: string; orgName: string }
  providers: { resourceId: string; name: string; kind: ProviderKind }[]
  status: MatchStatus
  confirmations: Record<MatchSide, { by: string; at: string } | null>
  proposedBy: string
  createdAt: string
  updatedAt: string
  confirmedAt: string | null
}

export const MATCHES = 'matches'
export const newMatchId = () => `match-${randomBytes(6).toString('hex')}`

export async function findMatch(db: Database, matchId: string): Promise<MatchDoc | null> {
  const { data } = await db.collection(MATCHES).where({ _id: matchId }).limit(1).get()
  return (data as MatchDoc[])[0] ?? null
}

export async function insertMatch(db: Database, match: MatchDoc): Promise<void> {
  await db.collection(MATCHES).add(match)
}

export async function findResourcesByIds(db: Database, ids: string[]): Promise<ResourceDoc[]> {
  if (ids.length === 0) return []
  const { data } = await db.collection(RESOURCES).where({ _id: db.command.in(ids) }).limit(ids.length).get()
  return data as ResourceDoc[]
}

/** Whether any match on the need is confirmed. */
export async function needHasConfirmedMatch(db: Database, needId: string): Promise<boolean> {
  const { data } = await db.collection(MATCHES).where({ needIds: needId, status: 'confirmed' }).limit(1).get()
  return data.length > 0
}

/** Matches newest first: of one project, and/or one organization's (as the project's organization or the undertaker). */
export async function listMatches(db: Database, filter: { projectId?: string; orgId?: string; status?: MatchStatus }, page: { cursor?: string; limit: number }) {
  const _ = db.command
  const conditions: object[] = []
  if (filter.projectId) conditions.push({ projectId: filter.projectId })
  if (filter.status) conditions.push({ status: filter.status })
  if (filter.orgId) conditions.push(_.or([{ 'undertaker.orgId': filter.orgId }, { projectOrgId: filter.orgId }]))
  return keysetPage<MatchDoc>(db, MATCHES, conditions, { field: 'createdAt', order: 'desc' }, page)
}

/** The confirmed matches on a need, newest first (up to `limit`). */
export async function confirmedMatchesOfNeed(db: Database, needId: string, limit: number): Promise<MatchDoc[]> {
  const { data } = await db.collection(MATCHES).where({ needIds: needId, status: 'confirmed' }).orderBy('confirmedAt', 'desc').limit(limit).get()
  return data as MatchDoc[]
}

/**
 * One side confirms, in a transaction on the match: the confirmation is written into the snapshot's
 * confirmations, and the status becomes `confirmed` when every side has. Two sides confirming at once
 * conflict; the later re-runs on the fresh snapshot, so neither confirmation is lost. A side that
 * already confirmed changes nothing. null: no such match.
 */
export async function confirmSide(db: Database, matchId: string, side: MatchSide, by: string, at: string): Promise<MatchDoc | null> {
  return inTransaction(db, async (tx) => {
    const { data } = await tx.collection(MATCHES).doc(matchId).get()
    if (!data) return null
    const match = { ...(data as unknown as MatchDoc), _id: matchId }
    if (match.confirmations[side]) return match
    const confirmations = { ...match.confirmations, [side]: { by, at } }
    const everyone = matchSides.every((s) => confirmations[s] !== null)
    const patch = { confirmations, status: everyone ? 'confirmed' : 'pending', confirmedAt: everyone ? at : null, updatedAt: at } as const
    await tx.collection(MATCHES).doc(matchId).update(patch)
    return { ...match, ...patch }
  })
}
