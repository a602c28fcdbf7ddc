import { main as activity } from '../../cloudfunctions/activity/index'
import { main as aid } from '../../cloudfunctions/aid/index'
import { newAidDataKey } from '../../cloudfunctions/core/aid/aid-crypto'
import type { ActivityView } from '../../cloudfunctions/core/activity/activity.schema'
import { setClock } from '../../cloudfunctions/core/clock'
import type { MessageView } from '../../cloudfunctions/core/message/message.schema'
import type { NotificationDoc } from '../../cloudfunctions/core/message/message.rules'
import type { Page } from '../../cloudfunctions/core/org/org.schema'
import type { BookingView } from '../../cloudfunctions/core/ride/ride.rules'
import { main as message } from '../../cloudfunctions/message/index'
import { main as org } from '../../cloudfunctions/org/index'
import { main as ride } from '../../cloudfunctions/ride/index'
import { main as user } from '../../cloudfunctions/user/index'
import { main as wish } from '../../cloudfunctions/wish/index'
import { DEMO_AID_PROGRAM_ID, seedDemoData } from '../../local/seed'
import { wechatContext } from '../../local/wechat-context'
import { buildActivityInput, hoursFromNow } from '../builders/activity'
import { buildApplyInput } from '../builders/aid'
import { buildOrgRegistration, nextCreditCode } from '../builders/org'
import { at as beijingAt, buildBookingInput, buildDriverRegistration } from '../builders/ride'
import { buildWishInput } from '../builders/wish'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'
import { addVolunteers } from '../support/people'

/**
 * The outbox (消息): each event writes exactly one notification, to the right person, with the right
 * text, in the same commit as its change; the message function lists and marks them.
 */
process.env.AID_DATA_KEY ??= newAidDataKey()

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
const CENTRE = 'org-volunteer-centre' // staff: demo-org-staff
const staff = () => caller(activity, 'demo-org-staff')

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
function clockAt(at: string | Date) {
  restoreClock?.()
  const instant = new Date(at)
  restoreClock = setClock(() => instant)
}

/** Every notification of one person (any kind, or one kind), straight from the outbox. */
async function outbox(openid: string, kind?: string): Promise<NotificationDoc[]> {
  const { data } = await db().collection('notifications').where({ openid, ...(kind ? { kind } : {}) }).limit(1000).get()
  return data as NotificationDoc[]
}
const inbox = (openid: string) => caller(message, openid)

async function published(overrides: Record<string, unknown> = {}): Promise<ActivityView> {
  const { activity: draft } = expectOk(await staff()<{ activity: ActivityView }>('create', buildActivityInput(CENTRE, overrides)))
  return expectOk(await staff()<{ activity: ActivityView }>('publish', { activityId: draft.activityId })).activity
}
const signUp = (openid: string, activityId: string) => caller(activity, openid)<{ signUp: { status: string } }>('signUp', { activityId })

