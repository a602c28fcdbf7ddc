import { main as activity } from '../../cloudfunctions/activity/index'
import { setClock } from '../../cloudfunctions/core/clock'
import type { ActivityView, MyActivityView, RosterEntry } from '../../cloudfunctions/core/activity/activity.schema'
import type { Page } from '../../cloudfunctions/core/org/org.schema'
import { wireRoundTrips } from '../../local/database/wire'
import { seedDemoData } from '../../local/seed'
import { buildActivityInput, hoursFromNow } from '../builders/activity'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'
import { addVolunteers } from '../support/people'

type ActivityReply = { activity: ActivityView }
type SignUpReply = { signUp: { status: string; waitlistPosition: number | null } }

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
const staff = () => caller(activity, 'demo-org-staff') // staff of org-volunteer-centre
const CENTRE = 'org-volunteer-centre'

beforeAll(async () => {
  stack = await startTestCloudbase()
  await seedDemoData(db())
})
afterAll(async () => {
  await stack.close()
})

async function published(overrides: Record<string, unknown> = {}): Promise<ActivityView> {
  const { activity: draft } = expectOk(await staff()<ActivityReply>('create', buildActivityInput(CENTRE, overrides)))
  return expectOk(await staff()<ActivityReply>('publish', { activityId: draft.activityId })).activity
}

const stored = async (activityId: string) => (await db().collection('activities').doc(activityId).get()).data[0]
const userOf = async (openid: string) => (await db().collection('users').doc(openid).get()).data[0]
const signUpsOf = async (activityId: string) => (await db().collection('activity_signups').where({ activityId }).limit(1000).get()).data

describe('activity.create / publish', () => {
  test('when staff of a verified org create and publish, then it is listed with its places', async () => {
    const { activity: draft } = expectOk(await staff()<ActivityReply>('create', buildActivityInput(CENTRE, { capacity: 12 })))
    expect(draft).toMatchObject({ status: 'draft', orgName: '苍南县志愿服务中心', capacity: 12, placesLeft: 12 })
    const { items } = expectOk(await caller(activity, null)<Page<ActivityView>>('list', { orgId: CENTRE, limit: 50 }))
    expect(items.map((a) => a.activityId)).not.toContain(draft.activityId)
    expectOk(await staff()('publish', { activityId: draft.activityId }))
    const after = expectOk(await caller(activity, null)<Page<ActivityView>>('list', { orgId: CENTRE, limit: 50 }))
    expect(after.items.find((a) => a.activityId === draft.activityId)).toMatchObject({ status: 'published', placesLeft: 12 })
  })

  test('when times are stored, then they are UTC and sort as text', async () => {
    const { activity: draft } = expectOk(await staff()<ActivityReply>('create', buildActivityInput(CENTRE, { startAt: '2031-06-07T07:30:00+08:00', endAt: '2031-06-07T11:30:00+08:00', signUpDeadline: '2031-06-06T20:00:00+08:00' })))
    expect(draft.startAt).toBe('2031-06-06T23:30:00.000Z')
  })

  test.each([
    ['end before start', { endAt: hoursFromNow(71) }, 'endAt', '结束时间须晚于开始时间'],
    ['deadline after start', { signUpDeadline: hoursFromNow(73) }, 'signUpDeadline', '报名截止时间不能晚于活动开始时间'],
    ['capacity 0', { capacity: 0 }, 'capacity', '招募人数为1–10000'],
    ['capacity 10001', { capacity: 10001 }, 'capacity', '招募人数为1–10000'],
    ['an unknown category', { category: '娱乐' }, 'category', '请选择服务类别'],
    ['a time without offset', { startAt: '2031-06-07 07:30' }, 'startAt', '开始时间格式不正确'],
  ])('when the draft has %s, then INVALID_ARGUMENT names the field', async (_label, overrides, path, message) => {
    const error = expectError(await staff()('create', buildActivityInput(CENTRE, overrides)))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields).toContainEqual({ path, message })
  })

  test('when a draft whose start has passed is published, then INVALID_ARGUMENT and it stays a draft', async () => {
    const { activity: draft } = expectOk(await staff()<ActivityReply>('create', buildActivityInput(CENTRE, { startAt: hoursFromNow(-2), endAt: hoursFromNow(1), signUpDeadline: hoursFromNow(-3) })))
    const error = expectError(await staff()('publish', { activityId: draft.activityId }))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields?.map((f) => f.path)).toEqual(['startAt', 'signUpDeadline'])
    expect((await stored(draft.activityId)).status).toBe('draft')
  })

  test('when the org is not verified, then INVALID_STATE', async () => {
    const pendingAdmin = caller(activity, 'seed-mental-health-admin')
    const error = expectError(await pendingAdmin('create', buildActivityInput('org-mental-health')))
    expect(error).toMatchObject({ code: 'INVALID_STATE', message: '组织通过认证后才能发布活动' })
  })

  test('when staff of another org edit or publish it, then FORBIDDEN', async () => {
    const { activity: draft } = expectOk(await staff()<ActivityReply>('create', buildActivityInput(CENTRE)))
    const other = caller(activity, 'demo-org-admin')
    expect(expectError(await other('publish', { activityId: draft.activityId })).code).toBe('FORBIDDEN')
    expect(expectError(await other('update', { activityId: draft.activityId, title: '被别的组织改掉的标题' })).code).toBe('FORBIDDEN')
    expect(expectError(await other('create', buildActivityInput(CENTRE))).code).toBe('FORBIDDEN')
  })

  test('when an outsider asks for a draft, then NOT_FOUND', async () => {
    const { activity: draft } = expectOk(await staff()<ActivityReply>('create', buildActivityInput(CENTRE)))
    expect(expectError(await caller(activity, 'demo-volunteer')('get', { activityId: draft.activityId })).code).toBe('NOT_FOUND')
  })
})

