import { readFileSync } from 'node:fs'
import path from 'node:path'
import { main as activity } from '../../cloudfunctions/activity/index'
import type { ActivityView } from '../../cloudfunctions/core/activity/activity.schema'
import { setClock } from '../../cloudfunctions/core/clock'
import type { Envelope } from '../../cloudfunctions/core/errors'
import type { ActionTable } from '../../cloudfunctions/core/handler'
import { IDEMPOTENCY_TTL_MS, idempotencyId, purgeIdempotency, replayOrRun } from '../../cloudfunctions/core/idempotency'
import { main as org } from '../../cloudfunctions/org/index'
import { main as user } from '../../cloudfunctions/user/index'
import { main as wish } from '../../cloudfunctions/wish/index'
import { main as aid } from '../../cloudfunctions/aid/index'
import { main as ride } from '../../cloudfunctions/ride/index'
import { aidCases } from '../support/idempotency-cases/aid'
import type { IdempotencyKit } from '../support/idempotency-cases/kit'
import { rideCases } from '../support/idempotency-cases/ride'
import { messageCases } from '../support/idempotency-cases/message'
import { ventureCases } from '../support/idempotency-cases/venture'
import { main as venture } from '../../cloudfunctions/venture/index'
import { main as message } from '../../cloudfunctions/message/index'
import { main as needs } from '../../cloudfunctions/needs/index'
import { needsCases } from '../support/idempotency-cases/needs'
import { seedDemoData } from '../../local/seed'
import { wechatContext } from '../../local/wechat-context'
import { buildActivityInput } from '../builders/activity'
import { buildOrgDoc, buildOrgRegistration, nextCreditCode } from '../builders/org'
import { buildVolunteerRegistration } from '../builders/user'
import { buildWishInput } from '../builders/wish'
import { caller, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'
import { addVolunteers } from '../support/people'

/**
 * Idempotency under concurrent retries: the same key sent ten times at once gives exactly one
 * effect and ten equal replies, for every mutating action of every function.
 */
let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
const CENTRE = 'org-volunteer-centre' // staff: demo-org-staff
const CHARITY = 'org-charity-federation' // admin: demo-org-admin
const MINUTE = 60_000
const ROOT = path.resolve(__dirname, '../..')
type Main = Parameters<typeof caller>[0]
const mains: Record<string, Main> = { user, org, activity, wish, aid, ride, message, venture, needs }

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

let seq = 0
const fresh = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`
const count = async (collection: string, where: object) => (await db().collection(collection).where(where).count()).total

/** Ten calls with one key, all at once. */
function tenAtOnce(main: Main, openid: string, action: string, input: unknown): Promise<Envelope<unknown>[]> {
  const key = fresh('idem-key')
  const call = caller(main, openid)
  return Promise.all(Array.from({ length: 10 }, () => call(action, input, { idempotencyKey: key })))
}

const staff = () => caller(activity, 'demo-org-staff')
async function draftActivity(overrides: Record<string, unknown> = {}): Promise<ActivityView> {
  return expectOk(await staff()<{ activity: ActivityView }>('create', buildActivityInput(CENTRE, overrides))).activity
}
async function publishedActivity(): Promise<ActivityView> {
  const draft = await draftActivity()
  return expectOk(await staff()<{ activity: ActivityView }>('publish', { activityId: draft.activityId })).activity
}
/** The functions' clock `minutes` after the activity's start. */
function atActivity(act: ActivityView, minutes: number) {
  restoreClock?.()
  const instant = new Date(new Date(act.startAt).getTime() + minutes * MINUTE)
  restoreClock = setClock(() => instant)
}
async function signedUpVolunteer(act: ActivityView): Promise<string> {
  const [openid] = await addVolunteers(db(), 1, 'idem')
  expectOk(await caller(activity, openid as string)('signUp', { activityId: act.activityId }))
  return openid as string
}
async function pendingWish(): Promise<{ wishId: string; submitter: string }> {
  const submitter = fresh('idem-submitter')
  const reply = expectOk(await caller(wish, submitter)<{ wish: { wishId: string } }>('create', buildWishInput({ township: '灵溪镇' })))
  return { wishId: reply.wish.wishId, submitter }
}
async function openWish() {
  const w = await pendingWish()
  expectOk(await caller(wish, 'demo-platform-admin')('review', { wishId: w.wishId, approve: true }))
  return w
}
async function claimedWish() {
  const w = await openWish()
  const [claimer] = await addVolunteers(db(), 1, 'idem-claimer')
  expectOk(await caller(wish, claimer as string)('claim', { wishId: w.wishId }))
  return { ...w, claimer: claimer as string }
}
async function uploadPhoto(wishId: string, openid: string) {
  const { fileID } = await stack.app.uploadFile({ cloudPath: `wishes/${wishId}/${openid}/photo.jpg`, fileContent: Buffer.from('fake-jpeg-bytes') })
  return fileID as string
}

type Case = import('../support/idempotency-cases/kit').IdempotencyCase

const kit: IdempotencyKit = {
  db: () => db(),
  fresh: (prefix) => fresh(prefix),
  count: (collection, where) => count(collection, where),
  clockAt: (at) => {
    restoreClock?.()
    restoreClock = setClock(() => at)
  },
}

/** Every mutating action of every deployed function (the first test checks the list is complete). */
const cases: Record<string, Record<string, Case>> = {
  user: {
    updateProfile: { arrange: async () => ({ openid: fresh('idem-user'), input: { nickname: '新名字' } }) },
    registerVolunteer: {
      arrange: async () => {
        const openid = fresh('idem-user')
        return { openid, input: buildVolunteerRegistration(), effect: () => count('users', { _id: openid, roles: 'volunteer' }) }
      },
    },
    joinOrg: {
      arrange: async () => {
        const target = buildOrgDoc()
        await db().collection('orgs').add(target)
        const code = `J${Date.now().toString(36).toUpperCase().replace(/[^A-HJ-NP-Z2-9]/g, '2')}`.slice(0, 8).padEnd(8, '3')
        await db().collection('org_invites').add({ _id: code, orgId: target._id, orgName: target.name, role: 'staff', expiresAt: '2999-01-01T00:00:00.000Z', createdBy: 'x', createdAt: '2026-01-01T00:00:00.000Z' })
        const openid = fresh('idem-joiner')
        return {
          openid,
          input: { inviteCode: code },
          // one membership, counted once (the org had one member): 1 + 0
          effect: async () => (await count('org_members', { orgId: target._id, openid })) + ((await db().collection('orgs').doc(target._id).get()).data[0].memberCount - 2),
        }
      },
    },
  },
  org: {
    register: {
      arrange: async () => {
        const openid = fresh('idem-founder')
        return { openid, input: buildOrgRegistration({ creditCode: nextCreditCode() }), effect: () => count('orgs', { createdBy: openid }) }
      },
    },
    verify: {
      arrange: async () => {
        const pending = buildOrgDoc({ status: 'pending', verifiedAt: null })
        await db().collection('orgs').add(pending)
        return { openid: 'demo-platform-admin', input: { orgId: pending._id, approve: true }, effect: () => count('orgs', { _id: pending._id, status: 'verified' }) }
      },
    },
    createInvite: {
      arrange: async () => {
        const before = await count('org_invites', { orgId: CHARITY })
        return { openid: 'demo-org-admin', input: { orgId: CHARITY, role: 'staff' }, effect: async () => (await count('org_invites', { orgId: CHARITY })) - before }
      },
    },
    removeMember: {
      arrange: async () => {
        const admin = fresh('idem-admin')
        const target = buildOrgDoc({ memberCount: 2, adminCount: 1 })
        await db().collection('orgs').add(target)
        for (const [openid, role] of [[admin, 'admin'], ['idem-leaving', 'staff']] as const) {
          await db().collection('org_members').add({ _id: `${target._id}:${openid}`, orgId: target._id, orgName: target.name, openid, role, joinedAt: '2026-01-01T00:00:00.000Z' })
        }
        return { openid: admin, input: { orgId: target._id, openid: 'idem-leaving' }, effect: async () => 2 - (await db().collection('orgs').doc(target._id).get()).data[0].memberCount }
      },
    },
  },
  activity: {
    create: {
      arrange: async () => {
        const title = `幂等测试活动${++seq}`
        return { openid: 'demo-org-staff', input: buildActivityInput(CENTRE, { title }), effect: () => count('activities', { title }) }
      },
    },
    update: { arrange: async () => ({ openid: 'demo-org-staff', input: { activityId: (await draftActivity()).activityId, capacity: 25 } }) },
    publish: { arrange: async () => ({ openid: 'demo-org-staff', input: { activityId: (await draftActivity()).activityId } }) },
    cancel: { arrange: async () => ({ openid: 'demo-org-staff', input: { activityId: (await publishedActivity()).activityId, reason: '台风预警，活动取消' } }) },
    signUp: {
      arrange: async () => {
        const act = await publishedActivity()
        const [openid] = await addVolunteers(db(), 1, 'idem')
        return { openid: openid as string, input: { activityId: act.activityId }, effect: () => count('activity_signups', { activityId: act.activityId }) }
      },
    },
    cancelSignUp: {
      arrange: async () => {
        const act = await publishedActivity()
        return { openid: await signedUpVolunteer(act), input: { activityId: act.activityId } }
      },
    },
    checkIn: {
      arrange: async () => {
        const act = await publishedActivity()
        const openid = await signedUpVolunteer(act)
        atActivity(act, -10)
        return { openid: 'demo-org-staff', input: { activityId: act.activityId, openid }, effect: () => count('activity_attendance', { activityId: act.activityId }) }
      },
    },
    checkOut: {
      arrange: async () => {
        const act = await publishedActivity()
        const openid = await signedUpVolunteer(act)
        atActivity(act, -10)
        expectOk(await staff()('checkIn', { activityId: act.activityId, openid }))
        atActivity(act, 170)
        return { openid: 'demo-org-staff', input: { activityId: act.activityId, openid } }
      },
    },
    confirmHours: {
      arrange: async () => {
        const act = await publishedActivity()
        const openid = await signedUpVolunteer(act)
        atActivity(act, -10)
        expectOk(await staff()('checkIn', { activityId: act.activityId, openid }))
        atActivity(act, 185)
        expectOk(await staff()('checkOut', { activityId: act.activityId, openid }))
        return { openid: 'demo-org-staff', input: { activityId: act.activityId }, effect: () => count('service_records', { activityId: act.activityId }) }
      },
    },
  },
  wish: {
    create: {
      arrange: async () => {
        const openid = fresh('idem-wisher')
        return { openid, input: buildWishInput(), effect: () => count('wishes', { submittedBy: openid }) }
      },
    },
    review: { arrange: async () => ({ openid: 'demo-platform-admin', input: { wishId: (await pendingWish()).wishId, approve: true } }) },
    claim: {
      arrange: async () => {
        const { wishId } = await openWish()
        const [openid] = await addVolunteers(db(), 1, 'idem-claimer')
        return { openid: openid as string, input: { wishId }, effect: () => count('wishes', { _id: wishId, claimedBy: openid }) }
      },
    },
    release: {
      arrange: async () => {
        const { wishId, claimer } = await claimedWish()
        return { openid: claimer, input: { wishId } }
      },
    },
    fulfil: {
      arrange: async () => {
        const { wishId, claimer } = await claimedWish()
        return { openid: claimer, input: { wishId, note: '周六把书包送到了小雨家', photoFileIds: [await uploadPhoto(wishId, claimer)] } }
      },
    },
    confirm: {
      arrange: async () => {
        const { wishId, claimer, submitter } = await claimedWish()
        expectOk(await caller(wish, claimer)('fulfil', { wishId, note: '已送达', photoFileIds: [await uploadPhoto(wishId, claimer)] }))
        return { openid: submitter, input: { wishId, thanks: '谢谢！' } }
      },
    },
  },
  // read-only: nothing to repeat
  stats: {},
  aid: aidCases(kit),
  ride: rideCases(kit),
  message: messageCases(kit),
  venture: ventureCases(kit),
  needs: needsCases(kit),
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const actionsOf = (name: string) => (require(path.join(ROOT, 'cloudfunctions', name, 'index')) as { actions: ActionTable }).actions

test('when the cases are listed, then every mutating action of every deployed function has one', () => {
  const deployed = (JSON.parse(readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8')) as { functions: { name: string }[] }).functions.map((f) => f.name)
  expect(Object.keys(cases).sort()).toEqual([...deployed].sort())
  for (const name of deployed) {
    const mutating = Object.entries(actionsOf(name)).filter(([, d]) => d.mutates).map(([a]) => a).sort()
    expect({ name, actions: Object.keys(cases[name] ?? {}).sort() }).toEqual({ name, actions: mutating })
  }
})

const rows = Object.entries(cases).flatMap(([fn, actions]) => Object.entries(actions).map(([action, c]) => ({ label: `${fn}.${action}`, fn, action, c })))

test.each(rows)('when $label is sent ten times at once with one key, then it succeeds once and all ten replies are that one', async ({ fn, action, c }) => {
  const { openid, input, effect } = await c.arrange()
  const replies = await tenAtOnce(mains[fn] as Main, openid, action, input)
  expectOk(replies[0] as Envelope<unknown>)
  for (const reply of replies) expect(reply).toEqual(replies[0])
  if (effect) expect(await effect()).toBe(1)
})

describe('replayOrRun', () => {
  const scope = (key: string) => ({ openid: 'idem-direct', functionName: 'user', action: 'x', key, timeLimitMs: 3_000 })

  test('when a claim is older than the time limit (its call was killed), then exactly one of ten retries runs', async () => {
    const s = scope(fresh('idem-stale'))
    const old = new Date(Date.now() - 10_000).toISOString()
    await db().collection('idempotency').add({ _id: idempotencyId(s), state: 'running', owner: 'dead', claimedAt: old, createdAt: old, replyJson: null })
    let runs = 0
    const replies = await Promise.all(Array.from({ length: 10 }, () => replayOrRun(db(), s, async () => ({ run: ++runs }))))
    expect(runs).toBe(1)
    for (const reply of replies) expect(reply).toEqual({ ok: true, data: { run: 1 } })
  })

  test('when the first call is still running past a duplicate\'s patience, then the duplicate gets RATE_LIMITED and nothing runs twice', async () => {
    const s = scope(fresh('idem-slow'))
    let runs = 0
    // the duplicate gives up at 80% of its time limit (800 ms), before the claim could look abandoned (1 s)
    const slow = replayOrRun(db(), { ...s, timeLimitMs: 1_000 }, async () => {
      runs++
      await new Promise((resolve) => setTimeout(resolve, 1_500))
      return 'done'
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const impatient = await replayOrRun(db(), { ...s, timeLimitMs: 1_000 }, async () => ++runs)
    expect(impatient).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } })
    expect(await slow).toEqual({ ok: true, data: 'done' })
    expect(runs).toBe(1)
  })

  test('when the run fails unexpectedly, then the claim is released and a retry runs again', async () => {
    const s = scope(fresh('idem-boom'))
    await expect(replayOrRun(db(), s, async () => { throw new Error('boom') })).rejects.toThrow('boom')
    expect(await replayOrRun(db(), s, async () => 'second')).toEqual({ ok: true, data: 'second' })
  })
})

describe('keyed ids (a retry after a crash between the write and the stored reply)', () => {
  const crashAfterEffect = async (fn: Main, openid: string, action: string, input: unknown, key: string) => {
    expectOk(await caller(fn, openid)(action, input, { idempotencyKey: key }))
    // what a crash before the reply was stored leaves: the effect, and no stored reply
    await db().collection('idempotency').where({ _id: idempotencyId({ openid, functionName: fn === wish ? 'wish' : 'org', action, key }) }).remove()
    return caller(fn, openid)(action, input, { idempotencyKey: key })
  }

  test('when wish.create is retried after such a crash, then one wish exists and the retry returns it', async () => {
    const openid = fresh('idem-crash')
    const key = fresh('idem-crash-key')
    const first = expectOk(await caller(wish, openid)<{ wish: { wishId: string } }>('create', buildWishInput(), { idempotencyKey: key }))
    await db().collection('idempotency').where({ _id: idempotencyId({ openid, functionName: 'wish', action: 'create', key }) }).remove()
    const retry = expectOk(await caller(wish, openid)<{ wish: { wishId: string } }>('create', buildWishInput(), { idempotencyKey: key }))
    expect(retry.wish.wishId).toBe(first.wish.wishId)
    expect(await count('wishes', { submittedBy: openid })).toBe(1)
  })

  test('when org.register and org.createInvite are retried after such a crash, then each has one effect', async () => {
    const founder = fresh('idem-crash-founder')
    const registration = buildOrgRegistration({ creditCode: nextCreditCode() })
    const registered = await crashAfterEffect(org, founder, 'register', registration, fresh('idem-crash-key'))
    expect(registered.ok).toBe(true)
    expect(await count('orgs', { createdBy: founder })).toBe(1)
    const before = await count('org_invites', { orgId: CHARITY })
    expect((await crashAfterEffect(org, 'demo-org-admin', 'createInvite', { orgId: CHARITY, role: 'staff' }, fresh('idem-crash-key'))).ok).toBe(true)
    expect(await count('org_invites', { orgId: CHARITY })).toBe(before + 1)
  })
})

describe('purgeIdempotency (the TTL timer)', () => {
  test('when stored replies are older than the TTL, then the timer removes them and keeps fresh ones', async () => {
    const old = new Date(Date.now() - IDEMPOTENCY_TTL_MS - 60_000).toISOString()
    const recent = new Date().toISOString()
    await db().collection('idempotency').add({ _id: fresh('idem-old'), state: 'done', owner: 'x', claimedAt: old, createdAt: old, replyJson: '{"ok":true,"data":null}' })
    await db().collection('idempotency').add({ _id: fresh('idem-new'), state: 'done', owner: 'x', claimedAt: recent, createdAt: recent, replyJson: '{"ok":true,"data":null}' })
    const reply = expectOk(await user({ Type: 'Timer', TriggerName: 'purgeIdempotency' }, wechatContext({ openid: null })) as Envelope<{ purged: number }>)
    expect(reply.purged).toBeGreaterThanOrEqual(1)
    expect(await count('idempotency', { createdAt: db().command.lt(new Date(Date.now() - IDEMPOTENCY_TTL_MS).toISOString()) })).toBe(0)
    expect(await count('idempotency', { createdAt: recent })).toBeGreaterThanOrEqual(1)
    expect(await purgeIdempotency(db())).toBe(0)
  })
})
