import { main as org } from '../../cloudfunctions/org/index'
import { main as user } from '../../cloudfunctions/user/index'
import { setClock } from '../../cloudfunctions/core/clock'
import type { InviteView, MemberView, OrgView, Page } from '../../cloudfunctions/core/org/org.schema'
import { INVITE_CODE_ALPHABET } from '../../cloudfunctions/core/org/org.rules'
import { seedDemoData } from '../../local/seed'
import { buildOrgRegistration, nextCreditCode } from '../builders/org'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'

type OrgReply = { org: OrgView }

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
let seq = 0
const newOpenid = () => `test-org-${Date.now()}-${++seq}`
const db = () => stack.app.database()
const platformAdmin = () => caller(org, 'demo-platform-admin')

beforeAll(async () => {
  stack = await startTestCloudbase()
  await seedDemoData(db())
})
afterAll(async () => {
  await stack.close()
})

/** A fresh caller registers an organization; returns its admin's caller and the org. */
async function registered(overrides: Record<string, unknown> = {}) {
  const adminOpenid = newOpenid()
  const admin = caller(org, adminOpenid)
  const { org: created } = expectOk(await admin<OrgReply>('register', buildOrgRegistration({ creditCode: nextCreditCode(), ...overrides })))
  return { admin, adminOpenid, org: created }
}

async function verified(overrides: Record<string, unknown> = {}) {
  const result = await registered(overrides)
  expectOk(await platformAdmin()('verify', { orgId: result.org.orgId, approve: true }))
  return result
}

/** Someone joins `orgId` through an invite the admin makes. */
async function joined(admin: ReturnType<typeof caller>, orgId: string, role: 'admin' | 'staff') {
  const openid = newOpenid()
  const invite = expectOk(await admin<InviteView>('createInvite', { orgId, role }))
  expectOk(await caller(user, openid)('joinOrg', { inviteCode: invite.inviteCode }))
  return { openid, call: caller(org, openid) }
}

