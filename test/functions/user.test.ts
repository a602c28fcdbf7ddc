import { main } from '../../cloudfunctions/user/index'
import type { UserView } from '../../cloudfunctions/core/user/user.schema'
import { buildOrgDoc } from '../builders/org'
import { buildVolunteerRegistration, VALID_ID_CARD_NO, VALID_ID_CARD_NO_WITH_X } from '../builders/user'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'

type UserReply = { user: UserView }

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
let seq = 0
const newOpenid = () => `test-user-${Date.now()}-${++seq}`

beforeAll(async () => {
  stack = await startTestCloudbase()
})
afterAll(async () => {
  await stack.close()
})

const db = () => stack.app.database()

describe('user.login', () => {
  test('when a new caller logs in, then a resident is created with no phone and no volunteer record', async () => {
    const openid = newOpenid()
    const { user } = expectOk(await caller(main, openid)<UserReply>('login'))
    expect(user.openid).toBe(openid)
    expect(user.roles).toEqual(['resident'])
    expect(user.volunteer).toBeNull()
    expect(user.phone).toBeNull()
    const { data } = await db().collection('users').doc(openid).get()
    expect(data).toHaveLength(1)
  })

  test('when the same caller logs in twice at once, then exactly one user document exists', async () => {
    const openid = newOpenid()
    const call = caller(main, openid)
    const replies = await Promise.all([call<UserReply>('login'), call<UserReply>('login'), call<UserReply>('login')])
    for (const reply of replies) expect(expectOk(reply).user.openid).toBe(openid)
    const { total } = await db().collection('users').where({ openid }).count()
    expect(total).toBe(1)
  })

  test('when an anonymous caller logs in, then UNAUTHENTICATED', async () => {
    expect(expectError(await caller(main, null)('login')).code).toBe('UNAUTHENTICATED')
  })

  test('when the event carries an openid of its own, then identity still comes from the WeChat context only', async () => {
    const reply = await main({ action: 'login', data: { openid: 'demo-platform-admin' }, openid: 'demo-platform-admin' }, { request_id: 'r1', environment: JSON.stringify({}) })
    expect(expectError(reply).code).toBe('UNAUTHENTICATED')
  })
})

describe('user.me', () => {
  test('when a registered volunteer asks, then roles include volunteer and the registered phone shows masked', async () => {
    const openid = newOpenid()
    const call = caller(main, openid)
    expectOk(await call('registerVolunteer', buildVolunteerRegistration({ phone: '13912345678' })))
    const { user } = expectOk(await call<UserReply>('me'))
    expect(user.roles).toEqual(expect.arrayContaining(['resident', 'volunteer']))
    expect(user.phone).toBe('139****5678')
    expect(user.volunteer?.realName).toBe('陈晓明')
    expect(JSON.stringify(user)).not.toContain('13912345678')
  })

  test('when the caller belongs to organizations, then orgs lists each with its role', async () => {
    const openid = newOpenid()
    const orgA = buildOrgDoc({ name: '苍南县慈善总会' })
    const orgB = buildOrgDoc({ name: '苍南县心理健康协会', status: 'pending' })
    await db().collection('orgs').add([orgA, orgB])
    for (const [org, role] of [[orgA, 'admin'], [orgB, 'staff']] as const) {
      await db().collection('org_members').add({ _id: `${org._id}:${openid}`, orgId: org._id, orgName: org.name, openid, role, joinedAt: '2026-01-01T00:00:00.000Z' })
    }
    const { user } = expectOk(await caller(main, openid)<UserReply>('me'))
    expect(user.orgs).toEqual(expect.arrayContaining([
      { orgId: orgA._id, name: '苍南县慈善总会', role: 'admin', status: 'verified' },
      { orgId: orgB._id, name: '苍南县心理健康协会', role: 'staff', status: 'pending' },
    ]))
    expect(user.orgs).toHaveLength(2)
  })

  test('when anonymous, then UNAUTHENTICATED', async () => {
    expect(expectError(await caller(main, null)('me')).code).toBe('UNAUTHENTICATED')
  })
})

