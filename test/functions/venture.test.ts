import { setClock } from '../../cloudfunctions/core/clock'
import type { EntryView, ContestView } from '../../cloudfunctions/venture/index'
import { main as venture } from '../../cloudfunctions/venture/index'
import { DEMO_VENTURE_CONTEST_ID, seedDemoData } from '../../local/seed'
import { buildOrgDoc } from '../builders/org'
import { buildContestInput, buildEntryInput } from '../builders/venture'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'
import { addVolunteers } from '../support/people'

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
const as = (openid: string | null) => caller(venture, openid)
const admin = () => as('demo-platform-admin')
const DAY = 24 * 3600_000

beforeAll(async () => {
  stack = await startTestCloudbase()
  await seedDemoData(db())
})
afterAll(async () => {
  await stack.close()
})

let restoreClock: (() => void) | null = null
afterEach(() => {
  restoreClock?.()
  restoreClock = null
})
const clockAt = (ms: number) => {
  restoreClock?.()
  const at = new Date(ms)
  restoreClock = setClock(() => at)
}
/** After the entry window of a contest built now: rounds are open for scoring. */
const afterWindow = () => clockAt(Date.now() + 2 * DAY)

type ContestReply = { contest: ContestView }

async function newContest(overrides: Record<string, unknown> = {}) {
  return expectOk(await admin()<ContestReply>('createContest', buildContestInput(overrides))).contest
}

/** A verified organization (or as `status` says) with one staff member, written straight to the database. */
async function newOrg(status: 'verified' | 'pending' = 'verified') {
  const org = buildOrgDoc({ status })
  const [staff] = await addVolunteers(db(), 1, 'venture-staff')
  await db().collection('orgs').add(org)
  await joinOrg(org._id, org.name, staff)
  return { orgId: org._id, staff }
}
async function joinOrg(orgId: string, orgName: string, openid: string) {
  await db().collection('org_members').add({ _id: `${orgId}:${openid}`, orgId, orgName, openid, role: 'staff', joinedAt: new Date().toISOString() })
}

async function newExpert(contestId: string) {
  const [openid] = await addVolunteers(db(), 1, 'venture-expert')
  expectOk(await admin()('appointExpert', { contestId, openid }))
  return openid
}

async function enter(contestId: string, org: { orgId: string; staff: string }, overrides: Record<string, unknown> = {}) {
  return expectOk(await as(org.staff)<{ entry: EntryView }>('enter', buildEntryInput(contestId, org.orgId, overrides))).entry
}

/** An expert scores every criterion of the round with `value` (or per-criterion values). */
const scoreAll = (contest: ContestView, round: number, value: number | Record<string, number>) =>
  Object.fromEntries(contest.rounds[round - 1].criteria.map((c) => [c.name, typeof value === 'number' ? value : value[c.name]]))

describe('createContest / contests / contest', () => {
  test('when the platform admin opens a contest, then it lists the seven fields, two rounds and one entry per organization', async () => {
    const contest = await newContest()
    expect(contest.fields).toEqual(['为老服务', '青少年服务', '助残服务', '健康服务', '乡村振兴', '应急救援', '共同富裕'])
    expect(contest.maxEntriesPerOrg).toBe(1)
    expect(contest.window).toBe('open')
    expect(contest.rounds.map((r) => [r.name, r.mode, r.status])).toEqual([['初审', 'online', 'pending'], ['复审', 'roadshow', 'pending']])
    const listed = expectOk(await as(null)<{ items: ContestView[] }>('contests', {})).items
    expect(listed.map((c) => c.contestId)).toContain(contest.contestId)
    expect(expectOk(await as(null)<ContestReply>('contest', { contestId: contest.contestId })).contest.name).toBe('2027年苍南县公益创投大赛')
  })

  test('when the weights of a round do not sum to 100, then INVALID_ARGUMENT names the round criteria', async () => {
    const input = buildContestInput()
    input.rounds[0].criteria[0].weight = 50
    const error = expectError(await admin()('createContest', input))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields?.[0].path).toBe('rounds.0.criteria')
  })

  test('when the amount range is reversed, then INVALID_ARGUMENT names maxYuan', async () => {
    const error = expectError(await admin()('createContest', buildContestInput({ minYuan: 60_000, maxYuan: 50_000 })))
    expect(error.fields?.map((f) => f.path)).toContain('maxYuan')
  })

  test('when an organization admin opens a contest, then FORBIDDEN and nothing is written', async () => {
    const before = (await db().collection('venture_contests').count()).total
    expect(expectError(await as('demo-org-admin')('createContest', buildContestInput())).code).toBe('FORBIDDEN')
    expect((await db().collection('venture_contests').count()).total).toBe(before)
  })
})

