import { main as needs } from '../../cloudfunctions/needs/index'
import type { CountyView, MatchView, NeedView, ProjectView, ResourceView } from '../../cloudfunctions/core/needs/needs.schema'
import { DEMO_NEED_IDS, seedDemoData } from '../../local/seed'
import { buildNeedInput, buildProjectInput, buildResourceInput } from '../builders/needs'
import { buildOrgDoc } from '../builders/org'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
/** A verified 社区社会组织 with staff `needs-liaison`, made in beforeAll (the seeded one is still pending). */
let YISHAN = ''
const CENTRE = 'org-volunteer-centre' // 民办非企业单位, staff: demo-org-staff
const liaison = () => caller(needs, 'needs-liaison')
const admin = () => caller(needs, 'demo-platform-admin')
const staff = () => caller(needs, 'demo-org-staff')

/** An organization with `openid` as its staff, written straight to the database. */
async function orgWithStaff(openid: string, overrides: Parameters<typeof buildOrgDoc>[0]) {
  const org = buildOrgDoc(overrides)
  await db().collection('orgs').add(org)
  await db().collection('org_members').add({ _id: `${org._id}:${openid}`, orgId: org._id, orgName: org.name, openid, role: 'staff', joinedAt: org.createdAt })
  return org
}

async function postNeed(overrides: Record<string, unknown> = {}): Promise<NeedView> {
  return expectOk(await liaison()<{ need: NeedView }>('postNeed', buildNeedInput({ orgId: YISHAN, ...overrides }))).need
}

beforeAll(async () => {
  stack = await startTestCloudbase()
  await seedDemoData(db())
  YISHAN = (await orgWithStaff('needs-liaison', { kind: 'community', name: '宜山镇夕阳红为老服务队', township: '宜山镇', community: '宜山社区' }))._id
})
afterAll(async () => {
  await stack.close()
})

describe('postNeed', () => {
  test('when staff of a verified community organization posts a need, then anyone reads it open, with the organization named', async () => {
    const need = await postNeed()
    expect(need).toMatchObject({ orgId: YISHAN, orgName: '宜山镇夕阳红为老服务队', township: '宜山镇', field: '为老服务', beneficiaryCount: 20, status: 'open', projectCount: 0 })
    const read = expectOk(await caller(needs, null)<{ need: NeedView; projects: ProjectView[] }>('need', { needId: need.needId }))
    expect(read).toEqual({ need, projects: [], matches: [] })
  })

  test('when the platform admin posts a need without an organization, then it is stored without one', async () => {
    const need = expectOk(await admin()<{ need: NeedView }>('postNeed', buildNeedInput({ township: '马站镇', community: '马站社区' }))).need
    expect(need).toMatchObject({ orgId: null, orgName: null, township: '马站镇' })
  })

  test('when staff of an organization that is not a community organization, or not verified, posts a need, then FORBIDDEN and nothing is stored', async () => {
    const before = (await db().collection('needs').count()).total
    expect(expectError(await staff()('postNeed', buildNeedInput({ orgId: CENTRE }))).code).toBe('FORBIDDEN')
    // the seeded 宜山镇 community organization is still pending
    expect(expectError(await caller(needs, 'seed-yishan-liaison')('postNeed', buildNeedInput({ orgId: 'org-yishan-elder-care' }))).code).toBe('FORBIDDEN')
    const pending = await orgWithStaff('needs-pending-staff', { kind: 'community', status: 'pending' })
    expect(expectError(await caller(needs, 'needs-pending-staff')('postNeed', buildNeedInput({ orgId: pending._id }))).code).toBe('FORBIDDEN')
    // a resident without an organization, with or without naming one
    expect(expectError(await caller(needs, 'demo-resident')('postNeed', buildNeedInput())).code).toBe('FORBIDDEN')
    expect(expectError(await caller(needs, 'demo-resident')('postNeed', buildNeedInput({ orgId: YISHAN }))).code).toBe('FORBIDDEN')
    expect((await db().collection('needs').count()).total).toBe(before)
  })

  test.each([
    ['content', { content: '请联系王阿姨 138 1234 5678，她家需要帮助。' }],
    ['beneficiaries', { beneficiaries: '330327195001011234' }],
    ['field', { field: '文化服务' }],
    ['township', { township: '龙港市' }],
    ['beneficiaryCount', { beneficiaryCount: 0 }],
    ['community', { community: '' }],
  ])('when %s is bad, then INVALID_ARGUMENT names it', async (path, overrides) => {
    const error = expectError(await liaison()('postNeed', buildNeedInput({ orgId: YISHAN, ...overrides })))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields?.map((f) => f.path)).toContain(path)
  })
})