describe('user.updateProfile', () => {
  test('when nickname, township and phone are valid, then they are stored and the phone comes back masked', async () => {
    const openid = newOpenid()
    const { user } = expectOk(await caller(main, openid)<UserReply>('updateProfile', { nickname: ' 小陈 ', township: '钱库镇', phone: '13857700001' }))
    expect(user.nickname).toBe('小陈')
    expect(user.township).toBe('钱库镇')
    expect(user.phone).toBe('138****0001')
    const { data } = await db().collection('users').doc(openid).get()
    expect(data[0].phone).toBe('13857700001')
  })

  test.each([
    ['phone', { phone: '12345678901' }, '手机号格式不正确'],
    ['township', { township: '杭州市' }, '请从列表中选择所在乡镇'],
    ['nickname', { nickname: '' }, '昵称不能为空'],
  ])('when %s is invalid, then INVALID_ARGUMENT names it and nothing is written', async (field, data, message) => {
    const openid = newOpenid()
    const call = caller(main, openid)
    expectOk(await call('login'))
    const error = expectError(await call('updateProfile', { nickname: '不该写入', ...data }))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields).toContainEqual({ path: field, message })
    const { data: docs } = await db().collection('users').doc(openid).get()
    expect(docs[0].nickname).not.toBe('不该写入')
  })
})

