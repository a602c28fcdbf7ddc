import { beijing, formatDate } from '../time/beijing'
import type { Award, ContestDoc, EntryDoc } from './venture.rules'

/**
 * Pure rules of a funded project (资助项目) of 公益创投: the award split into tranches, one per
 * milestone (启动 / 中期 / 结项), the milestone sequence, and when a project may close. A tranche is
 * released when its milestone's report is accepted by the platform (拨付 follows 验收), never before
 * and never twice. They take `now` as a parameter and never read the clock.
 */

/** The default plan: three milestones, the award paid 40% / 30% / 30% (integer yuan, the last takes the rest). */
export const DEFAULT_PLAN = [
  { name: '启动', percent: 40 },
  { name: '中期', percent: 30 },
  { name: '结项', percent: 30 },
] as const

/** The platform follows each project up at least this many times in its cycle (跟踪回访 ≥ 3 次). */
export const MIN_FOLLOW_UPS = 3
export const MAX_FOLLOW_UPS = 30

export const followUpMethods = ['实地走访', '电话回访', '线上会议', '集中督导', '其他'] as const
export type FollowUpMethod = (typeof followUpMethods)[number]

export type MilestoneStatus = 'pending' | 'submitted' | 'returned' | 'accepted'

export interface MilestoneReport {
  text: string
  photoFileIds: string[]
  submittedBy: string
  submittedAt: string
}

export interface MilestoneDoc {
  seq: number
  name: string
  trancheYuan: number
  /** the Beijing date the report is due (from the project's duration) */
  dueDate: string
  status: MilestoneStatus
  /** the latest report (a returned one stays until a new one replaces it) */
  report: MilestoneReport | null
  /** every return, oldest first */
  returns: { reason: string; by: string; at: string }[]
  acceptedAt: string | null
  acceptedBy: string | null
  /** when this milestone's tranche was released: set exactly once, with the acceptance */
  releasedAt: string | null
}

export interface FollowUpDoc {
  followUpId: string
  /** Beijing date of the follow-up */
  date: string
  method: FollowUpMethod
  note: string
  recordedBy: string
  recordedAt: string
}

export type ProjectStatus = 'active' | 'completed'

export interface ProjectDoc {
  _id: string
  contestId: string
  contestName: string
  year: number
  entryId: string
  orgId: string
  orgName: string
  title: string
  field: string
  summary: string
  durationMonths: number
  rank: number
  amountYuan: number
  milestones: MilestoneDoc[]
  followUps: FollowUpDoc[]
  releasedYuan: number
  status: ProjectStatus
  /** a milestone waits for the platform's review (the admin's queue reads it) */
  pendingReview: boolean
  publishedAt: string
  completedAt: string | null
  completedBy: string | null
  createdAt: string
  updatedAt: string
}

/** A project's id, derived from its entry's (`${contestId}:${orgId}:${slot}` → `…_…_…`): one project per award, safe in paths. */
export const projectIdOf = (entryId: string) => entryId.split(':').join('_')

/** Split an award into tranches by percent: integer yuan, floor for all but the last, which takes the rest (the sum is exact). */
export function splitTranches(amountYuan: number, percents: readonly number[]): number[] {
  const head = percents.slice(0, -1).map((p) => Math.floor((amountYuan * p) / 100))
  return [...head, amountYuan - head.reduce((a, b) => a + b, 0)]
}

/** The project a published award becomes: tranches per the plan, due dates spread over the entry's duration. */
export function newProject(contest: Pick<ContestDoc, '_id' | 'name' | 'year'>, entry: EntryDoc, award: Award, publishedAt: string): ProjectDoc {
  const tranches = splitTranches(award.amountYuan, DEFAULT_PLAN.map((m) => m.percent))
  const start = beijing(publishedAt)
  const months = entry.durationMonths
  // 启动 a month in (or at the end of a one-month project), 中期 half-way, 结项 at the end
  const dueMonths = [Math.min(1, months), Math.max(1, Math.round(months / 2)), months]
  return {
    _id: projectIdOf(entry._id),
    contestId: contest._id,
    contestName: contest.name,
    year: contest.year,
    entryId: entry._id,
    orgId: entry.orgId,
    orgName: entry.orgName,
    title: entry.title,
    field: entry.field,
    summary: entry.summary,
    durationMonths: months,
    rank: award.rank,
    amountYuan: award.amountYuan,
    milestones: DEFAULT_PLAN.map((m, i) => ({
      seq: i + 1,
      name: m.name,
      trancheYuan: tranches[i],
      dueDate: formatDate(start.add(dueMonths[i], 'month').toISOString()),
      status: 'pending',
      report: null,
      returns: [],
      acceptedAt: null,
      acceptedBy: null,
      releasedAt: null,
    })),
    followUps: [],
    releasedYuan: 0,
    status: 'active',
    pendingReview: false,
    publishedAt,
    completedAt: null,
    completedBy: null,
    createdAt: publishedAt,
    updatedAt: publishedAt,
  }
}

/** The milestone the organization works on now: the first not accepted (null when all are). */
export function currentMilestone(project: Pick<ProjectDoc, 'milestones'>): MilestoneDoc | null {
  return project.milestones.find((m) => m.status !== 'accepted') ?? null
}

/** Why a milestone report cannot be submitted now, or null. */
export function submitBlocker(project: ProjectDoc, seq: number): string | null {
  if (project.status === 'completed') return '项目已结项'
  const current = currentMilestone(project)
  if (!current) return '所有节点均已验收'
  if (seq !== current.seq) return `当前应提交“${current.name}”节点报告`
  if (current.status === 'submitted') return `“${current.name}”报告已提交，正在等待验收`
  return null
}

/** Why a milestone cannot be reviewed now, or null. */
export function reviewBlocker(project: ProjectDoc, seq: number): string | null {
  if (project.status === 'completed') return '项目已结项'
  const milestone = project.milestones.find((m) => m.seq === seq)
  if (!milestone) return '该项目没有这个节点'
  if (milestone.status === 'accepted') return `“${milestone.name}”已验收，拨款已发放`
  if (milestone.status !== 'submitted') return `“${milestone.name}”报告尚未提交`
  return null
}

/** Why a project cannot be marked 已结项, or null: the final milestone accepted and at least MIN_FOLLOW_UPS follow-ups. */
export function completionBlocker(project: ProjectDoc): string | null {
  if (project.status === 'completed') return '项目已结项'
  const last = project.milestones[project.milestones.length - 1]
  if (last.status !== 'accepted') return `“${last.name}”报告尚未验收，不能结项`
  if (project.followUps.length < MIN_FOLLOW_UPS) return `跟踪回访须至少${MIN_FOLLOW_UPS}次（现有${project.followUps.length}次），不能结项`
  return null
}

/** Why a follow-up on `date` cannot be recorded, or null: inside the cycle, from publication to today (Beijing). */
export function followUpDateBlocker(project: Pick<ProjectDoc, 'publishedAt'>, date: string, now: Date): string | null {
  if (date > formatDate(now.toISOString())) return '回访日期不能晚于今天'
  if (date < formatDate(project.publishedAt)) return '回访日期不能早于项目立项'
  return null
}

/** The tranches released so far, and the sum (for summaries). */
export const releasedTranches = (project: Pick<ProjectDoc, 'milestones'>) => project.milestones.filter((m) => m.releasedAt !== null)
