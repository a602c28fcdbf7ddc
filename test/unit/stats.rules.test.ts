import { activityIndexSettings } from '../../cloudfunctions/core/settings/activity-index'
import { activityIndex, countySummary, indexAdvice, orgActivityRows, periodOf, quarterOfDate, quarterOfInstant, quartersBegun } from '../../cloudfunctions/core/stats/stats.rules'

describe('periods in Beijing time', () => {
  test('when a quarter is asked for, then it runs from Beijing midnight on its first day to the next quarter', () => {
    expect(periodOf(2026, 2)).toEqual({ year: 2026, quarter: 2, from: '2026-03-31T16:00:00.000Z', to: '2026-06-30T16:00:00.000Z', fromDate: '2026-04-01', toDate: '2026-07-01' })
    expect(periodOf(2026)).toMatchObject({ from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z', fromDate: '2026-01-01', toDate: '2027-01-01' })
  })

  test('when an instant is on 31 March in UTC but 1 April in Beijing, then it is in the second quarter', () => {
    expect(quarterOfInstant('2026-03-31T16:10:00.000Z')).toBe(2)
    expect(quarterOfInstant('2026-03-31T15:59:59.000Z')).toBe(1)
    expect(quarterOfDate('2026-12-31')).toBe(4)
  })

  test('when the year is under way, then only the quarters begun count', () => {
    expect(quartersBegun(2026, new Date('2026-05-01T00:00:00+08:00'))).toEqual([1, 2])
    expect(quartersBegun(2025, new Date('2026-05-01T00:00:00+08:00'))).toEqual([1, 2, 3, 4])
    expect(quartersBegun(2027, new Date('2026-05-01T00:00:00+08:00'))).toEqual([])
  })
})

describe('the activity index', () => {
  const { weights, yearTargets } = activityIndexSettings

  test('when every target is met, then the index is 100; when nothing happened, 0', () => {
    expect(activityIndex({ activitiesHeld: yearTargets.activities, participants: yearTargets.participants, serviceMinutes: yearTargets.participants * yearTargets.hoursPerParticipant * 60 }).index).toBe(100)
    expect(activityIndex({ activitiesHeld: 0, participants: 0, serviceMinutes: 0 })).toEqual({ index: 0, parts: { frequency: 0, reach: 0, depth: 0 } })
  })

  test('when half the activities are held and nothing else, then the index is half the frequency weight', () => {
    expect(activityIndex({ activitiesHeld: yearTargets.activities / 2, participants: 0, serviceMinutes: 0 }).index).toBe(Math.round(100 * weights.frequency * 0.5 * 10) / 10)
  })

  test('when more than the target is done, then each part is capped at its weight', () => {
    const { parts } = activityIndex({ activitiesHeld: 100, participants: 1000, serviceMinutes: 1000 * 100 * 60 })
    expect(parts).toEqual({ frequency: 1, reach: 1, depth: 1 })
  })

  test('when it is over a quarter, then the targets are a quarter of the year', () => {
    expect(activityIndex({ activitiesHeld: 3, participants: 15, serviceMinutes: 15 * 8 * 60 }, 0.25).index).toBe(100)
  })

  test('when the weights change in the settings, then the index follows them', () => {
    const settings = { ...activityIndexSettings, weights: { frequency: 1, reach: 0, depth: 0 } }
    expect(activityIndex({ activitiesHeld: 6, participants: 0, serviceMinutes: 0 }, 1, settings).index).toBe(50)
  })

  test('when frequency is the weakest part, then the advice is to hold more activities', () => {
    expect(indexAdvice({ frequency: 0.1, reach: 0.8, depth: 0.9 })).toContain('多组织活动')
    expect(indexAdvice({ frequency: 1, reach: 1, depth: 1 })).toContain('达标')
  })
})

describe('rows and the county', () => {
  const orgs = [
    { orgId: 'a', orgName: '甲', kind: 'community', township: '灵溪镇' },
    { orgId: 'b', orgName: '乙', kind: 'community', township: '钱库镇' },
    { orgId: 'c', orgName: '丙', kind: 'community', township: '金乡镇' },
  ]
  const byQuarter = new Map([
    ['a', new Map([[1 as const, { activitiesHeld: 2, participants: 10, serviceMinutes: 1200, wishesFulfilled: 1 }], [2 as const, { activitiesHeld: 1, participants: 4, serviceMinutes: 240, wishesFulfilled: 0 }]])],
    ['b', new Map([[2 as const, { activitiesHeld: 1, participants: 3, serviceMinutes: 180, wishesFulfilled: 0 }]])],
  ])

  test('when an organization held nothing, then it is still listed, flagged as not active', () => {
    const rows = orgActivityRows(orgs, byQuarter, new Map([['a', 12], ['b', 3]]))
    const c = rows.find((r) => r.orgId === 'c')!
    expect(c.year).toMatchObject({ activitiesHeld: 0, heldThisYear: false, index: 0 })
    expect(c.quarters.map((q) => q.active)).toEqual([false, false, false, false])
  })

  test('when participants are counted for the year, then they are the distinct count, not the sum of quarters', () => {
    const rows = orgActivityRows(orgs, byQuarter, new Map([['a', 12], ['b', 3]]))
    expect(rows.find((r) => r.orgId === 'a')!.year).toMatchObject({ activitiesHeld: 3, participants: 12, serviceMinutes: 1440, wishesFulfilled: 1 })
  })

  test('when the county is summed up, then each begun quarter has its active share against 30%', () => {
    const rows = orgActivityRows(orgs, byQuarter, new Map([['a', 12], ['b', 3]]))
    const summary = countySummary(rows, 2026, new Date('2026-05-10T12:00:00+08:00'))
    expect(summary.activeShare).toEqual([
      { quarter: 1, share: 0.333, meetsTarget: true },
      { quarter: 2, share: 0.667, meetsTarget: true },
    ])
    expect(summary.heldThisYear).toBe(2)
    expect(summary.averageIndex).toBe(Math.round(((rows[0].year.index + rows[1].year.index + rows[2].year.index) / 3) * 10) / 10)
  })
})
