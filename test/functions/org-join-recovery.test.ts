import { main as user } from '../../cloudfunctions/user/index'
import { setClock } from '../../cloudfunctions/core/clock'
import { addMember } from '../../cloudfunctions/core/org/org.store'
import { policies } from '../../cloudfunctions/core/settings/policies'
import { wechatContext } from '../../local/wechat-context'
import { buildOrgDoc } from '../builders/org'
import { caller, expectOk } from '../support/call'
import { failingDb, InjectedCrash } from '../support/failing-db'
import { startTestCloudbase } from '../support/local-cloudbase'

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
const GRACE_MS = policies.signUpRecoveryGraceSeconds * 1000

beforeAll(async () => {
  stack = await startTestCloudbase()
})
afterAll(async () => {
  await stack.close()
})

/** The organization's counts against its membership documents, and anything left under way. */
async function countsAgree(orgId: string) {
  const org = (await db().collection('orgs').doc(orgId).get()).data[0]
  const { data: members } = await db().collection('org_members').where({ orgId }).limit(1000).get()
  return {
    memberCount: org.memberCount === members.length,
    adminCount: org.adminCount === members.filter((m: { role: string }) => m.role === 'admin').length,
    underWay: Object.keys(org.joining ?? {}).length + (org.joiningCount ?? 0),
  }
}

describe('a join whose function dies between its writes', () => {
  // addMember's database calls: is it a member already, count + record, the membership, clear the record
  test.each([
    [1, false],
    [2, false],
    [3, false],
    [4, true],
  ])('when it dies before call %i, then after recovery the member is %s and the counts equal the memberships', async (crashAt, joined) => {
    const org = buildOrgDoc({ _id: `org-join-crash-${crashAt}`, memberCount: 0, adminCount: 0 })
    await db().collection('orgs').add(org)
    const openid = `join-crash-${crashAt}`
    const startedAt = new Date()
    const membership = { _id: `${org._id}:${openid}`, orgId: org._id, orgName: org.name, openid, role: 'staff' as const, joinedAt: startedAt.toISOString() }
    await expect(addMember(failingDb(db(), crashAt).db, membership, startedAt)).rejects.toBeInstanceOf(InjectedCrash)

    const restore = setClock(() => new Date(startedAt.getTime() + GRACE_MS + 1000))
    try {
      expectOk(await user({ Type: 'Timer', TriggerName: 'recoverJoins' }, wechatContext({ openid: null })))
    } finally {
      restore()
    }
    expect(await countsAgree(org._id)).toEqual({ memberCount: true, adminCount: true, underWay: 0 })
    const stored = (await db().collection('org_members').doc(membership._id).get()).data[0]
    expect(!!stored).toBe(joined)

    // whatever happened, joining again now works or says they are a member already
    if (!joined) await addMember(db(), { ...membership, joinedAt: new Date().toISOString() }, new Date())
    await expect(addMember(db(), { ...membership, joinedAt: new Date().toISOString() }, new Date())).rejects.toMatchObject({ code: 'ALREADY_EXISTS' })
    expect(await countsAgree(org._id)).toEqual({ memberCount: true, adminCount: true, underWay: 0 })
  })
})

describe('joins at the same instant', () => {
  test('when 30 people join with one invite at once, then every one is counted once', async () => {
    const org = buildOrgDoc({ _id: 'org-join-crowd', memberCount: 0, adminCount: 0 })
    await db().collection('orgs').add(org)
    await db().collection('org_invites').add({ _id: 'CROWDJ23', orgId: org._id, orgName: org.name, role: 'staff', expiresAt: '2999-01-01T00:00:00.000Z', createdBy: 'x', createdAt: '2026-01-01T00:00:00.000Z' })
    const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => caller(user, `join-crowd-${i}`)('joinOrg', { inviteCode: 'CROWDJ23' })))
    expect(replies.filter((r) => r.ok)).toHaveLength(30)
    expect(await countsAgree(org._id)).toEqual({ memberCount: true, adminCount: true, underWay: 0 })
  })
})