describe('needs', () => {
  test('when filtered by township, field and open, then only those come, newest first, page by page without repeats', async () => {
    const first = await postNeed({ township: '凤阳畲族乡', community: '凤阳村', field: '助残服务' })
    const second = await postNeed({ township: '凤阳畲族乡', community: '凤阳村', field: '助残服务' })
    await postNeed({ township: '凤阳畲族乡', community: '凤阳村', field: '健康服务' })
    const anyone = caller(needs, null)
    const page1 = expectOk(await anyone<{ items: NeedView[]; nextCursor: string | null }>('needs', { township: '凤阳畲族乡', field: '助残服务', open: true, limit: 1 }))
    expect(page1.nextCursor).not.toBeNull()
    const page2 = expectOk(await anyone<{ items: NeedView[]; nextCursor: string | null }>('needs', { township: '凤阳畲族乡', field: '助残服务', open: true, limit: 1, cursor: page1.nextCursor }))
    expect(page2.nextCursor).toBeNull()
    // newest first; two posted in the same millisecond come in `_id` order, newest-first too
    const expected = [first, second].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || (b.needId > a.needId ? 1 : -1)).map((n) => n.needId)
    expect([...page1.items, ...page2.items].map((n) => n.needId)).toEqual(expected)
  })
})

describe('proposeProject', () => {
  test('when staff of a verified organization proposes a project against two needs, then both count it and show it', async () => {
    const a = await postNeed()
    const b = await postNeed({ field: '健康服务' })
    const project = expectOk(await staff()<{ project: ProjectView }>('proposeProject', buildProjectInput(CENTRE, [a.needId, b.needId]))).project
    expect(project).toMatchObject({ orgId: CENTRE, orgName: '苍南县志愿服务中心', needIds: [a.needId, b.needId], budgetTotalYuan: 5000, teamSize: 21, durationMonths: 12 })
    for (const needId of [a.needId, b.needId]) {
      const read = expectOk(await caller(needs, null)<{ need: NeedView; projects: ProjectView[] }>('need', { needId }))
      expect(read.need.projectCount).toBe(1)
      expect(read.projects).toEqual([project])
    }
    const byOrg = expectOk(await caller(needs, null)<{ items: ProjectView[] }>('projects', { orgId: CENTRE, needId: a.needId }))
    expect(byOrg.items).toEqual([project])
  })

  test('when two organizations propose against one need at the same moment, then both projects count', async () => {
    const need = await postNeed()
    const rescue = await orgWithStaff('needs-rescue-staff', { kind: 'private_non_enterprise' })
    const replies = await Promise.all([
      staff()('proposeProject', buildProjectInput(CENTRE, [need.needId])),
      caller(needs, 'needs-rescue-staff')('proposeProject', buildProjectInput(rescue._id, [need.needId], { title: '健康守护行动' })),
    ])
    replies.forEach((reply) => expectOk(reply))
    const read = expectOk(await caller(needs, null)<{ need: NeedView; projects: ProjectView[] }>('need', { needId: need.needId }))
    expect(read.need.projectCount).toBe(2)
    expect(read.projects).toHaveLength(2)
  })

  test('when a need is missing or closed, then NOT_FOUND or INVALID_STATE, and no need counts the project', async () => {
    const open = await postNeed()
    const closed = await postNeed()
    await db().collection('needs').doc(closed.needId).update({ status: 'closed' })
    const missing = expectError(await staff()('proposeProject', buildProjectInput(CENTRE, [open.needId, 'need-nope'])))
    expect(missing).toMatchObject({ code: 'NOT_FOUND', fields: [{ path: 'needIds' }] })
    expect(expectError(await staff()('proposeProject', buildProjectInput(CENTRE, [open.needId, closed.needId]))).code).toBe('INVALID_STATE')
    const read = expectOk(await caller(needs, null)<{ need: NeedView; projects: ProjectView[] }>('need', { needId: open.needId }))
    expect(read.need.projectCount).toBe(0)
    expect(read.projects).toEqual([])
  })

  test('when the organization is not verified, or the caller is not its staff, then FORBIDDEN', async () => {
    const need = await postNeed()
    const pending = await orgWithStaff('needs-pending-proposer', { status: 'pending' })
    expect(expectError(await caller(needs, 'needs-pending-proposer')('proposeProject', buildProjectInput(pending._id, [need.needId]))).code).toBe('FORBIDDEN')
    expect(expectError(await caller(needs, 'demo-volunteer')('proposeProject', buildProjectInput(CENTRE, [need.needId]))).code).toBe('FORBIDDEN')
  })

  test.each([
    ['needIds', (id: string) => ({ needIds: [id, id] })],
    ['needIds', () => ({ needIds: [] })],
    ['budgetLines.0.amountYuan', () => ({ budgetLines: [{ item: '物资', amountYuan: 1.5 }] })],
    ['team.0.role', () => ({ team: [{ role: '联系人13812345678', count: 1 }] })],
    ['plan', () => ({ plan: '由张老师负责，电话 0577-64712345，每周上门。' })],
    ['durationMonths', () => ({ durationMonths: 37 })],
  ])('when %s is bad, then INVALID_ARGUMENT names it', async (path, overrides) => {
    const error = expectError(await staff()('proposeProject', buildProjectInput(CENTRE, [DEMO_NEED_IDS[0]], overrides(DEMO_NEED_IDS[0]))))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields?.map((f) => f.path)).toContain(path)
  })
})

