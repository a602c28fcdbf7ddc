import { main as activity } from '../../cloudfunctions/activity/index'
import type { ActivityView } from '../../cloudfunctions/core/activity/activity.schema'
import { cancelSignUp } from '../../cloudfunctions/core/activity/activity.store'
import { setClock } from '../../cloudfunctions/core/clock'
import { buildNotification, MAX_SEND_ATTEMPTS, retryDelayMs, type NotificationDoc } from '../../cloudfunctions/core/message/message.rules'
import { setTransport, SendFailure, type OutgoingMessage } from '../../cloudfunctions/core/message/transport'
import type { BookingView } from '../../cloudfunctions/core/ride/ride.rules'
import { main as message } from '../../cloudfunctions/message/index'
import { main as ride } from '../../cloudfunctions/ride/index'
import { main as wish } from '../../cloudfunctions/wish/index'
import { seedDemoData } from '../../local/seed'
import { wechatContext } from '../../local/wechat-context'
import { buildActivityInput, hoursFromNow } from '../builders/activity'
import { at as beijingAt, buildBookingInput } from '../builders/ride'
import { buildWishInput } from '../builders/wish'
import { caller, expectOk } from '../support/call'
import { failingDb, InjectedCrash } from '../support/failing-db'
import { startTestCloudbase } from '../support/local-cloudbase'
import { addVolunteers } from '../support/people'

/** The sender (retries, dead letter, subscriptions), the reminders, and a crash in the middle of a promotion. */
let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
const staff = () => caller(activity, 'demo-org-staff')
const timer = (name: 'send' | 'remind') => message({ Type: 'Timer', TriggerName: name }, wechatContext({ openid: null }))

beforeAll(async () => {
  stack = await startTestCloudbase()
  await seedDemoData(db())
})
afterAll(async () => {
  await stack.close()
})

const undo: (() => void)[] = []
afterEach(() => {
  while (undo.length) undo.pop()?.()
})
function clockAt(at: string | Date) {
  const instant = new Date(at)
  undo.push(setClock(() => instant))
}

let seq = 0
/** A pending notification for a fresh person, written straight to the outbox. */
async function pendingNotification(kind: NotificationDoc['kind'] = 'wish.approved'): Promise<NotificationDoc> {
  const openid = `sender-${Date.now().toString(36)}-${++seq}`
  const doc = buildNotification({ kind, openid, subjectId: `wish-${seq}`, params: { wishId: `wish-${seq}`, wishTitle: '一个新书包' } }, new Date(Date.now() - 1000).toISOString())
  await db().collection('notifications').add(doc)
  return doc
}
const stored = async (id: string) => (await db().collection('notifications').doc(id).get()).data[0] as NotificationDoc
const subscribe = (openid: string, templateIds = ['local-tpl-wish']) => caller(message, openid)('subscribe', { templateIds })

