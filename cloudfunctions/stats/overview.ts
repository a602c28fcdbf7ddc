import type { Database } from '../core/cloudbase'
import { townships } from '../core/settings/townships'
import type { OverviewTotals, OverviewView } from '../core/stats/stats.schema'
import { type CountByKeys, listOrgsInScope, overviewCounts } from '../core/stats/stats.store'
import type { Period } from '../core/stats/stats.rules'

const OTHER = '其他'

const emptyTotals = (): OverviewTotals => ({
  orgs: { byStatus: {}, byKind: {} },
  volunteers: 0,
  activities: { held: 0, upcoming: 0 },
  serviceHours: 0,
  wishes: {},
  rides: {},
  aid: {},
})

const add = (counts: Record<string, number>, key: string | null | undefined, n: number) => {
  const k = key ?? 'unknown'
  counts[k] = (counts[k] ?? 0) + n
}

/** 数据概览: the database's grouped counts folded into the county's totals and one row per township. */
export async function buildOverview(db: Database, period: Period, now: Date): Promise<OverviewView> {
  const [counts, orgs] = await Promise.all([overviewCounts(db, period, now), listOrgsInScope(db, {})])
  const townshipOfOrg = new Map(orgs.map((o) => [o.orgId, o.township]))
  const county = emptyTotals()
  const byTownship = new Map<string, OverviewTotals>([...townships, OTHER].map((t) => [t, emptyTotals()]))
  const rowFor = (township: string | null | undefined) => byTownship.get(township && byTownship.has(township) ? township : OTHER) as OverviewTotals
  const each = (rows: CountByKeys[], apply: (totals: OverviewTotals, row: CountByKeys) => void) => {
    for (const row of rows) {
      apply(county, row)
      apply(rowFor(row.keys.township), row)
    }
  }
  each(counts.orgs, (t, r) => {
    add(t.orgs.byStatus, r.keys.status, r.count)
    if (r.keys.status === 'verified') add(t.orgs.byKind, r.keys.kind, r.count)
  })
  each(counts.volunteers, (t, r) => (t.volunteers += r.count))
  each(counts.activities, (t, r) => {
    if (r.keys.held) t.activities.held += r.count
    else t.activities.upcoming += r.count
  })
  for (const row of counts.minutesByOrg) {
    const hours = row.count / 60
    county.serviceHours += hours
    rowFor(townshipOfOrg.get(String(row.keys.orgId))).serviceHours += hours
  }
  each(counts.wishes, (t, r) => add(t.wishes, r.keys.status, r.count))
  each(counts.rides, (t, r) => add(t.rides, r.keys.status, r.count))
  each(counts.aid, (t, r) => add(t.aid, r.keys.status, r.count))

  const round = (totals: OverviewTotals) => ({ ...totals, serviceHours: Math.round(totals.serviceHours * 10) / 10 })
  return {
    period: { year: period.year, quarter: period.quarter, from: period.from, to: period.to },
    county: round(county),
    townships: [...byTownship].filter(([t, totals]) => t !== OTHER || JSON.stringify(totals) !== JSON.stringify(emptyTotals())).map(([township, totals]) => ({ township, ...round(totals) })),
  }
}