describe('entries / orgEntries', () => {
  test('when two organizations enter, then the admin lists both and each organization\'s staff list only their own', async () => {
    const contest = await newContest()
    const a = await newOrg()
    const b = await newOrg()
    const entryA = await enter(contest.contestId, a)
    const entryB = await enter(contest.contestId, b, { title: '青苗护航·留守儿童周末课堂', field: '青少年服务' })
    const all = expectOk(await admin()<{ items: EntryView[] }>('entries', { contestId: contest.contestId })).items
    expect(all.map((e) => e.entryId)).toEqual([entryA.entryId, entryB.entryId])
    const own = expectOk(await as(b.staff)<{ items: EntryView[] }>('orgEntries', { orgId: b.orgId })).items
    expect(own.map((e) => [e.entryId, e.field])).toEqual([[entryB.entryId, '青少年服务']])
    expect(expectError(await as(b.staff)('orgEntries', { orgId: a.orgId })).code).toBe('FORBIDDEN')
    expect(expectError(await as(b.staff)('entries', { contestId: contest.contestId })).code).toBe('FORBIDDEN')
  })
})

describe('appointExpert', () => {
  test('when the openid is not a registered user, then NOT_FOUND; a second appointment is ALREADY_EXISTS', async () => {
    const contest = await newContest()
    expect(expectError(await admin()('appointExpert', { contestId: contest.contestId, openid: 'nobody-registered' })).code).toBe('NOT_FOUND')
    const expert = await newExpert(contest.contestId)
    expect(expectError(await admin()('appointExpert', { contestId: contest.contestId, openid: expert })).code).toBe('ALREADY_EXISTS')
  })
})

