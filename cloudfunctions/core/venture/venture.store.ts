import { randomBytes } from 'node:crypto'
import type { Database } from '../cloudbase'
import { AppError } from '../errors'
import { keysetPage } from '../keyset'
import { isDuplicateKey } from '../store-errors'
import { inTransaction } from '../transaction'
import type { ContestDoc, EntryDoc, ScoreDoc } from './venture.rules'

/**
 * Data access of 公益创投. Collections: `venture_contests`, `venture_experts` (id
 * `${contestId}:${openid}`), `venture_entries` (id `${contestId}:${orgId}:${slot}`, so an
 * organization's entries are limited by the database), `venture_scores` (id
 * `${contestId}:${round}:${entryId}:${openid}`: one per expert, entry and round).
 */
const CONTESTS = 'venture_contests'
const EXPERTS = 'venture_experts'
const ENTRIES = 'venture_entries'
const SCORES = 'venture_scores'

export const newContestId = () => `vc-${randomBytes(8).toString('hex')}`
export const entryId = (contestId: string, orgId: string, slot: number) => `${contestId}:${orgId}:${slot}`
export const expertId = (contestId: string, openid: string) => `${contestId}:${openid}`
export const scoreId = (contestId: string, round: number, entry: string, openid: string) => `${contestId}:${round}:${entry}:${openid}`

export async function insertContest(db: Database, contest: ContestDoc): Promise<void> {
  await db.collection(CONTESTS).add(contest)
}

export async function findContest(db: Database, contestId: string): Promise<ContestDoc | null> {
  const { data } = await db.collection(CONTESTS).where({ _id: contestId }).limit(1).get()
  return (data as ContestDoc[])[0] ?? null
}

/** One page of the contests, newest window first. */
export async function pageContests(db: Database, year: number | undefined, page: { cursor?: string; limit: number }): Promise<{ items: ContestDoc[]; nextCursor: string | null }> {
  return keysetPage<ContestDoc>(db, CONTESTS, year ? [{ year }] : [], { field: 'opensAt', order: 'desc' }, page)
}

export async function findContestsByIds(db: Database, ids: string[]): Promise<ContestDoc[]> {
  if (ids.length === 0) return []
  const { data } = await db.collection(CONTESTS).where({ _id: db.command.in(ids) }).limit(ids.length).get()
  return data as ContestDoc[]
}

export interface ExpertDoc {
  _id: string
  contestId: string
  openid: string
  appointedBy: string
  appointedAt: string
}

/** A contest's experts, first appointed first. */
export async function listExperts(db: Database, contestId: string): Promise<ExpertDoc[]> {
  const { data } = await db.collection(EXPERTS).where({ contestId }).orderBy('appointedAt', 'asc').limit(1000).get()
  return data as ExpertDoc[]
}

/** The contests a user is an expert of (their appointments, newest first). */
export async function listAppointments(db: Database, openid: string): Promise<ExpertDoc[]> {
  const { data } = await db.collection(EXPERTS).where({ openid }).orderBy('appointedAt', 'desc').limit(100).get()
  return data as ExpertDoc[]
}

/**
 * Remove an expert, in a transaction with the contest: `check` sees the contest and the expert's
 * scores of the open round (`round`, null for none) from one snapshot and may refuse. The contest's
 * `scoreRev` is bumped, so a score saved at the same moment (which reads the expert in its own
 * transaction with the contest) conflicts with the removal instead of landing after it.
 */
export async function removeExpert(db: Database, contestId: string, openid: string, check: (contest: ContestDoc, scoredOpenRound: (round: number) => Promise<boolean>) => Promise<void>): Promise<void> {
  await inTransaction(db, async (tx) => {
    const contest = (await tx.collection(CONTESTS).doc(contestId).get()).data as ContestDoc | null
    if (!contest) throw new AppError('NOT_FOUND', '大赛不存在')
    const expert = (await tx.collection(EXPERTS).doc(expertId(contestId, openid)).get()).data as ExpertDoc | null
    if (!expert) throw new AppError('NOT_FOUND', '该用户不是本次大赛的评审专家')
    await check(contest, async (round) => {
      const { data } = await tx.collection(SCORES).where({ contestId, round, openid }).limit(1).get()
      return data.length > 0
    })
    await tx.collection(EXPERTS).doc(expertId(contestId, openid)).remove()
    await tx.collection(CONTESTS).doc(contestId).update({ scoreRev: (contest.scoreRev ?? 0) + 1 })
  })
}

