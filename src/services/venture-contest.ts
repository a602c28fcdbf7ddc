import type { ContestView, EntryView } from '../../cloudfunctions/venture/index'
import type { CreateContestInput, EnterInput } from '../../cloudfunctions/core/venture/venture.schema'
import type { Page } from '../../cloudfunctions/core/org/org.schema'
import { callFunction, type CallOptions } from './cloud'

/** The `venture` cloud function's contest actions (公益创投大赛, cloudfunctions/venture/README.md). */

export type { ContestView, EntryView }
export type { VentureField } from '../../cloudfunctions/core/venture/venture.rules'

/** Marks the contest lists stale (an entry, a new contest, a publication): they reload when shown again. */
export const CONTESTS_CHANGED_EVENT = 'venture:contests-changed'
export type RankingView = NonNullable<ContestView['rounds'][number]['ranking']>

export interface ResultsView {
  contestId: string
  name: string
  publishedAt: string | null
  method: 'normalized'
  awards: { entryId: string; orgId: string; orgName: string; title: string; field: string; rank: number; amountYuan: number }[]
  totalYuan: number
  budgetYuan: number
  ranking: { entryId: string; title: string; orgName: string; rank: number; normalizedScore: number | null; plainRank: number; plainMean: number | null }[]
}

export interface ReviewsView {
  round: number | null
  criteria: { name: string; weight: number }[]
  items: { entry: EntryView; myScore: { scores: Record<string, number>; comment: string; scoredAt: string } | null }[]
}

export interface ExpertView {
  openid: string
  name: string
  appointedAt: string
}

export const listContests = (query: { cursor?: string; limit?: number } = {}) => callFunction<Page<ContestView>>('venture', 'contests', query)

export async function getContest(contestId: string): Promise<ContestView> {
  return (await callFunction<{ contest: ContestView }>('venture', 'contest', { contestId })).contest
}

export const getResults = (contestId: string) => callFunction<ResultsView>('venture', 'results', { contestId })

export async function listMyExpertContests(): Promise<{ contest: ContestView; openRound: number | null }[]> {
  return (await callFunction<{ items: { contest: ContestView; openRound: number | null }[] }>('venture', 'myExpertContests', {})).items
}

export async function createContest(input: CreateContestInput, options?: CallOptions): Promise<ContestView> {
  return (await callFunction<{ contest: ContestView }>('venture', 'createContest', input, options)).contest
}

export async function enterContest(input: EnterInput, options?: CallOptions): Promise<EntryView> {
  return (await callFunction<{ entry: EntryView }>('venture', 'enter', input, options)).entry
}

export const listEntries = (contestId: string, query: { cursor?: string; limit?: number } = {}) => callFunction<Page<EntryView>>('venture', 'entries', { contestId, ...query })

export async function listOrgEntries(orgId: string): Promise<EntryView[]> {
  return (await callFunction<Page<EntryView>>('venture', 'orgEntries', { orgId })).items
}

export const getMyReviews = (contestId: string) => callFunction<ReviewsView>('venture', 'myReviews', { contestId })

export const scoreEntry = (input: { contestId: string; round: number; entryId: string; scores: Record<string, number>; comment: string }, options?: CallOptions) =>
  callFunction<{ entryId: string; round: number; scoredAt: string }>('venture', 'score', input, options)

export async function listExperts(contestId: string): Promise<ExpertView[]> {
  return (await callFunction<Page<ExpertView>>('venture', 'experts', { contestId })).items
}

export const appointExpert = (contestId: string, openid: string, options?: CallOptions) => callFunction('venture', 'appointExpert', { contestId, openid }, options)
export const removeExpert = (contestId: string, openid: string, options?: CallOptions) => callFunction('venture', 'removeExpert', { contestId, openid }, options)

export async function closeRound(contestId: string, round: number, options?: CallOptions): Promise<ContestView> {
  return (await callFunction<{ contest: ContestView }>('venture', 'closeRound', { contestId, round }, options)).contest
}

export const publishResults = (contestId: string, awards: { entryId: string; amountYuan: number }[], options?: CallOptions) =>
  callFunction<{ contestId: string; totalYuan: number }>('venture', 'publish', { contestId, awards }, options)

/** 报名中 / 评审中 / 已公布 (and 未开始): what the contest is doing now, for its badge. */
export function contestPhase(contest: Pick<ContestView, 'window' | 'status'>): { label: string; tone: 'open' | 'review' | 'done' | 'upcoming' } {
  if (contest.status === 'published') return { label: '已公布', tone: 'done' }
  if (contest.window === 'upcoming') return { label: '未开始', tone: 'upcoming' }
  if (contest.window === 'open') return { label: '报名中', tone: 'open' }
  return { label: contest.status === 'closed' ? '待公布' : '评审中', tone: 'review' }
}

export const roundStatusLabels: Record<ContestView['rounds'][number]['status'], string> = { pending: '未开始', open: '评审中', closed: '已结束' }
export const roundModeLabels: Record<ContestView['rounds'][number]['mode'], string> = { online: '线上评审', roadshow: '路演评审' }

/** ¥12,000 */
export const yuan = (amount: number) => `¥${amount.toLocaleString('en-US')}`