describe('countyView', () => {
  test('when needs are open, answered or closed, then it counts the open ones by township and field and lists the unanswered', async () => {
    const answered = await postNeed({ township: '岱岭畲族乡', community: '岱岭村', field: '乡村振兴' })
    const waiting = await postNeed({ township: '岱岭畲族乡', community: '岱岭村', field: '应急救援' })
    const closed = await postNeed({ township: '岱岭畲族乡', community: '岱岭村', field: '应急救援' })
    await db().collection('needs').doc(closed.needId).update({ status: 'closed' })
    expectOk(await staff()('proposeProject', buildProjectInput(CENTRE, [answered.needId])))
    const view = expectOk(await caller(needs, null)<CountyView>('countyView', {}))
    expect(view.openByTownship.find((t) => t.township === '岱岭畲族乡')).toEqual({ township: '岱岭畲族乡', total: 2, byField: { 乡村振兴: 1, 应急救援: 1 } })
    expect(view.openTotal).toBe(view.openByTownship.reduce((sum, t) => sum + t.total, 0))
    const unanswered = view.unanswered.map((n) => n.needId)
    expect(unanswered).toContain(waiting.needId)
    expect(unanswered).toContain(DEMO_NEED_IDS[1])
    expect(unanswered).not.toContain(answered.needId)
    expect(unanswered).not.toContain(closed.needId)
  })
})

