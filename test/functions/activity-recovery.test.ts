import { main as activity } from '../../cloudfunctions/activity/index'
import type { ActivityView } from '../../cloudfunctions/core/activity/activity.schema'
import { cancelSignUp, forgetPlacesSeen, recoverActivity, signUp } from '../../cloudfunctions/core/activity/activity.store'
import { setClock } from '../../cloudfunctions/core/clock'
import { policies } from '../../cloudfunctions/core/settings/policies'
import type { UserDoc } from '../../cloudfunctions/core/user/user.store'
import { wechatContext } from '../../local/wechat-context'
import { seedDemoData } from '../../local/seed'
import { buildActivityInput, hoursFromNow } from '../builders/activity'
import { activityProblems } from '../support/activity-invariants'
import { caller, expectError, expectOk } from '../support/call'
import { failingDb, InjectedCrash, pausingDb } from '../support/failing-db'
import { startTestCloudbase } from '../support/local-cloudbase'
import { addVolunteers } from '../support/people'

type ActivityReply = { activity: ActivityView }
type SignUpReply = { signUp: { status: string } }

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
const staff = () => caller(activity, 'demo-org-staff')
const GRACE_MS = policies.signUpRecoveryGraceSeconds * 1000

beforeAll(async () => {
  stack = await startTestCloudbase()
  await seedDemoData(db())
})
afterAll(async () => {
  await stack.close()
})

async function published(overrides: Record<string, unknown> = {}): Promise<ActivityView> {
  const { activity: draft } = expectOk(await staff()<ActivityReply>('create', buildActivityInput('org-volunteer-centre', overrides)))
  return expectOk(await staff()<ActivityReply>('publish', { activityId: draft.activityId })).activity
}

const userDoc = async (openid: string) => (await db().collection('users').doc(openid).get()).data[0] as UserDoc
const signUpDoc = async (activityId: string, openid: string) => (await db().collection('activity_signups').doc(`${activityId}:${openid}`).get()).data[0]

/** Run the recovery timer as CloudBase would, at `at`. */
async function runRecoveryTimer(at: Date) {
  const restore = setClock(() => at)
  try {
    return expectOk(await activity({ Type: 'Timer', TriggerName: 'recover' }, wechatContext({ openid: null })))
  } finally {
    restore()
  }
}

