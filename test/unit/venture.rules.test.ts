import { seededRandom } from '../../scripts/seeded-random'
import { checkAwards, openRound, rankEntries, roundState, weightedTotal, windowState, type ContestDoc, type RoundDoc } from '../../cloudfunctions/core/venture/venture.rules'

const round = (n: number, overrides: Partial<RoundDoc> = {}): RoundDoc => ({
  round: n, name: n === 1 ? '初审' : '复审', mode: n === 1 ? 'online' : 'roadshow', criteria: [{ name: '设计', weight: 60 }, { name: '团队', weight: 40 }],
  advanceCount: 2, entryIds: null, closedAt: null, closedBy: null, ranking: null, ...overrides,
})
const contest = (overrides: Partial<ContestDoc> = {}): ContestDoc => ({
  _id: 'vc-1', name: '公益创投大赛', year: 2027, fields: ['为老服务'], budgetYuan: 100_000, minYuan: 10_000, maxYuan: 50_000,
  opensAt: '2027-03-01T00:00:00+08:00', closesAt: '2027-04-01T00:00:00+08:00', maxEntriesPerOrg: 1, rounds: [round(1), round(2)],
  status: 'open', awards: null, publishedAt: null, scoreRev: 0, createdBy: 'admin', createdAt: '', updatedAt: '', ...overrides,
})

describe('windowState / roundState', () => {
  test('when now is before, inside or after the entry window, then upcoming, open or closed (closing instant excluded)', () => {
    const c = contest()
    expect(windowState(c, new Date('2027-02-28T23:59:59+08:00'))).toBe('upcoming')
    expect(windowState(c, new Date('2027-03-01T00:00:00+08:00'))).toBe('open')
    expect(windowState(c, new Date('2027-04-01T00:00:00+08:00'))).toBe('closed')
  })

  test('when the window has closed, then the first round opens, and the second only after the first is closed', () => {
    const during = new Date('2027-03-15T00:00:00+08:00')
    const after = new Date('2027-04-02T00:00:00+08:00')
    expect(openRound(contest(), during)).toBeNull()
    expect(openRound(contest(), after)).toBe(1)
    expect(roundState(contest(), 2, after)).toBe('pending')
    const firstClosed = contest({ rounds: [round(1, { closedAt: '2027-04-05T00:00:00Z' }), round(2)] })
    expect(openRound(firstClosed, after)).toBe(2)
    expect(roundState(firstClosed, 1, after)).toBe('closed')
  })
})

describe('weightedTotal', () => {
  test('when weights are 60/40, then the total is the weighted mean on 0..100', () => {
    expect(weightedTotal(round(1).criteria, { 设计: 90, 团队: 40 })).toBe(70)
  })
})