describe('enter', () => {
  test('when the demo data is seeded, then its contest is open and the volunteer centre\'s staff can enter it once', async () => {
    const seeded = expectOk(await as(null)<ContestReply>('contest', { contestId: DEMO_VENTURE_CONTEST_ID })).contest
    expect([seeded.window, seeded.status, seeded.rounds.length]).toEqual(['open', 'open', 2])
    const centre = { orgId: 'org-volunteer-centre', staff: 'demo-org-staff' }
    expect((await enter(DEMO_VENTURE_CONTEST_ID, centre)).orgName).toBe('苍南县志愿服务中心')
    expect(expectError(await as(centre.staff)('enter', buildEntryInput(DEMO_VENTURE_CONTEST_ID, centre.orgId))).code).toBe('ALREADY_EXISTS')
  })

  test('when the window has not opened or has closed, then OUTSIDE_WINDOW', async () => {
    const contest = await newContest()
    const org = await newOrg()
    clockAt(Date.now() - DAY)
    expect(expectError(await as(org.staff)('enter', buildEntryInput(contest.contestId, org.orgId))).code).toBe('OUTSIDE_WINDOW')
    afterWindow()
    expect(expectError(await as(org.staff)('enter', buildEntryInput(contest.contestId, org.orgId))).code).toBe('OUTSIDE_WINDOW')
  })

  test('when the requested amount is outside the range, then INVALID_ARGUMENT names requestedYuan', async () => {
    const contest = await newContest()
    const org = await newOrg()
    const input = buildEntryInput(contest.contestId, org.orgId, { requestedYuan: 60_000, budgetLines: [{ item: '服务经费', yuan: 60_000 }] })
    const error = expectError(await as(org.staff)('enter', input))
    expect([error.code, error.fields?.[0].path]).toEqual(['INVALID_ARGUMENT', 'requestedYuan'])
  })

  test('when the budget lines do not add up to the request, then INVALID_ARGUMENT names budgetLines', async () => {
    const contest = await newContest()
    const org = await newOrg()
    const error = expectError(await as(org.staff)('enter', buildEntryInput(contest.contestId, org.orgId, { requestedYuan: 35_000 })))
    expect(error.fields?.[0].path).toBe('budgetLines')
  })

  test('when the summary carries a mobile number, then INVALID_ARGUMENT names summary and no entry lands', async () => {
    const contest = await newContest()
    const org = await newOrg()
    const error = expectError(await as(org.staff)('enter', buildEntryInput(contest.contestId, org.orgId, { summary: '为独居老人提供上门陪伴服务，报名请联系13857712345林老师，每周两次。' })))
    expect([error.code, error.fields?.[0].path]).toEqual(['INVALID_ARGUMENT', 'summary'])
    expect((await db().collection('venture_entries').where({ contestId: contest.contestId }).count()).total).toBe(0)
  })

  test('when staff of another organization or of a pending one enter, then FORBIDDEN', async () => {
    const contest = await newContest()
    const org = await newOrg()
    const other = await newOrg()
    expect(expectError(await as(other.staff)('enter', buildEntryInput(contest.contestId, org.orgId))).code).toBe('FORBIDDEN')
    const pending = await newOrg('pending')
    expect(expectError(await as(pending.staff)('enter', buildEntryInput(contest.contestId, pending.orgId))).code).toBe('FORBIDDEN')
  })

  test('when one organization enters ten times at once, then exactly one entry lands and the rest are ALREADY_EXISTS', async () => {
    const contest = await newContest()
    const org = await newOrg()
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => as(org.staff)('enter', buildEntryInput(contest.contestId, org.orgId, { title: `并发报名项目第${i}号` }))))
    expect(replies.filter((r) => r.ok)).toHaveLength(1)
    expect(replies.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(Array(9).fill('ALREADY_EXISTS'))
    expect((await db().collection('venture_entries').where({ contestId: contest.contestId }).count()).total).toBe(1)
  })

  test('when the contest allows two entries per organization, then ten at once give exactly two', async () => {
    const contest = await newContest({ maxEntriesPerOrg: 2 })
    const org = await newOrg()
    const replies = await Promise.all(Array.from({ length: 10 }, () => as(org.staff)('enter', buildEntryInput(contest.contestId, org.orgId))))
    expect(replies.filter((r) => r.ok)).toHaveLength(2)
    expect((await db().collection('venture_entries').where({ contestId: contest.contestId, orgId: org.orgId }).count()).total).toBe(2)
  })
})

describe('paging: contests / entries', () => {
  test('when there are more contests than the limit, then the pages follow one another newest window first without repeats', async () => {
    const year = 2091
    const base = Date.now()
    for (let i = 0; i < 5; i++) {
      await newContest({ year, name: `分页测试大赛第${i + 1}届`, opensAt: new Date(base - (10 - i) * DAY).toISOString(), closesAt: new Date(base + DAY).toISOString() })
    }
    const seen: string[] = []
    let cursor: string | null | undefined
    let pages = 0
    do {
      const page = expectOk(await as(null)<{ items: ContestView[]; nextCursor: string | null }>('contests', { year, limit: 2, ...(cursor ? { cursor } : {}) }))
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((c) => c.name))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual(['分页测试大赛第5届', '分页测试大赛第4届', '分页测试大赛第3届', '分页测试大赛第2届', '分页测试大赛第1届'])
  })

  test('when a contest has three entries and the admin pages by two, then the second page holds the third entry and ends the list', async () => {
    const contest = await newContest()
    const entries = [] as EntryView[]
    for (let i = 0; i < 3; i++) entries.push(await enter(contest.contestId, await newOrg()))
    const first = expectOk(await admin()<{ items: EntryView[]; nextCursor: string | null }>('entries', { contestId: contest.contestId, limit: 2 }))
    expect(first.items.map((e) => e.entryId)).toEqual([entries[0].entryId, entries[1].entryId])
    expect(first.nextCursor).not.toBeNull()
    const second = expectOk(await admin()<{ items: EntryView[]; nextCursor: string | null }>('entries', { contestId: contest.contestId, limit: 2, cursor: first.nextCursor }))
    expect(second.items.map((e) => e.entryId)).toEqual([entries[2].entryId])
    expect(second.nextCursor).toBeNull()
    expect(expectError(await admin()('entries', { contestId: contest.contestId, cursor: 'not-a-cursor' })).code).toBe('INVALID_ARGUMENT')
  })
})