describe('a sign-up whose function dies between its writes', () => {
  // the sign-up's database calls after the access check: take the place, agenda, 报名成功, sign-up document
  test.each([
    [1, 'before taking the place', 'nothing', 'confirmed'],
    [2, 'after taking the place', 'undone', 'waitlisted'],
    [3, 'after the agenda', 'undone', 'RATE_LIMITED'],
    [4, 'after the 报名成功 message', 'completed', 'RATE_LIMITED'],
  ])('when it dies before call %i (%s), then after recovery it is %s and counters equal the documents', async (crashAt, _where, outcome, retried) => {
    const act = await published({ capacity: 1, waitlist: true, startAt: hoursFromNow(200 + crashAt * 10), endAt: hoursFromNow(202 + crashAt * 10), signUpDeadline: hoursFromNow(150) })
    const [first, second] = await addVolunteers(db(), 2, `crash${crashAt}`)
    const startedAt = new Date()
    const failing = failingDb(db(), crashAt)
    await expect(signUp(failing.db, act.activityId, first, startedAt)).rejects.toBeInstanceOf(InjectedCrash)

    // within the grace period: a sign-up that reached the agenda asks the volunteer to wait; one cut
    // short before it holds its place until the recount, so the volunteer queues behind it
    const retry = await caller(activity, first)<SignUpReply>('signUp', { activityId: act.activityId })
    if (retried === 'RATE_LIMITED') expect(expectError(retry).code).toBe('RATE_LIMITED')
    else expect(expectOk(retry).signUp.status).toBe(retried)

    const recovered = await runRecoveryTimer(new Date(startedAt.getTime() + GRACE_MS + 1000))
    expect(recovered).toEqual(expect.objectContaining({ recovered: outcome === 'nothing' ? 0 : 1, promoted: retried === 'waitlisted' ? 1 : 0 }))
    expect(await activityProblems(db(), act.activityId)).toEqual([])

    const mine = await signUpDoc(act.activityId, first)
    if (outcome === 'undone' && retried === 'RATE_LIMITED') {
      expect(mine).toBeUndefined()
      // the place came back: the volunteer can act again and gets it
      expect(expectOk(await caller(activity, first)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('confirmed')
    } else {
      // finished by the recount (told 报名成功), or the ticket taken meanwhile was handed the place it freed
      expect(mine?.status).toBe('confirmed')
      expect(expectError(await caller(activity, first)('signUp', { activityId: act.activityId })).code).toBe('ALREADY_EXISTS')
    }
    // told 报名成功 once (a volunteer handed the freed place is told 候补成功 instead)
    const told = async (kind: string) => (await db().collection('notifications').where({ openid: first, kind }).count()).total
    expect([await told('activity.confirmed'), await told('activity.promoted')]).toEqual(retried === 'waitlisted' ? [0, 1] : [1, 0])
    // one place, held once: the next volunteer is waitlisted
    expect(expectOk(await caller(activity, second)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('waitlisted')
    expect(await activityProblems(db(), act.activityId)).toEqual([])
  })

  // a waitlist ticket: drawn first when this instance saw the activity full (ticket, agenda, sign-up),
  // or after the refused place (place, ticket, agenda, sign-up)
  test.each([
    [true, 1, 'nothing'],
    [true, 2, 'undone'],
    [true, 3, 'undone'],
    [false, 2, 'nothing'],
    [false, 3, 'undone'],
    [false, 4, 'undone'],
  ])('when a waitlisted sign-up (seen full: %s) dies before call %i, then after recovery it is %s and counters equal the documents', async (seenFull, crashAt, outcome) => {
    const act = await published({ capacity: 1, waitlist: true, startAt: hoursFromNow(600 + crashAt * 10 + (seenFull ? 0 : 5)), endAt: hoursFromNow(602 + crashAt * 10 + (seenFull ? 0 : 5)), signUpDeadline: hoursFromNow(550) })
    const [holder, crashed, next] = await addVolunteers(db(), 3, `wcrash${seenFull ? 'm' : 'n'}${crashAt}`)
    expect(expectOk(await caller(activity, holder)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('confirmed')
    if (!seenFull) forgetPlacesSeen()
    const startedAt = new Date()
    const failing = failingDb(db(), crashAt)
    await expect(signUp(failing.db, act.activityId, crashed, startedAt)).rejects.toBeInstanceOf(InjectedCrash)

    const recovered = await runRecoveryTimer(new Date(startedAt.getTime() + GRACE_MS + 1000))
    expect(recovered).toEqual(expect.objectContaining({ recovered: outcome === 'nothing' ? 0 : 1 }))
    expect(await activityProblems(db(), act.activityId)).toEqual([])
    expect(await signUpDoc(act.activityId, crashed)).toBeUndefined()
    expect((await userDoc(crashed)).agenda ?? []).toEqual([])

    // the crashed volunteer can act again, and the next one queues behind
    const again = await caller(activity, crashed)<SignUpReply & { signUp: { waitlistPosition: number | null } }>('signUp', { activityId: act.activityId })
    expect(expectOk(again).signUp).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect(expectOk(await caller(activity, next)<SignUpReply & { signUp: { waitlistPosition: number | null } }>('signUp', { activityId: act.activityId })).signUp).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })
    expect(await activityProblems(db(), act.activityId)).toEqual([])
  })

  test('when a sign-up died after taking the place, then reading the activity after the grace period settles it', async () => {
    const act = await published({ capacity: 3, waitlist: false, startAt: hoursFromNow(300), endAt: hoursFromNow(302), signUpDeadline: hoursFromNow(250) })
    const [volunteer] = await addVolunteers(db(), 1, 'onread')
    const startedAt = new Date()
    await expect(signUp(failingDb(db(), 2).db, act.activityId, volunteer, startedAt)).rejects.toBeInstanceOf(InjectedCrash)
    expect((await db().collection('activities').doc(act.activityId).get()).data[0]).toMatchObject({ placesLeft: 2, recountDue: true })

    const restore = setClock(() => new Date(startedAt.getTime() + GRACE_MS + 1000))
    try {
      const seen = expectOk(await caller(activity, 'demo-resident')<ActivityReply>('get', { activityId: act.activityId })).activity
      expect(seen.placesLeft).toBe(3)
    } finally {
      restore()
    }
    expect(await activityProblems(db(), act.activityId)).toEqual([])
  })

  test('when a place is undone while people wait, then it goes to the head of the waitlist', async () => {
    const act = await published({ capacity: 1, waitlist: true, startAt: hoursFromNow(320), endAt: hoursFromNow(322), signUpDeadline: hoursFromNow(250) })
    const [crashed, waiting] = await addVolunteers(db(), 2, 'undo-promote')
    const startedAt = new Date()
    await expect(signUp(failingDb(db(), 3).db, act.activityId, crashed, startedAt)).rejects.toBeInstanceOf(InjectedCrash)
    expect(expectOk(await caller(activity, waiting)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('waitlisted')

    await runRecoveryTimer(new Date(startedAt.getTime() + GRACE_MS + 1000))
    expect((await signUpDoc(act.activityId, waiting)).status).toBe('confirmed')
    expect(await activityProblems(db(), act.activityId)).toEqual([])
  })
})

describe('a sign-up under way', () => {
  test('when it reached the agenda and died, then a clashing place is refused during the grace and allowed after it, and the recount frees the place', async () => {
    const first = await published({ capacity: 2, waitlist: false, startAt: hoursFromNow(900), endAt: hoursFromNow(903), signUpDeadline: hoursFromNow(850) })
    const clashing = await published({ capacity: 2, waitlist: false, startAt: hoursFromNow(901), endAt: hoursFromNow(904), signUpDeadline: hoursFromNow(850) })
    const [volunteer] = await addVolunteers(db(), 1, 'underway-clash')
    const startedAt = new Date()
    await expect(signUp(failingDb(db(), 3).db, first.activityId, volunteer, startedAt)).rejects.toBeInstanceOf(InjectedCrash)

    const refused = expectError(await caller(activity, volunteer)('signUp', { activityId: clashing.activityId }))
    expect(refused).toMatchObject({ code: 'INVALID_STATE', message: '与你已报名的活动另一项活动时间冲突' })

    const restore = setClock(() => new Date(startedAt.getTime() + GRACE_MS + 1000))
    try {
      // the entry left behind is stale now: dropped on the way, the clashing place is taken
      expect(expectOk(await caller(activity, volunteer)<SignUpReply>('signUp', { activityId: clashing.activityId })).signUp.status).toBe('confirmed')
    } finally {
      restore()
    }
    expect((await userDoc(volunteer)).agenda?.map((entry) => entry.activityId)).toEqual([clashing.activityId])
    await runRecoveryTimer(new Date(startedAt.getTime() + GRACE_MS + 2000))
    expect(await activityProblems(db(), first.activityId)).toEqual([])
    expect(await activityProblems(db(), clashing.activityId)).toEqual([])
  })

  test('when the activity is cancelled while a sign-up writes its document, then the recount releases it and tells the volunteer', async () => {
    const act = await published({ capacity: 2, waitlist: false, startAt: hoursFromNow(920), endAt: hoursFromNow(922), signUpDeadline: hoursFromNow(850) })
    const [volunteer] = await addVolunteers(db(), 1, 'late-write')
    const startedAt = new Date()
    // calls: take the place, agenda, 报名成功, sign-up document (held up)
    const held = pausingDb(db(), 4)
    const signing = signUp(held.db, act.activityId, volunteer, startedAt)
    await held.reached
    expectOk(await staff()('cancel', { activityId: act.activityId, reason: '台风预警' }))
    held.resume()
    expect((await signing).signUp.status).toBe('confirmed')
    expect((await signUpDoc(act.activityId, volunteer)).status).toBe('confirmed')

    await runRecoveryTimer(new Date(startedAt.getTime() + GRACE_MS + 1000))
    expect(await signUpDoc(act.activityId, volunteer)).toMatchObject({ status: 'released', notice: '活动已取消：台风预警' })
    expect((await userDoc(volunteer)).agenda ?? []).toEqual([])
    const told = await db().collection('notifications').where({ openid: volunteer, kind: 'activity.cancelled' }).count()
    expect(told.total).toBe(1)
    expect((await db().collection('activities').doc(act.activityId).get()).data[0]).toMatchObject({ recountDue: false })
  })

  test('when a place is given up while the recount counts, then the recount does not land and the next one sets the counters', async () => {
    const act = await published({ capacity: 2, waitlist: false, startAt: hoursFromNow(940), endAt: hoursFromNow(942), signUpDeadline: hoursFromNow(850) })
    const [crashed, leaving] = await addVolunteers(db(), 2, 'recount-race')
    const startedAt = new Date()
    await expect(signUp(failingDb(db(), 2).db, act.activityId, crashed, startedAt)).rejects.toBeInstanceOf(InjectedCrash)
    expectOk(await caller(activity, leaving)('signUp', { activityId: act.activityId }))

    // the recount's calls: the activity, two counts, the agendas (one page) and their sign-ups, two counts, the write (held up)
    const later = new Date(startedAt.getTime() + GRACE_MS + 1000)
    const held = pausingDb(db(), 8)
    const recounting = recoverActivity(held.db, act.activityId, later)
    await held.reached
    expectOk(await caller(activity, leaving)('cancelSignUp', { activityId: act.activityId }))
    held.resume()
    await recounting
    // what it counted is stale: the counters stay as the cancellation left them, the recount still due
    expect((await db().collection('activities').doc(act.activityId).get()).data[0]).toMatchObject({ confirmedCount: 1, placesLeft: 1, recountDue: true })

    expect((await recoverActivity(db(), act.activityId, later)).recovered).toBe(1)
    expect((await db().collection('activities').doc(act.activityId).get()).data[0]).toMatchObject({ confirmedCount: 0, placesLeft: 2, recountDue: false })
    expect(await activityProblems(db(), act.activityId)).toEqual([])
  })
})

describe('a cancellation whose function dies', () => {
  test.each([1, 2, 3, 4])('when it dies before call %i, then it had no effect: the place is still held and counters equal the documents', async (crashAt) => {
    const act = await published({ capacity: 1, waitlist: true, startAt: hoursFromNow(400 + crashAt * 10), endAt: hoursFromNow(402 + crashAt * 10), signUpDeadline: hoursFromNow(350) })
    const [holder, waiting] = await addVolunteers(db(), 2, `cancel${crashAt}`)
    expectOk(await caller(activity, holder)('signUp', { activityId: act.activityId }))
    expectOk(await caller(activity, waiting)('signUp', { activityId: act.activityId }))

    await expect(cancelSignUp(failingDb(db(), crashAt).db, act.activityId, holder, new Date())).rejects.toBeInstanceOf(InjectedCrash)
    expect((await signUpDoc(act.activityId, holder)).status).toBe('confirmed')
    expect(await activityProblems(db(), act.activityId)).toEqual([])

    // and the volunteer can act again: the cancellation goes through, the place goes to the waitlist
    expect(expectOk(await caller(activity, holder)<{ promoted: number }>('cancelSignUp', { activityId: act.activityId })).promoted).toBe(1)
    expect(await activityProblems(db(), act.activityId)).toEqual([])
  })
})

describe('an activity this instance saw full', () => {
  test('when its place comes free, then the next volunteer still gets the place, not a ticket', async () => {
    const act = await published({ capacity: 1, waitlist: true, startAt: hoursFromNow(800), endAt: hoursFromNow(802), signUpDeadline: hoursFromNow(750) })
    const [holder, next] = await addVolunteers(db(), 2, 'seen-full')
    expect(expectOk(await caller(activity, holder)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('confirmed')
    expectOk(await caller(activity, holder)('cancelSignUp', { activityId: act.activityId }))

    expect(expectOk(await caller(activity, next)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('confirmed')
    expect(await activityProblems(db(), act.activityId)).toEqual([])
  })

  test('when the last place it saw is being taken by a call that has not reached the database, then the next volunteer still gets that place, and the held call a ticket', async () => {
    const act = await published({ capacity: 2, waitlist: true, startAt: hoursFromNow(810), endAt: hoursFromNow(812), signUpDeadline: hoursFromNow(750) })
    const [first, held, next] = await addVolunteers(db(), 3, 'taking')
    expect(expectOk(await caller(activity, first)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('confirmed') // one place seen left
    const paused = pausingDb(db(), 1) // its take of the place waits before the database
    const heldSignUp = signUp(paused.db, act.activityId, held, new Date())
    await paused.reached

    // this instance guesses full (one place seen, one being taken): the ticket is refused, the place taken
    const counted = failingDb(db(), 1000)
    const done = await signUp(counted.db, act.activityId, next, new Date())
    paused.resume()

    expect(done.signUp.status).toBe('confirmed')
    expect(counted.calls()).toBe(5) // the refused ticket, the place, the agenda, 报名成功, the document
    expect((await heldSignUp).signUp.status).toBe('waitlisted')
    expect(await activityProblems(db(), act.activityId)).toEqual([])
  })

  test('when this instance last read the activity full, then the next volunteer draws a ticket without first being refused a place', async () => {
    const act = await published({ capacity: 1, waitlist: true, startAt: hoursFromNow(820), endAt: hoursFromNow(822), signUpDeadline: hoursFromNow(760) })
    const [first, next] = await addVolunteers(db(), 2, 'seenread')
    expect(expectOk(await caller(activity, first)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('confirmed')
    forgetPlacesSeen() // as if the place went through another instance
    // the next volunteer opens the activity's page first: this instance sees it full
    expect(expectOk(await caller(activity, next)<{ activity: { placesLeft: number } }>('get', { activityId: act.activityId })).activity.placesLeft).toBe(0)

    const counted = failingDb(db(), 1000)
    const done = await signUp(counted.db, act.activityId, next, new Date())

    expect(done.signUp.status).toBe('waitlisted')
    expect(counted.calls()).toBe(3) // the ticket, the agenda, the document
    expect(await activityProblems(db(), act.activityId)).toEqual([])
  })
})

describe('one volunteer, two taps', () => {
  test('when one volunteer signs up for the same activity 10 times at once, then one place is taken and the rest are ALREADY_EXISTS or asked to wait', async () => {
    const act = await published({ capacity: 5, waitlist: true, startAt: hoursFromNow(500), endAt: hoursFromNow(502), signUpDeadline: hoursFromNow(450) })
    const [volunteer] = await addVolunteers(db(), 1, 'taps')
    const replies = await Promise.all(Array.from({ length: 10 }, () => caller(activity, volunteer)<SignUpReply>('signUp', { activityId: act.activityId })))
    expect(replies.filter((r) => r.ok)).toHaveLength(1)
    for (const reply of replies.filter((r) => !r.ok)) expect(['ALREADY_EXISTS', 'RATE_LIMITED']).toContain(expectError(reply).code)
    expect(await activityProblems(db(), act.activityId)).toEqual([])
  })
})