describe('message.list / unread / markRead', () => {
  test('when a person has messages, then list gives them newest first in pages, unread counts them and markRead marks one, then all', async () => {
    const [volunteer] = await addVolunteers(db(), 1, 'msg-list')
    const me = volunteer as string
    // three confirmed sign-ups, a minute apart
    for (let i = 0; i < 3; i++) {
      clockAt(new Date(Date.now() + i * 60_000))
      const act = await published({ title: `列表测试活动${i}`, startAt: hoursFromNow(100 + i * 10), endAt: hoursFromNow(102 + i * 10), signUpDeadline: hoursFromNow(90) })
      expectOk(await signUp(me, act.activityId))
    }
    restoreClock?.()
    restoreClock = null

    const first = expectOk(await inbox(me)<Page<MessageView>>('list', { limit: 2 }))
    expect(first.items.map((m) => m.body.match(/列表测试活动\d/)?.[0])).toEqual(['列表测试活动2', '列表测试活动1'])
    expect(first.items[0]).toMatchObject({ kind: 'activity.confirmed', title: '报名成功', readAt: null, link: { page: '/packages/activity/detail/index' } })
    expect(first.items[0]?.createdAt).toMatch(/\+08:00$/)
    const second = expectOk(await inbox(me)<Page<MessageView>>('list', { limit: 2, cursor: first.nextCursor }))
    expect(second.items.map((m) => m.body.match(/列表测试活动\d/)?.[0])).toEqual(['列表测试活动0'])
    expect(second.nextCursor).toBeNull()
    expect(expectOk(await inbox(me)<{ count: number }>('unread')).count).toBe(3)

    expect(expectOk(await inbox(me)<{ updated: number }>('markRead', { messageIds: [first.items[0]?.messageId] })).updated).toBe(1)
    expect(expectOk(await inbox(me)<{ count: number }>('unread')).count).toBe(2)
    const unreadOnly = expectOk(await inbox(me)<Page<MessageView>>('list', { unreadOnly: true }))
    expect(unreadOnly.items).toHaveLength(2)
    expect(expectOk(await inbox(me)<{ updated: number }>('markRead', {})).updated).toBe(2)
    expect(expectOk(await inbox(me)<{ count: number }>('unread')).count).toBe(0)
    expect(expectOk(await inbox(me)<{ updated: number }>('markRead', {})).updated).toBe(0)
  })

  test("when someone marks another person's message read, then nothing changes", async () => {
    const [owner, other] = (await addVolunteers(db(), 2, 'msg-other')) as [string, string]
    const act = await published({ startAt: hoursFromNow(300), endAt: hoursFromNow(302), signUpDeadline: hoursFromNow(290) })
    expectOk(await signUp(owner, act.activityId))
    const [mine] = await outbox(owner)
    expect(expectOk(await inbox(other)<{ updated: number }>('markRead', { messageIds: [mine?._id] })).updated).toBe(0)
    expect((await outbox(owner))[0]?.readAt).toBeNull()
  })

  test('when input is bad, then INVALID_ARGUMENT names the field; anonymous callers are UNAUTHENTICATED', async () => {
    expect(expectError(await inbox('someone')('markRead', { messageIds: [] }))).toMatchObject({ code: 'INVALID_ARGUMENT', fields: [{ path: 'messageIds' }] })
    expect(expectError(await inbox('someone')('list', { limit: 99 }))).toMatchObject({ code: 'INVALID_ARGUMENT', fields: [{ path: 'limit' }] })
    expect(expectError(await inbox('someone')('subscribe', { templateIds: ['not-a-template'] }))).toMatchObject({ code: 'INVALID_ARGUMENT', fields: [{ path: 'templateIds.0' }] })
    expect(expectError(await caller(message, null)('unread')).code).toBe('UNAUTHENTICATED')
  })
})