describe('the sender', () => {
  test('when the person subscribed, then the local transport records what it would send on the notification, and the grant is used up', async () => {
    const doc = await pendingNotification()
    expectOk(await subscribe(doc.openid))
    expectOk(await timer('send'))
    const sent = await stored(doc._id)
    expect(sent).toMatchObject({
      sendState: 'sent',
      sendAttempts: 1,
      grantTaken: true,
      delivery: {
        to: doc.openid,
        templateId: 'local-tpl-wish',
        page: `packages/wish/detail/index?wishId=${doc.params.wishId}`,
        data: { thing1: { value: '一个新书包' }, thing2: { value: '心愿审核通过' } },
      },
    })
    expect(sent.delivery?.sentAt).toEqual(expect.any(String))
    expect((await db().collection('message_subscriptions').doc(`${doc.openid}:local-tpl-wish`).get()).data[0].count).toBe(0)
    // a second notification finds no grant left: it stays an in-app message
    const next = await pendingNotification()
    await db().collection('notifications').doc(next._id).update({ openid: doc.openid })
    expectOk(await timer('send'))
    expect(await stored(next._id)).toMatchObject({ sendState: 'unsubscribed', delivery: null })
  })

  test('when the person never subscribed, then nothing is pushed and the message is still in 消息', async () => {
    const doc = await pendingNotification()
    expectOk(await timer('send'))
    expect(await stored(doc._id)).toMatchObject({ sendState: 'unsubscribed', sendAttempts: 0, delivery: null })
    const { items } = expectOk(await caller(message, doc.openid)<{ items: { messageId: string }[] }>('list'))
    expect(items.map((m) => m.messageId)).toEqual([doc._id])
  })

  test('when the transport keeps failing, then each try is recorded, retried after a doubling backoff, and dead-lettered after the last; the grant is used once', async () => {
    const doc = await pendingNotification()
    expectOk(await subscribe(doc.openid))
    const tries: OutgoingMessage[] = []
    undo.push(setTransport({ name: 'failing', send: async (m) => { tries.push(m); throw new Error('errcode 45009: reach max api daily quota limit') } }))

    let now = Date.now()
    for (let attempt = 1; attempt <= MAX_SEND_ATTEMPTS; attempt++) {
      clockAt(new Date(now))
      expectOk(await timer('send'))
      const after = await stored(doc._id)
      expect(after.sendAttempts).toBe(attempt)
      expect(after.sendError).toContain('45009')
      if (attempt < MAX_SEND_ATTEMPTS) {
        expect(after.sendState).toBe('pending')
        expect(new Date(after.sendAfter).getTime() - now).toBe(retryDelayMs(attempt))
        // not due yet: a run just before the backoff ends leaves it alone
        clockAt(new Date(now + retryDelayMs(attempt) - 1000))
        expectOk(await timer('send'))
        expect((await stored(doc._id)).sendAttempts).toBe(attempt)
        now += retryDelayMs(attempt)
      } else {
        expect(after.sendState).toBe('dead')
      }
    }
    expect(tries).toHaveLength(MAX_SEND_ATTEMPTS)
    expect(retryDelayMs(1) * 2).toBe(retryDelayMs(2))
    clockAt(new Date(now + 24 * 3600_000))
    expectOk(await timer('send'))
    expect(tries).toHaveLength(MAX_SEND_ATTEMPTS) // a dead letter is never tried again
    expect((await db().collection('message_subscriptions').doc(`${doc.openid}:local-tpl-wish`).get()).data[0].count).toBe(0)
  })

  test('when WeChat refuses for good (43101: no subscription), then it is dead-lettered at once', async () => {
    const doc = await pendingNotification()
    expectOk(await subscribe(doc.openid))
    undo.push(setTransport({ name: 'refusing', send: async () => { throw new SendFailure('wechat 43101: user refuse to accept the msg', true) } }))
    expectOk(await timer('send'))
    expect(await stored(doc._id)).toMatchObject({ sendState: 'dead', sendAttempts: 1, sendError: 'wechat 43101: user refuse to accept the msg' })
  })

  test('when two sender runs overlap, then each notification is sent once', async () => {
    const docs = await Promise.all([1, 2, 3].map(() => pendingNotification()))
    for (const d of docs) expectOk(await subscribe(d.openid))
    const sent: string[] = []
    undo.push(setTransport({ name: 'counting', send: async (m) => { sent.push(m.to) } }))
    await Promise.all([timer('send'), timer('send'), timer('send')])
    expect(sent.filter((to) => docs.some((d) => d.openid === to)).sort()).toEqual(docs.map((d) => d.openid).sort())
  })
})