describe('activity.update', () => {
  test('when capacity would drop below confirmed sign-ups, then INVALID_ARGUMENT names capacity', async () => {
    const act = await published({ capacity: 5 })
    const volunteers = await addVolunteers(db(), 3)
    for (const openid of volunteers) expectOk(await caller(activity, openid)('signUp', { activityId: act.activityId }))
    const error = expectError(await staff()('update', { activityId: act.activityId, capacity: 2 }))
    expect(error.fields).toEqual([{ path: 'capacity', message: '招募人数不能少于已报名的3人' }])
    expect((await stored(act.activityId)).capacity).toBe(5)
  })

  test('when capacity grows on a full activity, then the first waitlisted volunteers take the new places in order', async () => {
    const act = await published({ capacity: 2 })
    const volunteers = await addVolunteers(db(), 5)
    for (const openid of volunteers) expectOk(await caller(activity, openid)('signUp', { activityId: act.activityId }))
    const { activity: grown } = expectOk(await staff()<ActivityReply>('update', { activityId: act.activityId, capacity: 4 }))
    expect(grown).toMatchObject({ signedUp: 4, waitlisted: 1, placesLeft: 0 })
    const byOpenid = new Map((await signUpsOf(act.activityId)).map((s) => [s.openid, s.status]))
    expect(volunteers.map((v) => byOpenid.get(v))).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed', 'waitlisted'])
  })

  test('when the end is moved before the start, then INVALID_ARGUMENT names endAt', async () => {
    const act = await published()
    const error = expectError(await staff()('update', { activityId: act.activityId, endAt: hoursFromNow(70) }))
    expect(error.fields).toEqual([{ path: 'endAt', message: '结束时间须晚于开始时间' }])
  })
})