describe('resources', () => {
  type ResourcePage = { items: ResourceView[]; nextCursor: string | null }

  test('when the platform admin adds a resource, then anyone finds it by township and offer with the contact masked, and the admin sees it in full', async () => {
    const added = expectOk(await admin()<{ resource: ResourceView }>('addResource', buildResourceInput({ township: '莒溪镇' }))).resource
    expect(added.contact).toEqual({ name: '陈医生', phone: '13967712345' })
    const seen = expectOk(await caller(needs, 'demo-resident')<ResourcePage>('resources', { township: '莒溪镇', offer: 'venue' }))
    expect(seen.items.map((r) => r.resourceId)).toEqual([added.resourceId])
    expect(seen.items[0]?.contact).toEqual({ name: '陈*生', phone: '139****2345' })
    expect(JSON.stringify(seen)).not.toContain('13967712345')
    expect(expectOk(await caller(needs, null)<ResourcePage>('resources', { township: '莒溪镇', offer: 'funds' })).items).toEqual([])
    expect(expectOk(await admin()<ResourcePage>('resources', { township: '莒溪镇' })).items[0]?.contact.phone).toBe('13967712345')
  })

  test('when the admin updates the offers, then they are replaced, not merged, and the other fields stay', async () => {
    const added = expectOk(await admin()<{ resource: ResourceView }>('addResource', buildResourceInput({ township: '藻溪镇' }))).resource
    const updated = expectOk(await admin()<{ resource: ResourceView }>('updateResource', { resourceId: added.resourceId, offers: ['funds'] })).resource
    expect(updated).toMatchObject({ offers: ['funds'], provider: added.provider, description: added.description, contact: added.contact })
    expect(expectOk(await caller(needs, null)<ResourcePage>('resources', { township: '藻溪镇', offer: 'venue' })).items).toEqual([])
  })

  test('when someone else adds or updates, or the resource is missing, or a field is bad, then FORBIDDEN, NOT_FOUND or INVALID_ARGUMENT naming it', async () => {
    expect(expectError(await staff()('addResource', buildResourceInput())).code).toBe('FORBIDDEN')
    expect(expectError(await staff()('updateResource', { resourceId: 'res-nope', offers: ['funds'] })).code).toBe('FORBIDDEN')
    expect(expectError(await admin()('updateResource', { resourceId: 'res-nope', offers: ['funds'] })).code).toBe('NOT_FOUND')
    const bad = async (overrides: Record<string, unknown>) => expectError(await admin()('addResource', buildResourceInput(overrides))).fields?.map((f) => f.path)
    expect(await bad({ offers: ['venue', 'venue'] })).toContain('offers')
    expect(await bad({ offers: ['land'] })).toContain('offers.0')
    expect(await bad({ contact: { name: '陈医生', phone: '12345' } })).toContain('contact.phone')
    expect(await bad({ description: '联系电话13967712345，随时可用。' })).toContain('description')
    expect(await bad({ provider: { name: '某企业', kind: 'school' } })).toContain('provider.kind')
    expect(expectError(await admin()('updateResource', { resourceId: 'res-nope' })).code).toBe('INVALID_ARGUMENT')
  })
})

