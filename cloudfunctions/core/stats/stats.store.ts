import type { Database } from '../cloudbase'
import { isCollectionMissing } from '../store-errors'
import { type OrgFigures, type Period, periodOf, type Quarter } from './stats.rules'

/**
 * The county's statistics, counted by the database with aggregation pipelines (the SDK's
 * `aggregate()`): nothing here loads a collection of activities, sign-ups, records or wishes into
 * memory — only the grouped counts come back (one row per organization and quarter at most).
 */
const MAX_GROUPS = 20_000

export interface OrgRef {
  orgId: string
  orgName: string
  kind: string
  township: string
}

type Row = Record<string, unknown>

async function aggregate(db: Database, collection: string, build: (agg: any) => any): Promise<Row[]> {
  try {
    const { data } = await build(db.collection(collection).aggregate()).limit(MAX_GROUPS).end()
    return data as Row[]
  } catch (error) {
    // a collection no function has written yet (爱心送考 or 救助申请 before their first use) counts zero
    if (isCollectionMissing(error)) return []
    throw error
  }
}

/** `$switch` giving the quarter (1–4) of a field compared as text against the quarters' starts. */
function quarterSwitch(field: string, year: number, key: 'from' | 'fromDate') {
  const starts = ([2, 3, 4] as Quarter[]).map((q) => periodOf(year, q)[key])
  return {
    $switch: {
      branches: starts.map((start, i) => ({ case: { $lt: [`$${field}`, start] }, then: i + 1 })),
      default: 4,
    },
  }
}

/** The verified organizations in scope (all, one, or by kind / township), by name. */
export async function listOrgsInScope(db: Database, scope: { orgIds?: string[] | null; kind?: string; township?: string }): Promise<OrgRef[]> {
  const where: Row = { status: 'verified' }
  if (scope.orgIds) where._id = { $in: scope.orgIds }
  if (scope.kind) where.kind = scope.kind
  if (scope.township) where.township = scope.township
  const rows = await aggregate(db, 'orgs', (agg) => agg.match(where).project({ _id: 1, name: 1, kind: 1, township: 1 }).sort({ name: 1 }))
  return rows.map((r) => ({ orgId: String(r._id), orgName: String(r.name), kind: String(r.kind), township: String(r.township) }))
}

const orgFilter = (orgIds: string[] | null) => (orgIds ? { orgId: { $in: orgIds } } : {})

/**
 * Per organization and quarter of `year`: activities held (published, not cancelled, ended by `now`),
 * distinct participants and minutes of confirmed service, wishes fulfilled by its members.
 * Also the distinct participants of the whole year per organization.
 */