/** Appoint an expert: the document id makes a second appointment a duplicate. */
export async function insertExpert(db: Database, doc: { contestId: string; openid: string; appointedBy: string; appointedAt: string }): Promise<void> {
  try {
    await db.collection(EXPERTS).add({ _id: expertId(doc.contestId, doc.openid), ...doc })
  } catch (error) {
    if (isDuplicateKey(error)) throw new AppError('ALREADY_EXISTS', '该用户已是本次大赛的评审专家')
    throw error
  }
}

export async function isExpert(db: Database, contestId: string, openid: string): Promise<boolean> {
  const { data } = await db.collection(EXPERTS).where({ _id: expertId(contestId, openid) }).limit(1).get()
  return data.length > 0
}

/**
 * Insert an entry into the first free slot of the organization (1..max): each slot is a fixed id,
 * so of any number of concurrent entries at most `max` land; none free → ALREADY_EXISTS.
 */
export async function insertEntry(db: Database, entry: Omit<EntryDoc, '_id' | 'slot'>, max: number): Promise<EntryDoc> {
  for (let slot = 1; slot <= max; slot++) {
    const doc: EntryDoc = { _id: entryId(entry.contestId, entry.orgId, slot), slot, ...entry }
    try {
      await db.collection(ENTRIES).add(doc)
      return doc
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
    }
  }
  throw new AppError('ALREADY_EXISTS', max === 1 ? '本组织已报名本次大赛，每个组织限报1个项目' : `本组织已报名${max}个项目，已达上限`)
}

export async function listEntries(db: Database, contestId: string): Promise<EntryDoc[]> {
  const { data } = await db.collection(ENTRIES).where({ contestId }).orderBy('createdAt', 'asc').limit(1000).get()
  return data as EntryDoc[]
}

/** One page of a contest's entries, first entered first. */
export async function pageEntries(db: Database, contestId: string, page: { cursor?: string; limit: number }): Promise<{ items: EntryDoc[]; nextCursor: string | null }> {
  return keysetPage<EntryDoc>(db, ENTRIES, [{ contestId }], { field: 'createdAt', order: 'asc' }, page)
}

export async function listOrgEntries(db: Database, orgId: string): Promise<EntryDoc[]> {
  const { data } = await db.collection(ENTRIES).where({ orgId }).orderBy('createdAt', 'desc').limit(100).get()
  return data as EntryDoc[]
}

export async function findEntry(db: Database, id: string): Promise<EntryDoc | null> {
  const { data } = await db.collection(ENTRIES).where({ _id: id }).limit(1).get()
  return (data as EntryDoc[])[0] ?? null
}

export async function myScores(db: Database, contestId: string, round: number, openid: string): Promise<ScoreDoc[]> {
  const { data } = await db.collection(SCORES).where({ contestId, round, openid }).limit(1000).get()
  return data as ScoreDoc[]
}

/**
 * Save (or replace) one score, in a transaction with the contest: `check` sees the contest from the
 * same snapshot (the round still open), and the contest's `scoreRev` is bumped so that a closing of
 * the round and a score cannot both succeed on stale reads.
 */
export async function saveScore(db: Database, score: ScoreDoc, check: (contest: ContestDoc) => void): Promise<void> {
  await inTransaction(db, async (tx) => {
    const contest = (await tx.collection(CONTESTS).doc(score.contestId).get()).data as ContestDoc | null
    if (!contest) throw new AppError('NOT_FOUND', '大赛不存在')
    check(contest)
    // still an expert in this snapshot: a removal and this score cannot both succeed (both write the contest)
    const expert = (await tx.collection(EXPERTS).doc(expertId(score.contestId, score.openid)).get()).data
    if (!expert) throw new AppError('FORBIDDEN', '仅本次大赛的评审专家可以评审')
    const { _id, ...rest } = score
    await tx.collection(SCORES).doc(_id).set(rest)
    await tx.collection(CONTESTS).doc(contest._id).update({ scoreRev: (contest.scoreRev ?? 0) + 1 })
  })
}

/**
 * Close a round in one transaction: `decide` gets the contest and the round's scores from one
 * snapshot and returns the patch (the ranking, the next round's entries).
 */
export async function closeRound(db: Database, contestId: string, round: number, decide: (contest: ContestDoc, scores: ScoreDoc[]) => Partial<ContestDoc>): Promise<ContestDoc> {
  return inTransaction(db, async (tx) => {
    const contest = (await tx.collection(CONTESTS).doc(contestId).get()).data as ContestDoc | null
    if (!contest) throw new AppError('NOT_FOUND', '大赛不存在')
    const { data } = await tx.collection(SCORES).where({ contestId, round }).limit(1000).get()
    const patch = decide(contest, data as unknown as ScoreDoc[])
    await tx.collection(CONTESTS).doc(contestId).update({ ...patch, scoreRev: (contest.scoreRev ?? 0) + 1 })
    return { ...contest, ...patch }
  })
}
