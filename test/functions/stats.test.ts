import { main as stats } from '../../cloudfunctions/stats/index'
import { setClock } from '../../cloudfunctions/core/clock'
import type { OrgActivityRow } from '../../cloudfunctions/core/stats/stats.rules'
import type { OverviewView } from '../../cloudfunctions/core/stats/stats.schema'
import { seedDemoData } from '../../local/seed'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'

type OrgActivityReply = { rows: OrgActivityRow[]; county: { organizations: number; heldThisYear: number; activeShare: { quarter: number; share: number; meetsTarget: boolean }[]; averageIndex: number } }

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
const CENTRE = 'org-volunteer-centre'
const admin = () => caller(stats, 'demo-platform-admin')

/** An activity of 2025 written straight to the database: only what decides whether it counts. */
const activity = (id: string, orgId: string, startAt: string, overrides: Record<string, unknown> = {}) => ({
  _id: id, orgId, orgName: '', title: id, category: '扶老', description: '', township: '灵溪镇', address: '', startAt,
  endAt: new Date(new Date(startAt).getTime() + 2 * 3600_000).toISOString(), signUpDeadline: startAt, capacity: 10, waitlist: false,
  status: 'published', confirmedCount: 0, waitlistedCount: 0, waitSeq: 0, placesLeft: 10, checkInSecret: 'x', cancelReason: null,
  createdBy: 'test', createdAt: startAt, updatedAt: startAt, publishedAt: startAt, cancelledAt: null, ...overrides,
})
const record = (id: string, orgId: string, openid: string, date: string, minutes: number) => ({
  _id: id, activityId: id, openid, volunteerName: '志愿者', volunteerIdCardNo: null, activityTitle: '', orgId, orgName: '', date, place: '', content: '',
  minutes, computedMinutes: minutes, corrections: [], recordedBy: 'test', recorderName: '', recordedAt: `${date}T10:00:00.000Z`,
})

beforeAll(async () => {
  stack = await startTestCloudbase()
  await seedDemoData(db())
  await db().collection('activities').add([
    // 23:30 on 31 March in Beijing: the first quarter
    activity('s-q1', CENTRE, '2025-03-31T15:30:00.000Z'),
    // 00:30 on 1 April in Beijing (still 31 March in UTC): the second quarter
    activity('s-q2', CENTRE, '2025-03-31T16:30:00.000Z'),
    activity('s-cancelled', CENTRE, '2025-05-01T01:00:00.000Z', { status: 'cancelled' }),
    activity('s-draft', CENTRE, '2025-05-02T01:00:00.000Z', { status: 'draft' }),
    activity('s-rescue', 'org-blue-sky-rescue', '2025-08-01T01:00:00.000Z', { township: '钱库镇' }),
    // not over yet at the test's clock: not held
    activity('s-future', CENTRE, '2025-12-20T01:00:00.000Z'),
  ])
  await db().collection('service_records').add([
    record('r1', CENTRE, 'v1', '2025-02-10', 60),
    record('r2', CENTRE, 'v2', '2025-02-10', 30),
    record('r3', CENTRE, 'v1', '2025-04-01', 120),
    record('r4', 'org-blue-sky-rescue', 'v3', '2025-08-01', 180),
  ])
  await db().collection('wishes').add({
    _id: 's-wish', title: '心愿', content: '', category: '其他', estimatedYuan: 10, township: '灵溪镇', community: null, beneficiary: { name: '王小雨', group: 'other' },
    onBehalf: false, submittedBy: 'demo-resident', contactPhone: '13800000000', status: 'confirmed', review: null, claimedBy: 'demo-org-staff',
    claimedAt: '2025-04-20T00:00:00.000Z', claimExpiresAt: null, fulfilment: null, fulfilledAt: '2025-05-01T00:00:00.000Z', confirmedAt: null,
    confirmedBy: null, thanks: null, createdAt: '2025-04-10T00:00:00.000Z', updatedAt: '2025-05-01T00:00:00.000Z',
  })
})
afterAll(async () => {
  await stack.close()
})

/** The tests read 2025 as of 10 December 2025, Beijing time. */
const at = <T>(run: () => Promise<T>) => {
  const restore = setClock(() => new Date('2025-12-10T12:00:00+08:00'))
  return run().finally(restore)
}

