import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { ActionTable } from '../../cloudfunctions/core/handler'
import { newAidDataKey } from '../../cloudfunctions/core/aid/aid-crypto'
import { DEMO_AID_PROGRAM_ID, DEMO_NEED_IDS, seedDemoData, DEMO_FUNDED_PROJECT_ID } from '../../local/seed'
import { buildNeedInput, buildProjectInput, buildResourceInput } from '../builders/needs'
import { buildApplyInput } from '../builders/aid'
import { buildActivityInput } from '../builders/activity'
import { buildOrgRegistration, nextCreditCode } from '../builders/org'
import { buildWishInput } from '../builders/wish'
import { at as beijingAt, buildBookingInput, buildDriverRegistration, buildSessionInput } from '../builders/ride'
import { buildVolunteerRegistration } from '../builders/user'
import { buildContestInput, buildEntryInput } from '../builders/venture'
import { caller } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'

/**
 * The authorization matrix: every action of every deployed function, called by each demo identity,
 * a signed-in stranger and an anonymous caller, with an input that is valid so that only the
 * caller decides the outcome. "allowed" means the call got past authorization (it may still fail
 * for another reason, such as ALREADY_EXISTS); everyone else gets UNAUTHENTICATED when anonymous
 * and FORBIDDEN when signed in. An action with no row here fails the first test.
 */

// seed-mental-health-admin: a resident (not a volunteer) who is admin of a pending organization only
const identities = ['anonymous', 'stranger', 'demo-resident', 'demo-volunteer', 'demo-org-admin', 'demo-org-staff', 'demo-driver', 'demo-platform-admin', 'seed-mental-health-admin'] as const
type Identity = (typeof identities)[number]

type Allowed = 'anyone' | 'signedIn' | Identity[]

interface Case {
  /** What this case shows, for the test name. */
  about?: string
  input: () => Record<string, unknown>
  allowed: Allowed
}

const CHARITY = 'org-charity-federation' // admin: demo-org-admin
const CENTRE = 'org-volunteer-centre' // staff: demo-org-staff
const PENDING = 'org-mental-health'
const FLEET = 'org-exam-fleet' // staff: demo-driver (also its approved driver)
const DEMO_DRIVER = 'org-exam-fleet:demo-driver'
const GAOKAO = 'ses-demo-gaokao-2027'

/** Activities created in beforeAll: one published by the volunteer centre (staff: demo-org-staff), one draft. */
const fixtures = { published: '', draft: '' }
/** Aid applications by demo-resident to the demo programme (慈善总会): one submitted, one rejected. */
const aidFixtures = { submitted: '', rejected: '' }
process.env.AID_DATA_KEY ??= newAidDataKey()
const aidProgramInput = (orgId: string) => ({
  orgId, name: '矩阵测试救助项目', year: 2027, opensAt: '2027-07-01T00:00:00+08:00', closesAt: '2027-09-30T00:00:00+08:00',
  tiers: [{ code: 'dibao', label: '低保家庭', amountYuan: 8000 }], rules: [{ kind: 'hukouInCounty' }],
})

/** A 公益创投 contest made in beforeAll (entries open), with demo-volunteer appointed as its expert. */
const ventureFixtures = { contest: '' }
const ventureScore = () => ({ contestId: ventureFixtures.contest, round: 1, entryId: 'vc-no-entry', scores: { 需求分析: 80, 项目设计: 80, 团队能力: 80 } })