describe('activity events', () => {
  test('when a volunteer signs up, is promoted, the activity changes and is cancelled, then each step writes exactly one message to the right person', async () => {
    const [holder, waiting] = (await addVolunteers(db(), 2, 'msg-act')) as [string, string]
    const act = await published({ title: '钱库镇河道清理', capacity: 1, waitlist: true, startAt: hoursFromNow(400), endAt: hoursFromNow(403), signUpDeadline: hoursFromNow(390) })
    expect(expectOk(await signUp(holder, act.activityId)).signUp.status).toBe('confirmed')
    expect(expectOk(await signUp(waiting, act.activityId)).signUp.status).toBe('waitlisted')
    expect((await outbox(holder, 'activity.confirmed')).map((n) => n.title)).toEqual(['报名成功'])
    expect(await outbox(waiting)).toEqual([]) // a waitlist ticket is no news yet

    expectOk(await caller(activity, holder)('cancelSignUp', { activityId: act.activityId }))
    const promoted = await outbox(waiting, 'activity.promoted')
    expect(promoted).toHaveLength(1)
    expect(promoted[0]).toMatchObject({ title: '候补成功', link: { page: '/packages/activity/detail/index', params: { activityId: act.activityId } } })
    expect(promoted[0]?.body).toContain('你已从候补转为正式报名“钱库镇河道清理”')
    expect(await outbox(holder, 'activity.promoted')).toEqual([])

    expectOk(await staff()('update', { activityId: act.activityId, township: '钱库镇', address: '钱库镇新安村河埠头' }))
    const changed = await outbox(waiting, 'activity.changed')
    expect(changed).toHaveLength(1)
    expect(changed[0]?.body).toContain('地点钱库镇新安村河埠头')
    expect(await outbox(holder, 'activity.changed')).toEqual([]) // they had cancelled
    // a change volunteers do not come for (capacity) tells nobody
    expectOk(await staff()('update', { activityId: act.activityId, capacity: 5 }))
    expect(await outbox(waiting, 'activity.changed')).toHaveLength(1)

    expectOk(await staff()('cancel', { activityId: act.activityId, reason: '台风预警' }))
    const cancelled = await outbox(waiting, 'activity.cancelled')
    expect(cancelled).toHaveLength(1)
    expect(cancelled[0]?.body).toBe(`你报名的活动“钱库镇河道清理”（${cancelled[0]?.params.startAt}）已取消。原因：台风预警`)
    expect((await db().collection('activities').doc(act.activityId).get()).data[0]).toMatchObject({ noticePending: false, noticeKind: 'activity.cancelled' })
  })

  test('when a fan-out was cut short (noticePending left behind), then the recovery timer tells the rest and nobody twice', async () => {
    const volunteers = await addVolunteers(db(), 5, 'msg-fanout')
    const act = await published({ startAt: hoursFromNow(500), endAt: hoursFromNow(502), signUpDeadline: hoursFromNow(490) })
    for (const v of volunteers) expectOk(await signUp(v, act.activityId))
    expectOk(await staff()('update', { activityId: act.activityId, title: '改名后的活动' }))
    // as if the call had died after telling two of them: the rest's messages are gone, the marker is back
    const told = await db().collection('notifications').where({ kind: 'activity.changed', 'params.activityId': act.activityId }).get()
    expect(told.data).toHaveLength(5)
    for (const n of told.data.slice(2)) await db().collection('notifications').doc(n._id).remove()
    await db().collection('activities').doc(act.activityId).update({ noticePending: true })

    expectOk(await caller(activity, null)('recover'))
    for (const v of volunteers) expect(await outbox(v, 'activity.changed')).toHaveLength(1)
    expect((await db().collection('activities').doc(act.activityId).get()).data[0].noticePending).toBe(false)
  })

  test('when staff confirm hours and then correct them, then the volunteer hears 时长已确认 once and 时长已更正 once', async () => {
    const [volunteer] = (await addVolunteers(db(), 1, 'msg-hours')) as [string]
    const act = await published({ title: '宜山镇垃圾分类宣传', startAt: hoursFromNow(30), endAt: hoursFromNow(33), signUpDeadline: hoursFromNow(20) })
    expectOk(await signUp(volunteer, act.activityId))
    clockAt(hoursFromNow(40))
    expectOk(await staff()('confirmHours', { activityId: act.activityId, entries: [{ openid: volunteer, minutes: 150, note: '现场核对' }] }))
    expectOk(await staff()('confirmHours', { activityId: act.activityId })) // again, nothing new: no message
    expectOk(await staff()('confirmHours', { activityId: act.activityId, entries: [{ openid: volunteer, minutes: 180, note: '补记签退' }] }))
    const confirmed = await outbox(volunteer, 'hours.confirmed')
    const corrected = await outbox(volunteer, 'hours.corrected')
    expect(confirmed.map((n) => n.body)).toEqual(['“宜山镇垃圾分类宣传”的志愿服务时长已确认：2.5小时。'])
    expect(corrected.map((n) => n.body)).toEqual(['“宜山镇垃圾分类宣传”的志愿服务时长已由2.5小时更正为3小时。说明：补记签退'])
  })
})

