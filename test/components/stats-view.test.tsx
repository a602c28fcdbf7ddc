import { fireEvent, render } from '@testing-library/react'
import { OrgRanking } from '../../src/packages/admin/stats/components/org-ranking'
import {
  averageAgainstTargets,
  countAxis,
  firstPages,
  formatNumber,
  formatShare,
  formulaLines,
  headlineFigures,
  quarterTrend,
  rankOrgs,
  townshipBars,
  trendSummary,
  yearOptions,
} from '../../src/packages/admin/stats/stats-view'
import { ActivityIndexCard, indexParts, quarterStates } from '../../src/packages/org/workbench/components/activity-index-card'
import type { CountySummary, OrgActivityReply, OrgActivityRow, OverviewView } from '../../src/services/stats'
import { resetTaroMock } from '../mocks/taro'

const formula: OrgActivityReply['formula'] = {
  weights: { frequency: 0.4, reach: 0.35, depth: 0.25 },
  yearTargets: { activities: 12, participants: 60, hoursPerParticipant: 8 },
  targets: { activeShareEachQuarter: 0.3, averageIndex2022: 50, averageIndex2023: 60 },
}

const quarterOf = (quarter: 1 | 2 | 3 | 4, activitiesHeld = 0) => ({ quarter, activitiesHeld, participants: activitiesHeld * 5, serviceMinutes: activitiesHeld * 300, wishesFulfilled: 0, active: activitiesHeld > 0, index: 0 })

/** One organization's row as `stats.orgActivity` returns it; `held` is activities per quarter. */
function buildRow(overrides: Partial<OrgActivityRow> & { held?: [number, number, number, number] } = {}): OrgActivityRow {
  const { held = [0, 0, 0, 0], ...rest } = overrides
  const activitiesHeld = held.reduce((a, b) => a + b, 0)
  return {
    orgId: 'org-a',
    orgName: '苍南县志愿服务中心',
    kind: 'private_non_enterprise',
    township: '灵溪镇',
    year: { activitiesHeld, participants: activitiesHeld * 5, serviceMinutes: activitiesHeld * 300, wishesFulfilled: 0, index: 0, parts: { frequency: 0, reach: 0, depth: 0 }, heldThisYear: activitiesHeld > 0 },
    quarters: [quarterOf(1, held[0]), quarterOf(2, held[1]), quarterOf(3, held[2]), quarterOf(4, held[3])],
    advice: '多组织活动：按季度至少开展1次，全年目标12次',
    ...rest,
  }
}

const buildCounty = (overrides: Partial<CountySummary> = {}): CountySummary => ({
  organizations: 3,
  heldThisYear: 2,
  activeShare: [
    { quarter: 1, share: 0.667, meetsTarget: true },
    { quarter: 2, share: 0.333, meetsTarget: true },
    { quarter: 3, share: 0, meetsTarget: false },
  ],
  averageIndex: 52.4,
  targets: formula.targets,
  ...overrides,
})

const totals = (overrides: Partial<OverviewView['county']> = {}): OverviewView['county'] => ({
  orgs: { byStatus: {}, byKind: {} },
  volunteers: 0,
  activities: { held: 0, upcoming: 0 },
  serviceHours: 0,
  wishes: {},
  rides: {},
  aid: {},
  ...overrides,
})