export async function orgFiguresByQuarter(db: Database, year: number, now: Date, orgIds: string[] | null) {
  const period = periodOf(year)
  const nowIso = now.toISOString()
  const [held, served, yearly, wishes] = await Promise.all([
    aggregate(db, 'activities', (agg) =>
      agg
        .match({ status: 'published', startAt: { $gte: period.from, $lt: period.to }, endAt: { $lte: nowIso }, ...orgFilter(orgIds) })
        .group({ _id: { orgId: '$orgId', quarter: quarterSwitch('startAt', year, 'from') }, count: { $sum: 1 } }),
    ),
    aggregate(db, 'service_records', (agg) =>
      agg
        .match({ date: { $gte: period.fromDate, $lt: period.toDate }, ...orgFilter(orgIds) })
        .group({ _id: { orgId: '$orgId', quarter: quarterSwitch('date', year, 'fromDate') }, minutes: { $sum: '$minutes' }, people: { $addToSet: '$openid' } })
        .project({ minutes: 1, people: { $size: '$people' } }),
    ),
    aggregate(db, 'service_records', (agg) =>
      agg
        .match({ date: { $gte: period.fromDate, $lt: period.toDate }, ...orgFilter(orgIds) })
        .group({ _id: '$orgId', people: { $addToSet: '$openid' } })
        .project({ people: { $size: '$people' } }),
    ),
    aggregate(db, 'wishes', (agg) =>
      agg
        .match({ status: { $in: ['fulfilled', 'confirmed'] }, fulfilledAt: { $gte: period.from, $lt: period.to } })
        .lookup({ from: 'org_members', localField: 'claimedBy', foreignField: 'openid', as: 'member' })
        .unwind('$member')
        .match(orgIds ? { 'member.orgId': { $in: orgIds } } : {})
        .group({ _id: { orgId: '$member.orgId', quarter: quarterSwitch('fulfilledAt', year, 'from') }, count: { $sum: 1 } }),
    ),
  ])

  const byQuarter = new Map<string, Map<Quarter, OrgFigures>>()
  const cell = (orgId: string, quarter: Quarter) => {
    let quartersOf = byQuarter.get(orgId)
    if (!quartersOf) byQuarter.set(orgId, (quartersOf = new Map()))
    let figures = quartersOf.get(quarter)
    if (!figures) quartersOf.set(quarter, (figures = { activitiesHeld: 0, participants: 0, serviceMinutes: 0, wishesFulfilled: 0 }))
    return figures
  }
  const keyOf = (row: Row) => row._id as { orgId: string; quarter: Quarter }
  for (const row of held) cell(keyOf(row).orgId, keyOf(row).quarter).activitiesHeld = Number(row.count)
  for (const row of served) {
    const figures = cell(keyOf(row).orgId, keyOf(row).quarter)
    figures.serviceMinutes = Number(row.minutes)
    figures.participants = Number(row.people)
  }
  for (const row of wishes) cell(keyOf(row).orgId, keyOf(row).quarter).wishesFulfilled = Number(row.count)
  const yearParticipants = new Map(yearly.map((row) => [String(row._id), Number(row.people)]))
  return { byQuarter, yearParticipants }
}

export interface CountByKeys {
  keys: Record<string, string | null>
  count: number
}

const groupCount = (rows: Row[], value = 'count'): CountByKeys[] =>
  rows.map((row) => ({ keys: (row._id ?? {}) as Record<string, string | null>, count: Number(row[value] ?? 0) }))

/** What 数据概览 counts for a period: each figure grouped by township (and status or kind). */
export async function overviewCounts(db: Database, period: Period, now: Date) {
  const nowIso = now.toISOString()
  const inPeriod = (field: string) => ({ [field]: { $gte: period.from, $lt: period.to } })
  const [orgs, volunteers, activities, minutes, wishes, rides, aid] = await Promise.all([
    aggregate(db, 'orgs', (agg) => agg.group({ _id: { township: '$township', status: '$status', kind: '$kind' }, count: { $sum: 1 } })),
    aggregate(db, 'users', (agg) => agg.match({ roles: 'volunteer' }).group({ _id: { township: '$volunteer.township' }, count: { $sum: 1 } })),
    aggregate(db, 'activities', (agg) =>
      agg
        .match({ status: 'published', ...inPeriod('startAt') })
        .group({ _id: { township: '$township', held: { $lte: ['$endAt', nowIso] } }, count: { $sum: 1 } }),
    ),
    aggregate(db, 'service_records', (agg) =>
      agg.match({ date: { $gte: period.fromDate, $lt: period.toDate } }).group({ _id: { orgId: '$orgId' }, count: { $sum: '$minutes' } }),
    ),
    aggregate(db, 'wishes', (agg) => agg.match(inPeriod('createdAt')).group({ _id: { township: '$township', status: '$status' }, count: { $sum: 1 } })),
    aggregate(db, 'ride_bookings', (agg) => agg.match(inPeriod('createdAt')).group({ _id: { township: '$township', status: '$status' }, count: { $sum: 1 } })),
    aggregate(db, 'aid_applications', (agg) => agg.match(inPeriod('createdAt')).group({ _id: { township: '$hukouTownship', status: '$status' }, count: { $sum: 1 } })),
  ])
  return {
    orgs: groupCount(orgs),
    volunteers: groupCount(volunteers),
    activities: groupCount(activities),
    minutesByOrg: groupCount(minutes),
    wishes: groupCount(wishes),
    rides: groupCount(rides),
    aid: groupCount(aid),
  }
}

