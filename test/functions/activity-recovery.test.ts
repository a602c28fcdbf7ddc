import { main as activity } from '../../cloudfunctions/activity/index'
import type { ActivityView } from '../../cloudfunctions/core/activity/activity.schema'
import { cancelSignUp, forgetFullActivities, signUp } from '../../cloudfunctions/core/activity/activity.store'
import { setClock } from '../../cloudfunctions/core/clock'
import { policies } from '../../cloudfunctions/core/settings/policies'
import type { UserDoc } from '../../cloudfunctions/core/user/user.store'
import { wechatContext } from '../../local/wechat-context'
import { seedDemoData } from '../../local/seed'
import { buildActivityInput, hoursFromNow } from '../builders/activity'
import { activityProblems } from '../support/activity-invariants'
import { caller, expectError, expectOk } from '../support/call'
import { failingDb, InjectedCrash } from '../support/failing-db'
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
  // the sign-up's database calls after the access check: take the place, agenda, sign-up document, clear the record
  test.each([
    [1, 'before taking the place', 'nothing'],
    [2, 'after taking the place', 'undone'],
    [3, 'after the agenda', 'undone'],
    [4, 'after writing the sign-up', 'completed'],
  ])('when it dies before call %i (%s), then after recovery it is %s and counters equal the documents', async (crashAt, _where, outcome) => {
    const act = await published({ capacity: 1, waitlist: true, startAt: hoursFromNow(200 + crashAt * 10), endAt: hoursFromNow(202 + crashAt * 10), signUpDeadline: hoursFromNow(150) })
    const [first, second] = await addVolunteers(db(), 2, `crash${crashAt}`)
    const startedAt = new Date()
    const failing = failingDb(db(), crashAt)
    await expect(signUp(failing.db, act.activityId, await userDoc(first), startedAt)).rejects.toBeInstanceOf(InjectedCrash)

    // within the grace period the volunteer is told to wait, not that they signed up already
    const retry = await caller(activity, first)('signUp', { activityId: act.activityId })
    if (outcome === 'nothing') expectOk(retry)
    else if (outcome === 'undone') expect(expectError(retry).code).toBe('RATE_LIMITED')
    else expect(expectError(retry).code).toBe('ALREADY_EXISTS')

    const recovered = await runRecoveryTimer(new Date(startedAt.getTime() + GRACE_MS + 1000))
    expect(recovered).toEqual(expect.objectContaining({ recovered: outcome === 'nothing' ? 0 : 1 }))
    expect(await activityProblems(db(), act.activityId)).toEqual([])

    const mine = await signUpDoc(act.activityId, first)
    expect(mine?.status).toBe(outcome === 'undone' ? undefined : 'confirmed')
    if (outcome === 'undone') {
      // the place came back: the volunteer can act again and gets it
      expect(expectOk(await caller(activity, first)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('confirmed')
    }
    // one place, held once: the next volunteer is waitlisted
    expect(expectOk(await caller(activity, second)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('waitlisted')
    expect(await activityProblems(db(), act.activityId)).toEqual([])
  })

  // a waitlist ticket: drawn first when this instance saw the activity full (ticket, agenda, sign-up,
  // clear), or after the refused place (place, ticket, agenda, sign-up, clear)
  test.each([
    [true, 1, 'nothing'],
    [true, 2, 'undone'],
    [true, 3, 'undone'],
    [true, 4, 'completed'],
    [false, 2, 'nothing'],
    [false, 3, 'undone'],
    [false, 5, 'completed'],
  ])('when a waitlisted sign-up (seen full: %s) dies before call %i, then after recovery it is %s and counters equal the documents', async (seenFull, crashAt, outcome) => {
    const act = await published({ capacity: 1, waitlist: true, startAt: hoursFromNow(600 + crashAt * 10 + (seenFull ? 0 : 5)), endAt: hoursFromNow(602 + crashAt * 10 + (seenFull ? 0 : 5)), signUpDeadline: hoursFromNow(550) })
    const [holder, crashed, next] = await addVolunteers(db(), 3, `wcrash${seenFull ? 'm' : 'n'}${crashAt}`)
    expect(expectOk(await caller(activity, holder)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('confirmed')
    if (!seenFull) forgetFullActivities()
    const startedAt = new Date()
    const failing = failingDb(db(), crashAt)
    await expect(signUp(failing.db, act.activityId, await userDoc(crashed), startedAt)).rejects.toBeInstanceOf(InjectedCrash)

    const recovered = await runRecoveryTimer(new Date(startedAt.getTime() + GRACE_MS + 1000))
    expect(recovered).toEqual(expect.objectContaining({ recovered: outcome === 'nothing' ? 0 : 1 }))
    expect(await activityProblems(db(), act.activityId)).toEqual([])
    expect((await signUpDoc(act.activityId, crashed))?.status).toBe(outcome === 'completed' ? 'waitlisted' : undefined)

    // the crashed volunteer can act again (or is already on the waitlist), and the next one queues behind
    const again = await caller(activity, crashed)<SignUpReply & { signUp: { waitlistPosition: number | null } }>('signUp', { activityId: act.activityId })
    if (outcome === 'completed') expect(expectError(again).code).toBe('ALREADY_EXISTS')
    else expect(expectOk(again).signUp).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect(expectOk(await caller(activity, next)<SignUpReply & { signUp: { waitlistPosition: number | null } }>('signUp', { activityId: act.activityId })).signUp).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })
    expect(await activityProblems(db(), act.activityId)).toEqual([])
  })

  test('when a sign-up died after taking the place, then reading the activity after the grace period settles it', async () => {
    const act = await published({ capacity: 3, waitlist: false, startAt: hoursFromNow(300), endAt: hoursFromNow(302), signUpDeadline: hoursFromNow(250) })
    const [volunteer] = await addVolunteers(db(), 1, 'onread')
    const startedAt = new Date()
    await expect(signUp(failingDb(db(), 2).db, act.activityId, await userDoc(volunteer), startedAt)).rejects.toBeInstanceOf(InjectedCrash)
    expect((await db().collection('activities').doc(act.activityId).get()).data[0]).toMatchObject({ placesLeft: 2, inflightCount: 1 })

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
    await expect(signUp(failingDb(db(), 3).db, act.activityId, await userDoc(crashed), startedAt)).rejects.toBeInstanceOf(InjectedCrash)
    expect(expectOk(await caller(activity, waiting)<SignUpReply>('signUp', { activityId: act.activityId })).signUp.status).toBe('waitlisted')

    await runRecoveryTimer(new Date(startedAt.getTime() + GRACE_MS + 1000))
    expect((await signUpDoc(act.activityId, waiting)).status).toBe('confirmed')
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