describe('数据概览 figures (stats-view)', () => {
  it('when numbers are large or fractional, then they read with thousands separators and one decimal', () => {
    expect(formatNumber(1234567.84)).toBe('1,234,567.8')
    expect(formatNumber(0)).toBe('0')
    expect(formatShare(0.333)).toBe('33%')
  })

  it('when the overview has no ride bookings or aid applications, then those figures are left out and wishes are broken down by status', () => {
    const overview: OverviewView = {
      period: { year: 2026, quarter: null, from: '', to: '' },
      county: totals({ orgs: { byStatus: { verified: 12, pending: 3 }, byKind: { community: 8, social_group: 4 } }, volunteers: 2300, activities: { held: 41, upcoming: 5 }, serviceHours: 1520.5, wishes: { open: 4, confirmed: 10, mystery: 1 } }),
      townships: [],
    }

    const figures = headlineFigures(overview)

    expect(figures.map((f) => f.label)).toEqual(['认证组织', '注册志愿者', '开展活动', '服务时长', '微心愿'])
    expect(figures[0]).toMatchObject({ value: '12', unit: '家' })
    expect(figures[1].value).toBe('2,300')
    expect(figures[3].value).toBe('1,520.5')
    expect(figures[4].value).toBe('15')
    expect(figures[4].breakdown.map((b) => `${b.label}${b.count}`)).toEqual(['待认领4', '已圆梦10', '其他1'])
  })

  it('when there are ride bookings and aid applications, then they get figures of their own', () => {
    const overview: OverviewView = { period: { year: 2026, quarter: 2, from: '', to: '' }, county: totals({ rides: { pending: 2, completed: 3 }, aid: { submitted: 1 } }), townships: [] }

    expect(headlineFigures(overview).map((f) => `${f.label}${f.value}`).slice(-2)).toEqual(['爱心送考预约5', '救助申请1'])
  })

  it('when townships are compared, then the most active comes first and quiet townships last', () => {
    const overview: OverviewView = {
      period: { year: 2026, quarter: null, from: '', to: '' },
      county: totals(),
      townships: [
        { township: '马站镇', ...totals() },
        { township: '灵溪镇', ...totals({ activities: { held: 9, upcoming: 0 }, serviceHours: 120 }) },
        { township: '龙港', ...totals({ activities: { held: 9, upcoming: 0 }, serviceHours: 300 }) },
      ],
    }

    expect(townshipBars(overview).map((b) => b.township)).toEqual(['龙港', '灵溪镇', '马站镇'])
  })

  it('when the trend is built, then each quarter sums the organizations and quarters not begun have no share', () => {
    const rows = [buildRow({ held: [2, 1, 0, 0] }), buildRow({ orgId: 'org-b', held: [1, 0, 0, 0] })]

    const trend = quarterTrend(rows, buildCounty())

    expect(trend.map((p) => p.activitiesHeld)).toEqual([3, 1, 0, 0])
    expect(trend.map((p) => p.activeShare)).toEqual([0.667, 0.333, 0, null])
    expect(trendSummary(trend, 0.3)).toContain('三季度开展活动0场，活跃组织占0%，未达到30%目标')
    expect(trendSummary(trend, 0.3)).toContain('四季度尚未开始')
  })

  it('when organizations are ranked, then the highest index comes first, equal indexes share a rank and those with no activity are flagged', () => {
    const rows = [
      buildRow({ orgId: 'quiet', orgName: '乙协会', held: [0, 0, 0, 0] }),
      buildRow({ orgId: 'b', orgName: '丙协会', held: [1, 0, 1, 0], year: { ...buildRow({ held: [1, 0, 1, 0] }).year, index: 30 } }),
      buildRow({ orgId: 'a', orgName: '甲协会', held: [3, 3, 0, 0], year: { ...buildRow({ held: [3, 3, 0, 0] }).year, index: 55.5 } }),
      buildRow({ orgId: 'c', orgName: '丁协会', held: [0, 2, 0, 0], year: { ...buildRow({ held: [0, 2, 0, 0] }).year, index: 30 } }),
    ]

    const ranked = rankOrgs(rows)

    expect(ranked.map((r) => `${r.rank}:${r.orgId}`)).toEqual(['1:a', '2:b', '2:c', '4:quiet'])
    expect(ranked[3].inactive).toBe(true)
    expect(ranked[0]).toMatchObject({ inactive: false, activeQuarters: [1, 2], kindLabel: '民办非企业单位', serviceHours: '30' })
  })

  it('when the ranking is paged, then ten show at first and each load adds ten more until none remain', () => {
    const items = Array.from({ length: 23 }, (_, i) => i)

    expect(firstPages(items, 1)).toMatchObject({ hasMore: true, remaining: 13 })
    expect(firstPages(items, 2).shown).toHaveLength(20)
    expect(firstPages(items, 3)).toMatchObject({ hasMore: false, remaining: 0 })
  })

  it('when the county average is 52.4, then it meets the 50% target and not yet the 60% one', () => {
    const { checks } = averageAgainstTargets(buildCounty())

    expect(checks.map((c) => `${c.target}:${c.met}`)).toEqual(['50:true', '60:false'])
  })

  it('when the formula is written out, then the weights and targets are the ones the server sent', () => {
    const lines = formulaLines({ ...formula, weights: { frequency: 0.5, reach: 0.3, depth: 0.2 } })

    expect(lines[0]).toBe('活跃指数 = 100 × （0.5 × 活动频次 + 0.3 × 参与人数 + 0.2 × 参与深度）')
    expect(lines.join('\n')).toContain('÷ 12')
    expect(lines.join('\n')).toContain('不少于 30%')
  })

  it('when a count axis is drawn, then its ticks are whole numbers from 0', () => {
    expect(countAxis(2)).toEqual({ min: 0, max: 2, splitNumber: 2 })
    expect(countAxis(0)).toEqual({ min: 0, max: 1, splitNumber: 1 })
    expect(countAxis(23)).toEqual({ min: 0, max: 25, splitNumber: 5 })
  })

  it('when years are offered, then they run from this one back to 2020', () => {
    expect(yearOptions(2022)).toEqual([2022, 2021, 2020])
  })
})