describe('reminders', () => {
  test('when the timer runs again and again, then the activity, ride and claim reminders are each written once', async () => {
    // an activity tomorrow with two confirmed volunteers
    const act = expectOk(await staff()<{ activity: ActivityView }>('create', buildActivityInput('org-volunteer-centre', { title: '明天的敬老活动', startAt: hoursFromNow(30), endAt: hoursFromNow(33), signUpDeadline: hoursFromNow(20) }))).activity
    expectOk(await staff()('publish', { activityId: act.activityId }))
    const volunteers = await addVolunteers(db(), 2, 'remind-act')
    for (const v of volunteers) expectOk(await caller(activity, v)('signUp', { activityId: act.activityId }))

    // a wish claim ending in 20 hours
    const submitter = `remind-submitter-${Date.now()}`
    const { wish: w } = expectOk(await caller(wish, submitter)<{ wish: { wishId: string } }>('create', buildWishInput({ title: '想要一把轮椅' })))
    expectOk(await caller(wish, 'demo-platform-admin')('review', { wishId: w.wishId, approve: true }))
    const [claimer] = (await addVolunteers(db(), 1, 'remind-claim')) as [string]
    expectOk(await caller(wish, claimer)('claim', { wishId: w.wishId }))
    const claimedAt = Date.now()

    clockAt(new Date(claimedAt + 7 * 24 * 3600_000 - 20 * 3600_000))
    // the activity is no longer tomorrow at that moment: its reminder is checked in a run of its own below
    expectOk(await timer('remind'))
    expectOk(await timer('remind'))
    const claimReminders = (await db().collection('notifications').where({ openid: claimer, kind: 'reminder.wishClaim' }).get()).data
    expect(claimReminders).toHaveLength(1)
    expect(claimReminders[0].body).toMatch(/^你认领的心愿“想要一把轮椅”将于\d+月\d+日 \d\d:\d\d到期，请尽快完成并上传照片。$/)
    undo.pop()?.()

    // today is the day before the activity (the same time of day, a day earlier: whatever the hour now)
    clockAt(new Date(Date.parse(act.startAt) - 24 * 3600_000))
    const results = [expectOk(await timer('remind')), expectOk(await timer('remind'))] as { activity: number }[]
    expect(results[1]?.activity).toBe(0)
    for (const v of volunteers) {
      const reminders = (await db().collection('notifications').where({ openid: v, kind: 'reminder.activity' }).get()).data
      expect(reminders).toHaveLength(1)
      expect(reminders[0].body).toContain('提醒：你报名的“明天的敬老活动”将于')
    }
  })

  test('when tomorrow has more confirmed volunteers than one page of a query, then every one of them is reminded once', async () => {
    // two activities tomorrow with 520 confirmed sign-ups between them, written straight to the database
    const acts: ActivityView[] = []
    for (const title of ['明天的大型义诊', '明天的清洁家园']) {
      const created = expectOk(await staff()<{ activity: ActivityView }>('create', buildActivityInput('org-volunteer-centre', { title, startAt: hoursFromNow(31), endAt: hoursFromNow(34), signUpDeadline: hoursFromNow(20), capacity: 500 }))).activity
      expectOk(await staff()('publish', { activityId: created.activityId }))
      acts.push(created)
    }
    const openids = Array.from({ length: 520 }, (_, i) => `remind-crowd-${Date.now().toString(36)}-${i}`)
    for (let i = 0; i < openids.length; i += 40) {
      await Promise.all(
        openids.slice(i, i + 40).map((openid, j) =>
          db().collection('activity_signups').doc(`${acts[(i + j) % 2]!.activityId}:${openid}`).set({
            activityId: acts[(i + j) % 2]!.activityId, openid, status: 'confirmed', createdAt: new Date(Date.now() - 1000 + i + j).toISOString(), updatedAt: new Date().toISOString(),
          }),
        ),
      )
    }
    // the day before the activities (the same time of day, a day earlier: whatever the hour now)
    clockAt(new Date(Date.parse(acts[0]!.startAt) - 24 * 3600_000))
    expectOk(await timer('remind'))
    const { total } = await db().collection('notifications').where({ kind: 'reminder.activity', openid: db().command.in(openids) }).count()
    expect(total).toBe(520)
    // the last of the crowd, past the first page of 500, is reminded of the right activity
    const last = (await db().collection('notifications').where({ kind: 'reminder.activity', openid: openids[519] }).get()).data
    expect(last).toHaveLength(1)
    expect(last[0].body).toContain('明天的清洁家园')
  })

  test('when an exam ride is tomorrow, then the booker is reminded once with driver, plate and pickup time', async () => {
    clockAt('2027-06-01T10:00:00+08:00')
    const booker = `remind-booker-${Date.now()}`
    const { booking } = expectOk(await caller(ride, booker)<{ booking: BookingView }>('book', buildBookingInput('ses-demo-gaokao-2027', 'site-lingxi-high', { studentName: '李明轩', pickupAt: beijingAt('2027-06-09', '06:50'), date: '2027-06-09' })))
    expectOk(await caller(ride, 'demo-driver')('accept', { bookingId: booking.bookingId }))
    undo.pop()?.()
    clockAt('2027-06-08T18:00:00+08:00')
    expectOk(await timer('remind'))
    expectOk(await timer('remind'))
    const reminders = (await db().collection('notifications').where({ openid: booker, kind: 'reminder.ride' }).get()).data
    expect(reminders).toHaveLength(1)
    expect(reminders[0].body).toMatch(/^提醒：李明轩明天的送考，司机.+，车牌浙C\w+，接送时间6月9日 06:50，地点灵溪镇城东社区建兴东路12号。$/)
  })
})

/**
 * The real database, except that inside transactions the document call numbered `crashAt` (1-based,
 * counted across the transaction's reads and writes) throws: a function dying half-way through the
 * transaction's body, after some of its writes were sent.
 */