describe('activity.signUp', () => {
  test('when a resident signs up, then FORBIDDEN with a message that leads to registration', async () => {
    const act = await published()
    const error = expectError(await caller(activity, 'demo-resident')('signUp', { activityId: act.activityId }))
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: '请先注册成为志愿者（我的 → 志愿者注册）' })
  })

  test('when a resident, or someone never signed in before, signs up for the last place, then FORBIDDEN, and the place is still there for a volunteer', async () => {
    const act = await published({ capacity: 1, waitlist: false })
    for (const openid of ['demo-resident', 'never-seen-before']) {
      const error = expectError(await caller(activity, openid)('signUp', { activityId: act.activityId }))
      expect(error).toMatchObject({ code: 'FORBIDDEN', message: '请先注册成为志愿者（我的 → 志愿者注册）' })
    }
    expect(await stored(act.activityId)).toMatchObject({ placesLeft: 1, confirmedCount: 0, waitlistedCount: 0 })

    const [openid] = await addVolunteers(db(), 1)
    expect(expectOk(await caller(activity, openid)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('confirmed')
    // full now: the resident is still told to register, not that it is full
    expect(expectError(await caller(activity, 'demo-resident')('signUp', { activityId: act.activityId })).code).toBe('FORBIDDEN')
    expect(await stored(act.activityId)).toMatchObject({ placesLeft: 0, confirmedCount: 1, waitlistedCount: 0 })
  })

  test('when a volunteer signs up again for an activity they filled, then ALREADY_EXISTS rather than CAPACITY_FULL', async () => {
    const act = await published({ capacity: 1, waitlist: false })
    const [openid] = await addVolunteers(db(), 1)
    expectOk(await caller(activity, openid)('signUp', { activityId: act.activityId }))
    expect(expectError(await caller(activity, openid)('signUp', { activityId: act.activityId })).code).toBe('ALREADY_EXISTS')
    expect(await stored(act.activityId)).toMatchObject({ placesLeft: 0, confirmedCount: 1 })
  })

  test('when a volunteer taps again behind a full activity with a waitlist, then ALREADY_EXISTS and the waitlist stays as it was', async () => {
    const act = await published({ capacity: 1, waitlist: true })
    const [openid, next] = await addVolunteers(db(), 2)
    expectOk(await caller(activity, openid)('signUp', { activityId: act.activityId }))
    expect(expectError(await caller(activity, openid)('signUp', { activityId: act.activityId })).code).toBe('ALREADY_EXISTS')
    expect(await stored(act.activityId)).toMatchObject({ placesLeft: 0, confirmedCount: 1, waitlistedCount: 0 })
    expect(expectOk(await caller(activity, next)<SignUpReply>('signUp', { activityId: act.activityId })).signUp).toEqual(
      expect.objectContaining({ status: 'waitlisted', waitlistPosition: 1 }),
    )
  })

  test('when a volunteer signs up, then it takes four database round trips with a place and three with a ticket behind a full activity: nothing is read first', async () => {
    const act = await published({ capacity: 1, waitlist: true })
    const [first, second] = await addVolunteers(db(), 2)
    const requestsOf = async (openid: string) => {
      const before = wireRoundTrips()
      const reply = expectOk(await caller(activity, openid)<SignUpReply>('signUp', { activityId: act.activityId }))
      return { status: reply.signUp.status, requests: wireRoundTrips() - before }
    }
    expect(await requestsOf(first)).toEqual({ status: 'confirmed', requests: 4 }) // the place, the agenda, 报名成功, the sign-up
    expect(await requestsOf(second)).toEqual({ status: 'waitlisted', requests: 3 }) // the ticket, the agenda, the sign-up
  })

  test('when the agenda still lists activities that have ended, then the next sign-up leaves only what is ahead', async () => {
    const [openid] = await addVolunteers(db(), 1)
    const ahead = await published({ startAt: hoursFromNow(300), endAt: hoursFromNow(302) })
    const ended = { activityId: 'act-ended-long-ago', startAt: hoursFromNow(-30), endAt: hoursFromNow(-27), status: 'confirmed', at: hoursFromNow(-100) }
    expectOk(await caller(activity, openid)('signUp', { activityId: ahead.activityId }))
    await db().collection('users').doc(openid).update({ agenda: [ended, ...((await userOf(openid)).agenda as unknown[])] })
    expect(((await userOf(openid)).agenda as unknown[]).length).toBe(2)

    const next = await published({ startAt: hoursFromNow(310), endAt: hoursFromNow(312) })
    expectOk(await caller(activity, openid)('signUp', { activityId: next.activityId }))

    const agenda = (await userOf(openid)).agenda as { activityId: string }[]
    expect(agenda.map((entry) => entry.activityId)).toEqual([ahead.activityId, next.activityId])
  })

  test('when a volunteer signs up twice, then ALREADY_EXISTS and one place is taken', async () => {
    const act = await published()
    const [openid] = await addVolunteers(db(), 1)
    const reply = expectOk(await caller(activity, openid)<SignUpReply>('signUp', { activityId: act.activityId }))
    expect(reply.signUp).toMatchObject({ status: 'confirmed', waitlistPosition: null })
    expect(expectError(await caller(activity, openid)('signUp', { activityId: act.activityId })).code).toBe('ALREADY_EXISTS')
    expect((await stored(act.activityId)).confirmedCount).toBe(1)
  })

  test('when the deadline has passed, then OUTSIDE_WINDOW', async () => {
    const act = await published()
    const [openid] = await addVolunteers(db(), 1)
    const restore = setClock(() => new Date(Date.now() + 49 * 60 * 60 * 1000))
    try {
      expect(expectError(await caller(activity, openid)('signUp', { activityId: act.activityId })).code).toBe('OUTSIDE_WINDOW')
    } finally {
      restore()
    }
  })

  test('when the volunteer holds an overlapping confirmed sign-up, then INVALID_STATE naming the other activity', async () => {
    const first = await published({ title: '钱库镇河道清洁', startAt: hoursFromNow(100), endAt: hoursFromNow(103) })
    const second = await published({ title: '灵溪镇交通劝导', startAt: hoursFromNow(102), endAt: hoursFromNow(104) })
    const later = await published({ title: '金乡镇图书整理', startAt: hoursFromNow(103), endAt: hoursFromNow(105) })
    const [openid] = await addVolunteers(db(), 1)
    expectOk(await caller(activity, openid)('signUp', { activityId: first.activityId }))
    const error = expectError(await caller(activity, openid)('signUp', { activityId: second.activityId }))
    expect(error).toMatchObject({ code: 'INVALID_STATE', message: '与你已报名的活动“钱库镇河道清洁”时间冲突' })
    // the refused sign-up leaves nothing behind: no place held, nothing on the agenda
    expect(await stored(second.activityId)).toMatchObject({ placesLeft: second.placesLeft, confirmedCount: 0 })
    expect(((await userOf(openid)).agenda as { activityId: string }[]).map((entry) => entry.activityId)).toEqual([first.activityId])
    expectOk(await caller(activity, openid)('signUp', { activityId: later.activityId }))
  })

  test('when one volunteer signs up for two overlapping activities at the same instant, then only one is confirmed', async () => {
    const a = await published({ startAt: hoursFromNow(200), endAt: hoursFromNow(203) })
    const b = await published({ startAt: hoursFromNow(201), endAt: hoursFromNow(204) })
    const [openid] = await addVolunteers(db(), 1)
    const replies = await Promise.all([a, b].map((act) => caller(activity, openid)('signUp', { activityId: act.activityId })))
    expect(replies.filter((r) => r.ok)).toHaveLength(1)
    expect(expectError(replies.find((r) => !r.ok)!).code).toBe('INVALID_STATE')
  })

  test('when the activity was cancelled, then INVALID_STATE', async () => {
    const act = await published()
    expectOk(await staff()('cancel', { activityId: act.activityId, reason: '台风预警' }))
    const [openid] = await addVolunteers(db(), 1)
    expect(expectError(await caller(activity, openid)('signUp', { activityId: act.activityId })).code).toBe('INVALID_STATE')
  })
})