describe('OrgRanking (活跃指数排名)', () => {
  beforeEach(() => resetTaroMock())

  it('when there are more than ten organizations, then 加载更多 shows the next ten and inactive ones carry 未开展活动', () => {
    const rows = Array.from({ length: 12 }, (_, i) =>
      buildRow({ orgId: `org-${i}`, orgName: `组织${String(i).padStart(2, '0')}`, held: i < 11 ? [1, 0, 0, 0] : [0, 0, 0, 0], year: { ...buildRow({ held: i < 11 ? [1, 0, 0, 0] : [0, 0, 0, 0] }).year, index: 50 - i } }),
    )
    const { container } = render(<OrgRanking orgs={rankOrgs(rows)} />)

    expect(container.querySelectorAll('.gy-org-ranking__row')).toHaveLength(10)
    expect(container).toHaveTextContent('共 12 家组织，其中 1 家全年未开展活动')
    const more = container.querySelector('.gy-org-ranking__more')
    expect(more).toHaveTextContent('还有 2 家')
    fireEvent.click(more as Element)

    expect(container.querySelectorAll('.gy-org-ranking__row')).toHaveLength(12)
    expect(container.querySelectorAll('.gy-org-ranking__row--inactive')).toHaveLength(1)
    expect(container.querySelector('.gy-org-ranking__row--inactive')).toHaveTextContent('未开展活动')
    expect(container).toHaveTextContent('已显示全部')
  })
})

describe('ActivityIndexCard (组织工作台 · 活跃指数)', () => {
  const reply = (row: OrgActivityRow): OrgActivityReply => ({ rows: [row], county: buildCounty({ organizations: 1 }), formula })

  it('when the organization has an index, then the three parts, the quarters and the advice show', () => {
    const row = buildRow({ held: [2, 0, 1, 0] })
    row.year = { ...row.year, index: 28.3, parts: { frequency: 0.25, reach: 0.25, depth: 0.5 } }
    const { container } = render(<ActivityIndexCard state={{ kind: 'ready', year: 2026, reply: reply(row) }} onRetry={jest.fn()} />)

    expect(container.querySelector('.gy-index-card__index')).toHaveTextContent('28.3')
    expect(indexParts(reply(row)).map((p) => `${p.label}${p.weight}:${p.percent}`)).toEqual(['活动频次40%:25', '参与人数35%:25', '参与深度25%:50'])
    expect(container.querySelector('.gy-index-card__part--frequency')).toHaveTextContent('开展活动 3 场，目标 12 场')
    expect(quarterStates(reply(row)).map((q) => q.state)).toEqual(['active', 'inactive', 'active', 'upcoming'])
    expect(container).toHaveTextContent('活跃季度 2/4')
    expect(container.querySelector('.gy-index-card__advice')).toHaveTextContent('多组织活动')
    expect(container).not.toHaveTextContent('今年尚未开展活动')
  })

  it('when the organization held nothing this year, then the card says so', () => {
    const { container } = render(<ActivityIndexCard state={{ kind: 'ready', year: 2026, reply: reply(buildRow()) }} onRetry={jest.fn()} />)

    expect(container).toHaveTextContent('今年尚未开展活动')
  })

  it('when loading failed, then the message and 重新加载 show', () => {
    const onRetry = jest.fn()
    const { container } = render(<ActivityIndexCard state={{ kind: 'error', message: '网络异常，请稍后重试' }} onRetry={onRetry} />)

    fireEvent.click(container.querySelector('.gy-index-card__retry') as Element)
    expect(onRetry).toHaveBeenCalled()
    expect(container).toHaveTextContent('网络异常')
  })
})