describe('sign-up under concurrency', () => {
  jest.setTimeout(180_000)
  test('when 200 volunteers sign up for 20 places with a waitlist and 20 cancel, ten at once, then each promoted volunteer gets exactly one 候补成功 and nobody else does', async () => {
    const act = await published({ capacity: 20, waitlist: true, startAt: hoursFromNow(700), endAt: hoursFromNow(702), signUpDeadline: hoursFromNow(690) })
    const volunteers = await addVolunteers(db(), 200, 'msg-crowd')
    const replies = await Promise.all(volunteers.map((openid) => signUp(openid, act.activityId)))
    const statuses = replies.map((r) => expectOk(r).signUp.status)
    const confirmed = volunteers.filter((_, i) => statuses[i] === 'confirmed')
    expect(confirmed).toHaveLength(20)

    // two waves of ten at once (as many as the activity tests put on one activity's transactions at a time)
    for (const wave of [confirmed.slice(0, 10), confirmed.slice(10)]) {
      const cancels = await Promise.all(wave.map((openid) => caller(activity, openid)<{ promoted: number }>('cancelSignUp', { activityId: act.activityId })))
      expect(cancels.map((r) => expectOk(r).promoted)).toEqual(Array(10).fill(1))
    }

    const { data: signUps } = await db().collection('activity_signups').where({ activityId: act.activityId, promotedAt: db().command.neq(null) }).limit(1000).get()
    expect(signUps).toHaveLength(20)
    const { data: messages } = await db().collection('notifications').where({ kind: 'activity.promoted', 'params.activityId': act.activityId }).limit(1000).get()
    expect(messages).toHaveLength(20)
    expect(messages.map((m) => m.openid).sort()).toEqual(signUps.map((s) => s.openid).sort())
    expect(messages.every((m) => m.title === '候补成功')).toBe(true)
    const { data: confirmations } = await db().collection('notifications').where({ kind: 'activity.confirmed', 'params.activityId': act.activityId }).limit(1000).get()
    expect(confirmations.map((m) => m.openid).sort()).toEqual([...confirmed].sort())
  })
})

describe('wish events', () => {
  const DAY = 24 * 3600_000
  test('when a wish is approved, claimed, released, claimed again, fulfilled; another rejected; a third expires — then each step tells its person once', async () => {
    const submitter = `msg-wish-submitter-${Date.now()}`
    const [claimer, second] = (await addVolunteers(db(), 2, 'msg-wish')) as [string, string]
    const { wish: created } = expectOk(await caller(wish, submitter)<{ wish: { wishId: string } }>('create', buildWishInput({ title: '想要一床厚棉被' })))
    const wishId = created.wishId
    expectOk(await caller(wish, 'demo-platform-admin')('review', { wishId, approve: true }))
    expect((await outbox(submitter, 'wish.approved')).map((n) => n.body)).toEqual(['你提交的心愿“想要一床厚棉被”已通过审核，已在心愿墙展示。'])

    expectOk(await caller(wish, claimer)('claim', { wishId }))
    expectOk(await caller(wish, claimer)('release', { wishId }))
    expectOk(await caller(wish, second)('claim', { wishId }))
    expect(await outbox(submitter, 'wish.claimed')).toHaveLength(2)
    expect(await outbox(submitter, 'wish.released')).toHaveLength(1)
    const { fileID } = await stack.app.uploadFile({ cloudPath: `wishes/${wishId}/${second}/photo.jpg`, fileContent: Buffer.from('jpeg') })
    expectOk(await caller(wish, second)('fulfil', { wishId, note: '已送到老人家中', photoFileIds: [fileID] }))
    expect((await outbox(submitter, 'wish.fulfilled')).map((n) => n.link)).toEqual([{ page: '/packages/wish/detail/index', params: { wishId } }])
    expect(await outbox(claimer)).toEqual([]) // claimers are not told of their own steps

    const { wish: other } = expectOk(await caller(wish, submitter)<{ wish: { wishId: string } }>('create', buildWishInput({ title: '想要一台收音机' })))
    expectOk(await caller(wish, 'demo-platform-admin')('review', { wishId: other.wishId, approve: false, reason: '请补充受助人情况，联系13857700123' }))
    const rejected = await outbox(submitter, 'wish.rejected')
    expect(rejected).toHaveLength(1)
    expect(rejected[0]?.body).not.toContain('13857700123') // no phone number in a message, even one typed into a reason

    const { wish: third } = expectOk(await caller(wish, submitter)<{ wish: { wishId: string } }>('create', buildWishInput({ title: '想要一双棉鞋' })))
    expectOk(await caller(wish, 'demo-platform-admin')('review', { wishId: third.wishId, approve: true }))
    expectOk(await caller(wish, claimer)('claim', { wishId: third.wishId }))
    clockAt(new Date(Date.now() + 8 * DAY))
    expectOk(await wish({ Type: 'Timer', TriggerName: 'expireClaims' }, wechatContext({ openid: null })))
    expectOk(await wish({ Type: 'Timer', TriggerName: 'expireClaims' }, wechatContext({ openid: null })))
    expect((await outbox(claimer, 'wish.expired')).map((n) => n.body)).toEqual(['你认领的心愿“想要一双棉鞋”已超过认领期限，已重新回到心愿墙'])
  })
})