describe('matching', () => {
  type NeedPage = { need: NeedView; projects: ProjectView[]; matches: MatchView[] }

  /** A need, a project of the volunteer centre on it, and two resources. */
  async function arrange() {
    const need = await postNeed()
    const project = expectOk(await staff()<{ project: ProjectView }>('proposeProject', buildProjectInput(CENTRE, [need.needId]))).project
    const resource = async (name: string) => expectOk(await admin()<{ resource: ResourceView }>('addResource', buildResourceInput({ provider: { name, kind: 'enterprise' } }))).resource.resourceId
    return { need, project, providerIds: [await resource('宜山爱心超市'), await resource('宜山镇卫生院')] }
  }

  test('when the project\'s staff proposes a match, then it is pending and the need shows nobody until both sides confirm', async () => {
    const { need, project, providerIds } = await arrange()
    const match = expectOk(await staff()<{ match: MatchView }>('proposeMatch', { projectId: project.projectId, providerIds, undertakerOrgId: CENTRE })).match
    expect(match).toMatchObject({ status: 'pending', confirmed: { undertaker: false, providers: false }, undertaker: { orgId: CENTRE }, needIds: [need.needId] })
    expect(match.providers.map((p) => p.name)).toEqual(['宜山爱心超市', '宜山镇卫生院'])
    const afterOne = expectOk(await staff()<{ match: MatchView }>('confirmMatch', { matchId: match.matchId, side: 'undertaker' })).match
    expect(afterOne).toMatchObject({ status: 'pending', confirmed: { undertaker: true, providers: false } })
    expect(expectOk(await caller(needs, null)<NeedPage>('need', { needId: need.needId })).matches).toEqual([])
    const both = expectOk(await admin()<{ match: MatchView }>('confirmMatch', { matchId: match.matchId, side: 'providers' })).match
    expect(both).toMatchObject({ status: 'confirmed', confirmed: { undertaker: true, providers: true } })
    const masked = { name: '陈*生', phone: '139****2345' }
    expect(expectOk(await caller(needs, null)<NeedPage>('need', { needId: need.needId })).matches).toEqual([{ ...both, providers: both.providers.map((p) => ({ ...p, contact: masked })) }])
  })

  test('when both sides confirm at the same moment, then neither confirmation is lost and the match is confirmed', async () => {
    for (let round = 0; round < 3; round++) {
      const { project, providerIds } = await arrange()
      const match = expectOk(await admin()<{ match: MatchView }>('proposeMatch', { projectId: project.projectId, providerIds, undertakerOrgId: CENTRE })).match
      const replies = await Promise.all([
        staff()('confirmMatch', { matchId: match.matchId, side: 'undertaker' }),
        admin()('confirmMatch', { matchId: match.matchId, side: 'providers' }),
      ])
      replies.forEach((reply) => expectOk(reply))
      const stored = (await db().collection('matches').doc(match.matchId).get()).data[0] as { status: string; confirmations: Record<string, unknown> }
      expect(stored.status).toBe('confirmed')
      expect(stored.confirmations.undertaker).not.toBeNull()
      expect(stored.confirmations.providers).not.toBeNull()
    }
  })

  test('when the wrong side confirms, or someone else proposes, or a provider is missing, then FORBIDDEN or NOT_FOUND and nothing changes', async () => {
    const { project, providerIds } = await arrange()
    expect(expectError(await caller(needs, 'demo-org-admin')('proposeMatch', { projectId: project.projectId, providerIds, undertakerOrgId: CENTRE })).code).toBe('FORBIDDEN')
    const missing = expectError(await staff()('proposeMatch', { projectId: project.projectId, providerIds: [...providerIds, 'res-nope'], undertakerOrgId: CENTRE }))
    expect(missing).toMatchObject({ code: 'NOT_FOUND', fields: [{ path: 'providerIds' }] })
    const pending = await orgWithStaff('needs-pending-undertaker', { status: 'pending' })
    expect(expectError(await staff()('proposeMatch', { projectId: project.projectId, providerIds, undertakerOrgId: pending._id })).code).toBe('INVALID_STATE')
    const match = expectOk(await staff()<{ match: MatchView }>('proposeMatch', { projectId: project.projectId, providerIds, undertakerOrgId: CENTRE })).match
    // the undertaker's staff cannot confirm for the providers, nor a stranger for anyone
    expect(expectError(await staff()('confirmMatch', { matchId: match.matchId, side: 'providers' })).code).toBe('FORBIDDEN')
    expect(expectError(await caller(needs, 'demo-volunteer')('confirmMatch', { matchId: match.matchId, side: 'undertaker' })).code).toBe('FORBIDDEN')
    const stored = (await db().collection('matches').doc(match.matchId).get()).data[0] as { status: string; confirmations: Record<string, unknown> }
    expect(stored).toMatchObject({ status: 'pending', confirmations: { undertaker: null, providers: null } })
  })
})