describe('org.register', () => {
  test('when a signed-in caller registers, then the org is pending, they are its only admin and me lists it', async () => {
    const { org: created, adminOpenid } = await registered({ name: ' 苍南县助学公益协会 ' })
    expect(created).toMatchObject({ name: '苍南县助学公益协会', status: 'pending', memberCount: 1, myRole: 'admin', review: null })
    const { user: me } = expectOk(await caller(user, adminOpenid)<{ user: { orgs: unknown[] } }>('me'))
    expect(me.orgs).toEqual([{ orgId: created.orgId, name: '苍南县助学公益协会', role: 'admin', status: 'pending' }])
  })

  test('when the credit code is typed in lower case, then it is stored upper case', async () => {
    const code = nextCreditCode()
    const { org: created } = await registered({ creditCode: code.toLowerCase() })
    expect(created.creditCode).toBe(code)
  })

  test('when the credit code check character is wrong, then INVALID_ARGUMENT names creditCode and nothing is written', async () => {
    const code = nextCreditCode()
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0')
    const openid = newOpenid()
    const error = expectError(await caller(org, openid)('register', buildOrgRegistration({ creditCode: wrong })))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields).toContainEqual({ path: 'creditCode', message: '统一社会信用代码校验位不正确，请核对' })
    const { total } = await db().collection('org_members').where({ openid }).count()
    expect(total).toBe(0)
  })

  test.each([
    ['a letter outside the alphabet', '51330327MJ8921456I', '统一社会信用代码不能包含“I”'],
    ['17 characters', '51330327MJ8921456', '统一社会信用代码为18位，当前17位'],
  ])('when the credit code has %s, then the message says what is wrong', async (_label, creditCode, message) => {
    const error = expectError(await caller(org, newOpenid())('register', buildOrgRegistration({ creditCode })))
    expect(error.fields).toContainEqual({ path: 'creditCode', message })
  })

  test('when the same credit code is registered again, then ALREADY_EXISTS and no second org exists', async () => {
    const creditCode = nextCreditCode()
    await registered({ creditCode })
    const error = expectError(await caller(org, newOpenid())('register', buildOrgRegistration({ creditCode })))
    expect(error.code).toBe('ALREADY_EXISTS')
    const { total } = await db().collection('orgs').where({ creditCode }).count()
    expect(total).toBe(1)
  })

  test('when two callers register the same code at the same instant, then exactly one org exists', async () => {
    const creditCode = nextCreditCode()
    const replies = await Promise.all(Array.from({ length: 5 }, () => caller(org, newOpenid())('register', buildOrgRegistration({ creditCode }))))
    expect(replies.filter((r) => r.ok)).toHaveLength(1)
    expect(replies.filter((r) => !r.ok).map((r) => expectError(r).code)).toEqual(Array(4).fill('ALREADY_EXISTS'))
    const { total } = await db().collection('orgs').where({ creditCode }).count()
    expect(total).toBe(1)
  })

  test('when a seeded organization code is registered by someone else, then ALREADY_EXISTS', async () => {
    const error = expectError(await caller(org, newOpenid())('register', buildOrgRegistration({ creditCode: '51330327MJ8921456D' })))
    expect(error.code).toBe('ALREADY_EXISTS')
  })

  test('when a community organization has no credit code but a community, then it registers', async () => {
    const { org: created } = await registered({ kind: 'community', creditCode: '', community: '灵溪社区', township: '灵溪镇' })
    expect(created).toMatchObject({ kind: 'community', creditCode: null, community: '灵溪社区' })
  })

  test('when a community organization has neither credit code nor community, then INVALID_ARGUMENT names community', async () => {
    const error = expectError(await caller(org, newOpenid())('register', buildOrgRegistration({ kind: 'community' })))
    expect(error.fields).toEqual([{ path: 'community', message: '未登记的社区社会组织须填写所在社区' }])
  })

  test('when a social group has no credit code, then INVALID_ARGUMENT names creditCode', async () => {
    const error = expectError(await caller(org, newOpenid())('register', buildOrgRegistration({ kind: 'foundation' })))
    expect(error.fields).toEqual([{ path: 'creditCode', message: '请填写18位统一社会信用代码' }])
  })

  test('when name, township and phone are bad, then each is named', async () => {
    const error = expectError(await caller(org, newOpenid())('register', buildOrgRegistration({ creditCode: nextCreditCode(), name: '协会', township: '杭州市', contactPhone: '12345' })))
    expect(error.fields?.map((f) => f.path).sort()).toEqual(['contactPhone', 'name', 'township'])
  })

  test('when the contact phone is a landline, then it is accepted', async () => {
    const { org: created } = await registered({ contactPhone: '0577-64761234' })
    expect(created.contactPhone).toBe('0577-64761234')
  })

  test('when anonymous, then UNAUTHENTICATED', async () => {
    expect(expectError(await caller(org, null)('register', buildOrgRegistration({ creditCode: nextCreditCode() }))).code).toBe('UNAUTHENTICATED')
  })

  test('when retried with the same idempotency key, then one org is registered and the same reply returns', async () => {
    const openid = newOpenid()
    const input = buildOrgRegistration({ creditCode: nextCreditCode() })
    const first = expectOk(await caller(org, openid)<OrgReply>('register', input, { idempotencyKey: 'register-once-1' }))
    const second = expectOk(await caller(org, openid)<OrgReply>('register', input, { idempotencyKey: 'register-once-1' }))
    expect(second.org.orgId).toBe(first.org.orgId)
    const { total } = await db().collection('org_members').where({ openid }).count()
    expect(total).toBe(1)
  })
})

