import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import { activityIndexSettings, type ActivityIndexSettings } from '../settings/activity-index'

dayjs.extend(utc)
dayjs.extend(timezone)

/**
 * Pure rules of the county's statistics (数据概览) and the organization activity index (活跃指数).
 * Periods are Beijing-time calendar years and quarters; `now` is always a parameter.
 */
const ZONE = 'Asia/Shanghai'

export type Quarter = 1 | 2 | 3 | 4
export const quarters: Quarter[] = [1, 2, 3, 4]

export interface Period {
  year: number
  quarter: Quarter | null
  /** UTC instants of Beijing midnight: [from, to) */
  from: string
  to: string
  /** the same as Beijing calendar dates (service records carry these): [fromDate, toDate) */
  fromDate: string
  toDate: string
}

/** A year, or one quarter of it, in Beijing time. */
export function periodOf(year: number, quarter: Quarter | null = null): Period {
  const start = dayjs.tz(`${year}-${String(quarter ? (quarter - 1) * 3 + 1 : 1).padStart(2, '0')}-01 00:00`, ZONE)
  const end = start.add(quarter ? 3 : 12, 'month')
  return { year, quarter, from: start.toISOString(), to: end.toISOString(), fromDate: start.format('YYYY-MM-DD'), toDate: end.format('YYYY-MM-DD') }
}

/** The quarter (1–4) of an instant, in Beijing time. */
export const quarterOfInstant = (iso: string): Quarter => (Math.floor(dayjs(iso).tz(ZONE).month() / 3) + 1) as Quarter

/** The quarter of a Beijing calendar date `YYYY-MM-DD`. */
export const quarterOfDate = (date: string): Quarter => (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as Quarter

/** The quarter we are in now (Beijing time), and its year. */
export function currentQuarter(now: Date): { year: number; quarter: Quarter } {
  const local = dayjs(now).tz(ZONE)
  return { year: local.year(), quarter: (Math.floor(local.month() / 3) + 1) as Quarter }
}

/** Quarters of `year` that have begun by `now` (all four for a past year, none for a future one). */
export function quartersBegun(year: number, now: Date): Quarter[] {
  const current = currentQuarter(now)
  if (year < current.year) return quarters
  if (year > current.year) return []
  return quarters.filter((q) => q <= current.quarter)
}

export interface OrgFigures {
  activitiesHeld: number
  participants: number
  serviceMinutes: number
  wishesFulfilled: number
}

export interface IndexParts {
  frequency: number
  reach: number
  depth: number
}

const clamp01 = (value: number) => (Number.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0)
const round1 = (value: number) => Math.round(value * 10) / 10

/**
 * The activity index (活跃指数) of one organization over a year (`share` 1) or a quarter (`share` ¼):
 * 0–100, one decimal, with the three parts (each 0–1) that make it up.
 */
export function activityIndex(figures: Pick<OrgFigures, 'activitiesHeld' | 'participants' | 'serviceMinutes'>, share = 1, settings: ActivityIndexSettings = activityIndexSettings): { index: number; parts: IndexParts } {
  const targets = settings.yearTargets
  const parts: IndexParts = {
    frequency: clamp01(figures.activitiesHeld / (targets.activities * share)),
    reach: clamp01(figures.participants / (targets.participants * share)),
    depth: figures.participants ? clamp01(figures.serviceMinutes / 60 / figures.participants / targets.hoursPerParticipant) : 0,
  }
  const { weights } = settings
  const index = 100 * (weights.frequency * parts.frequency + weights.reach * parts.reach + weights.depth * parts.depth)
  return { index: round1(index), parts }
}

/** What would raise an organization's index most: the part furthest from its target, in plain words. */
export function indexAdvice(parts: IndexParts): string {
  const gaps = [
    { part: parts.frequency, text: '多组织活动：按季度至少开展1次，全年目标12次' },
    { part: parts.reach, text: '吸引更多居民参与：扩大招募范围，欢迎新志愿者' },
    { part: parts.depth, text: '提高参与深度：及时确认服务时长，组织持续性的服务项目' },
  ].sort((a, b) => a.part - b.part)
  return gaps[0].part >= 1 ? '各项均已达标，保持活跃' : gaps[0].text
}

export interface OrgQuarterFigures extends OrgFigures {
  quarter: Quarter
}

export interface OrgActivityRow {
  orgId: string
  orgName: string
  kind: string
  township: string
  year: OrgFigures & { index: number; parts: IndexParts; heldThisYear: boolean }
  quarters: (OrgFigures & { quarter: Quarter; active: boolean; index: number })[]
  advice: string
}

const emptyFigures = (): OrgFigures => ({ activitiesHeld: 0, participants: 0, serviceMinutes: 0, wishesFulfilled: 0 })

/**
 * One row per organization, including those with no activity at all (listed, not missing).
 * `byQuarter` holds what the database counted; participants over the year are counted distinct
 * over the year (`yearParticipants`), not summed over quarters.
 */
export function orgActivityRows(
  orgs: { orgId: string; orgName: string; kind: string; township: string }[],
  byQuarter: Map<string, Map<Quarter, OrgFigures>>,
  yearParticipants: Map<string, number>,
): OrgActivityRow[] {
  return orgs.map((org) => {
    const quarterly = quarters.map((quarter) => {
      const figures = byQuarter.get(org.orgId)?.get(quarter) ?? emptyFigures()
      return { quarter, ...figures, active: figures.activitiesHeld > 0, index: activityIndex(figures, 0.25).index }
    })
    const total = quarterly.reduce(
      (sum, q) => ({
        activitiesHeld: sum.activitiesHeld + q.activitiesHeld,
        participants: 0,
        serviceMinutes: sum.serviceMinutes + q.serviceMinutes,
        wishesFulfilled: sum.wishesFulfilled + q.wishesFulfilled,
      }),
      emptyFigures(),
    )
    total.participants = yearParticipants.get(org.orgId) ?? 0
    const { index, parts } = activityIndex(total)
    return { ...org, year: { ...total, index, parts, heldThisYear: total.activitiesHeld > 0 }, quarters: quarterly, advice: indexAdvice(parts) }
  })
}

export interface CountySummary {
  organizations: number
  heldThisYear: number
  /** per quarter: the share of organizations active in it (only quarters that have begun) */
  activeShare: { quarter: Quarter; share: number; meetsTarget: boolean }[]
  /** the county's average activity (平均活跃度): the mean index */
  averageIndex: number
  targets: { activeShareEachQuarter: number; averageIndex2022: number; averageIndex2023: number }
}

/** The county against the plan's targets (30% active every quarter; average activity above 50%, then 60%). */
export function countySummary(rows: OrgActivityRow[], year: number, now: Date, settings: ActivityIndexSettings = activityIndexSettings): CountySummary {
  const n = rows.length
  const begun = quartersBegun(year, now)
  return {
    organizations: n,
    heldThisYear: rows.filter((r) => r.year.heldThisYear).length,
    activeShare: begun.map((quarter) => {
      const share = n ? rows.filter((r) => r.quarters[quarter - 1].active).length / n : 0
      return { quarter, share: Math.round(share * 1000) / 1000, meetsTarget: share >= settings.targets.activeShareEachQuarter }
    }),
    averageIndex: n ? round1(rows.reduce((sum, r) => sum + r.year.index, 0) / n) : 0,
    targets: { ...settings.targets },
  }
}
