import { randomBytes } from 'node:crypto'
import type { ContestDoc, EntryDoc } from '../../cloudfunctions/core/venture/venture.rules'

/**
 * A contest whose last round has closed, written straight to the database with its entries, so a
 * test of the funded projects starts at `publish` (the scoring path has its own tests). The entries
 * are ranked in the order given.
 */
export function buildClosedContest(orgs: { orgId: string; orgName: string }[], overrides: Partial<ContestDoc> = {}, requestedYuan = 50_000): { contest: ContestDoc; entries: EntryDoc[] } {
  const contestId = `vc-${randomBytes(8).toString('hex')}`
  const at = new Date(Date.now() - 3 * 24 * 3600_000).toISOString()
  const entries: EntryDoc[] = orgs.map((org, i) => ({
    _id: `${contestId}:${org.orgId}:1`,
    contestId,
    orgId: org.orgId,
    orgName: org.orgName,
    slot: 1,
    title: `社区互助项目${i + 1}`,
    field: '为老服务',
    summary: '为独居老人提供每周上门陪伴、健康监测和应急呼叫服务，培育低龄老人互助小组。',
    requestedYuan,
    budgetLines: [{ item: '服务物资', yuan: requestedYuan }],
    team: [{ name: '林晓燕', role: '项目负责人' }],
    durationMonths: 12,
    enteredBy: 'someone',
    createdAt: at,
  }))
  const ranking = {
    method: 'normalized' as const,
    items: entries.map((e, i) => ({ entryId: e._id, rank: i + 1, plainRank: i + 1, plainMean: 90 - i, normalizedScore: 1 - i, scoreCount: 2 })),
  }
  const contest: ContestDoc = {
    _id: contestId,
    name: '2027年苍南县公益创投大赛',
    year: 2027,
    fields: ['为老服务'],
    budgetYuan: 400_000,
    minYuan: 10_000,
    maxYuan: 50_000,
    opensAt: at,
    closesAt: at,
    maxEntriesPerOrg: 1,
    rounds: [{ round: 1, name: '初审', mode: 'online', criteria: [{ name: '项目设计', weight: 100 }], advanceCount: entries.length, entryIds: entries.map((e) => e._id), closedAt: at, closedBy: 'demo-platform-admin', ranking }],
    status: 'closed',
    awards: null,
    publishedAt: null,
    scoreRev: 1,
    createdBy: 'demo-platform-admin',
    createdAt: at,
    updatedAt: at,
    ...overrides,
  }
  return { contest, entries }
}