type ExpertRow = { openid: string; name: string; appointedAt: string }
type ExpertContests = { items: { contest: ContestView; openRound: number | null }[] }

describe('experts / removeExpert / myExpertContests', () => {
  test('when two experts are appointed, then the admin lists them with names, and each sees the contest in myExpertContests', async () => {
    const contest = await newContest()
    const a = await newExpert(contest.contestId)
    const b = await newExpert(contest.contestId)
    const rows = expectOk(await admin()<{ items: ExpertRow[] }>('experts', { contestId: contest.contestId })).items
    expect(rows.map((r) => r.openid)).toEqual([a, b])
    for (const row of rows) expect(row.name).not.toBe('')
    const mine = expectOk(await as(a)<ExpertContests>('myExpertContests', {})).items
    expect(mine.map((m) => [m.contest.contestId, m.openRound])).toEqual([[contest.contestId, null]])
    expect(expectOk(await as('demo-resident')<ExpertContests>('myExpertContests', {})).items).toEqual([])
    expect(expectError(await as(a)('experts', { contestId: contest.contestId })).code).toBe('FORBIDDEN')
  })

  test('when an expert who has not scored is removed, then they leave the list, lose myReviews and their contest leaves myExpertContests', async () => {
    const contest = await newContest()
    const expert = await newExpert(contest.contestId)
    expectOk(await admin()('removeExpert', { contestId: contest.contestId, openid: expert }))
    expect(expectOk(await admin()<{ items: ExpertRow[] }>('experts', { contestId: contest.contestId })).items).toEqual([])
    expect(expectOk(await as(expert)<ExpertContests>('myExpertContests', {})).items).toEqual([])
    expect(expectError(await as(expert)('myReviews', { contestId: contest.contestId })).code).toBe('FORBIDDEN')
    expect(expectError(await admin()('removeExpert', { contestId: contest.contestId, openid: expert })).code).toBe('NOT_FOUND')
  })

  test('when the expert has scored in the open round, then removal is INVALID_STATE; after the round closes it is allowed and the ranking keeps the score', async () => {
    const contest = await newContest({ rounds: [buildContestInput().rounds[0]] })
    const org = await newOrg()
    const entry = await enter(contest.contestId, org)
    const expert = await newExpert(contest.contestId)
    afterWindow()
    expectOk(await as(expert)('score', { contestId: contest.contestId, round: 1, entryId: entry.entryId, scores: scoreAll(contest, 1, 80) }))
    expect(expectError(await admin()('removeExpert', { contestId: contest.contestId, openid: expert })).code).toBe('INVALID_STATE')
    expect(expectOk(await admin()<{ items: ExpertRow[] }>('experts', { contestId: contest.contestId })).items.map((r) => r.openid)).toEqual([expert])
    expectOk(await admin()('closeRound', { contestId: contest.contestId, round: 1 }))
    expectOk(await admin()('removeExpert', { contestId: contest.contestId, openid: expert }))
    const after = expectOk(await admin()<ContestReply>('contest', { contestId: contest.contestId })).contest
    expect(after.rounds[0].ranking?.items.map((i) => [i.entryId, i.scoreCount])).toEqual([[entry.entryId, 1]])
  })

  test('when a removal and the expert\'s first score race, then either the score lands and the expert stays, or the expert goes and no score lands', async () => {
    const contest = await newContest({ rounds: [buildContestInput().rounds[0]] })
    const entry = await enter(contest.contestId, await newOrg())
    const expert = await newExpert(contest.contestId)
    afterWindow()
    const [scored, removed] = await Promise.all([
      as(expert)('score', { contestId: contest.contestId, round: 1, entryId: entry.entryId, scores: scoreAll(contest, 1, 70) }),
      admin()('removeExpert', { contestId: contest.contestId, openid: expert }),
    ])
    const scores = (await db().collection('venture_scores').where({ contestId: contest.contestId }).count()).total
    const experts = (await db().collection('venture_experts').where({ contestId: contest.contestId }).count()).total
    if (removed.ok) {
      expect(experts).toBe(0)
      expect(scores).toBe(0)
      expect(scored.ok).toBe(false)
    } else {
      expect(scored.ok).toBe(true)
      expect(experts).toBe(1)
      expect(scores).toBe(1)
    }
  })
})