describe('user.registerVolunteer', () => {
  test('when every field is valid, then the caller gains the volunteer role and the ID number is shown masked', async () => {
    const openid = newOpenid()
    const { user } = expectOk(await caller(main, openid)<UserReply>('registerVolunteer', buildVolunteerRegistration({ idCardNo: VALID_ID_CARD_NO })))
    expect(user.roles).toContain('volunteer')
    expect(user.volunteer).toMatchObject({ realName: '陈晓明', township: '灵溪镇', skills: ['急救', '驾驶'], idCardNo: '330327********1232' })
  })

  test('when the ID number ends in a lower-case x, then it is accepted as X', async () => {
    const { user } = expectOk(await caller(main, newOpenid())<UserReply>('registerVolunteer', buildVolunteerRegistration({ idCardNo: VALID_ID_CARD_NO_WITH_X.toLowerCase() })))
    expect(user.volunteer?.idCardNo).toBe('110105********002X')
  })

  test('when a name has a middle dot, then it is accepted', async () => {
    const { user } = expectOk(await caller(main, newOpenid())<UserReply>('registerVolunteer', buildVolunteerRegistration({ realName: '阿依古丽·买买提' })))
    expect(user.volunteer?.realName).toBe('阿依古丽·买买提')
  })

  test.each([
    ['phone', { phone: '1385771234' }, '手机号格式不正确'],
    ['phone', { phone: '12857712345' }, '手机号格式不正确'],
    ['realName', { realName: '陈' }, '姓名须为2–20个汉字（可含·）'],
    ['realName', { realName: 'Chen Ming' }, '姓名须为2–20个汉字（可含·）'],
    ['realName', { realName: '陈'.repeat(21) }, '姓名须为2–20个汉字（可含·）'],
    ['township', { township: '龙港市' }, '请从列表中选择所在乡镇'],
    ['idCardNo', { idCardNo: '330327199001011233' }, '身份证号不正确，请核对'],
    ['idCardNo', { idCardNo: '330327199002301234' }, '身份证号不正确，请核对'],
  ])('when %s is %j, then INVALID_ARGUMENT names the field and the caller stays a resident', async (field, overrides, message) => {
    const openid = newOpenid()
    const call = caller(main, openid)
    const error = expectError(await call('registerVolunteer', buildVolunteerRegistration(overrides)))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields).toContainEqual({ path: field, message })
    const { user } = expectOk(await call<UserReply>('me'))
    expect(user.roles).toEqual(['resident'])
  })

  test('when required fields are missing, then each is named with a Chinese message', async () => {
    const error = expectError(await caller(main, newOpenid())('registerVolunteer', {}))
    expect(error.fields?.map((f) => f.path).sort()).toEqual(['phone', 'realName', 'township'])
    for (const field of error.fields ?? []) expect(field.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  test('when a volunteer registers again, then ALREADY_EXISTS and the first record is kept', async () => {
    const openid = newOpenid()
    const call = caller(main, openid)
    expectOk(await call('registerVolunteer', buildVolunteerRegistration()))
    const error = expectError(await call('registerVolunteer', buildVolunteerRegistration({ realName: '王小红' })))
    expect(error.code).toBe('ALREADY_EXISTS')
    const { user } = expectOk(await call<UserReply>('me'))
    expect(user.volunteer?.realName).toBe('陈晓明')
  })

  test('when the same caller registers twice at once, then exactly one succeeds', async () => {
    const call = caller(main, newOpenid())
    const replies = await Promise.all([call('registerVolunteer', buildVolunteerRegistration()), call('registerVolunteer', buildVolunteerRegistration())])
    expect(replies.filter((r) => r.ok)).toHaveLength(1)
    expect(replies.filter((r) => !r.ok && r.error.code === 'ALREADY_EXISTS')).toHaveLength(1)
  })

  test('when a retry carries the same idempotencyKey, then it returns the first reply and writes nothing more', async () => {
    const openid = newOpenid()
    const call = caller(main, openid)
    const key = 'retry-key-0001'
    const first = await call<UserReply>('registerVolunteer', buildVolunteerRegistration(), { idempotencyKey: key })
    const second = await call<UserReply>('registerVolunteer', buildVolunteerRegistration({ realName: '王小红' }), { idempotencyKey: key })
    expect(second).toEqual(first)
    expect(expectOk(second).user.volunteer?.realName).toBe('陈晓明')
    const third = await call('registerVolunteer', buildVolunteerRegistration(), { idempotencyKey: 'another-key-02' })
    expect(expectError(third).code).toBe('ALREADY_EXISTS')
  })

  test('when another caller uses the same idempotencyKey, then their call runs on its own', async () => {
    const key = 'shared-key-0001'
    const first = await caller(main, newOpenid())<UserReply>('registerVolunteer', buildVolunteerRegistration(), { idempotencyKey: key })
    const other = await caller(main, newOpenid())<UserReply>('registerVolunteer', buildVolunteerRegistration({ realName: '王小红' }), { idempotencyKey: key })
    expect(expectOk(first).user.openid).not.toBe(expectOk(other).user.openid)
    expect(expectOk(other).user.volunteer?.realName).toBe('王小红')
  })

  test('when anonymous, then UNAUTHENTICATED', async () => {
    expect(expectError(await caller(main, null)('registerVolunteer', buildVolunteerRegistration())).code).toBe('UNAUTHENTICATED')
  })
})

describe('user.joinOrg', () => {
  const org = buildOrgDoc()
  beforeAll(async () => {
    await db().collection('orgs').add(org)
  })
  const addInvite = (code: string, expiresAt: string, role: 'admin' | 'staff' = 'staff') =>
    db().collection('org_invites').add({ _id: code, orgId: org._id, orgName: org.name, role, expiresAt, createdBy: 'demo-org-admin', createdAt: '2026-01-01T00:00:00.000Z' })
  const storedOrg = async () => (await db().collection('orgs').doc(org._id).get()).data[0]

  test('when the invite is valid, then the caller becomes a member with the invite role and the org counts them', async () => {
    await addInvite('JOIN2345', '2999-01-01T00:00:00.000Z')
    const before = await storedOrg()
    const { user } = expectOk(await caller(main, newOpenid())<UserReply>('joinOrg', { inviteCode: 'join2345' }))
    expect(user.orgs).toEqual([{ orgId: org._id, name: '苍南县志愿服务中心', role: 'staff', status: 'verified' }])
    const after = await storedOrg()
    expect(after.memberCount).toBe(before.memberCount + 1)
    expect(after.adminCount).toBe(before.adminCount)
  })

  test('when an admin invite is used, then the caller becomes admin and the admin count grows', async () => {
    await addInvite('ADMN2345', '2999-01-01T00:00:00.000Z', 'admin')
    const before = await storedOrg()
    const { user } = expectOk(await caller(main, newOpenid())<UserReply>('joinOrg', { inviteCode: 'ADMN2345' }))
    expect(user.orgs[0]?.role).toBe('admin')
    expect((await storedOrg()).adminCount).toBe(before.adminCount + 1)
  })

  test('when ten people join with one code at once, then all ten are members and counted exactly once', async () => {
    await addInvite('CROWD234', '2999-01-01T00:00:00.000Z')
    const before = await storedOrg()
    const openids = Array.from({ length: 10 }, () => newOpenid())
    const replies = await Promise.all(openids.map((openid) => caller(main, openid)('joinOrg', { inviteCode: 'CROWD234' })))
    for (const reply of replies) expectOk(reply)
    expect((await storedOrg()).memberCount).toBe(before.memberCount + 10)
  })

  test('when 100 people join with one code at once, then each gets a result or RATE_LIMITED (never INTERNAL), and the count equals the members', async () => {
    await addInvite('HUNDRED2', '2999-01-01T00:00:00.000Z')
    const before = await storedOrg()
    const membersBefore = (await db().collection('org_members').where({ orgId: org._id }).count()).total
    const openids = Array.from({ length: 100 }, () => newOpenid())
    const replies = await Promise.all(openids.map((openid) => caller(main, openid)('joinOrg', { inviteCode: 'HUNDRED2' })))
    const codes = replies.map((r) => (r.ok ? 'ok' : r.error.code))
    expect(codes.filter((c) => c !== 'ok' && c !== 'RATE_LIMITED')).toEqual([])
    const members = (await db().collection('org_members').where({ orgId: org._id }).count()).total
    expect(members - membersBefore).toBe(codes.filter((c) => c === 'ok').length)
    expect((await storedOrg()).memberCount - before.memberCount).toBe(members - membersBefore)
  }, 60_000)

  test('when the same person joins twice at once, then one join succeeds, the other is ALREADY_EXISTS and they are counted once', async () => {
    await addInvite('RACE2345', '2999-01-01T00:00:00.000Z')
    const before = await storedOrg()
    const call = caller(main, newOpenid())
    const replies = await Promise.all([call('joinOrg', { inviteCode: 'RACE2345' }), call('joinOrg', { inviteCode: 'RACE2345' })])
    expect(replies.filter((r) => r.ok)).toHaveLength(1)
    expect(replies.filter((r) => !r.ok).map((r) => expectError(r).code)).toEqual(['ALREADY_EXISTS'])
    expect((await storedOrg()).memberCount).toBe(before.memberCount + 1)
  })

  test('when the caller joins twice, then ALREADY_EXISTS', async () => {
    await addInvite('TWICE234', '2999-01-01T00:00:00.000Z')
    const call = caller(main, newOpenid())
    expectOk(await call('joinOrg', { inviteCode: 'TWICE234' }))
    expect(expectError(await call('joinOrg', { inviteCode: 'TWICE234' })).code).toBe('ALREADY_EXISTS')
  })

  test('when the invite belongs to an organization that no longer exists, then NOT_FOUND and no membership is left', async () => {
    await db().collection('org_invites').add({ _id: 'GONE2345', orgId: 'org-gone', orgName: '已注销的组织', role: 'staff', expiresAt: '2999-01-01T00:00:00.000Z', createdBy: 'x', createdAt: '2026-01-01T00:00:00.000Z' })
    const openid = newOpenid()
    expect(expectError(await caller(main, openid)('joinOrg', { inviteCode: 'GONE2345' })).code).toBe('NOT_FOUND')
    expect((await db().collection('org_members').where({ openid }).count()).total).toBe(0)
  })

  test('when the invite expired, then NOT_FOUND', async () => {
    await addInvite('OLDCODE2', '2020-01-01T00:00:00.000Z')
    expect(expectError(await caller(main, newOpenid())('joinOrg', { inviteCode: 'OLDCODE2' })).code).toBe('NOT_FOUND')
  })

  test('when the code is unknown, then NOT_FOUND', async () => {
    expect(expectError(await caller(main, newOpenid())('joinOrg', { inviteCode: 'NOPE2345' })).code).toBe('NOT_FOUND')
  })

  test('when the code is not 8 characters, then INVALID_ARGUMENT on inviteCode', async () => {
    const error = expectError(await caller(main, newOpenid())('joinOrg', { inviteCode: 'ABC' }))
    expect(error.fields).toContainEqual({ path: 'inviteCode', message: '邀请码为8位字符' })
  })
})

describe('the event envelope', () => {
  test('when the action is unknown, then INVALID_ARGUMENT names action', async () => {
    const error = expectError(await caller(main, newOpenid())('dropTables'))
    expect(error).toEqual({ code: 'INVALID_ARGUMENT', message: '未知的操作：dropTables', fields: [{ path: 'action', message: '未知的操作：dropTables' }] })
  })

  test('when the event is not an object, then INVALID_ARGUMENT', async () => {
    for (const event of ['login', 42, [1]]) {
      const reply = await main(event, { request_id: 'r', environment: '{}' })
      expect(expectError(reply).code).toBe('INVALID_ARGUMENT')
    }
  })

  test('when data is not an object, then INVALID_ARGUMENT names data', async () => {
    const reply = await main({ action: 'login', data: 'x' }, { request_id: 'r', environment: JSON.stringify({ WX_OPENID: newOpenid() }) })
    expect(expectError(reply).fields?.[0]?.path).toBe('data')
  })
})