describe('stats.orgActivity', () => {
  test('when the platform admin asks for a year, then each quarter counts held activities only (published, ended; cancelled and drafts left out), on Beijing quarter boundaries', async () => {
    const { rows } = expectOk(await at(() => admin()<OrgActivityReply>('orgActivity', { year: 2025 })))
    const centre = rows.find((r) => r.orgId === CENTRE)!
    expect(centre.quarters.map((q) => q.activitiesHeld)).toEqual([1, 1, 0, 0])
    expect(centre.quarters.map((q) => q.active)).toEqual([true, true, false, false])
    expect(centre.year).toMatchObject({ activitiesHeld: 2, participants: 2, serviceMinutes: 210, wishesFulfilled: 1, heldThisYear: true })
    expect(centre.quarters[0]).toMatchObject({ participants: 2, serviceMinutes: 90 })
    expect(centre.quarters[1]).toMatchObject({ participants: 1, serviceMinutes: 120, wishesFulfilled: 1 })
  })

  test('when an organization held nothing, then it is listed with index 0 and flagged, and the ranking puts it last', async () => {
    const { rows, county } = expectOk(await at(() => admin()<OrgActivityReply>('orgActivity', { year: 2025 })))
    const federation = rows.find((r) => r.orgId === 'org-charity-federation')!
    expect(federation.year).toMatchObject({ activitiesHeld: 0, index: 0, heldThisYear: false })
    expect(rows.map((r) => r.year.index)).toEqual([...rows.map((r) => r.year.index)].sort((a, b) => b - a))
    // only verified organizations are measured
    expect(rows.some((r) => r.orgId === 'org-yishan-elder-care')).toBe(false)
    expect(county.organizations).toBe(rows.length)
    expect(county.heldThisYear).toBe(2)
    expect(county.activeShare.map((q) => q.quarter)).toEqual([1, 2, 3, 4])
    expect(county.activeShare[2]).toEqual({ quarter: 3, share: Math.round((1 / rows.length) * 1000) / 1000, meetsTarget: 1 / rows.length >= 0.3 })
  })

  test('when org staff ask, then they see their own organization only; another organization is FORBIDDEN', async () => {
    const own = expectOk(await at(() => caller(stats, 'demo-org-staff')<OrgActivityReply>('orgActivity', { year: 2025 })))
    expect(own.rows.map((r) => r.orgId)).toEqual([CENTRE])
    expect(own.rows[0].advice).toBeTruthy()
    expect(expectError(await at(() => caller(stats, 'demo-org-staff')('orgActivity', { year: 2025, orgId: 'org-charity-federation' }))).code).toBe('FORBIDDEN')
    expect(expectError(await caller(stats, 'demo-volunteer')('orgActivity', { year: 2025 })).code).toBe('FORBIDDEN')
  })

  test('when the year or quarter is not valid, then INVALID_ARGUMENT names the field', async () => {
    const error = expectError(await admin()('orgActivity', { year: 1999 }))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields?.[0].path).toBe('year')
    expect(expectError(await admin()('overview', { year: 2025, quarter: 5 })).fields?.[0].path).toBe('quarter')
  })
})

describe('stats.overview', () => {
  test('when the platform admin asks for 2025, then the county and each township add up from the database', async () => {
    const view = expectOk(await at(() => admin()<OverviewView>('overview', { year: 2025 })))
    expect(view.county.activities).toEqual({ held: 3, upcoming: 1 })
    expect(view.county.serviceHours).toBe(6.5)
    expect(view.county.orgs.byStatus).toMatchObject({ verified: 4, pending: 2 })
    expect(view.county.volunteers).toBeGreaterThan(0)
    expect(view.county.wishes).toEqual({ confirmed: 1 })
    const qianku = view.townships.find((t) => t.township === '钱库镇')!
    expect(qianku.activities.held).toBe(1)
    expect(qianku.serviceHours).toBe(3)
    const sum = view.townships.reduce((n, t) => n + t.activities.held, 0)
    expect(sum).toBe(view.county.activities.held)
  })

  test('when a quarter is asked for, then only what falls in it counts', async () => {
    const view = expectOk(await at(() => admin()<OverviewView>('overview', { year: 2025, quarter: 2 })))
    expect(view.county.activities.held).toBe(1)
    expect(view.county.serviceHours).toBe(2)
  })

  test('when anyone but the platform admin asks, then FORBIDDEN', async () => {
    expect(expectError(await caller(stats, 'demo-org-admin')('overview', { year: 2025 })).code).toBe('FORBIDDEN')
    expect(expectError(await caller(stats, null)('overview', { year: 2025 })).code).toBe('UNAUTHENTICATED')
  })
})

describe('stats.exportOrgActivity', () => {
  test('when the platform admin exports, then an .xlsx link comes back', async () => {
    const file = expectOk(await at(() => admin()<{ url: string; fileName: string }>('exportOrgActivity', { year: 2025 })))
    expect(file.fileName).toMatch(/^活跃指数-2025-.*\.xlsx$/)
    const res = await fetch(file.url)
    expect(res.status).toBe(200)
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 2).toString()).toBe('PK')
  })
})