/** A contest with three entries (orgs A, B, C) and three experts; expert 0 is a member of org A from the start. */
async function contestWithEntries(overrides: Record<string, unknown> = {}) {
  const contest = await newContest(overrides)
  const orgs = [await newOrg(), await newOrg(), await newOrg()]
  const entries = [] as EntryView[]
  for (const org of orgs) entries.push(await enter(contest.contestId, org))
  const experts = [await newExpert(contest.contestId), await newExpert(contest.contestId), await newExpert(contest.contestId)]
  await joinOrg(orgs[0].orgId, 'A', experts[0])
  return { contest, orgs, entries, experts }
}

type Reviews = { round: number | null; items: { entry: EntryView; myScore: unknown }[] }
const reviewIds = async (openid: string, contestId: string) => expectOk(await as(openid)<Reviews>('myReviews', { contestId })).items.map((i) => i.entry.entryId).sort()

describe('myReviews / score', () => {
  test('when an expert belongs to an entering organization, then that entry is never listed and scoring it is FORBIDDEN', async () => {
    const { contest, entries, experts } = await contestWithEntries()
    afterWindow()
    expect(await reviewIds(experts[0], contest.contestId)).toEqual([entries[1].entryId, entries[2].entryId].sort())
    expect(await reviewIds(experts[1], contest.contestId)).toEqual(entries.map((e) => e.entryId).sort())
    const reply = await as(experts[0])('score', { contestId: contest.contestId, round: 1, entryId: entries[0].entryId, scores: scoreAll(contest, 1, 90) })
    expect(expectError(reply).code).toBe('FORBIDDEN')
    expect((await db().collection('venture_scores').where({ entryId: entries[0].entryId }).count()).total).toBe(0)
  })

  test('when an expert joins an entering organization after being appointed, then that entry is recused too', async () => {
    const { contest, orgs, entries, experts } = await contestWithEntries()
    afterWindow()
    expect(await reviewIds(experts[1], contest.contestId)).toContain(entries[1].entryId)
    await joinOrg(orgs[1].orgId, 'B', experts[1])
    expect(await reviewIds(experts[1], contest.contestId)).not.toContain(entries[1].entryId)
    const reply = await as(experts[1])('score', { contestId: contest.contestId, round: 1, entryId: entries[1].entryId, scores: scoreAll(contest, 1, 80) })
    expect(expectError(reply).code).toBe('FORBIDDEN')
  })

  test('when the entry window is still open, then there is nothing to review and scoring is INVALID_STATE', async () => {
    const { contest, entries, experts } = await contestWithEntries()
    expect(expectOk(await as(experts[1])<Reviews>('myReviews', { contestId: contest.contestId })).round).toBeNull()
    const reply = await as(experts[1])('score', { contestId: contest.contestId, round: 1, entryId: entries[1].entryId, scores: scoreAll(contest, 1, 80) })
    expect(expectError(reply).code).toBe('INVALID_STATE')
  })

  test('when someone who is not an expert of the contest reviews or scores, then FORBIDDEN', async () => {
    const { contest, entries } = await contestWithEntries()
    afterWindow()
    expect(expectError(await admin()('myReviews', { contestId: contest.contestId })).code).toBe('FORBIDDEN')
    expect(expectError(await as('demo-volunteer')('score', { contestId: contest.contestId, round: 1, entryId: entries[1].entryId, scores: scoreAll(contest, 1, 80) })).code).toBe('FORBIDDEN')
  })

  test('when a criterion is missing or unknown, then INVALID_ARGUMENT names it', async () => {
    const { contest, entries, experts } = await contestWithEntries()
    afterWindow()
    const missing = expectError(await as(experts[1])('score', { contestId: contest.contestId, round: 1, entryId: entries[1].entryId, scores: { 需求分析: 80 } }))
    expect(missing.fields?.[0].path).toBe('scores.项目设计')
    const unknown = expectError(await as(experts[1])('score', { contestId: contest.contestId, round: 1, entryId: entries[1].entryId, scores: { ...scoreAll(contest, 1, 80), 颜值: 100 } }))
    expect(unknown.fields?.[0].path).toBe('scores.颜值')
  })

  test('when an expert scores an entry again before the round closes, then the one score document is replaced', async () => {
    const { contest, entries, experts } = await contestWithEntries()
    afterWindow()
    const score = (value: number) => as(experts[1])('score', { contestId: contest.contestId, round: 1, entryId: entries[1].entryId, scores: scoreAll(contest, 1, value), comment: `${value}` })
    expectOk(await score(60))
    expectOk(await score(85))
    const { data } = await db().collection('venture_scores').where({ entryId: entries[1].entryId, openid: experts[1] }).get()
    expect(data).toHaveLength(1)
    expect(data[0].total).toBe(85)
    const mine = expectOk(await as(experts[1])<{ items: { entry: EntryView; myScore: { comment: string } | null }[] }>('myReviews', { contestId: contest.contestId }))
    expect(mine.items.find((i) => i.entry.entryId === entries[1].entryId)?.myScore?.comment).toBe('85')
  })
})