describe('rankEntries', () => {
  test('when one lenient expert decides the plain mean, then the normalized ranking follows how each expert ordered the entries', () => {
    // a and b score X above the others; lenient c scores Y and Z near the top of the scale only
    const totals = [
      { openid: 'a', entryId: 'X', total: 60 }, { openid: 'a', entryId: 'Z', total: 50 },
      { openid: 'b', entryId: 'X', total: 80 }, { openid: 'b', entryId: 'Y', total: 79 },
      { openid: 'c', entryId: 'Y', total: 92 }, { openid: 'c', entryId: 'Z', total: 90 },
    ]
    const ranking = rankEntries(['X', 'Y', 'Z'], totals)
    expect(ranking.method).toBe('normalized')
    expect(ranking.items.map((i) => [i.entryId, i.rank, i.normalizedScore, i.plainMean, i.plainRank])).toEqual([
      ['X', 1, 1, 70, 2],
      ['Y', 2, 0, 85.5, 1],
      ['Z', 3, -1, 70, 3],
    ])
  })

  test('when an expert gives every entry the same total, then that expert contributes 0 to each entry', () => {
    const ranking = rankEntries(['X', 'Y'], [
      { openid: 'flat', entryId: 'X', total: 80 }, { openid: 'flat', entryId: 'Y', total: 80 },
      { openid: 'a', entryId: 'X', total: 50 }, { openid: 'a', entryId: 'Y', total: 70 },
    ])
    expect(ranking.items.map((i) => [i.entryId, i.normalizedScore])).toEqual([['Y', 0.5], ['X', -0.5]])
  })

  test('when an entry has no score, then it comes last with null scores; entries outside the round are ignored', () => {
    const ranking = rankEntries(['X', 'Y'], [{ openid: 'a', entryId: 'X', total: 10 }, { openid: 'a', entryId: 'Y', total: 20 }, { openid: 'a', entryId: 'Q', total: 99 }])
    expect(ranking.items.map((i) => i.entryId)).toEqual(['Y', 'X'])
    const unscored = rankEntries(['X', 'Y'], [{ openid: 'a', entryId: 'X', total: 10 }])
    expect(unscored.items.map((i) => [i.entryId, i.rank, i.normalizedScore, i.scoreCount])).toEqual([['X', 1, 0, 1], ['Y', 2, null, 0]])
  })

  /** Random rounds: 3–8 experts, 4–12 entries, each expert scoring a random subset (at least two entries). */
  function randomRound(random: () => number) {
    const entryIds = Array.from({ length: 4 + Math.floor(random() * 9) }, (_, i) => `e${i}`)
    const experts = Array.from({ length: 3 + Math.floor(random() * 6) }, (_, i) => `x${i}`)
    const totals = experts.flatMap((openid) => {
      const scored = entryIds.filter(() => random() < 0.8)
      const list = scored.length >= 2 ? scored : entryIds.slice(0, 2)
      return list.map((entryId) => ({ openid, entryId, total: Math.round(random() * 1000) / 10 }))
    })
    return { entryIds, experts, totals }
  }
  const order = (entryIds: string[], totals: { openid: string; entryId: string; total: number }[]) => rankEntries(entryIds, totals).items.map((i) => i.entryId)

  test('property: adding a constant to all of one expert\'s totals never changes the normalized ranking (500 seeded rounds)', () => {
    const random = seededRandom(16)
    for (let run = 0; run < 500; run++) {
      const { entryIds, experts, totals } = randomRound(random)
      const expert = experts[Math.floor(random() * experts.length)]
      const shift = Math.round((random() * 80 - 40) * 10) / 10
      const shifted = totals.map((t) => (t.openid === expert ? { ...t, total: t.total + shift } : t))
      expect({ run, order: order(entryIds, shifted) }).toEqual({ run, order: order(entryIds, totals) })
    }
  })

  test('property: scaling all of one expert\'s totals by a positive factor never changes the normalized ranking (500 seeded rounds)', () => {
    const random = seededRandom(61)
    for (let run = 0; run < 500; run++) {
      const { entryIds, experts, totals } = randomRound(random)
      const expert = experts[Math.floor(random() * experts.length)]
      const factor = 0.2 + random() * 3
      const scaled = totals.map((t) => (t.openid === expert ? { ...t, total: t.total * factor } : t))
      expect({ run, order: order(entryIds, scaled) }).toEqual({ run, order: order(entryIds, totals) })
    }
  })

  test('property check has teeth: adding a constant to one expert\'s score of a single entry does change the ranking in some round', () => {
    const random = seededRandom(7)
    let changed = 0
    for (let run = 0; run < 200; run++) {
      const { entryIds, totals } = randomRound(random)
      const bumped = totals.map((t, i) => (i === 0 ? { ...t, total: t.total + 60 } : t))
      if (order(entryIds, bumped).join() !== order(entryIds, totals).join()) changed++
    }
    expect(changed).toBeGreaterThan(0)
  })
})

describe('checkAwards', () => {
  const ranking = rankEntries(['A', 'B', 'C'], [
    { openid: 'a', entryId: 'A', total: 90 }, { openid: 'a', entryId: 'B', total: 80 }, { openid: 'a', entryId: 'C', total: 70 },
  ])
  const entries = [{ _id: 'A', requestedYuan: 30_000 }, { _id: 'B', requestedYuan: 50_000 }, { _id: 'C', requestedYuan: 20_000 }]
  const c = contest({ budgetYuan: 70_000 })

  test('when the awards are the top of the ranking within range, request and budget, then they pass', () => {
    expect(checkAwards(c, ranking, entries, [{ entryId: 'A', amountYuan: 30_000 }, { entryId: 'B', amountYuan: 40_000 }])).toBeNull()
  })

  test('when an award skips a better-ranked entry, exceeds the request, leaves the range or the budget, then the failing path is named', () => {
    expect(checkAwards(c, ranking, entries, [{ entryId: 'B', amountYuan: 30_000 }])?.path).toBe('awards.0.entryId')
    expect(checkAwards(c, ranking, entries, [{ entryId: 'A', amountYuan: 35_000 }])?.path).toBe('awards.0.amountYuan')
    expect(checkAwards(c, ranking, entries, [{ entryId: 'A', amountYuan: 9_999 }])?.path).toBe('awards.0.amountYuan')
    expect(checkAwards(c, ranking, entries, [{ entryId: 'A', amountYuan: 30_000 }, { entryId: 'B', amountYuan: 50_000 }])?.path).toBe('awards')
    expect(checkAwards(c, ranking, entries, [{ entryId: 'A', amountYuan: 30_000 }, { entryId: 'A', amountYuan: 30_000 }])?.path).toBe('awards.1.entryId')
  })
})
