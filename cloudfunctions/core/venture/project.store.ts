import type { Database } from '../cloudbase'
import { AppError } from '../errors'
import { keysetPage } from '../keyset'
import { inTransaction } from '../transaction'
import type { ProjectDoc } from './project.rules'
import type { ContestDoc } from './venture.rules'

/**
 * Data access of the funded projects (资助项目). Collection `venture_projects`, id derived from the
 * awarded entry's id (`projectIdOf`), so publishing twice could never make two projects of one award.
 * Every change to a project is one transaction on its document: a milestone's acceptance and its
 * tranche's release are one write, and two concurrent acceptances conflict (the second re-runs, sees
 * the milestone accepted and stops).
 */
const CONTESTS = 'venture_contests'
const PROJECTS = 'venture_projects'

/**
 * Publish a contest and create its funded projects in one transaction: the contest must still be
 * `closed` in the transaction's snapshot (a second publish finds it `published` and writes nothing).
 */
export async function publishWithProjects(db: Database, contestId: string, patch: Partial<ContestDoc>, projects: ProjectDoc[]): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const contest = (await tx.collection(CONTESTS).doc(contestId).get()).data as ContestDoc | null
    if (!contest || contest.status !== 'closed') return false
    await tx.collection(CONTESTS).doc(contestId).update(patch)
    for (const { _id, ...fields } of projects) await tx.collection(PROJECTS).doc(_id).set(fields)
    return true
  })
}

export async function findProject(db: Database, projectId: string): Promise<ProjectDoc | null> {
  const { data } = await db.collection(PROJECTS).where({ _id: projectId }).limit(1).get()
  return (data as ProjectDoc[])[0] ?? null
}

/** Funded projects, newest publication first (keyset-paged), optionally of one contest / only those awaiting review / only active. */
export function listProjects(db: Database, filter: { contestId?: string; pendingReview?: boolean; status?: ProjectDoc['status'] }, page: { cursor?: string; limit: number }) {
  const condition: Record<string, unknown> = {}
  if (filter.contestId) condition.contestId = filter.contestId
  if (filter.pendingReview) condition.pendingReview = true
  if (filter.status) condition.status = filter.status
  return keysetPage<ProjectDoc>(db, PROJECTS, [condition], { field: 'publishedAt', order: 'desc' }, page)
}

export async function listOrgProjects(db: Database, orgId: string): Promise<ProjectDoc[]> {
  const { data } = await db.collection(PROJECTS).where({ orgId }).orderBy('publishedAt', 'desc').limit(100).get()
  return data as ProjectDoc[]
}

/**
 * Change one project in a transaction: `decide` sees the project from the transaction's snapshot and
 * returns the patch (or throws an AppError: nothing is written). Safe to re-run on a conflict.
 */
export async function changeProject(db: Database, projectId: string, decide: (project: ProjectDoc) => Partial<ProjectDoc>): Promise<ProjectDoc> {
  return inTransaction(db, async (tx) => {
    const data = (await tx.collection(PROJECTS).doc(projectId).get()).data
    if (!data) throw new AppError('NOT_FOUND', '资助项目不存在')
    const project = { ...data, _id: projectId } as ProjectDoc
    const patch = decide(project)
    await tx.collection(PROJECTS).doc(projectId).update(patch)
    return { ...project, ...patch }
  })
}
