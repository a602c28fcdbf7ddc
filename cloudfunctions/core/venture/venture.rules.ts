import { beijing } from '../time/beijing'

/**
 * Pure rules of 公益创投 (the venture-philanthropy contest): windows, round states, weighted totals
 * and the ranking. They take `now` as a parameter and never read the clock.
 */

/** The fields a contest funds (from the 2022 contest). */
export const ventureFields = ['为老服务', '青少年服务', '助残服务', '健康服务', '乡村振兴', '应急救援', '共同富裕'] as const
export type VentureField = (typeof ventureFields)[number]

export interface Criterion {
  name: string
  /** percent; the weights of a round sum to 100 */
  weight: number
}

export interface RankingItem {
  entryId: string
  /** 1-based rank by the method the decision uses (normalized) */
  rank: number
  /** the plain mean of the experts' weighted totals (0..100), null with no score */
  plainMean: number | null
  /** the rank the plain mean alone would give */
  plainRank: number
  /** the mean of the experts' z-scores, null with no score */
  normalizedScore: number | null
  scoreCount: number
}

export interface Ranking {
  /** which ranking decides who advances and who wins */
  method: 'normalized'
  items: RankingItem[]
}

export interface RoundDoc {
  round: number
  name: string
  mode: 'online' | 'roadshow'
  criteria: Criterion[]
  advanceCount: number
  /** the entries this round scores: all entries for the first round, the advanced ones after */
  entryIds: string[] | null
  closedAt: string | null
  closedBy: string | null
  ranking: Ranking | null
}

export interface Award {
  entryId: string
  orgId: string
  orgName: string
  title: string
  field: string
  rank: number
  amountYuan: number
}

export interface ContestDoc {
  _id: string
  name: string
  year: number
  fields: string[]
  budgetYuan: number
  minYuan: number
  maxYuan: number
  opensAt: string
  closesAt: string
  maxEntriesPerOrg: number
  rounds: RoundDoc[]
  /** `open` while rounds run, `closed` after the last round, `published` with the results */
  status: 'open' | 'closed' | 'published'
  awards: Award[] | null
  publishedAt: string | null
  /** bumped by every score: scoring and closing a round conflict on this document */
  scoreRev: number
  createdBy: string
  createdAt: string
  updatedAt: string
}

export interface EntryDoc {
  _id: string
  contestId: string
  orgId: string
  orgName: string
  slot: number
  title: string
  field: string
  summary: string
  requestedYuan: number
  budgetLines: { item: string; yuan: number }[]
  team: { name: string; role: string }[]
  durationMonths: number
  enteredBy: string
  createdAt: string
}

export interface ScoreDoc {
  _id: string
  contestId: string
  round: number
  entryId: string
  openid: string
  scores: Record<string, number>
  total: number
  comment: string
  scoredAt: string
}

export type WindowState = 'upcoming' | 'open' | 'closed'

export function windowState(contest: Pick<ContestDoc, 'opensAt' | 'closesAt'>, now: Date): WindowState {
  const at = beijing(now)
  if (at.isBefore(beijing(contest.opensAt))) return 'upcoming'
  if (at.isBefore(beijing(contest.closesAt))) return 'open'
  return 'closed'
}

export type RoundState = 'pending' | 'open' | 'closed'

/** A round is open once the entry window has closed and every earlier round is closed. */
export function roundState(contest: ContestDoc, round: number, now: Date): RoundState {
  const r = contest.rounds[round - 1]
  if (!r) return 'pending'
  if (r.closedAt) return 'closed'
  if (windowState(contest, now) !== 'closed') return 'pending'
  return contest.rounds.slice(0, round - 1).every((p) => p.closedAt) ? 'open' : 'pending'
}

/** The round experts score now, or null. */
export function openRound(contest: ContestDoc, now: Date): number | null {
  const index = contest.rounds.findIndex((_, i) => roundState(contest, i + 1, now) === 'open')
  return index < 0 ? null : index + 1
}