describe('organization events', () => {
  test('when the platform verifies one organization and rejects another, and someone joins with an invite, then the registrant and the inviter are told', async () => {
    const founder = `msg-founder-${Date.now()}`
    const { org: pending } = expectOk(await caller(org, founder)<{ org: { orgId: string } }>('register', buildOrgRegistration({ creditCode: nextCreditCode(), name: '苍南县消息测试协会' })))
    expectOk(await caller(org, 'demo-platform-admin')('verify', { orgId: pending.orgId, approve: true }))
    expect((await outbox(founder, 'org.verified')).map((n) => n.body)).toEqual(['“苍南县消息测试协会”已通过认证，现在可以发布活动、开展服务。'])
    expectError(await caller(org, 'demo-platform-admin')('verify', { orgId: pending.orgId, approve: false, reason: '重复' }))
    expect(await outbox(founder, 'org.rejected')).toEqual([])

    const other = `msg-founder-b-${Date.now()}`
    const { org: refused } = expectOk(await caller(org, other)<{ org: { orgId: string } }>('register', buildOrgRegistration({ creditCode: nextCreditCode(), name: '苍南县另一个协会' })))
    expectOk(await caller(org, 'demo-platform-admin')('verify', { orgId: refused.orgId, approve: false, reason: '材料不全' }))
    expect((await outbox(other, 'org.rejected')).map((n) => n.body)).toEqual(['“苍南县另一个协会”的认证未通过。原因：材料不全'])

    const { inviteCode } = expectOk(await caller(org, founder)<{ inviteCode: string }>('createInvite', { orgId: pending.orgId, role: 'staff' }))
    const joiner = `msg-joiner-${Date.now()}`
    expectOk(await caller(user, joiner)('updateProfile', { nickname: '小林' }))
    expectOk(await caller(user, joiner)('joinOrg', { inviteCode }))
    expect((await outbox(founder, 'org.joined')).map((n) => n.body)).toEqual(['小林已通过邀请码加入“苍南县消息测试协会”，身份：工作人员。'])
    expect(await outbox(joiner)).toEqual([])
  })
})

