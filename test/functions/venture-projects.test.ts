import { setClock } from '../../cloudfunctions/core/clock'
import { formatDate } from '../../cloudfunctions/core/time/beijing'
import type { FundedSummaryView, ProjectView } from '../../cloudfunctions/venture/projects'
import { main as venture } from '../../cloudfunctions/venture/index'
import { projectPhotoFolder } from '../../cloudfunctions/core/venture/project.photos'
import { DEMO_FUNDED_PROJECT_ID, seedDemoData } from '../../local/seed'
import { buildOrgDoc } from '../builders/org'
import { buildClosedContest } from '../builders/venture-project'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'
import { addVolunteers } from '../support/people'

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
const as = (openid: string | null) => caller(venture, openid)
const admin = () => as('demo-platform-admin')
const DAY = 24 * 3600_000

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

type ProjectReply = { project: ProjectView }

/** A verified organization with one staff member. */
async function newOrg() {
  const org = buildOrgDoc({ status: 'verified' })
  const [staff] = await addVolunteers(db(), 1, 'vp-staff')
  await db().collection('orgs').add(org)
  await db().collection('org_members').add({ _id: `${org._id}:${staff}`, orgId: org._id, orgName: org.name, openid: staff, role: 'staff', joinedAt: new Date().toISOString() })
  return { orgId: org._id, orgName: org.name, staff }
}

/** A closed contest with one entry per organization, published with `amounts` (in rank order): its funded projects. */
async function published(amounts: number[]) {
  const orgs = []
  for (let i = 0; i < amounts.length; i++) orgs.push(await newOrg())
  const { contest, entries } = buildClosedContest(orgs)
  await db().collection('venture_contests').add(contest)
  for (const entry of entries) await db().collection('venture_entries').add(entry)
  expectOk(await admin()('publish', { contestId: contest._id, awards: entries.map((e, i) => ({ entryId: e._id, amountYuan: amounts[i] })) }))
  const items = expectOk(await as(null)<{ items: FundedSummaryView[] }>('funded', { contestId: contest._id })).items
  return { contestId: contest._id, orgs, projects: items }
}

async function photo(projectId: string, openid: string, name = 'a.jpg') {
  const { fileID } = await stack.app.uploadFile({ cloudPath: `${projectPhotoFolder(projectId, openid)}${name}`, fileContent: Buffer.from('fake-jpeg-bytes') })
  return fileID as string
}

const REPORT = '项目已签订协议，组建了12人的志愿服务队，完成首批30户独居老人的入户走访和需求评估。'

async function submit(projectId: string, staff: string, seq: number, text = REPORT) {
  return as(staff)<ProjectReply>('submitMilestone', { projectId, seq, text, photoFileIds: [await photo(projectId, staff, `m${seq}-${Date.now()}.jpg`)] })
}
const accept = (projectId: string, seq: number) => admin()<ProjectReply>('reviewMilestone', { projectId, seq, accept: true })
const publicView = async (projectId: string) => expectOk(await as(null)<ProjectReply>('project', { projectId })).project
const today = () => formatDate(new Date().toISOString())

describe('publish → funded projects', () => {
  test('when a contest is published, then each award becomes a funded project with 40/30/30 tranches summing exactly, none released', async () => {
    const { projects } = await published([33_333, 20_000])
    expect(projects).toHaveLength(2)
    const project = await publicView(projects.find((p) => p.amountYuan === 33_333)?.projectId as string)
    expect(project.milestones.map((m) => [m.name, m.trancheYuan, m.status, m.released])).toEqual([
      ['启动', 13_333, 'pending', false],
      ['中期', 9_999, 'pending', false],
      ['结项', 10_001, 'pending', false],
    ])
    expect(project.releasedYuan).toBe(0)
    expect(project.followUpsRequired).toBe(3)
    expect((await db().collection('venture_projects').where({ contestId: project.contestId }).count()).total).toBe(2)
  })

  test('when funded projects are listed with a small limit, then pages follow each other without repeats', async () => {
    await published([10_000, 10_000, 10_000])
    const first = expectOk(await as(null)<{ items: FundedSummaryView[]; nextCursor: string | null }>('funded', { limit: 2 }))
    expect(first.items).toHaveLength(2)
    expect(first.nextCursor).not.toBeNull()
    const second = expectOk(await as(null)<{ items: FundedSummaryView[] }>('funded', { limit: 2, cursor: first.nextCursor }))
    expect(second.items.map((i) => i.projectId)).not.toContain(first.items[0].projectId)
    expect(second.items.map((i) => i.projectId)).not.toContain(first.items[1].projectId)
  })
})