/** An expert's weighted total of one entry: Σ score × weight / 100 (weights sum to 100, so 0..100). */
export function weightedTotal(criteria: Criterion[], scores: Record<string, number>): number {
  return criteria.reduce((sum, c) => sum + (scores[c.name] ?? 0) * c.weight, 0) / 100
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length

/** Two scores closer than this are a tie (so floating-point noise never reorders entries). */
const TIE = 1e-9

/**
 * The ranking of one round. Per entry: the plain mean of the experts' weighted totals, and the
 * normalized score: each expert's totals turned into z-scores over the entries that expert scored
 * (an expert who gave every entry the same total contributes 0), then the mean per entry. The
 * normalized score decides (a lenient or a harsh expert shifts all of their totals alike, which
 * z-scores take out); ties fall back to the entry id so the order is stable. Entries nobody scored
 * come last.
 */
export function rankEntries(entryIds: string[], totals: { openid: string; entryId: string; total: number }[]): Ranking {
  const byExpert = new Map<string, { entryId: string; total: number }[]>()
  for (const t of totals) {
    if (!entryIds.includes(t.entryId)) continue
    byExpert.set(t.openid, [...(byExpert.get(t.openid) ?? []), { entryId: t.entryId, total: t.total }])
  }
  const z = new Map<string, number[]>()
  const plain = new Map<string, number[]>()
  for (const list of byExpert.values()) {
    const m = mean(list.map((l) => l.total))
    const sd = Math.sqrt(mean(list.map((l) => (l.total - m) ** 2)))
    for (const l of list) {
      const score = sd <= TIE * Math.max(1, Math.abs(m)) ? 0 : (l.total - m) / sd
      z.set(l.entryId, [...(z.get(l.entryId) ?? []), score])
      plain.set(l.entryId, [...(plain.get(l.entryId) ?? []), l.total])
    }
  }
  const rows = entryIds.map((entryId) => {
    const zs = z.get(entryId) ?? []
    const ps = plain.get(entryId) ?? []
    return { entryId, normalizedScore: zs.length ? mean(zs) : null, plainMean: ps.length ? mean(ps) : null, scoreCount: ps.length }
  })
  const order = (key: 'normalizedScore' | 'plainMean') => (a: (typeof rows)[number], b: (typeof rows)[number]) => {
    const x = a[key]
    const y = b[key]
    if (x === null || y === null) return x === y ? a.entryId.localeCompare(b.entryId) : x === null ? 1 : -1
    if (Math.abs(x - y) > TIE) return y - x
    return a.entryId.localeCompare(b.entryId)
  }
  const plainRanks = new Map([...rows].sort(order('plainMean')).map((r, i) => [r.entryId, i + 1]))
  const items = [...rows].sort(order('normalizedScore')).map((r, i) => ({ ...r, rank: i + 1, plainRank: plainRanks.get(r.entryId) ?? i + 1 }))
  return { method: 'normalized', items }
}

/** Check a publication: the awarded entries are the top of the final ranking, each amount within the range and the request, the total within the budget. */
export function checkAwards(
  contest: Pick<ContestDoc, 'minYuan' | 'maxYuan' | 'budgetYuan'>,
  ranking: Ranking,
  entries: Pick<EntryDoc, '_id' | 'requestedYuan'>[],
  awards: { entryId: string; amountYuan: number }[],
): { path: string; message: string } | null {
  const ranked = ranking.items.filter((i) => i.scoreCount > 0).map((i) => i.entryId)
  for (const [i, award] of awards.entries()) {
    if (awards.findIndex((a) => a.entryId === award.entryId) !== i) return { path: `awards.${i}.entryId`, message: '同一项目不能重复资助' }
    const position = ranked.indexOf(award.entryId)
    if (position < 0) return { path: `awards.${i}.entryId`, message: '只能资助进入末轮排名的项目' }
    if (position >= awards.length) return { path: `awards.${i}.entryId`, message: '须按标准化排名从高到低确定资助项目' }
    const entry = entries.find((e) => e._id === award.entryId)
    if (!entry) return { path: `awards.${i}.entryId`, message: '参赛项目不存在' }
    if (award.amountYuan < contest.minYuan || award.amountYuan > contest.maxYuan) return { path: `awards.${i}.amountYuan`, message: `资助金额须在${contest.minYuan}–${contest.maxYuan}元之间` }
    if (award.amountYuan > entry.requestedYuan) return { path: `awards.${i}.amountYuan`, message: '资助金额不能超过申请金额' }
  }
  const total = awardsTotal(awards)
  if (total > contest.budgetYuan) return { path: 'awards', message: `资助总额${total}元超过预算${contest.budgetYuan}元` }
  return null
}

/** What the awards add up to, in yuan (checked against the budget, shown with the results). */
export const awardsTotal = (awards: readonly { amountYuan: number }[]) => awards.reduce((sum, a) => sum + a.amountYuan, 0)