function crashingInsideTransactions(real: ReturnType<typeof db>, crashAt: number) {
  let calls = 0
  const step = <T>(run: () => Promise<T>) => (++calls >= crashAt ? Promise.reject(new InjectedCrash(calls)) : run())
  const wrapTx = (tx: { collection: (name: string) => { doc: (id: string) => Record<string, (...a: unknown[]) => Promise<unknown>>; add: (d: object) => Promise<unknown> } }) => ({
    collection: (name: string) => {
      const col = tx.collection(name)
      return {
        ...col,
        add: (d: object) => step(() => col.add(d)),
        doc: (id: string) => {
          const ref = col.doc(id)
          return { get: () => step(() => ref.get!()), set: (d: unknown) => step(() => ref.set!(d)), update: (d: unknown) => step(() => ref.update!(d)), remove: () => step(() => ref.remove!()) }
        },
      }
    },
  })
  return new Proxy(real, {
    get(obj, prop, receiver) {
      if (prop === 'runTransaction') return (work: (tx: never) => Promise<unknown>, times?: number) => obj.runTransaction((tx: unknown) => work(wrapTx(tx as never) as never), times as never)
      const value = Reflect.get(obj, prop, receiver)
      return typeof value === 'function' ? value.bind(obj) : value
    },
  })
}

describe('a crash in the middle of a promotion', () => {
  jest.setTimeout(120_000)
  test('when the promotion transaction dies before each of its reads and writes, then the promotion and its 候补成功 land together or not at all, and a retry tells once', async () => {
    let completed = false
    for (let crashAt = 1; crashAt <= 30 && !completed; crashAt++) {
      const act = expectOk(await staff()<{ activity: ActivityView }>('create', buildActivityInput('org-volunteer-centre', { capacity: 1, startAt: hoursFromNow(900 + crashAt), endAt: hoursFromNow(901 + crashAt), signUpDeadline: hoursFromNow(700) }))).activity
      expectOk(await staff()('publish', { activityId: act.activityId }))
      const [holder, waiting] = (await addVolunteers(db(), 2, `txcrash-${crashAt}`)) as [string, string]
      expectOk(await caller(activity, holder)('signUp', { activityId: act.activityId }))
      expectOk(await caller(activity, waiting)('signUp', { activityId: act.activityId }))

      const crashed = await cancelSignUp(crashingInsideTransactions(db(), crashAt), act.activityId, holder, new Date()).then(() => false, (error: unknown) => {
        if (!(error instanceof InjectedCrash)) throw error
        return true
      })
      completed = !crashed
      const state = async () => ({
        holder: (await db().collection('activity_signups').doc(`${act.activityId}:${holder}`).get()).data[0].status,
        waiting: (await db().collection('activity_signups').doc(`${act.activityId}:${waiting}`).get()).data[0].status,
        told: (await db().collection('notifications').where({ openid: waiting, kind: 'activity.promoted' }).get()).data.length,
      })
      // all or nothing: a crash leaves the cancellation, the promotion and the message all undone
      expect({ crashAt, ...(await state()) }).toEqual(crashed ? { crashAt, holder: 'confirmed', waiting: 'waitlisted', told: 0 } : { crashAt, holder: 'cancelled', waiting: 'confirmed', told: 1 })
      if (crashed) {
        // the volunteer taps again: one promotion, one message
        expectOk(await caller(activity, holder)('cancelSignUp', { activityId: act.activityId }))
        expect(await state()).toEqual({ holder: 'cancelled', waiting: 'confirmed', told: 1 })
      }
    }
    expect(completed).toBe(true)
  })

  test('when cancelling is cut off before each database call, then the promotion and its 候补成功 land together or not at all', async () => {
    const crashes: number[] = []
    for (let crashAt = 1; crashAt <= 20; crashAt++) {
      const act = expectOk(await staff()<{ activity: ActivityView }>('create', buildActivityInput('org-volunteer-centre', { capacity: 1, startAt: hoursFromNow(800 + crashAt), endAt: hoursFromNow(801 + crashAt), signUpDeadline: hoursFromNow(700) }))).activity
      expectOk(await staff()('publish', { activityId: act.activityId }))
      const [holder, waiting] = (await addVolunteers(db(), 2, `crash-${crashAt}`)) as [string, string]
      expectOk(await caller(activity, holder)('signUp', { activityId: act.activityId }))
      expectOk(await caller(activity, waiting)('signUp', { activityId: act.activityId }))

      const failing = failingDb(db(), crashAt)
      const outcome = await cancelSignUp(failing.db, act.activityId, holder, new Date()).then(() => 'done', (error: unknown) => {
        if (!(error instanceof InjectedCrash)) throw error
        return 'crashed'
      })
      if (outcome === 'crashed') crashes.push(crashAt)
      const promoted = (await db().collection('activity_signups').doc(`${act.activityId}:${waiting}`).get()).data[0].status === 'confirmed'
      const told = (await db().collection('notifications').where({ openid: waiting, kind: 'activity.promoted' }).get()).data.length
      expect({ crashAt, promoted, told }).toEqual({ crashAt, promoted, told: promoted ? 1 : 0 })
      if (outcome === 'done') break
    }
    expect(crashes.length).toBeGreaterThan(2) // the crash points covered the transaction's calls
  })
})