describe('submitMilestone', () => {
  test('when someone who is not the organization staff submits, then FORBIDDEN; an unknown project is NOT_FOUND', async () => {
    const { projects } = await published([30_000])
    const [stranger] = await addVolunteers(db(), 1, 'vp-stranger')
    const error = expectError(await as(stranger)('submitMilestone', { projectId: projects[0].projectId, seq: 1, text: REPORT, photoFileIds: ['cloud://x.y/venture/a/b/c.jpg'] }))
    expect(error.code).toBe('FORBIDDEN')
    expect(expectError(await as(stranger)('submitMilestone', { projectId: 'vp-none', seq: 1, text: REPORT, photoFileIds: ['x'] })).code).toBe('NOT_FOUND')
    expect(expectError(await as(null)('submitMilestone', { projectId: projects[0].projectId, seq: 1, text: REPORT, photoFileIds: ['x'] })).code).toBe('UNAUTHENTICATED')
  })

  test('when the staff submit a later milestone, or the current one twice, then INVALID_STATE; the tranche is not released by a submission', async () => {
    const { projects, orgs } = await published([30_000])
    const id = projects[0].projectId
    const later = expectError(await submit(id, orgs[0].staff, 2))
    expect([later.code, later.message]).toEqual(['INVALID_STATE', '当前应提交“启动”节点报告'])
    const done = expectOk(await submit(id, orgs[0].staff, 1)).project
    expect(done.milestones[0].status).toBe('submitted')
    expect(done.releasedYuan).toBe(0)
    expect((await publicView(id)).milestones[0].released).toBe(false)
    const again = expectError(await submit(id, orgs[0].staff, 1))
    expect([again.code, again.message]).toEqual(['INVALID_STATE', '“启动”报告已提交，正在等待验收'])
  })

  test('when the report or photos are bad, then INVALID_ARGUMENT names the field and nothing is written', async () => {
    const { projects, orgs } = await published([30_000])
    const id = projects[0].projectId
    const staff = orgs[0].staff
    const ok = await photo(id, staff)
    const call = (data: Record<string, unknown>) => as(staff)('submitMilestone', { projectId: id, seq: 1, text: REPORT, photoFileIds: [ok], ...data })
    const phone = expectError(await call({ text: `${REPORT}联系人电话13812345678` }))
    expect([phone.code, phone.fields?.[0].path]).toEqual(['INVALID_ARGUMENT', 'text'])
    expect(phone.fields?.[0].message).toContain('不能包含手机号或身份证号')
    expect(expectError(await call({ text: `${REPORT}负责人身份证330327199001011234` })).fields?.[0].path).toBe('text')
    expect(expectError(await call({ text: '太短' })).fields?.[0].path).toBe('text')
    expect(expectError(await call({ seq: 'one' })).fields?.[0].path).toBe('seq')
    expect(expectError(await call({ photoFileIds: [] })).fields?.[0].path).toBe('photoFileIds')
    const [other] = await addVolunteers(db(), 1, 'vp-other')
    expect(expectError(await call({ photoFileIds: [await photo(id, other)] })).fields?.[0]).toEqual({ path: 'photoFileIds.0', message: '照片须由本人为本项目上传' })
    const missing = ok.replace(/[^/]+$/, 'missing.jpg')
    expect(expectError(await call({ photoFileIds: [ok, missing] })).fields?.[0]).toEqual({ path: 'photoFileIds.1', message: '照片不存在，请重新上传' })
    expect(expectError(await as(staff)('submitMilestone', { seq: 1, text: REPORT, photoFileIds: [ok] })).fields?.[0].path).toBe('projectId')
    expect((await publicView(id)).milestones[0].status).toBe('pending')
  })
})