describe('activity.cancelSignUp', () => {
  test('when a confirmed volunteer cancels, then the first waitlisted one is promoted in the same step', async () => {
    const act = await published({ capacity: 1 })
    const [first, second, third] = await addVolunteers(db(), 3)
    for (const openid of [first, second, third]) expectOk(await caller(activity, openid)('signUp', { activityId: act.activityId }))
    const { activity: before } = expectOk(await caller(activity, third)<ActivityReply>('get', { activityId: act.activityId }))
    expect(before.mySignUp).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })

    expect(expectOk(await caller(activity, first)<{ promoted: number }>('cancelSignUp', { activityId: act.activityId })).promoted).toBe(1)
    const { activity: afterSecond } = expectOk(await caller(activity, second)<ActivityReply>('get', { activityId: act.activityId }))
    expect(afterSecond).toMatchObject({ signedUp: 1, waitlisted: 1, mySignUp: { status: 'confirmed' } })
    const { activity: afterThird } = expectOk(await caller(activity, third)<ActivityReply>('get', { activityId: act.activityId }))
    expect(afterThird.mySignUp).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
  })

  test('when a waitlisted volunteer cancels, then the waitlist shrinks and places stay as they were', async () => {
    const act = await published({ capacity: 1 })
    const [first, second] = await addVolunteers(db(), 2)
    for (const openid of [first, second]) expectOk(await caller(activity, openid)('signUp', { activityId: act.activityId }))
    expect(expectOk(await caller(activity, second)<{ promoted: number }>('cancelSignUp', { activityId: act.activityId })).promoted).toBe(0)
    expect(await stored(act.activityId)).toMatchObject({ confirmedCount: 1, waitlistedCount: 0 })
  })

  test('when the activity has started, then OUTSIDE_WINDOW', async () => {
    const act = await published()
    const [openid] = await addVolunteers(db(), 1)
    expectOk(await caller(activity, openid)('signUp', { activityId: act.activityId }))
    const restore = setClock(() => new Date(Date.now() + 73 * 60 * 60 * 1000))
    try {
      expect(expectError(await caller(activity, openid)('cancelSignUp', { activityId: act.activityId })).code).toBe('OUTSIDE_WINDOW')
    } finally {
      restore()
    }
  })

  test('when a volunteer cancels and signs up again, then they get a place again', async () => {
    const act = await published({ capacity: 3 })
    const [openid] = await addVolunteers(db(), 1)
    expectOk(await caller(activity, openid)('signUp', { activityId: act.activityId }))
    expectOk(await caller(activity, openid)('cancelSignUp', { activityId: act.activityId }))
    expect(expectOk(await caller(activity, openid)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('confirmed')
    expect((await stored(act.activityId)).confirmedCount).toBe(1)
  })

  test('when someone who never signed up cancels, then NOT_FOUND', async () => {
    const act = await published()
    const [openid] = await addVolunteers(db(), 1)
    expect(expectError(await caller(activity, openid)('cancelSignUp', { activityId: act.activityId })).code).toBe('NOT_FOUND')
  })
})