describe('ride events', () => {
  const IN_WINDOW = '2027-06-01T10:00:00+08:00'
  test('when a driver is approved, a booking assigned, completed, and another cancelled, then driver and booker each hear their part', async () => {
    clockAt(IN_WINDOW)
    const [driverPerson] = (await addVolunteers(db(), 1, 'msg-driver')) as [string]
    const { driver } = expectOk(await caller(ride, driverPerson)<{ driver: { driverId: string } }>('registerDriver', buildDriverRegistration({ realName: '林师傅', plateNo: '浙C6M618' })))
    expectOk(await caller(ride, 'demo-driver')('approveDriver', { driverId: driver.driverId, approve: true }))
    expect((await outbox(driverPerson, 'ride.driverApproved')).map((n) => n.body)).toEqual(['你在“苍南县爱心送考车队”的爱心送考司机登记已通过审核（浙C6M618），可以接单了。'])

    const booker = `msg-booker-${Date.now()}`
    const input = buildBookingInput('ses-demo-gaokao-2027', 'site-cangnan-high', { pickupAt: beijingAt('2027-06-07', '06:40') })
    const { booking } = expectOk(await caller(ride, booker)<{ booking: BookingView }>('book', input))
    expectOk(await caller(ride, 'demo-driver')('assign', { bookingId: booking.bookingId, driverId: driver.driverId }))
    const assigned = await outbox(booker, 'ride.assigned')
    expect(assigned.map((n) => n.body)).toEqual(['陈思远6月7日送考的送考已安排：司机林师傅，车牌浙C6M618，接送时间6月7日 06:40。'])
    expect(assigned[0]?.body).not.toMatch(/1[3-9]\d{9}/)

    clockAt('2027-06-07T06:45:00+08:00')
    expectOk(await caller(ride, driverPerson)('updateTrip', { bookingId: booking.bookingId, status: 'picked_up' }))
    expectOk(await caller(ride, driverPerson)('updateTrip', { bookingId: booking.bookingId, status: 'completed' }))
    expect((await outbox(booker, 'ride.completed')).map((n) => n.body)).toEqual(['陈思远已于6月7日 06:45送达苍南中学，祝考试顺利！'])

    clockAt(IN_WINDOW)
    const { booking: later } = expectOk(await caller(ride, booker)<{ booking: BookingView }>('book', buildBookingInput('ses-demo-gaokao-2027', 'site-cangnan-high', { date: '2027-06-08', pickupAt: beijingAt('2027-06-08', '07:00') })))
    expectOk(await caller(ride, 'demo-driver')('assign', { bookingId: later.bookingId, driverId: driver.driverId }))
    expectOk(await caller(ride, booker)('cancel', { bookingId: later.bookingId }))
    expect((await outbox(driverPerson, 'ride.cancelled')).map((n) => n.body)).toEqual(['6月8日送考07:00接送的送考预约已由家长取消，该行程已从你的安排中移除。'.replace('07:00', '6月8日 07:00')])
    expect(await outbox(booker, 'ride.cancelled')).toEqual([])
  })
})

describe('aid events', () => {
  test('when an application is asked for more, approved and paid, and another rejected, then the applicant hears each decision once', async () => {
    const student = `msg-student-${Date.now()}`
    const upload = async (name: string) => (await stack.app.uploadFile({ cloudPath: `aid/${DEMO_AID_PROGRAM_ID}/${student}/${name}`, fileContent: Buffer.from(name) })).fileID as string
    const files = [await upload('letter.jpg')]
    const { application } = expectOk(await caller(aid, student)<{ application: { applicationId: string } }>('apply', buildApplyInput(DEMO_AID_PROGRAM_ID, files)))
    const admin = caller(aid, 'demo-org-admin')
    expectOk(await admin('review', { applicationId: application.applicationId, decision: 'needs_info', reason: '请补充录取通知书' }))
    expectOk(await caller(aid, student)('update', { applicationId: application.applicationId, note: '已补充' }))
    expectOk(await admin('review', { applicationId: application.applicationId, decision: 'approve', reason: '符合条件' }))
    expectOk(await admin('disburse', { applicationId: application.applicationId, reference: 'PAY-2027-001' }))
    expect((await outbox(student, 'aid.needsInfo')).map((n) => n.body)).toEqual(['你的“困难大学新生慈善助学”申请需要补充材料：请补充录取通知书'])
    const approved = await outbox(student, 'aid.approved')
    expect(approved).toHaveLength(1)
    expect(approved[0]?.body).toMatch(/资助金额(8000|5000)元。$/)
    expect(await outbox(student, 'aid.disbursed')).toHaveLength(1)
    expect((await outbox(student)).every((n) => !/\d{17}[\dX]/.test(n.body))).toBe(true)
  })
})