describe('reviewMilestone', () => {
  test('when the admin returns a report, then a reason is required, the org sees it, the public sees neither report nor reason, and the org may submit again', async () => {
    const { projects, orgs } = await published([30_000])
    const id = projects[0].projectId
    const staff = orgs[0].staff
    expectOk(await submit(id, staff, 1))
    expect(expectError(await admin()('reviewMilestone', { projectId: id, seq: 1, accept: false })).fields?.[0].path).toBe('reason')
    const returned = expectOk(await admin()<ProjectReply>('reviewMilestone', { projectId: id, seq: 1, accept: false, reason: '请补充入户走访的照片' })).project
    expect([returned.milestones[0].status, returned.releasedYuan]).toEqual(['returned', 0])
    const mine = expectOk(await as(staff)<{ items: ProjectView[] }>('orgProjects', { orgId: orgs[0].orgId })).items[0]
    expect(mine.milestones[0].returnReason).toBe('请补充入户走访的照片')
    const open = await publicView(id)
    expect(open.milestones[0].report).toBeNull()
    expect(JSON.stringify(open)).not.toContain('请补充入户走访的照片')
    expect(expectOk(await submit(id, staff, 1)).project.milestones[0].status).toBe('submitted')
  })

  test('when the admin accepts a milestone, then its tranche is released and the public page shows the report with photos', async () => {
    const { projects, orgs } = await published([30_000])
    const id = projects[0].projectId
    expect(expectError(await accept(id, 1)).code).toBe('INVALID_STATE')
    expectOk(await submit(id, orgs[0].staff, 1))
    expect(expectError(await as(orgs[0].staff)('reviewMilestone', { projectId: id, seq: 1, accept: true })).code).toBe('FORBIDDEN')
    expectOk(await accept(id, 1))
    const open = await publicView(id)
    expect([open.milestones[0].status, open.milestones[0].released, open.releasedYuan]).toEqual(['accepted', true, 12_000])
    expect(open.milestones[0].report?.text).toBe(REPORT)
    expect(open.milestones[0].report?.photos).toHaveLength(1)
    expect(open.currentMilestone).toMatchObject({ seq: 2, name: '中期', status: 'pending' })
    const again = expectError(await accept(id, 1))
    expect([again.code, again.message]).toEqual(['INVALID_STATE', '“启动”已验收，拨款已发放'])
    expect((await publicView(id)).releasedYuan).toBe(12_000)
  })

  test('when five acceptances of one milestone race, then exactly one succeeds and the tranche is released once', async () => {
    const { projects, orgs } = await published([50_000])
    const id = projects[0].projectId
    expectOk(await submit(id, orgs[0].staff, 1))
    const replies = await Promise.all(Array.from({ length: 5 }, () => accept(id, 1)))
    expect(replies.filter((r) => r.ok)).toHaveLength(1)
    expect(replies.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(['INVALID_STATE', 'INVALID_STATE', 'INVALID_STATE', 'INVALID_STATE'])
    const { data } = await db().collection('venture_projects').doc(id).get()
    const stored = (Array.isArray(data) ? data[0] : data) as { releasedYuan: number; milestones: { releasedAt: string | null }[] }
    expect(stored.releasedYuan).toBe(20_000)
    expect(stored.milestones.filter((m) => m.releasedAt !== null)).toHaveLength(1)
  })
})

describe('followUp / completeProject', () => {
  test('when the project closes, then the final milestone must be accepted and at least three follow-ups recorded', async () => {
    const { projects, orgs } = await published([30_000])
    const id = projects[0].projectId
    const staff = orgs[0].staff
    const early = expectError(await admin()('completeProject', { projectId: id }))
    expect([early.code, early.message]).toEqual(['INVALID_STATE', '“结项”报告尚未验收，不能结项'])
    for (const seq of [1, 2, 3]) {
      expectOk(await submit(id, staff, seq))
      expectOk(await accept(id, seq))
    }
    const follow = (method: string) => admin()<ProjectReply>('followUp', { projectId: id, date: today(), method, note: '走访了服务对象，服务开展正常' })
    expectOk(await follow('实地走访'))
    expectOk(await follow('电话回访'))
    const short = expectError(await admin()('completeProject', { projectId: id }))
    expect([short.code, short.message]).toEqual(['INVALID_STATE', '跟踪回访须至少3次（现有2次），不能结项'])
    expect(expectOk(await follow('线上会议')).project.followUpCount).toBe(3)
    const done = expectOk(await admin()<ProjectReply>('completeProject', { projectId: id })).project
    expect([done.status, done.releasedYuan]).toEqual(['completed', 30_000])
    expect(expectError(await admin()('completeProject', { projectId: id })).code).toBe('INVALID_STATE')
    expect(expectError(await follow('实地走访')).code).toBe('INVALID_STATE')
    expect(expectError(await submit(id, staff, 3)).code).toBe('INVALID_STATE')
  })

  test('when a follow-up is bad or not from the platform admin, then INVALID_ARGUMENT names the field, or FORBIDDEN', async () => {
    const { projects, orgs } = await published([30_000])
    const id = projects[0].projectId
    const call = (data: Record<string, unknown>) => admin()('followUp', { projectId: id, date: today(), method: '实地走访', note: '服务开展正常', ...data })
    expect(expectError(await call({ method: '写信' })).fields?.[0].path).toBe('method')
    expect(expectError(await call({ date: '2027-02-30' })).fields?.[0].path).toBe('date')
    expect(expectError(await call({ date: formatDate(new Date(Date.now() + 3 * DAY).toISOString()) })).fields?.[0]).toEqual({ path: 'date', message: '回访日期不能晚于今天' })
    expect(expectError(await call({ date: '2020-01-01' })).fields?.[0]).toEqual({ path: 'date', message: '回访日期不能早于项目立项' })
    expect(expectError(await call({ note: '' })).fields?.[0].path).toBe('note')
    expect(expectError(await as(orgs[0].staff)('followUp', { projectId: id, date: today(), method: '实地走访', note: '服务开展正常' })).code).toBe('FORBIDDEN')
    expect((await publicView(id)).followUpCount).toBe(0)
  })

  test('when a follow-up is retried with the same idempotency key, then it is recorded once', async () => {
    const { projects } = await published([30_000])
    const id = projects[0].projectId
    const data = { projectId: id, date: today(), method: '电话回访', note: '电话了解项目进度，服务开展正常' }
    await Promise.all([admin()('followUp', data, { idempotencyKey: 'follow-up-key-1' }), admin()('followUp', data, { idempotencyKey: 'follow-up-key-1' })])
    expectOk(await admin()('followUp', data, { idempotencyKey: 'follow-up-key-1' }))
    expect((await publicView(id)).followUpCount).toBe(1)
  })
})

describe('project (public)', () => {
  test('when anyone reads a project, then no openid, team member, follow-up note or pending report appears', async () => {
    const { projects, orgs } = await published([30_000])
    const id = projects[0].projectId
    const staff = orgs[0].staff
    expectOk(await submit(id, staff, 1))
    expectOk(await accept(id, 1))
    expectOk(await submit(id, staff, 2, '中期：已开展上门陪伴服务200余人次，建立老人互助小组3个，服务记录完整。'))
    expectOk(await admin()('followUp', { projectId: id, date: today(), method: '实地走访', note: '走访了王大爷家，了解到服务很及时' }))
    const open = await publicView(id)
    const text = JSON.stringify(open)
    for (const secret of [staff, 'demo-platform-admin', '林晓燕', '王大爷', '中期：已开展']) expect(text).not.toContain(secret)
    expect(open.followUps).toEqual([{ followUpId: expect.any(String), date: today(), method: '实地走访', note: null }])
    expect(open.milestones[1].status).toBe('submitted')
    expect(open.milestones[1].report).toBeNull()
    const queue = expectOk(await admin()<{ items: ProjectView[] }>('projectQueue', { filter: 'pending' })).items
    expect(queue.find((p) => p.projectId === id)?.milestones[1].report?.text).toContain('中期')
    expect(expectError(await as(staff)('projectQueue', {})).code).toBe('FORBIDDEN')
    expect(expectError(await as(null)('project', { projectId: 'none' })).code).toBe('NOT_FOUND')
  })
})

test('when the clock is set past a follow-up date bound, then the date rule follows the functions clock', async () => {
  const { projects } = await published([30_000])
  const at = new Date(Date.now() + 10 * DAY)
  restoreClock = setClock(() => at)
  const later = formatDate(at.toISOString())
  expectOk(await admin()('followUp', { projectId: projects[0].projectId, date: later, method: '线上会议', note: '线上会议了解项目进度' }))
  expect((await publicView(projects[0].projectId)).followUps.map((f) => f.date)).toEqual([later])
})

test('when the demo data is seeded, then last year’s funded project shows 启动 released, 中期 awaiting review and 回访 2/3', async () => {
  const open = await publicView(DEMO_FUNDED_PROJECT_ID)
  expect([open.orgName, open.amountYuan, open.releasedYuan, open.followUpCount]).toEqual(['苍南县志愿服务中心', 40_000, 16_000, 2])
  expect(open.milestones.map((m) => m.status)).toEqual(['accepted', 'submitted', 'pending'])
  const results = expectOk(await as(null)<{ awards: { entryId: string }[] }>('results', { contestId: 'vc-demo-last-year' }))
  expect(results.awards.map((a) => a.entryId)).toEqual([open.projectId.split('_').join(':')])
})