describe('activity.cancel (by the organization)', () => {
  test('when the organization cancels, then every sign-up is released and each volunteer sees the reason in 我的活动', async () => {
    const act = await published({ capacity: 1, title: '炎亭海滩净滩' })
    const [first, second] = await addVolunteers(db(), 2)
    for (const openid of [first, second]) expectOk(await caller(activity, openid)('signUp', { activityId: act.activityId }))
    const { released } = expectOk(await staff()<{ released: number }>('cancel', { activityId: act.activityId, reason: '台风“海葵”来袭，活动取消' }))
    expect(released).toBe(2)
    for (const openid of [first, second]) {
      const { items } = expectOk(await caller(activity, openid)<{ items: MyActivityView[] }>('mine'))
      expect(items.find((i) => i.activityId === act.activityId)).toMatchObject({ status: 'released', notice: '活动已取消：台风“海葵”来袭，活动取消', title: '炎亭海滩净滩' })
    }
    const { items } = expectOk(await caller(activity, null)<Page<ActivityView>>('list', { orgId: CENTRE, limit: 50 }))
    expect(items.map((a) => a.activityId)).not.toContain(act.activityId)
  })
})

describe('activity.roster and list', () => {
  test('when staff read the roster, then names show, phones are masked and the waitlist is in order', async () => {
    const act = await published({ capacity: 1 })
    const volunteers = await addVolunteers(db(), 3)
    for (const openid of volunteers) expectOk(await caller(activity, openid)('signUp', { activityId: act.activityId }))
    const { items } = expectOk(await staff()<{ items: RosterEntry[] }>('roster', { activityId: act.activityId }))
    expect(items.map((i) => [i.status, i.waitlistPosition])).toEqual([['confirmed', null], ['waitlisted', 1], ['waitlisted', 2]])
    expect(items[0]?.phone).toMatch(/^138\*\*\*\*\d{4}$/)
    expect(expectError(await caller(activity, volunteers[0] as string)('roster', { activityId: act.activityId })).code).toBe('FORBIDDEN')
  })

  test('when the list is paged three at a time, then every activity comes once, soonest first', async () => {
    for (let i = 0; i < 7; i++) await published({ township: '沿浦镇', startAt: hoursFromNow(300 + i), endAt: hoursFromNow(301 + i), signUpDeadline: hoursFromNow(250) })
    const seen: ActivityView[] = []
    let cursor: string | null = null
    do {
      const page: Page<ActivityView> = expectOk(await caller(activity, null)<Page<ActivityView>>('list', { township: '沿浦镇', limit: 3, cursor: cursor ?? undefined }))
      seen.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(7)
    const starts = seen.map((a) => a.startAt)
    expect([...starts].sort()).toEqual(starts)
  })

  test('when an outsider asks for drafts, then FORBIDDEN; staff of that org see them', async () => {
    expect(expectError(await caller(activity, 'demo-volunteer')('list', { orgId: CENTRE, status: 'draft' })).code).toBe('FORBIDDEN')
    expectOk(await staff()('list', { orgId: CENTRE, status: 'draft' }))
  })
})

describe('sign-up under concurrency', () => {
  jest.setTimeout(120_000)
  test('when 200 volunteers sign up at once for 20 places with a waitlist, then 20 are confirmed and 180 waitlisted in strict order; 10 cancel at once and exactly 10 are promoted', async () => {
    const act = await published({ capacity: 20, waitlist: true, startAt: hoursFromNow(500), endAt: hoursFromNow(502), signUpDeadline: hoursFromNow(400) })
    const volunteers = await addVolunteers(db(), 200, 'crowd')
    const replies = await Promise.all(volunteers.map((openid) => caller(activity, openid)<SignUpReply>('signUp', { activityId: act.activityId })))

    const statuses = replies.map((r) => expectOk(r).signUp.status)
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(20)
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(180)
    const docs = await signUpsOf(act.activityId)
    expect(docs).toHaveLength(200)
    expect(new Set(docs.map((d) => d.openid)).size).toBe(200)
    const tickets = docs.filter((d) => d.status === 'waitlisted').map((d) => d.waitSeq).sort((a, b) => a - b)
    expect(tickets).toEqual(Array.from({ length: 180 }, (_, i) => i + 1))
    expect(await stored(act.activityId)).toMatchObject({ confirmedCount: 20, waitlistedCount: 180, waitSeq: 180 })

    const confirmed = docs.filter((d) => d.status === 'confirmed').slice(0, 10).map((d) => d.openid as string)
    const cancels = await Promise.all(confirmed.map((openid) => caller(activity, openid)<{ promoted: number }>('cancelSignUp', { activityId: act.activityId })))
    expect(cancels.map((r) => expectOk(r).promoted)).toEqual(Array(10).fill(1))
    const after = await signUpsOf(act.activityId)
    const promoted = after.filter((d) => d.promotedAt).map((d) => d.waitSeq).sort((a, b) => a - b)
    expect(promoted).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(after.filter((d) => d.status === 'confirmed')).toHaveLength(20)
    expect(await stored(act.activityId)).toMatchObject({ confirmedCount: 20, waitlistedCount: 170 })
  })

  test('when 200 volunteers sign up at once for 20 places without a waitlist, then 20 are confirmed and 180 get CAPACITY_FULL', async () => {
    const act = await published({ capacity: 20, waitlist: false, startAt: hoursFromNow(600), endAt: hoursFromNow(602), signUpDeadline: hoursFromNow(500) })
    const volunteers = await addVolunteers(db(), 200, 'rush')
    const replies = await Promise.all(volunteers.map((openid) => caller(activity, openid)('signUp', { activityId: act.activityId })))
    expect(replies.filter((r) => r.ok)).toHaveLength(20)
    expect(replies.filter((r) => !r.ok).map((r) => expectError(r).code)).toEqual(Array(180).fill('CAPACITY_FULL'))
    expect(await signUpsOf(act.activityId)).toHaveLength(20)
    expect((await stored(act.activityId)).confirmedCount).toBe(20)
  })
})