describe('closeNeed', () => {
  type NeedPage = { need: NeedView; projects: ProjectView[]; matches: MatchView[] }
  const openDocs = async () => (await db().collection('needs').where({ status: 'open' }).count()).total

  test('when the posting organization withdraws a need with a reason, then it leaves the open list and the county counts, which stay equal to the documents', async () => {
    const need = await postNeed({ township: '南宋镇', community: '南宋村', field: '共同富裕' })
    const before = expectOk(await caller(needs, null)<CountyView>('countyView', {}))
    expect(before.openTotal).toBe(await openDocs())
    const closed = expectOk(await liaison()<{ need: NeedView }>('closeNeed', { needId: need.needId, outcome: 'withdrawn', reason: '村里已自行解决' })).need
    expect(closed).toMatchObject({ status: 'closed', closedAs: 'withdrawn', closeReason: '村里已自行解决' })
    expect(closed.closedAt).not.toBeNull()
    const after = expectOk(await caller(needs, null)<CountyView>('countyView', {}))
    expect(after.openTotal).toBe(before.openTotal - 1)
    expect(after.openTotal).toBe(await openDocs())
    expect(after.unanswered.map((n) => n.needId)).not.toContain(need.needId)
    const open = expectOk(await caller(needs, null)<{ items: NeedView[] }>('needs', { township: '南宋镇', open: true }))
    expect(open.items.map((n) => n.needId)).not.toContain(need.needId)
    // the organization's own list still has it, closed
    const ours = expectOk(await caller(needs, null)<{ items: NeedView[] }>('needs', { orgId: YISHAN, township: '南宋镇' }))
    expect(ours.items.map((n) => [n.needId, n.status])).toEqual([[need.needId, 'closed']])
  })

  test('when a need no project answers is marked fulfilled, or withdrawn without a reason, then INVALID_STATE or INVALID_ARGUMENT and it stays open', async () => {
    const need = await postNeed()
    expect(expectError(await liaison()('closeNeed', { needId: need.needId, outcome: 'fulfilled' }))).toMatchObject({ code: 'INVALID_STATE', fields: [{ path: 'outcome' }] })
    const noReason = expectError(await liaison()('closeNeed', { needId: need.needId, outcome: 'withdrawn' }))
    expect(noReason.code).toBe('INVALID_ARGUMENT')
    expect(noReason.fields?.map((f) => f.path)).toContain('reason')
    expect(expectError(await liaison()('closeNeed', { needId: need.needId, outcome: 'withdrawn', reason: '联系13812345678' })).fields?.map((f) => f.path)).toContain('reason')
    expect(expectOk(await caller(needs, null)<NeedPage>('need', { needId: need.needId })).need.status).toBe('open')
  })

  test('when a project answers it, then the platform admin marks it fulfilled; a second close is INVALID_STATE; others are FORBIDDEN', async () => {
    const need = await postNeed()
    expectOk(await staff()('proposeProject', buildProjectInput(CENTRE, [need.needId])))
    // the volunteer centre answered it but did not post it
    expect(expectError(await staff()('closeNeed', { needId: need.needId, outcome: 'fulfilled' })).code).toBe('FORBIDDEN')
    expect(expectError(await caller(needs, 'demo-resident')('closeNeed', { needId: need.needId, outcome: 'fulfilled' })).code).toBe('FORBIDDEN')
    expect(expectError(await caller(needs, null)('closeNeed', { needId: need.needId, outcome: 'fulfilled' })).code).toBe('UNAUTHENTICATED')
    const closed = expectOk(await admin()<{ need: NeedView }>('closeNeed', { needId: need.needId, outcome: 'fulfilled' })).need
    expect(closed).toMatchObject({ status: 'closed', closedAs: 'fulfilled', closeReason: null })
    expect(expectError(await liaison()('closeNeed', { needId: need.needId, outcome: 'withdrawn', reason: '重复关闭' })).code).toBe('INVALID_STATE')
    expect(expectError(await admin()('closeNeed', { needId: 'need-nope', outcome: 'fulfilled' })).code).toBe('NOT_FOUND')
  })

  test('when a need is closed while projects are proposed against it at the same moment, then every stored project is counted and none is stored after the close', async () => {
    for (let round = 0; round < 3; round++) {
      const need = await postNeed()
      const replies = await Promise.all([
        staff()('proposeProject', buildProjectInput(CENTRE, [need.needId])),
        liaison()('closeNeed', { needId: need.needId, outcome: 'withdrawn', reason: '需求已变化' }),
        staff()('proposeProject', buildProjectInput(CENTRE, [need.needId], { title: '第二个项目' })),
      ])
      expectOk(replies[1])
      const refused = replies.filter((reply) => !reply.ok)
      refused.forEach((reply) => expect(expectError(reply).code).toBe('INVALID_STATE'))
      const stored = (await db().collection('projects').where({ needIds: need.needId }).get()).data
      const doc = (await db().collection('needs').doc(need.needId).get()).data[0] as { status: string; projectCount: number }
      expect(doc.status).toBe('closed')
      expect(doc.projectCount).toBe(stored.length)
      expect(stored.length).toBe(2 - refused.length)
    }
  })
})