describe('org.verify', () => {
  test('when the platform admin approves, then the org is verified and public', async () => {
    const { org: created } = await registered()
    const { org: decided } = expectOk(await platformAdmin()<OrgReply>('verify', { orgId: created.orgId, approve: true }))
    expect(decided.status).toBe('verified')
    expect(decided.verifiedAt).not.toBeNull()
    const { org: seen } = expectOk(await caller(org, null)<OrgReply>('get', { orgId: created.orgId }))
    expect(seen.status).toBe('verified')
  })

  test('when the platform admin rejects with a reason, then the org admin sees the outcome and the reason', async () => {
    const { org: created, admin } = await registered()
    expectOk(await platformAdmin()('verify', { orgId: created.orgId, approve: false, reason: '信用代码与名称不符，请核对后重新提交' }))
    const { org: seen } = expectOk(await admin<OrgReply>('get', { orgId: created.orgId }))
    expect(seen.status).toBe('rejected')
    expect(seen.review).toMatchObject({ approved: false, reason: '信用代码与名称不符，请核对后重新提交' })
  })

  test('when rejecting without a reason, then INVALID_ARGUMENT names reason and the org stays pending', async () => {
    const { org: created, admin } = await registered()
    const error = expectError(await platformAdmin()('verify', { orgId: created.orgId, approve: false }))
    expect(error.fields).toEqual([{ path: 'reason', message: '驳回时请填写原因（至少2个字）' }])
    expect(expectOk(await admin<OrgReply>('get', { orgId: created.orgId })).org.status).toBe('pending')
  })

  test('when an org is decided twice, then the second is INVALID_STATE and the first decision stands', async () => {
    const { org: created } = await registered()
    expectOk(await platformAdmin()('verify', { orgId: created.orgId, approve: true }))
    const error = expectError(await platformAdmin()('verify', { orgId: created.orgId, approve: false, reason: '重复审核' }))
    expect(error.code).toBe('INVALID_STATE')
    expect(expectOk(await caller(org, null)<OrgReply>('get', { orgId: created.orgId })).org.status).toBe('verified')
  })

  test('when the org does not exist, then NOT_FOUND', async () => {
    expect(expectError(await platformAdmin()('verify', { orgId: 'org-nope', approve: true })).code).toBe('NOT_FOUND')
  })

  test('when an org admin tries to verify their own org, then FORBIDDEN', async () => {
    const { org: created, admin } = await registered()
    expect(expectError(await admin('verify', { orgId: created.orgId, approve: true })).code).toBe('FORBIDDEN')
  })
})

describe('org.get', () => {
  test('when an outsider reads a verified org, then the contact phone is masked and no review is shown', async () => {
    const { org: seen } = expectOk(await caller(org, newOpenid())<OrgReply>('get', { orgId: 'org-volunteer-centre' }))
    expect(seen.contactPhone).toBe('139****2001')
    expect(seen.review).toBeNull()
    expect(seen.myRole).toBeNull()
  })

  test('when staff of that org read it, then the phone is in full and myRole is staff', async () => {
    const { org: seen } = expectOk(await caller(org, 'demo-org-staff')<OrgReply>('get', { orgId: 'org-volunteer-centre' }))
    expect(seen.contactPhone).toBe('13967712001')
    expect(seen.myRole).toBe('staff')
  })

  test('when staff of another org read it, then the phone is masked', async () => {
    const { org: seen } = expectOk(await caller(org, 'demo-org-admin')<OrgReply>('get', { orgId: 'org-volunteer-centre' }))
    expect(seen.contactPhone).toBe('139****2001')
  })

  test('when an outsider asks for a pending org, then NOT_FOUND; the platform admin sees it with the phone', async () => {
    expect(expectError(await caller(org, 'demo-volunteer')('get', { orgId: 'org-mental-health' })).code).toBe('NOT_FOUND')
    expect(expectError(await caller(org, null)('get', { orgId: 'org-mental-health' })).code).toBe('NOT_FOUND')
    const { org: seen } = expectOk(await platformAdmin()<OrgReply>('get', { orgId: 'org-mental-health' }))
    expect(seen.contactPhone).toBe('0577-64768899')
  })

  test('when the view is built, then it carries only the public fields', async () => {
    const { org: seen } = expectOk(await caller(org, null)<OrgReply>('get', { orgId: 'org-charity-federation' }))
    expect(Object.keys(seen).sort()).toEqual(['community', 'contactName', 'contactPhone', 'createdAt', 'creditCode', 'intro', 'kind', 'memberCount', 'myRole', 'name', 'orgId', 'review', 'status', 'township', 'verifiedAt'])
  })
})

