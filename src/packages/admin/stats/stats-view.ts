import type { ActivityIndexSettings, CountySummary, OrgActivityRow, OverviewView, Quarter } from '../../../services/stats'
import { aidStatusLabels } from '../../../../cloudfunctions/core/aid/aid.constants'
import { orgKindLabels } from '../../../../cloudfunctions/core/org/org.constants'
import { statusLabels as rideStatusLabels } from '../../../../cloudfunctions/core/ride/ride.rules'
import { wishStatusLabels } from '../../../../cloudfunctions/core/wish/wish.constants'

/**
 * What 数据概览 shows, worked out from the `stats` replies: headline figures, the quarterly trend,
 * townships compared, the ranking with its flags and pages, the county against the plan's targets
 * and the published formula in words. Pure functions (tested in test/components/stats-view.test.tsx);
 * the rules themselves (index, active flags, shares) stay on the server.
 */

// Labels for codes the server sends: the functions' own zod-free constants, so the page and the
// other pages say the same words.
export { orgKindLabels }

export const quarterLabels: Record<Quarter, string> = { 1: '一季度', 2: '二季度', 3: '三季度', 4: '四季度' }
export const quarterList: Quarter[] = [1, 2, 3, 4]

/** 1234567.8 → "1,234,567.8" (no Intl in every mini-program runtime). */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 10) / 10
  const [whole, fraction] = String(Math.abs(rounded)).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`
}

/** A share 0–1 as a whole percentage: 0.333 → "33%". */
export const formatShare = (share: number): string => `${Math.round(share * 100)}%`

/** Service minutes as hours with one decimal: 90 → "1.5". */
export const formatMinutesAsHours = (minutes: number): string => formatNumber(Math.round((minutes / 60) * 10) / 10)

export interface StatusCount {
  status: string
  label: string
  count: number
}

/** Counts by status in the order the labels list them; unknown statuses last, as 其他. */
function byStatus(counts: Record<string, number>, labels: Record<string, string>): StatusCount[] {
  const known = Object.keys(labels).filter((status) => counts[status]).map((status) => ({ status, label: labels[status], count: counts[status] }))
  const other = Object.keys(counts).filter((status) => !(status in labels)).reduce((sum, status) => sum + counts[status], 0)
  return other ? [...known, { status: 'other', label: '其他', count: other }] : known
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0)

export interface HeadlineFigure {
  key: 'orgs' | 'volunteers' | 'activities' | 'hours' | 'wishes' | 'rides' | 'aid'
  label: string
  value: string
  unit: string
  /** e.g. wishes by status */
  breakdown: StatusCount[]
}

/**
 * The headline figures of 数据概览. Ride bookings (爱心送考) and aid applications (救助申请) show only
 * when there are any in the period: the areas may not be in use yet.
 */
export function headlineFigures(overview: OverviewView): HeadlineFigure[] {
  const { county } = overview
  const figures: HeadlineFigure[] = [
    { key: 'orgs', label: '认证组织', value: formatNumber(county.orgs.byStatus.verified ?? 0), unit: '家', breakdown: byStatus(county.orgs.byKind, orgKindLabels) },
    { key: 'volunteers', label: '注册志愿者', value: formatNumber(county.volunteers), unit: '人', breakdown: [] },
    { key: 'activities', label: '开展活动', value: formatNumber(county.activities.held), unit: '场', breakdown: county.activities.upcoming ? [{ status: 'upcoming', label: '即将开展', count: county.activities.upcoming }] : [] },
    { key: 'hours', label: '服务时长', value: formatNumber(county.serviceHours), unit: '小时', breakdown: [] },
    { key: 'wishes', label: '微心愿', value: formatNumber(total(county.wishes)), unit: '个', breakdown: byStatus(county.wishes, wishStatusLabels) },
  ]
  if (total(county.rides) > 0) figures.push({ key: 'rides', label: '爱心送考预约', value: formatNumber(total(county.rides)), unit: '单', breakdown: byStatus(county.rides, rideStatusLabels) })
  if (total(county.aid) > 0) figures.push({ key: 'aid', label: '救助申请', value: formatNumber(total(county.aid)), unit: '份', breakdown: byStatus(county.aid, aidStatusLabels) })
  return figures
}

export interface QuarterPoint {
  quarter: Quarter
  label: string
  activitiesHeld: number
  /** share of organizations active in the quarter; null for a quarter that has not begun */
  activeShare: number | null
  meetsTarget: boolean | null
}

/** Activities held and the share of organizations active, quarter by quarter. */
export function quarterTrend(rows: OrgActivityRow[], county: CountySummary): QuarterPoint[] {
  return quarterList.map((quarter) => {
    const share = county.activeShare.find((q) => q.quarter === quarter)
    return {
      quarter,
      label: quarterLabels[quarter],
      activitiesHeld: rows.reduce((sum, row) => sum + (row.quarters[quarter - 1]?.activitiesHeld ?? 0), 0),
      activeShare: share ? share.share : null,
      meetsTarget: share ? share.meetsTarget : null,
    }
  })
}

/** The trend in one sentence, for screen readers (the chart's aria-label). */
export function trendSummary(points: QuarterPoint[], target: number): string {
  const parts = points.map((p) => (p.activeShare === null ? `${p.label}尚未开始` : `${p.label}开展活动${p.activitiesHeld}场，活跃组织占${formatShare(p.activeShare)}${p.meetsTarget ? '，达到' : '，未达到'}${formatShare(target)}目标`))
  return `按季度趋势：${parts.join('；')}。`
}

export interface TownshipBar {
  township: string
  activitiesHeld: number
  serviceHours: number
  volunteers: number
}

/** Townships compared, most activities first (then most hours); townships with nothing at all last. */
export function townshipBars(overview: OverviewView): TownshipBar[] {
  return overview.townships
    .map((t) => ({ township: t.township, activitiesHeld: t.activities.held, serviceHours: t.serviceHours, volunteers: t.volunteers }))
    .sort((a, b) => b.activitiesHeld - a.activitiesHeld || b.serviceHours - a.serviceHours || a.township.localeCompare(b.township, 'zh-CN'))
}

export function townshipSummary(bars: TownshipBar[]): string {
  const withActivity = bars.filter((b) => b.activitiesHeld > 0)
  if (withActivity.length === 0) return '各乡镇对比：本期各乡镇均未开展活动。'
  return `各乡镇对比（开展活动场次）：${withActivity.map((b) => `${b.township}${b.activitiesHeld}场`).join('，')}；其余乡镇未开展活动。`
}

export interface RankedOrg {
  rank: number
  orgId: string
  orgName: string
  kindLabel: string
  township: string
  index: number
  activitiesHeld: number
  participants: number
  serviceHours: string
  activeQuarters: Quarter[]
  /** 未开展活动: held nothing this year */
  inactive: boolean
}

/**
 * The organizations by index, highest first (ties by name); equal indexes share a rank (1, 2, 2, 4).
 * Those that held nothing this year are flagged 未开展活动.
 */
export function rankOrgs(rows: OrgActivityRow[]): RankedOrg[] {
  const sorted = [...rows].sort((a, b) => b.year.index - a.year.index || a.orgName.localeCompare(b.orgName, 'zh-CN'))
  let rank = 0
  return sorted.map((row, i) => {
    if (i === 0 || row.year.index !== sorted[i - 1].year.index) rank = i + 1
    return {
      rank,
      orgId: row.orgId,
      orgName: row.orgName,
      kindLabel: (orgKindLabels as Record<string, string>)[row.kind] ?? '其他',
      township: row.township,
      index: row.year.index,
      activitiesHeld: row.year.activitiesHeld,
      participants: row.year.participants,
      serviceHours: formatMinutesAsHours(row.year.serviceMinutes),
      activeQuarters: row.quarters.filter((q) => q.active).map((q) => q.quarter),
      inactive: !row.year.heldThisYear,
    }
  })
}

export const RANKING_PAGE_SIZE = 10

/** The first `pages` pages of the ranking, and whether there is more (加载更多). */
export function firstPages<T>(items: T[], pages: number, size = RANKING_PAGE_SIZE): { shown: T[]; hasMore: boolean; remaining: number } {
  const shown = items.slice(0, Math.max(1, pages) * size)
  return { shown, hasMore: shown.length < items.length, remaining: items.length - shown.length }
}

export interface TargetCheck {
  label: string
  target: number
  met: boolean
}

/** The county's 平均活跃度 (mean index, read as a percentage) against the plan's 50% and 60%. */
export function averageAgainstTargets(county: CountySummary): { average: number; checks: TargetCheck[] } {
  const { averageIndex2022, averageIndex2023 } = county.targets
  return {
    average: county.averageIndex,
    checks: [
      { label: '2022年目标', target: averageIndex2022, met: county.averageIndex >= averageIndex2022 },
      { label: '2023年起目标', target: averageIndex2023, met: county.averageIndex >= averageIndex2023 },
    ],
  }
}

const trim = (n: number) => String(Math.round(n * 1000) / 1000)

/** The published formula in words, from the weights and targets the server used. */
export function formulaLines(formula: ActivityIndexSettings): string[] {
  const { weights: w, yearTargets: t } = formula
  return [
    `活跃指数 = 100 × （${trim(w.frequency)} × 活动频次 + ${trim(w.reach)} × 参与人数 + ${trim(w.depth)} × 参与深度）`,
    `活动频次 = 全年开展活动场次 ÷ ${trim(t.activities)}，最高计 1`,
    `参与人数 = 全年参与居民人数（去重）÷ ${trim(t.participants)}，最高计 1`,
    `参与深度 = 人均服务时长（小时）÷ ${trim(t.hoursPerParticipant)}，最高计 1`,
    `季度指数的目标值按全年的四分之一计算；某季度开展过活动即为该季度活跃。`,
    `全县目标：每季度活跃组织不少于 ${formatShare(formula.targets.activeShareEachQuarter)}；平均活跃度 2022 年达到 ${formula.targets.averageIndex2022}%，2023 年起达到 ${formula.targets.averageIndex2023}%。`,
  ]
}

/** Years to pick from: this one back to 2020 (the stats function accepts 2020 onwards). */
export function yearOptions(currentYear: number, earliest = 2020): number[] {
  const years: number[] = []
  for (let y = currentYear; y >= earliest; y--) years.push(y)
  return years
}

/** A count axis of five whole steps (0–5, 0–10, …), to share its grid lines with a 0–100 % axis. */
export function fiveStepAxis(largest: number): { max: number; splitNumber: number } {
  return { max: Math.max(1, Math.ceil(Math.max(0, largest) / 5)) * 5, splitNumber: 5 }
}

/** A count axis from 0 with whole-number ticks only (no "1.20 场"): at most five steps. */
export function countAxis(largest: number): { min: number; max: number; splitNumber: number } {
  const top = Math.max(1, Math.ceil(largest))
  if (top <= 5) return { min: 0, max: top, splitNumber: top }
  const step = Math.ceil(top / 5)
  return { min: 0, max: step * 5, splitNumber: 5 }
}
