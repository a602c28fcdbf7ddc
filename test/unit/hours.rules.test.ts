import { checkInIsOpen, checkOutIsOpen, creditedMinutes, hoursToNextStar, servedMinutes, starLevel } from '../../cloudfunctions/core/activity/hours.rules'
import { overlaps, publishIssues } from '../../cloudfunctions/core/activity/activity.rules'

const activity = { startAt: '2026-06-07T01:00:00.000Z', endAt: '2026-06-07T04:00:00.000Z' } // 09:00–12:00 Beijing
const policy = { checkInOpensMinutesBefore: 30, checkOutClosesMinutesAfter: 120, minCoverageRatio: 0.6 }
const t = (hhmm: string) => `2026-06-07T${hhmm}:00.000Z`

describe('served minutes', () => {
  test('when check-in is early and check-out late, then only the activity window counts', () => {
    expect(servedMinutes(activity, t('00:40'), t('05:00'))).toBe(180)
  })
  test('when someone leaves early, then minutes stop at check-out', () => {
    expect(servedMinutes(activity, t('01:10'), t('02:30'))).toBe(80)
  })
  test('when check-out is missing or before the start, then 0', () => {
    expect(servedMinutes(activity, t('01:00'), null)).toBe(0)
    expect(servedMinutes(activity, t('00:10'), t('00:50'))).toBe(0)
  })
})

describe('the 60% rule', () => {
  test('when served time is exactly 60% (108 of 180 minutes), then it counts; one minute less does not', () => {
    expect(creditedMinutes(activity, 108, policy)).toBe(108)
    expect(creditedMinutes(activity, 107, policy)).toBe(0)
  })
  test('when the ratio setting changes, then the threshold follows', () => {
    expect(creditedMinutes(activity, 90, { minCoverageRatio: 0.5 })).toBe(90)
  })
})

describe('windows', () => {
  test('when it is 30 minutes before the start, then check-in is open; 31, it is not', () => {
    expect(checkInIsOpen(activity, new Date(t('00:30')), policy)).toBe(true)
    expect(checkInIsOpen(activity, new Date(t('00:29')), policy)).toBe(false)
  })
  test('when the activity has ended, then check-in is closed but check-out stays open for 2 hours', () => {
    expect(checkInIsOpen(activity, new Date(t('04:01')), policy)).toBe(false)
    expect(checkOutIsOpen(activity, new Date(t('06:00')), policy)).toBe(true)
    expect(checkOutIsOpen(activity, new Date(t('06:01')), policy)).toBe(false)
  })
})

describe('star levels', () => {
  const thresholds = [100, 300, 600, 1000, 1500]
  test.each([
    [0, 0, 100],
    [99 * 60 + 59, 0, 1],
    [100 * 60, 1, 200],
    [1499 * 60, 4, 1],
    [1500 * 60, 5, null],
  ])('when the total is %i minutes, then the level is %i and %s hours remain to the next', (minutes, level, next) => {
    expect(starLevel(minutes, thresholds)).toBe(level)
    expect(hoursToNextStar(minutes, thresholds)).toBe(next)
  })
})

describe('schedule rules', () => {
  test('when two activities only touch at the ends, then they do not overlap', () => {
    expect(overlaps(activity, { startAt: t('04:00'), endAt: t('05:00') })).toBe(false)
    expect(overlaps(activity, { startAt: t('03:59'), endAt: t('05:00') })).toBe(true)
  })
  test('when publishing after the deadline, then both the start and the deadline are named', () => {
    expect(publishIssues({ ...activity, signUpDeadline: t('00:00') }, new Date(t('02:00'))).map((i) => i.path)).toEqual(['startAt', 'signUpDeadline'])
  })
})