describe('score under concurrency', () => {
  test('when an expert sends ten scores for one entry at once, then one score document remains, holding one of them', async () => {
    const { contest, entries, experts } = await contestWithEntries()
    afterWindow()
    const values = Array.from({ length: 10 }, (_, i) => 50 + i)
    const replies = await Promise.all(values.map((v) => as(experts[2])('score', { contestId: contest.contestId, round: 1, entryId: entries[0].entryId, scores: scoreAll(contest, 1, v) })))
    expect(replies.every((r) => r.ok)).toBe(true)
    const { data } = await db().collection('venture_scores').where({ entryId: entries[0].entryId, openid: experts[2] }).get()
    expect(data).toHaveLength(1)
    expect(values).toContain(data[0].total)
  })
})

describe('closeRound / sealed scores', () => {
  test('when a round is open, then no one sees its ranking; after closing, the admin sees the normalized ranking and the top advance', async () => {
    const { contest, entries, experts } = await contestWithEntries({ rounds: [{ ...buildContestInput().rounds[0], advanceCount: 2 }, { ...buildContestInput().rounds[1], advanceCount: 1 }] })
    afterWindow()
    const id = contest.contestId
    const score = async (expert: string, entry: EntryView, value: number) =>
      expectOk(await as(expert)('score', { contestId: id, round: 1, entryId: entry.entryId, scores: scoreAll(contest, 1, value) }))
    // expert 1 is harsh, expert 2 lenient; both put B above C. Expert 0 (member of A) scores B and C only.
    await score(experts[1], entries[0], 40)
    await score(experts[1], entries[1], 60)
    await score(experts[1], entries[2], 50)
    await score(experts[2], entries[0], 95)
    await score(experts[2], entries[1], 99)
    await score(experts[2], entries[2], 97)
    await score(experts[0], entries[1], 70)
    await score(experts[0], entries[2], 72)
    for (const who of ['demo-platform-admin', experts[1], null]) {
      const seen = expectOk(await as(who)<ContestReply>('contest', { contestId: id })).contest
      expect(seen.rounds.map((r) => r.ranking)).toEqual([null, null])
      expect(JSON.stringify(seen)).not.toContain('"total"')
    }
    expect(expectError(await as(experts[1])('closeRound', { contestId: id, round: 1 })).code).toBe('FORBIDDEN')
    const closed = expectOk(await admin()<ContestReply>('closeRound', { contestId: id, round: 1 })).contest
    const ranking = closed.rounds[0].ranking
    expect(ranking?.method).toBe('normalized')
    expect(ranking?.items.map((i) => i.entryId)).toEqual([entries[1].entryId, entries[2].entryId, entries[0].entryId])
    expect(closed.rounds.map((r) => r.status)).toEqual(['closed', 'open'])
    // the public sees no ranking even after closing
    expect(expectOk(await as(null)<ContestReply>('contest', { contestId: id })).contest.rounds[0].ranking).toBeNull()
    // round 2 lists the two that advanced; round 1 takes no more scores
    expect(await reviewIds(experts[1], id)).toEqual([entries[1].entryId, entries[2].entryId].sort())
    expect(expectError(await as(experts[1])('score', { contestId: id, round: 1, entryId: entries[0].entryId, scores: scoreAll(contest, 1, 99) })).code).toBe('INVALID_STATE')
    expect(expectError(await admin()('closeRound', { contestId: id, round: 1 })).code).toBe('INVALID_STATE')
  })

  test('when nobody has scored the open round, then closing it is INVALID_STATE', async () => {
    const { contest } = await contestWithEntries()
    afterWindow()
    const error = expectError(await admin()('closeRound', { contestId: contest.contestId, round: 1 }))
    expect([error.code, error.message]).toEqual(['INVALID_STATE', '这一轮还没有专家评分，不能结束'])
  })

  test('when scores and the closing of the round race, then every score that succeeded is in the ranking', async () => {
    const { contest, entries, experts } = await contestWithEntries()
    afterWindow()
    const id = contest.contestId
    // one score first: a round nobody scored cannot be closed
    expectOk(await as(experts[0])('score', { contestId: id, round: 1, entryId: entries[1].entryId, scores: scoreAll(contest, 1, 75) }))
    const calls = [
      ...[1, 2].flatMap((e) => entries.map((entry, i) => as(experts[e])('score', { contestId: id, round: 1, entryId: entry.entryId, scores: scoreAll(contest, 1, 50 + i * 10 + e) }))),
      admin()<ContestReply>('closeRound', { contestId: id, round: 1 }),
    ]
    const replies = await Promise.all(calls)
    const closeReply = replies[replies.length - 1] as Awaited<ReturnType<ReturnType<typeof admin>>>
    const closed = expectOk(closeReply as { ok: true; data: ContestReply }).contest
    const succeeded = 1 + replies.slice(0, -1).filter((r) => r.ok).length
    const counted = closed.rounds[0].ranking?.items.reduce((sum, i) => sum + i.scoreCount, 0)
    const stored = (await db().collection('venture_scores').where({ contestId: id, round: 1 }).count()).total
    expect(counted).toBe(stored)
    expect(succeeded).toBe(stored)
  })
})