describe('matches', () => {
  type MatchPage = { items: MatchView[]; nextCursor: string | null }

  test('when matches are proposed, then the undertaker and the project organization list theirs by status, page by page, and strangers are FORBIDDEN', async () => {
    const need = await postNeed()
    const rescue = await orgWithStaff('needs-matches-undertaker', { kind: 'private_non_enterprise', name: '苍南县应急救援队' })
    const project = expectOk(await staff()<{ project: ProjectView }>('proposeProject', buildProjectInput(CENTRE, [need.needId]))).project
    const providerIds = [expectOk(await admin()<{ resource: ResourceView }>('addResource', buildResourceInput())).resource.resourceId]
    const first = expectOk(await admin()<{ match: MatchView }>('proposeMatch', { projectId: project.projectId, providerIds, undertakerOrgId: rescue._id })).match
    const second = expectOk(await admin()<{ match: MatchView }>('proposeMatch', { projectId: project.projectId, providerIds, undertakerOrgId: CENTRE })).match
    expectOk(await caller(needs, 'needs-matches-undertaker')('confirmMatch', { matchId: first.matchId, side: 'undertaker' }))

    const undertaker = expectOk(await caller(needs, 'needs-matches-undertaker')<MatchPage>('matches', { orgId: rescue._id }))
    expect(undertaker.items.map((m) => m.matchId)).toEqual([first.matchId])
    expect(undertaker.items[0]?.confirmed).toEqual({ undertaker: true, providers: false })

    const byProject = [] as string[]
    let cursor: string | null | undefined
    do {
      const page: MatchPage = expectOk(await staff()<MatchPage>('matches', { projectId: project.projectId, limit: 1, ...(cursor ? { cursor } : {}) }))
      byProject.push(...page.items.map((m) => m.matchId))
      cursor = page.nextCursor
    } while (cursor)
    expect(byProject.sort()).toEqual([first.matchId, second.matchId].sort())
    // the project's organization sees both (one as undertaker too); pending only
    expect(expectOk(await staff()<MatchPage>('matches', { orgId: CENTRE, status: 'pending' })).items.map((m) => m.matchId)).toEqual(expect.arrayContaining([first.matchId, second.matchId]))

    expect(expectError(await caller(needs, 'needs-matches-undertaker')('matches', { orgId: CENTRE })).code).toBe('FORBIDDEN')
    expect(expectError(await caller(needs, 'needs-matches-undertaker')('matches', { projectId: project.projectId })).code).toBe('FORBIDDEN')
    expect(expectError(await caller(needs, 'demo-resident')('matches', {})).code).toBe('FORBIDDEN')
    expect(expectOk(await admin()<MatchPage>('matches', { projectId: project.projectId })).items).toHaveLength(2)
  })

  test('when a match is confirmed, then the need shows its providers with contacts masked for the public and in full for the admin', async () => {
    const need = await postNeed()
    const project = expectOk(await staff()<{ project: ProjectView }>('proposeProject', buildProjectInput(CENTRE, [need.needId]))).project
    const resourceId = expectOk(await admin()<{ resource: ResourceView }>('addResource', buildResourceInput())).resource.resourceId
    const match = expectOk(await admin()<{ match: MatchView }>('proposeMatch', { projectId: project.projectId, providerIds: [resourceId], undertakerOrgId: CENTRE })).match
    expectOk(await staff()('confirmMatch', { matchId: match.matchId, side: 'undertaker' }))
    expectOk(await admin()('confirmMatch', { matchId: match.matchId, side: 'providers' }))
    const publicView = expectOk(await caller(needs, null)<{ matches: MatchView[] }>('need', { needId: need.needId }))
    expect(publicView.matches[0]?.providers[0]?.contact).toEqual({ name: '陈*生', phone: '139****2345' })
    expect(JSON.stringify(publicView)).not.toContain('13967712345')
    const adminView = expectOk(await admin()<{ matches: MatchView[] }>('need', { needId: need.needId }))
    expect(adminView.matches[0]?.providers[0]?.contact).toEqual({ name: '陈医生', phone: '13967712345' })
  })
})