describe('org.list', () => {
  test('when anyone lists, then only verified orgs appear, newest first, phones masked', async () => {
    const { items } = expectOk(await caller(org, null)<Page<OrgView>>('list', { limit: 50 }))
    expect(items.length).toBeGreaterThanOrEqual(4)
    expect(new Set(items.map((o) => o.status))).toEqual(new Set(['verified']))
    const times = items.map((o) => o.createdAt)
    expect([...times].sort().reverse()).toEqual(times)
    const federation = items.find((o) => o.orgId === 'org-charity-federation')
    expect(federation?.contactPhone).toBe('057****1234')
  })

  test('when a non-admin asks for pending orgs, then FORBIDDEN', async () => {
    expect(expectError(await caller(org, 'demo-org-admin')('list', { status: 'pending' })).code).toBe('FORBIDDEN')
  })

  test('when the platform admin pages through pending orgs two at a time, then every one comes exactly once, oldest first', async () => {
    await registered()
    await registered()
    await registered()
    const seen: OrgView[] = []
    let cursor: string | null | undefined
    do {
      const page = expectOk(await platformAdmin()<Page<OrgView>>('list', { status: 'pending', limit: 2, cursor: cursor ?? undefined }))
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    const { total } = await db().collection('orgs').where({ status: 'pending' }).count()
    expect(seen).toHaveLength(total)
    expect(new Set(seen.map((o) => o.orgId)).size).toBe(total)
    const times = seen.map((o) => o.createdAt)
    expect([...times].sort()).toEqual(times)
    expect(seen[0]?.contactPhone).not.toContain('*')
  })

  test('when filtered by township and kind, then only matching orgs come', async () => {
    const { items } = expectOk(await caller(org, null)<Page<OrgView>>('list', { township: '钱库镇', kind: 'private_non_enterprise' }))
    expect(items.map((o) => o.orgId)).toContain('org-blue-sky-rescue')
    for (const item of items) expect(item).toMatchObject({ township: '钱库镇', kind: 'private_non_enterprise' })
  })

  test('when the cursor is garbage, then INVALID_ARGUMENT names cursor', async () => {
    const error = expectError(await caller(org, null)('list', { cursor: 'not-a-cursor' }))
    expect(error.fields?.[0]?.path).toBe('cursor')
  })

  test('when the limit is out of range, then INVALID_ARGUMENT names limit', async () => {
    const error = expectError(await caller(org, null)('list', { limit: 500 }))
    expect(error.fields?.[0]?.path).toBe('limit')
  })
})

describe('org.createInvite and user.joinOrg', () => {
  test('when an org admin creates an invite, then the code is 8 unambiguous characters valid for 7 days', async () => {
    const restore = setClock(() => new Date('2026-11-23T02:00:00.000Z'))
    try {
      const { admin, org: created } = await verified()
      const invite = expectOk(await admin<InviteView>('createInvite', { orgId: created.orgId, role: 'staff' }))
      expect(invite.inviteCode).toMatch(new RegExp(`^[${INVITE_CODE_ALPHABET}]{8}$`))
      expect(invite.inviteCode).not.toMatch(/[01OIL]/)
      expect(invite.expiresAt).toBe('2026-11-30T02:00:00.000Z')
      expect(invite.qrPayload).toBe(`gycn:invite:${invite.inviteCode}`)
    } finally {
      restore()
    }
  })

  test('when someone joins with a staff invite, then they are staff, can list members, but cannot invite', async () => {
    const { admin, org: created } = await verified()
    const staff = await joined(admin, created.orgId, 'staff')
    const { items } = expectOk(await staff.call<{ items: MemberView[] }>('members', { orgId: created.orgId }))
    expect(items.map((m) => m.role).sort()).toEqual(['admin', 'staff'])
    expect(items.find((m) => m.isMe)?.openid).toBe(staff.openid)
    expect(expectError(await staff.call('createInvite', { orgId: created.orgId, role: 'staff' })).code).toBe('FORBIDDEN')
  })

  test('when the invite has expired, then joining is NOT_FOUND', async () => {
    const { admin, org: created } = await verified()
    const invite = expectOk(await admin<InviteView>('createInvite', { orgId: created.orgId, role: 'staff' }))
    const restore = setClock(() => new Date(Date.now() + 8 * 24 * 60 * 60 * 1000))
    try {
      const error = expectError(await caller(user, newOpenid())('joinOrg', { inviteCode: invite.inviteCode }))
      expect(error).toMatchObject({ code: 'NOT_FOUND', message: '邀请码无效或已过期' })
    } finally {
      restore()
    }
  })

  test('when the admin lists invites, then active ones show and expired ones do not', async () => {
    const { admin, org: created } = await verified()
    const restore = setClock(() => new Date(Date.now() - 10 * 24 * 60 * 60 * 1000))
    const old = expectOk(await admin<InviteView>('createInvite', { orgId: created.orgId, role: 'admin' }))
    restore()
    const fresh = expectOk(await admin<InviteView>('createInvite', { orgId: created.orgId, role: 'staff' }))
    const { items } = expectOk(await admin<{ items: InviteView[] }>('invites', { orgId: created.orgId }))
    expect(items.map((i) => i.inviteCode)).toEqual([fresh.inviteCode])
    expect(items.map((i) => i.inviteCode)).not.toContain(old.inviteCode)
  })

  test('when the admin of org A invites for org B, then FORBIDDEN', async () => {
    const a = await verified()
    const b = await verified()
    expect(expectError(await a.admin('createInvite', { orgId: b.org.orgId, role: 'admin' })).code).toBe('FORBIDDEN')
  })

  test('when the role is not admin or staff, then INVALID_ARGUMENT names role', async () => {
    const { admin, org: created } = await verified()
    const error = expectError(await admin('createInvite', { orgId: created.orgId, role: 'owner' }))
    expect(error.fields?.[0]?.path).toBe('role')
  })

  test('when the org was rejected, then it cannot invite (INVALID_STATE)', async () => {
    const { admin, org: created } = await registered()
    expectOk(await platformAdmin()('verify', { orgId: created.orgId, approve: false, reason: '材料不全' }))
    expect(expectError(await admin('createInvite', { orgId: created.orgId, role: 'staff' })).code).toBe('INVALID_STATE')
  })
})

describe('org.members and org.removeMember', () => {
  test('when members are listed, then phones are masked and names come from the volunteer record', async () => {
    const { items } = expectOk(await caller(org, 'demo-org-staff')<{ items: MemberView[] }>('members', { orgId: 'org-volunteer-centre' }))
    const me = items.find((m) => m.openid === 'demo-org-staff')
    expect(me).toMatchObject({ displayName: '郑晓东', phone: '138****7004', role: 'staff', isMe: true })
    expect(JSON.stringify(items)).not.toMatch(/1\d{10}/)
  })

  test('when an outsider lists members, then FORBIDDEN', async () => {
    expect(expectError(await caller(org, 'demo-volunteer')('members', { orgId: 'org-volunteer-centre' })).code).toBe('FORBIDDEN')
  })

  test('when an admin removes a staff member, then they are gone, counted down and lose access', async () => {
    const { admin, org: created } = await verified()
    const staff = await joined(admin, created.orgId, 'staff')
    expectOk(await admin('removeMember', { orgId: created.orgId, openid: staff.openid }))
    const { org: after } = expectOk(await admin<OrgReply>('get', { orgId: created.orgId }))
    expect(after.memberCount).toBe(1)
    expect(expectError(await staff.call('members', { orgId: created.orgId })).code).toBe('FORBIDDEN')
  })

  test('when the only admin removes themselves, then INVALID_STATE and they stay admin', async () => {
    const { admin, adminOpenid, org: created } = await verified()
    const error = expectError(await admin('removeMember', { orgId: created.orgId, openid: adminOpenid }))
    expect(error).toMatchObject({ code: 'INVALID_STATE', message: '组织至少需要保留一名管理员' })
    expect(expectOk(await admin<OrgReply>('get', { orgId: created.orgId })).org.myRole).toBe('admin')
  })

  test('when two admins remove each other at the same instant, then one admin remains', async () => {
    const { admin, adminOpenid, org: created } = await verified()
    const second = await joined(admin, created.orgId, 'admin')
    const replies = await Promise.all([
      admin('removeMember', { orgId: created.orgId, openid: second.openid }),
      second.call('removeMember', { orgId: created.orgId, openid: adminOpenid }),
    ])
    expect(replies.filter((r) => r.ok)).toHaveLength(1)
    const { data } = await db().collection('org_members').where({ orgId: created.orgId, role: 'admin' }).get()
    expect(data).toHaveLength(1)
    const stored = (await db().collection('orgs').doc(created.orgId).get()).data[0]
    expect(stored).toMatchObject({ adminCount: 1, memberCount: 1 })
  })

  test('when the member is not in the org, then NOT_FOUND', async () => {
    const { admin, org: created } = await verified()
    expect(expectError(await admin('removeMember', { orgId: created.orgId, openid: 'nobody' })).code).toBe('NOT_FOUND')
  })

  test('when staff try to remove someone, then FORBIDDEN', async () => {
    const { admin, adminOpenid, org: created } = await verified()
    const staff = await joined(admin, created.orgId, 'staff')
    expect(expectError(await staff.call('removeMember', { orgId: created.orgId, openid: adminOpenid })).code).toBe('FORBIDDEN')
  })
})