const matrix: Record<string, Record<string, Case[]>> = {
  user: {
    login: [{ input: () => ({}), allowed: 'signedIn' }],
    me: [{ input: () => ({}), allowed: 'signedIn' }],
    updateProfile: [{ input: () => ({ township: '灵溪镇' }), allowed: 'signedIn' }],
    // a bad phone: authorization is decided first, and the demo resident must stay a resident for the rows below
    registerVolunteer: [{ input: () => buildVolunteerRegistration({ phone: '123' }), allowed: 'signedIn' }],
    joinOrg: [{ input: () => ({ inviteCode: 'ZZZZ2345' }), allowed: 'signedIn' }],
    purgeIdempotency: [{ input: () => ({}), allowed: 'anyone' }],
    recoverJoins: [{ input: () => ({}), allowed: 'anyone' }],
    verifyPhone: [{ input: () => ({ code: 'one-time-code' }), allowed: 'signedIn' }],
  },
  org: {
    // a bad phone: authorization is decided first, and nobody must become an org admin for the rows below
    register: [{ input: () => buildOrgRegistration({ creditCode: nextCreditCode(), contactPhone: '123' }), allowed: 'signedIn' }],
    verify: [{ input: () => ({ orgId: 'org-does-not-exist', approve: true }), allowed: ['demo-platform-admin'] }],
    get: [
      { input: () => ({ orgId: CHARITY }), allowed: 'anyone' },
    ],
    list: [
      { input: () => ({}), allowed: 'anyone' },
      { about: 'pending orgs', input: () => ({ status: 'pending' }), allowed: ['demo-platform-admin'] },
    ],
    createInvite: [
      { input: () => ({ orgId: CHARITY, role: 'staff' }), allowed: ['demo-org-admin'] },
      { about: 'another org', input: () => ({ orgId: CENTRE, role: 'staff' }), allowed: [] },
    ],
    invites: [{ input: () => ({ orgId: CHARITY }), allowed: ['demo-org-admin'] }],
    members: [
      { input: () => ({ orgId: CENTRE }), allowed: ['demo-org-staff'] },
      { about: 'a pending org', input: () => ({ orgId: PENDING }), allowed: ['seed-mental-health-admin'] },
    ],
    removeMember: [
      { input: () => ({ orgId: CHARITY, openid: 'nobody-here' }), allowed: ['demo-org-admin'] },
      { about: 'another org', input: () => ({ orgId: CENTRE, openid: 'demo-org-staff' }), allowed: [] },
    ],
  },
  activity: {
    create: [
      { input: () => buildActivityInput(CENTRE), allowed: ['demo-org-staff'] },
      { about: 'another org', input: () => buildActivityInput(CHARITY), allowed: ['demo-org-admin'] },
    ],
    update: [{ input: () => ({ activityId: fixtures.draft, description: '更新后的活动内容，请志愿者提前十分钟到场。' }), allowed: ['demo-org-staff'] }],
    publish: [{ input: () => ({ activityId: fixtures.published }), allowed: ['demo-org-staff'] }],
    cancel: [{ input: () => ({ activityId: fixtures.draft, reason: '矩阵测试' }), allowed: ['demo-org-staff'] }],
    list: [
      { input: () => ({}), allowed: 'anyone' },
      { about: 'drafts of an org', input: () => ({ orgId: CENTRE, status: 'draft' }), allowed: ['demo-org-staff'] },
    ],
    get: [{ input: () => ({ activityId: fixtures.published }), allowed: 'anyone' }],
    signUp: [{ input: () => ({ activityId: fixtures.published }), allowed: ['demo-volunteer', 'demo-org-admin', 'demo-org-staff', 'demo-driver'] }],
    cancelSignUp: [{ input: () => ({ activityId: fixtures.published }), allowed: ['demo-volunteer', 'demo-org-admin', 'demo-org-staff', 'demo-driver'] }],
    roster: [{ input: () => ({ activityId: fixtures.published }), allowed: ['demo-org-staff'] }],
    mine: [{ input: () => ({}), allowed: ['demo-volunteer', 'demo-org-admin', 'demo-org-staff', 'demo-driver'] }],
    exportRoster: [{ input: () => ({ activityId: fixtures.published }), allowed: ['demo-org-staff'] }],
    checkInCode: [{ input: () => ({ activityId: fixtures.published }), allowed: ['demo-org-staff'] }],
    checkIn: [
      { input: () => ({ activityId: fixtures.published, code: '000000' }), allowed: ['demo-volunteer', 'demo-org-admin', 'demo-org-staff', 'demo-driver'] },
      { about: 'marking someone', input: () => ({ activityId: fixtures.published, openid: 'demo-volunteer', reason: '现场加入' }), allowed: ['demo-org-staff'] },
    ],
    checkOut: [{ input: () => ({ activityId: fixtures.published, code: '000000' }), allowed: ['demo-volunteer', 'demo-org-admin', 'demo-org-staff', 'demo-driver'] }],
    confirmHours: [{ input: () => ({ activityId: fixtures.published }), allowed: ['demo-org-staff'] }],
    records: [{ input: () => ({ activityId: fixtures.published }), allowed: ['demo-org-staff'] }],
    recover: [{ input: () => ({}), allowed: 'anyone' }],
    hours: [{ input: () => ({}), allowed: ['demo-volunteer', 'demo-org-admin', 'demo-org-staff', 'demo-driver'] }],
    // the recovery timer (idempotent)
  },
  wish: {
    create: [{ input: () => buildWishInput(), allowed: 'signedIn' }],
    // reviewers: the platform admin and county-wide orgs (慈善总会, 志愿服务中心); the fleet serves 灵溪镇 only
    reviewQueue: [{ input: () => ({}), allowed: ['demo-org-admin', 'demo-org-staff', 'demo-driver', 'demo-platform-admin'] }],
    review: [
      { about: 'a 宜山镇 wish', input: () => ({ wishId: 'wish-demo-glasses', approve: false, reason: '矩阵测试，不改变状态' }), allowed: ['demo-org-admin', 'demo-org-staff', 'demo-platform-admin'] },
    ],
    list: [{ input: () => ({}), allowed: 'anyone' }],
    get: [{ input: () => ({ wishId: 'wish-demo-schoolbag' }), allowed: 'anyone' }],
    // volunteers, or staff of a verified organization; an admin of a pending organization who is no volunteer may not
    claim: [{ input: () => ({ wishId: 'wish-demo-visit' }), allowed: ['demo-volunteer', 'demo-org-admin', 'demo-org-staff', 'demo-driver'] }],
    fulfil: [{ input: () => ({ wishId: 'wish-demo-wheelchair-repair', note: '矩阵测试', photoFileIds: ['cloud://local.local-local/x.jpg'] }), allowed: ['demo-volunteer'] }],
    // after fulfil: releasing puts the seeded claim back on the wall
    release: [{ input: () => ({ wishId: 'wish-demo-wheelchair-repair' }), allowed: ['demo-volunteer'] }],
    confirm: [{ input: () => ({ wishId: 'wish-demo-schoolbag' }), allowed: ['demo-resident', 'demo-org-admin', 'demo-org-staff', 'demo-platform-admin'] }],
    mine: [{ input: () => ({}), allowed: 'signedIn' }],
    expireClaims: [{ input: () => ({}), allowed: 'anyone' }],
  },
  stats: {
    overview: [{ input: () => ({ year: 2026 }), allowed: ['demo-platform-admin'] }],
    orgActivity: [
      { input: () => ({ year: 2026 }), allowed: ['demo-platform-admin', 'demo-org-admin', 'demo-org-staff', 'demo-driver'] },
      { about: 'another organization', input: () => ({ year: 2026, orgId: 'org-charity-federation' }), allowed: ['demo-platform-admin', 'demo-org-admin'] },
    ],
    exportOrgActivity: [{ input: () => ({ year: 2026 }), allowed: ['demo-platform-admin'] }],
  },
  aid: {
    createProgram: [
      { input: () => aidProgramInput(CHARITY), allowed: ['demo-org-admin'] },
      { about: 'another org', input: () => aidProgramInput(CENTRE), allowed: [] },
    ],
    programs: [{ input: () => ({}), allowed: 'anyone' }],
    // a bad phone: authorization is decided first, and nobody's application must land for the rows below
    apply: [{ input: () => buildApplyInput(DEMO_AID_PROGRAM_ID, ['cloud://local.local-local/x.jpg'], { applicant: { phone: '123' } }), allowed: 'signedIn' }],
    // the applicant only (INVALID_STATE: nobody asked for more)
    update: [{ input: () => ({ applicationId: aidFixtures.submitted, note: '矩阵测试' }), allowed: ['demo-resident'] }],
    mine: [{ input: () => ({}), allowed: 'signedIn' }],
    get: [{ input: () => ({ applicationId: aidFixtures.submitted }), allowed: ['demo-resident', 'demo-org-admin', 'demo-platform-admin'] }],
    queue: [{ input: () => ({ programId: DEMO_AID_PROGRAM_ID }), allowed: ['demo-org-admin'] }],
    // on the rejected one: INVALID_STATE for the allowed, no state changes
    review: [{ input: () => ({ applicationId: aidFixtures.rejected, decision: 'approve', reason: '矩阵测试' }), allowed: ['demo-org-admin'] }],
    disburse: [{ input: () => ({ applicationId: aidFixtures.rejected, reference: 'MATRIX-0001' }), allowed: ['demo-org-admin'] }],
    withdraw: [{ input: () => ({ applicationId: aidFixtures.rejected }), allowed: ['demo-resident'] }],
    accessLog: [{ input: () => ({ programId: DEMO_AID_PROGRAM_ID }), allowed: ['demo-org-admin'] }],
    exportApproved: [{ input: () => ({ programId: DEMO_AID_PROGRAM_ID }), allowed: ['demo-org-admin'] }],
    purgeExpired: [{ input: () => ({}), allowed: 'anyone' }],
  },
  ride: {
    sessions: [{ input: () => ({}), allowed: 'anyone' }],
    createSession: [
      // valid (an org-scoped rule waits for a valid input): the allowed callers create a test session
      { input: () => buildSessionInput(), allowed: ['demo-platform-admin'] },
      { about: 'for the fleet', input: () => buildSessionInput({ orgId: FLEET }), allowed: ['demo-driver', 'demo-platform-admin'] },
    ],
    // a bad plate: nobody registers for the rows below
    registerDriver: [{ input: () => buildDriverRegistration({ plateNo: '浙C1' }), allowed: ['demo-volunteer', 'demo-org-admin', 'demo-org-staff', 'demo-driver'] }],
    approveDriver: [{ input: () => ({ driverId: DEMO_DRIVER, approve: true }), allowed: ['demo-driver'] }],
    drivers: [{ input: () => ({ orgId: FLEET }), allowed: ['demo-driver'] }],
    // outside the booking window today: OUTSIDE_WINDOW once past authorization
    book: [{ input: () => buildBookingInput(GAOKAO, 'site-cangnan-high'), allowed: 'signedIn' }],
    cancel: [{ input: () => ({ bookingId: 'bk-does-not-exist' }), allowed: 'signedIn' }],
    // outside the driver's car seats: INVALID_ARGUMENT once past authorization
    offer: [{ input: () => ({ sessionId: GAOKAO, date: '2027-06-07', from: beijingAt('2027-06-07', '06:00'), to: beijingAt('2027-06-07', '09:00'), seats: 6 }), allowed: ['demo-driver'] }],
    openBookings: [{ input: () => ({ sessionId: GAOKAO, date: '2027-06-07' }), allowed: ['demo-org-admin', 'demo-org-staff', 'demo-driver'] }],
    assign: [{ input: () => ({ bookingId: 'bk-does-not-exist', driverId: DEMO_DRIVER }), allowed: ['demo-driver'] }],
    accept: [{ input: () => ({ bookingId: 'bk-does-not-exist' }), allowed: ['demo-driver'] }],
    bookings: [{ input: () => ({ orgId: FLEET, sessionId: GAOKAO, date: '2027-06-07' }), allowed: ['demo-driver'] }],
    board: [{ input: () => ({ orgId: FLEET, date: '2027-06-07' }), allowed: ['demo-driver'] }],
    myOffers: [{ input: () => ({}), allowed: ['demo-driver'] }],
    autoAssign: [
      { input: () => ({ orgId: FLEET, sessionId: GAOKAO, date: '2027-06-07' }), allowed: ['demo-driver'] },
      { about: 'another org', input: () => ({ orgId: CENTRE, sessionId: GAOKAO, date: '2027-06-07' }), allowed: ['demo-org-staff'] },
    ],
    updateTrip: [{ input: () => ({ bookingId: 'bk-does-not-exist', status: 'picked_up' }), allowed: ['demo-driver'] }],
    // nobody's booking: NOT_FOUND once signed in
    driverPhone: [{ input: () => ({ bookingId: 'bk-does-not-exist' }), allowed: 'signedIn' }],
    mine: [{ input: () => ({}), allowed: 'signedIn' }],
  },
  venture: {
    createContest: [{ input: () => buildContestInput(), allowed: ['demo-platform-admin'] }],
    contests: [{ input: () => ({}), allowed: 'anyone' }],
    contest: [{ input: () => ({ contestId: ventureFixtures.contest }), allowed: 'anyone' }],
    // already appointed: ALREADY_EXISTS once past authorization
    appointExpert: [{ input: () => ({ contestId: ventureFixtures.contest, openid: 'demo-volunteer' }), allowed: ['demo-platform-admin'] }],
    experts: [{ input: () => ({ contestId: ventureFixtures.contest }), allowed: ['demo-platform-admin'] }],
    // not an expert of that contest: NOT_FOUND once past authorization, and the appointment above stays
    removeExpert: [{ input: () => ({ contestId: ventureFixtures.contest, openid: 'demo-resident' }), allowed: ['demo-platform-admin'] }],
    myExpertContests: [{ input: () => ({}), allowed: 'signedIn' }],
    // no such contest: NOT_FOUND for the centre's staff, and no entry lands
    enter: [{ input: () => buildEntryInput('vc-does-not-exist', CENTRE), allowed: ['demo-org-staff'] }],
    // experts of the contest only (signed-in callers who are not get FORBIDDEN from the function)
    entries: [{ input: () => ({ contestId: ventureFixtures.contest }), allowed: ['demo-platform-admin'] }],
    orgEntries: [{ input: () => ({ orgId: CENTRE }), allowed: ['demo-org-staff'] }],
    myReviews: [{ input: () => ({ contestId: ventureFixtures.contest }), allowed: ['demo-volunteer'] }],
    // the window is still open: INVALID_STATE for the expert
    score: [{ input: ventureScore, allowed: ['demo-volunteer'] }],
    closeRound: [{ input: () => ({ contestId: ventureFixtures.contest, round: 1 }), allowed: ['demo-platform-admin'] }],
    publish: [{ input: () => ({ contestId: ventureFixtures.contest, awards: [{ entryId: 'vc-no-entry', amountYuan: 20_000 }] }), allowed: ['demo-platform-admin'] }],
    results: [{ input: () => ({ contestId: ventureFixtures.contest }), allowed: 'anyone' }],
    funded: [{ input: () => ({}), allowed: 'anyone' }],
    project: [{ input: () => ({ projectId: DEMO_FUNDED_PROJECT_ID }), allowed: 'anyone' }],
    orgProjects: [{ input: () => ({ orgId: CENTRE }), allowed: ['demo-org-staff'] }],
    projectQueue: [{ input: () => ({ filter: 'pending' }), allowed: ['demo-platform-admin'] }],
    // the seeded project's 启动 is accepted: INVALID_STATE for the centre's staff, nothing written
    submitMilestone: [{ input: () => ({ projectId: DEMO_FUNDED_PROJECT_ID, seq: 1, text: '矩阵测试：节点报告内容，至少二十个字的说明文字。', photoFileIds: ['cloud://local/venture/x/y/z.jpg'] }), allowed: ['demo-org-staff'] }],
    // 启动 already accepted: INVALID_STATE for the admin, no tranche released twice
    reviewMilestone: [{ input: () => ({ projectId: DEMO_FUNDED_PROJECT_ID, seq: 1, accept: true }), allowed: ['demo-platform-admin'] }],
    // no such project: NOT_FOUND for the admin
    followUp: [{ input: () => ({ projectId: 'vp-does-not-exist', date: '2026-01-05', method: '电话回访', note: '矩阵测试回访记录' }), allowed: ['demo-platform-admin'] }],
    // 结项 not accepted: INVALID_STATE for the admin
    completeProject: [{ input: () => ({ projectId: DEMO_FUNDED_PROJECT_ID }), allowed: ['demo-platform-admin'] }],
  },
  message: {
    list: [{ input: () => ({}), allowed: 'signedIn' }],
    unread: [{ input: () => ({}), allowed: 'signedIn' }],
    markRead: [{ input: () => ({ messageIds: ['no-such-message'] }), allowed: 'signedIn' }],
    templates: [{ input: () => ({}), allowed: 'anyone' }],
    subscribe: [{ input: () => ({ templateIds: ['local-tpl-activity'] }), allowed: 'signedIn' }],
    send: [{ input: () => ({}), allowed: 'anyone' }],
    remind: [{ input: () => ({}), allowed: 'anyone' }],
  },
  needs: {
    // staff of a verified community organization (none among the demo identities: 宜山镇's is pending) or the platform admin
    postNeed: [
      { input: () => buildNeedInput(), allowed: ['demo-platform-admin'] },
      { about: 'for the pending community org', input: () => buildNeedInput({ orgId: 'org-yishan-elder-care' }), allowed: [] },
    ],
    needs: [{ input: () => ({}), allowed: 'anyone' }],
    need: [{ input: () => ({ needId: DEMO_NEED_IDS[0] }), allowed: 'anyone' }],
    proposeProject: [{ input: () => buildProjectInput(CENTRE, [DEMO_NEED_IDS[0]]), allowed: ['demo-org-staff'] }],
    projects: [{ input: () => ({}), allowed: 'anyone' }],
    countyView: [{ input: () => ({}), allowed: 'anyone' }],
    addResource: [{ input: () => buildResourceInput(), allowed: ['demo-platform-admin'] }],
    // no such resource: NOT_FOUND once past authorization
    updateResource: [{ input: () => ({ resourceId: 'res-does-not-exist', offers: ['funds'] }), allowed: ['demo-platform-admin'] }],
    resources: [{ input: () => ({}), allowed: 'anyone' }],
    // no such project / match: NOT_FOUND for the platform admin; nobody's project, so no organization's staff gets past
    proposeMatch: [{ input: () => ({ projectId: 'proj-does-not-exist', providerIds: ['res-does-not-exist'], undertakerOrgId: CENTRE }), allowed: ['demo-platform-admin'] }],
    confirmMatch: [{ input: () => ({ matchId: 'match-does-not-exist', side: 'providers' }), allowed: ['demo-platform-admin'] }],
    // the seeded needs were posted by the platform admin; no project answers this one, so INVALID_STATE once past authorization (nothing closes)
    closeNeed: [{ input: () => ({ needId: DEMO_NEED_IDS[1], outcome: 'fulfilled' }), allowed: ['demo-platform-admin'] }],
    matches: [
      { input: () => ({}), allowed: ['demo-platform-admin'] },
      { about: "the volunteer centre's", input: () => ({ orgId: CENTRE }), allowed: ['demo-platform-admin', 'demo-org-staff'] },
    ],
  },
}