/** Runs both rounds: B first, C second, A last (round 2 scores B above C). */
async function closedContest() {
  const setup = await contestWithEntries()
  afterWindow()
  const { contest, entries, experts } = setup
  const id = contest.contestId
  const score = async (round: number, expert: string, entry: EntryView, value: number) =>
    expectOk(await as(expert)('score', { contestId: id, round, entryId: entry.entryId, scores: scoreAll(contest, round, value) }))
  await score(1, experts[1], entries[0], 50)
  await score(1, experts[1], entries[1], 90)
  await score(1, experts[1], entries[2], 70)
  await score(1, experts[2], entries[0], 55)
  await score(1, experts[2], entries[1], 85)
  await score(1, experts[2], entries[2], 75)
  expectOk(await admin()('closeRound', { contestId: id, round: 1 }))
  await score(2, experts[1], entries[1], 92)
  await score(2, experts[1], entries[2], 80)
  await score(2, experts[2], entries[1], 88)
  await score(2, experts[2], entries[2], 86)
  return setup
}

type Results = { method: string; awards: { entryId: string; rank: number; amountYuan: number }[]; totalYuan: number; ranking: { entryId: string; rank: number; plainMean: number | null; normalizedScore: number | null }[] }

describe('publish / results', () => {
  test('when the last round is not closed, then publishing is INVALID_STATE and results are not shown', async () => {
    const { contest, entries } = await closedContest()
    expect(expectError(await admin()('publish', { contestId: contest.contestId, awards: [{ entryId: entries[1].entryId, amountYuan: 30_000 }] })).code).toBe('INVALID_STATE')
    expect(expectError(await as(null)('results', { contestId: contest.contestId })).code).toBe('INVALID_STATE')
  })

  test('when awards break the amount range, the request, the rank order or the budget, then INVALID_ARGUMENT and nothing is published', async () => {
    const { contest, entries } = await closedContest()
    const id = contest.contestId
    expectOk(await admin()('closeRound', { contestId: id, round: 2 }))
    const publish = (awards: { entryId: string; amountYuan: number }[]) => admin()('publish', { contestId: id, awards })
    expect(expectError(await publish([{ entryId: entries[1].entryId, amountYuan: 5_000 }])).fields?.[0].path).toBe('awards.0.amountYuan')
    expect(expectError(await publish([{ entryId: entries[1].entryId, amountYuan: 40_000 }])).message).toContain('不能超过申请金额')
    expect(expectError(await publish([{ entryId: entries[2].entryId, amountYuan: 30_000 }])).message).toContain('标准化排名')
    expect(expectError(await publish([{ entryId: entries[0].entryId, amountYuan: 30_000 }])).message).toContain('末轮')
    expect(expectError(await as(null)('results', { contestId: id })).code).toBe('INVALID_STATE')
  })

  test('when the total exceeds the budget, then INVALID_ARGUMENT names awards', async () => {
    const { contest, entries } = await closedContest()
    const id = contest.contestId
    await db().collection('venture_contests').doc(id).update({ budgetYuan: 50_000 })
    expectOk(await admin()('closeRound', { contestId: id, round: 2 }))
    const error = expectError(await admin()('publish', { contestId: id, awards: [{ entryId: entries[1].entryId, amountYuan: 30_000 }, { entryId: entries[2].entryId, amountYuan: 30_000 }] }))
    expect([error.code, error.fields?.[0].path]).toEqual(['INVALID_ARGUMENT', 'awards'])
  })

  test('when the admin publishes valid awards, then anyone sees the winners by normalized rank, once', async () => {
    const { contest, entries } = await closedContest()
    const id = contest.contestId
    expectOk(await admin()('closeRound', { contestId: id, round: 2 }))
    const awards = [{ entryId: entries[2].entryId, amountYuan: 20_000 }, { entryId: entries[1].entryId, amountYuan: 30_000 }]
    expectOk(await admin()('publish', { contestId: id, awards }))
    const results = expectOk(await as(null)<Results>('results', { contestId: id }))
    expect(results.method).toBe('normalized')
    expect(results.awards.map((a) => [a.entryId, a.rank, a.amountYuan])).toEqual([[entries[1].entryId, 1, 30_000], [entries[2].entryId, 2, 20_000]])
    expect(results.totalYuan).toBe(50_000)
    expect(results.ranking.map((r) => [r.entryId, r.rank])).toEqual([[entries[1].entryId, 1], [entries[2].entryId, 2]])
    expect(results.ranking.every((r) => typeof r.plainMean === 'number' && typeof r.normalizedScore === 'number')).toBe(true)
    expect(JSON.stringify(results)).not.toContain('"scores"')
    expect(expectError(await admin()('publish', { contestId: id, awards })).code).toBe('INVALID_STATE')
  })
})