const ROOT = path.resolve(__dirname, '../..')
const deployed: string[] = (JSON.parse(readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8')) as { functions: { name: string }[] }).functions.map((f) => f.name)

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (name: string) => require(path.join(ROOT, 'cloudfunctions', name, 'index')) as { actions: ActionTable; main: Parameters<typeof caller>[0] }

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
beforeAll(async () => {
  stack = await startTestCloudbase()
  await seedDemoData(stack.app.database())
  const staff = caller(load('activity').main, 'demo-org-staff')
  const created = async () => {
    const reply = await staff<{ activity: { activityId: string } }>('create', buildActivityInput(CENTRE))
    if (!reply.ok) throw new Error(reply.error.message)
    return reply.data.activity.activityId
  }
  fixtures.published = await created()
  fixtures.draft = await created()
  const published = await staff('publish', { activityId: fixtures.published })
  if (!published.ok) throw new Error(published.error.message)
  const resident = caller(load('aid').main, 'demo-resident')
  const aidApplication = async () => {
    const { fileID } = await stack.app.uploadFile({ cloudPath: `aid/${DEMO_AID_PROGRAM_ID}/demo-resident/letter-${Date.now()}.jpg`, fileContent: Buffer.from('letter') })
    const reply = await resident<{ application: { applicationId: string } }>('apply', buildApplyInput(DEMO_AID_PROGRAM_ID, [fileID as string]))
    if (!reply.ok) throw new Error(reply.error.message)
    return reply.data.application.applicationId
  }
  aidFixtures.submitted = await aidApplication()
  aidFixtures.rejected = await aidApplication()
  const rejected = await caller(load('aid').main, 'demo-org-admin')('review', { applicationId: aidFixtures.rejected, decision: 'reject', reason: '矩阵测试' })
  if (!rejected.ok) throw new Error(rejected.error.message)
  const ventureAdmin = caller(load('venture').main, 'demo-platform-admin')
  const contest = await ventureAdmin<{ contest: { contestId: string } }>('createContest', buildContestInput())
  if (!contest.ok) throw new Error(contest.error.message)
  ventureFixtures.contest = contest.data.contest.contestId
  const appointed = await ventureAdmin('appointExpert', { contestId: ventureFixtures.contest, openid: 'demo-volunteer' })
  if (!appointed.ok) throw new Error(appointed.error.message)
}, 60_000)
afterAll(async () => {
  await stack.close()
})

const isAllowed = (allowed: Allowed, who: Identity) =>
  allowed === 'anyone' || (allowed === 'signedIn' ? who !== 'anonymous' : allowed.includes(who))

let strangerSeq = 0
const openidOf = (who: Identity) => (who === 'anonymous' ? null : who === 'stranger' ? `stranger-${Date.now()}-${++strangerSeq}` : who)

test('every action of every deployed function has a row in the matrix, and every row names a real action', () => {
  expect(Object.keys(matrix).sort()).toEqual([...deployed].sort())
  for (const name of deployed) {
    const declared = Object.keys(load(name).actions).sort()
    expect({ function: name, actions: Object.keys(matrix[name] ?? {}).sort() }).toEqual({ function: name, actions: declared })
    for (const action of declared) expect(load(name).actions[action]?.access).toBeDefined()
  }
})

const rows = Object.entries(matrix).flatMap(([fn, actions]) =>
  Object.entries(actions).flatMap(([action, cases]) =>
    cases.flatMap((c) => identities.map((who) => ({ fn, action, c, who, label: `${fn}.${action}${c.about ? ` (${c.about})` : ''}` }))),
  ),
)

test.each(rows)('$label as $who', async ({ fn, action, c, who }) => {
  const reply = await caller(load(fn).main, openidOf(who))(action, c.input())
  const code = reply.ok ? 'ok' : reply.error.code
  if (isAllowed(c.allowed, who)) {
    expect(['UNAUTHENTICATED', 'FORBIDDEN']).not.toContain(code)
    expect(code).not.toBe('INTERNAL')
  } else {
    expect(code).toBe(who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN')
  }
})
