import ExcelJS from 'exceljs'
import { main as aid } from '../../cloudfunctions/aid/index'
import { AID_CONSENT_TEXT, AID_CONSENT_VERSION } from '../../cloudfunctions/core/aid/aid.constants'
import { newAidDataKey } from '../../cloudfunctions/core/aid/aid-crypto'
import type { AidApplicationDoc } from '../../cloudfunctions/core/aid/aid.rules'
import type { AidAccessView, AidApplicationView, AidProgramView } from '../../cloudfunctions/core/aid/aid.schema'
import { setClock } from '../../cloudfunctions/core/clock'
import type { Envelope } from '../../cloudfunctions/core/errors'
import type { Page } from '../../cloudfunctions/core/org/org.schema'
import { DEMO_AID_PROGRAM_ID, seedDemoData } from '../../local/seed'
import { wechatContext } from '../../local/wechat-context'
import { buildApplyInput, nextIdCardNo } from '../builders/aid'
import { expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'

type AppReply = { application: AidApplicationView }

process.env.AID_DATA_KEY ??= newAidDataKey()

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
const PROGRAM = DEMO_AID_PROGRAM_ID
const DAY = 24 * 3600_000
let seq = 0
const newOpenid = () => `aid-student-${Date.now().toString(36)}-${++seq}`

/** Every reply of every call in this file, to check that no plain ID number ever leaves the function. */
const replies: string[] = []
const plainNumbers = new Set<string>()

function as(openid: string | null) {
  return async <T = unknown>(action: string, data?: unknown, extra: { idempotencyKey?: string } = {}) => {
    const reply = (await aid({ action, data, ...extra }, wechatContext({ openid }))) as Envelope<T>
    replies.push(JSON.stringify(reply))
    return reply
  }
}
const admin = () => as('demo-org-admin') // 慈善总会 admin
const otherOrgStaff = () => as('demo-org-staff') // 志愿服务中心 staff

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
const moveClockBy = (ms: number) => {
  restoreClock?.()
  const at = new Date(Date.now() + ms)
  restoreClock = setClock(() => at)
}

async function upload(openid: string, name = 'admission-letter.jpg', programId = PROGRAM) {
  const { fileID } = await stack.app.uploadFile({ cloudPath: `aid/${programId}/${openid}/${name}`, fileContent: Buffer.from(`fake-${name}`) })
  return fileID as string
}

/** A student with two uploads applies; returns what a test needs to go on. */
async function applyAs(overrides: { applicant?: Record<string, unknown>; [key: string]: unknown } = {}, openid = newOpenid()) {
  const files = [await upload(openid), await upload(openid, 'hardship-proof.jpg')]
  const input = buildApplyInput(PROGRAM, files, overrides)
  plainNumbers.add(String(input.applicant.idCardNo).replace(/\s+/g, '').toUpperCase())
  const reply = await as(openid)<AppReply>('apply', input)
  return { openid, input, files, reply, student: as(openid) }
}

async function applied(overrides: { applicant?: Record<string, unknown>; [key: string]: unknown } = {}) {
  const result = await applyAs(overrides)
  return { ...result, application: expectOk(result.reply).application }
}

const storedApplication = async (applicationId: string) =>
  ((await db().collection('aid_applications').where({ _id: applicationId }).get()).data as AidApplicationDoc[])[0]

const accessCount = async (applicationId: string) => (await db().collection('aid_access_log').where({ applicationId }).count()).total

describe('aid.programs', () => {
  test('when anyone lists programmes, then the demo programme is open with its tiers and its rules in plain words', async () => {
    const { items } = expectOk(await as(null)<{ items: AidProgramView[] }>('programs', {}))
    const program = items.find((p) => p.programId === PROGRAM)
    expect(program).toMatchObject({ orgName: '苍南县慈善总会', name: '困难大学新生慈善助学', window: 'open' })
    expect(program?.tiers.map((t) => [t.label, t.amountYuan])).toEqual([['低保家庭', 8000], ['低保边缘家庭', 8000], ['孤儿', 8000], ['因病因灾等特殊困难', 5000]])
    expect(program?.rulesText).toEqual(expect.arrayContaining(['申请人须为苍南县户籍', '已在结对助学中的学生不能申请', '因病致困、因灾致困、其他特殊困难的学生：一次性资助5,000元']))
  })
})

describe('aid.createProgram', () => {
  const programInput = (overrides: Record<string, unknown> = {}) => ({
    orgId: 'org-charity-federation',
    name: '困难大学新生慈善助学（试点）',
    year: 2027,
    opensAt: '2027-07-01T00:00:00+08:00',
    closesAt: '2027-09-30T23:59:59+08:00',
    tiers: [{ code: 'dibao', label: '低保家庭', amountYuan: 8000, familyStatuses: ['dibao'] }],
    rules: [{ kind: 'hukouInCounty' }, { kind: 'admittedInProgramYear' }],
    ...overrides,
  })

  test('when the admin of a verified organization opens a programme, then it is listed as upcoming with the default retention', async () => {
    const { program } = expectOk(await admin()<{ program: AidProgramView }>('createProgram', programInput()))
    expect(program).toMatchObject({ window: 'upcoming', year: 2027, retentionDays: 180, orgName: '苍南县慈善总会' })
    const { items } = expectOk(await as(null)<{ items: AidProgramView[] }>('programs', { orgId: 'org-charity-federation' }))
    expect(items.map((p) => p.programId)).toContain(program.programId)
  })

  test.each([
    ['a window that closes before it opens', { closesAt: '2027-06-01T00:00:00+08:00' }, 'closesAt'],
    ['two tiers with one code', { tiers: [{ code: 'a', label: '一档', amountYuan: 1 }, { code: 'a', label: '二档', amountYuan: 2 }] }, 'tiers.1.code'],
    ['an unknown rule', { rules: [{ kind: 'likesCats' }] }, 'rules.0.kind'],
    ['a fractional amount', { tiers: [{ code: 'a', label: '一档', amountYuan: 1.5 }] }, 'tiers.0.amountYuan'],
  ])('when the programme has %s, then INVALID_ARGUMENT names the field', async (_label, overrides, path) => {
    const error = expectError(await admin()('createProgram', programInput(overrides)))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields?.map((f) => f.path)).toContain(path)
  })

  test('when the admin of an organization still pending verification opens one, then FORBIDDEN', async () => {
    const error = expectError(await as('seed-mental-health-admin')('createProgram', programInput({ orgId: 'org-mental-health' })))
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: '组织通过认证后才能开设救助项目' })
  })
})

describe('aid.apply', () => {
  test('when a student applies with consent, then the application is submitted with the ID number masked and the consent stored', async () => {
    const { application, input } = await applied()
    const plain = String(input.applicant.idCardNo)
    expect(application).toMatchObject({ status: 'submitted', tier: 'dibao', amountYuan: null, consent: { version: AID_CONSENT_VERSION } })
    expect(application.applicant.idCardNo).toBe(`${plain.slice(0, 6)}********${plain.slice(-4)}`)
    const stored = await storedApplication(application.applicationId)
    expect(stored.consent).toMatchObject({ sensitiveInfo: true, version: AID_CONSENT_VERSION, text: AID_CONSENT_TEXT })
    expect(application.timeline.map((e) => e.kind)).toEqual(['submitted'])
  })

  test('when an application is stored, then no document anywhere holds the plain ID number (nor its middle digits)', async () => {
    const { application, input } = await applied()
    const plain = String(input.applicant.idCardNo)
    const everything = JSON.stringify(await Promise.all(['aid_applications', 'aid_claims', 'aid_events', 'aid_access_log'].map(async (c) => (await db().collection(c).limit(1000).get()).data)))
    expect(everything).not.toContain(plain)
    expect(everything).not.toContain(plain.slice(6, 14))
    const stored = await storedApplication(application.applicationId)
    expect(stored.applicant.idCardCipher).toMatch(/^v1\./)
    expect(Object.keys(stored.applicant)).not.toContain('idCardNo')
  })

  test.each([
    ['household registration outside the county', { applicant: { hukouTownship: '县外' } }, '苍南县户籍'],
    ['admission in another year', { applicant: { admissionYear: 2025 } }, '当年录取的大学新生'],
    ['a paired sponsorship already', { applicant: { inPairedSponsorship: true } }, '未在结对助学中'],
    ['a family situation the tier is not for', { tier: 'orphan', applicant: { familyStatus: 'illness' } }, '家庭情况符合所选档次'],
  ])('when the applicant has %s, then NOT_ELIGIBLE names the rule and nothing is stored', async (_label, overrides, ruleLabel) => {
    const { reply, openid } = await applyAs(overrides)
    const error = expectError(reply)
    expect(error.code).toBe('NOT_ELIGIBLE')
    expect(error.message).toContain(`不符合“${ruleLabel}”条件`)
    expect((await db().collection('aid_applications').where({ openid }).count()).total).toBe(0)
  })

  test('when the tier is for the applicant’s situation, then illness qualifies for the special-hardship tier', async () => {
    const { application } = await applied({ tier: 'special_hardship', applicant: { familyStatus: 'illness' } })
    expect(application.tierLabel).toBe('因病因灾等特殊困难')
  })

  test.each([
    ['no consent', { consent: undefined }, 'consent'],
    ['consent not given', { consent: { sensitiveInfo: false } }, 'consent.sensitiveInfo'],
    ['an outdated consent version', { consent: { sensitiveInfo: true, version: '2020-01-v0' } }, 'consent.version'],
    ['a wrong check digit', { applicant: { idCardNo: '330327200801011230' } }, 'applicant.idCardNo'],
    ['a bad phone', { applicant: { phone: '12345' } }, 'applicant.phone'],
    ['an unknown township', { applicant: { hukouTownship: '杭州市' } }, 'applicant.hukouTownship'],
    ['no attachments', { attachmentFileIds: [] }, 'attachmentFileIds'],
    ['a tier the programme does not have', { tier: 'gold' }, 'tier'],
  ])('when the application has %s, then INVALID_ARGUMENT names the field and nothing is stored', async (_label, overrides, path) => {
    const { reply, openid } = await applyAs(overrides as Record<string, unknown>)
    const error = expectError(reply)
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields?.map((f) => f.path)).toContain(path)
    expect((await db().collection('aid_applications').where({ openid }).count()).total).toBe(0)
  })

  test('when an attachment is somebody else’s upload, then INVALID_ARGUMENT on that attachment', async () => {
    const someoneElse = await upload(newOpenid())
    const openid = newOpenid()
    const error = expectError(await as(openid)('apply', buildApplyInput(PROGRAM, [await upload(openid), someoneElse])))
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', fields: [{ path: 'attachmentFileIds.1', message: '附件须由申请人本人为本项目上传' }] })
  })

  test('when the window has not opened or has closed, then OUTSIDE_WINDOW', async () => {
    moveClockBy(-2 * DAY)
    expect(expectError((await applyAs()).reply)).toMatchObject({ code: 'OUTSIDE_WINDOW', message: '项目尚未开始受理申请' })
    moveClockBy(91 * DAY)
    expect(expectError((await applyAs()).reply)).toMatchObject({ code: 'OUTSIDE_WINDOW', message: '项目申请已截止' })
  })

  test.each([
    ['spaces in the number', (n: string) => `${n.slice(0, 6)} ${n.slice(6, 14)} ${n.slice(14)}`, false],
    ['a lowercase x', (n: string) => n.toLowerCase(), true],
  ])('when the same person applies again with %s, then ALREADY_EXISTS', async (_label, respell, endsInX) => {
    const idCardNo = nextIdCardNo({ endsInX })
    expectOk((await applyAs({ applicant: { idCardNo } })).reply)
    const again = await applyAs({ applicant: { idCardNo: respell(idCardNo) } })
    expect(expectError(again.reply)).toMatchObject({ code: 'ALREADY_EXISTS', message: '该身份证号已申请过本项目，请勿重复申请' })
  })

  test('when 20 applications with the same ID number arrive at once, then exactly one lands', async () => {
    const idCardNo = nextIdCardNo()
    const spellings = [idCardNo, ` ${idCardNo.slice(0, 9)} ${idCardNo.slice(9)} `]
    const openids = Array.from({ length: 20 }, () => newOpenid())
    const inputs = await Promise.all(openids.map(async (openid, i) => buildApplyInput(PROGRAM, [await upload(openid)], { applicant: { idCardNo: spellings[i % 2] } })))
    const results = await Promise.all(openids.map((openid, i) => as(openid)<AppReply>('apply', inputs[i])))
    plainNumbers.add(idCardNo)
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(Array(19).fill('ALREADY_EXISTS'))
    expect((await db().collection('aid_applications').where({ openid: db().command.in(openids) }).count()).total).toBe(1)
  }, 120_000)

  test('when an apply is retried with the same idempotency key, then one application and the same reply', async () => {
    const openid = newOpenid()
    const input = buildApplyInput(PROGRAM, [await upload(openid)])
    plainNumbers.add(String(input.applicant.idCardNo))
    const first = expectOk(await as(openid)<AppReply>('apply', input, { idempotencyKey: 'aid-retry-key-1' }))
    const second = expectOk(await as(openid)<AppReply>('apply', input, { idempotencyKey: 'aid-retry-key-1' }))
    expect(second.application.applicationId).toBe(first.application.applicationId)
    expect((await db().collection('aid_applications').where({ openid }).count()).total).toBe(1)
  })
})

describe('aid review, update and disbursement', () => {
  test('when staff of another organization look or decide, then FORBIDDEN, and nothing is logged', async () => {
    const { application } = await applied()
    const staff = otherOrgStaff()
    expect(expectError(await staff('get', { applicationId: application.applicationId })).code).toBe('FORBIDDEN')
    expect(expectError(await staff('queue', { programId: PROGRAM })).code).toBe('FORBIDDEN')
    expect(expectError(await staff('review', { applicationId: application.applicationId, decision: 'approve', reason: '符合条件' })).code).toBe('FORBIDDEN')
    expect(expectError(await staff('accessLog', { programId: PROGRAM })).code).toBe('FORBIDDEN')
    expect(expectError(await as(newOpenid())('get', { applicationId: application.applicationId })).code).toBe('FORBIDDEN')
    expect(await accessCount(application.applicationId)).toBe(0)
  })

  test('when a reviewer asks for more, the student adds it and the reviewer approves, then the trail holds every step with who, when and why', async () => {
    const { application, student, openid, files } = await applied()
    const id = application.applicationId
    const asked = expectOk(await admin()<AppReply>('review', { applicationId: id, decision: 'needs_info', reason: '请补充街道出具的低保证明' }))
    expect(asked.application.status).toBe('needs_info')
    expect(expectError(await admin()('review', { applicationId: id, decision: 'approve', reason: '符合条件' }))).toMatchObject({ code: 'INVALID_STATE' })

    const proof = await upload(openid, 'dibao-certificate.jpg')
    const updated = expectOk(await student<AppReply>('update', { applicationId: id, attachmentFileIds: [...files, proof], note: '已上传低保证明' }))
    expect(updated.application).toMatchObject({ status: 'submitted', canUpdate: false })

    const approved = expectOk(await admin()<AppReply>('review', { applicationId: id, decision: 'approve', reason: '材料齐全，符合低保家庭档次' }))
    expect(approved.application).toMatchObject({ status: 'approved', amountYuan: 8000 })
    const disbursed = expectOk(await admin()<AppReply>('disburse', { applicationId: id, reference: 'CS2026-0001' }))
    expect(disbursed.application).toMatchObject({ status: 'disbursed', disbursement: { reference: 'CS2026-0001' } })

    const events = (await db().collection('aid_events').where({ applicationId: id }).orderBy('at', 'asc').get()).data as { kind: string; by: string; reason: string | null }[]
    expect(events.map((e) => [e.kind, e.by, e.reason])).toEqual([
      ['submitted', openid, null],
      ['needs_info', 'demo-org-admin', '请补充街道出具的低保证明'],
      ['updated', openid, '已上传低保证明'],
      ['approve', 'demo-org-admin', '材料齐全，符合低保家庭档次'],
      ['disbursed', 'demo-org-admin', '发放凭证：CS2026-0001'],
    ])
    const { items } = expectOk(await student<{ items: AidApplicationView[] }>('mine', {}))
    const mine = items.find((a) => a.applicationId === id)
    expect(mine?.timeline.map((e) => e.kind)).toEqual(['submitted', 'needs_info', 'updated', 'approve', 'disbursed'])
    expect(mine?.timeline[1].reason).toBe('请补充街道出具的低保证明')
  })

  test('when approved in the special-hardship tier, then the amount is that tier’s', async () => {
    const { application } = await applied({ tier: 'special_hardship', applicant: { familyStatus: 'disaster' } })
    const { application: approved } = expectOk(await admin()<AppReply>('review', { applicationId: application.applicationId, decision: 'approve', reason: '台风受灾属实' }))
    expect(approved.amountYuan).toBe(5000)
  })

  test('when a reviewer decides without a reason, then INVALID_ARGUMENT on reason', async () => {
    const { application } = await applied()
    const error = expectError(await admin()('review', { applicationId: application.applicationId, decision: 'reject', reason: '' }))
    expect(error.fields?.map((f) => f.path)).toEqual(['reason'])
  })

  test('when two reviewers decide at once, then exactly one decision is recorded', async () => {
    const { application } = await applied()
    const [a, b] = await Promise.all([
      admin()('review', { applicationId: application.applicationId, decision: 'approve', reason: '符合条件' }),
      admin()('review', { applicationId: application.applicationId, decision: 'reject', reason: '材料不全' }),
    ])
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1)
    const decisions = (await db().collection('aid_events').where({ applicationId: application.applicationId, kind: db().command.in(['approve', 'reject']) }).count()).total
    expect(decisions).toBe(1)
  })

  test('when disbursing an application not approved, then INVALID_STATE', async () => {
    const { application } = await applied()
    expect(expectError(await admin()('disburse', { applicationId: application.applicationId, reference: 'CS2026-0002' })).code).toBe('INVALID_STATE')
  })

  test('when staff (not admin) of the programme’s organization work the queue, then they review, but disbursing, the access log and the export are the admin’s', async () => {
    const staffOpenid = newOpenid()
    await db().collection('org_members').add({ _id: `org-charity-federation:${staffOpenid}`, orgId: 'org-charity-federation', orgName: '苍南县慈善总会', openid: staffOpenid, role: 'staff', joinedAt: new Date().toISOString() })
    const staff = as(staffOpenid)
    const { application } = await applied()
    expectOk(await staff('get', { applicationId: application.applicationId }))
    expectOk(await staff('review', { applicationId: application.applicationId, decision: 'approve', reason: '符合条件' }))
    expect(expectError(await staff('disburse', { applicationId: application.applicationId, reference: 'CS2026-0003' })).code).toBe('FORBIDDEN')
    expect(expectError(await staff('accessLog', { programId: PROGRAM })).code).toBe('FORBIDDEN')
    expect(expectError(await staff('exportApproved', { programId: PROGRAM })).code).toBe('FORBIDDEN')
  })

  test('when someone other than the applicant updates or withdraws, then FORBIDDEN', async () => {
    const { application } = await applied()
    expect(expectError(await as(newOpenid())('withdraw', { applicationId: application.applicationId })).code).toBe('FORBIDDEN')
    expect(expectError(await admin()('update', { applicationId: application.applicationId, note: '我来改改' })).code).toBe('FORBIDDEN')
  })

  test('when the applicant updates while not asked for more, then INVALID_STATE', async () => {
    const { application, student } = await applied()
    expect(expectError(await student('update', { applicationId: application.applicationId, statement: '补充一下家庭情况，母亲今年也生病住院了。', note: '补充' })).code).toBe('INVALID_STATE')
  })
})

describe('aid access records', () => {
  test('when reviewers read an application (get, queue, export), then each read leaves a record the admin sees; the applicant’s own reads do not', async () => {
    const { application, student } = await applied({ applicant: { hukouTownship: '岱岭畲族乡' } })
    const id = application.applicationId
    expectOk(await student('get', { applicationId: id }))
    expect(await accessCount(id)).toBe(0)

    const got = expectOk(await admin()<AppReply>('get', { applicationId: id }))
    expect(got.application.attachments).toHaveLength(2)
    expect(got.application.attachments.every((a) => a.url?.startsWith('http'))).toBe(true)
    expect(await accessCount(id)).toBe(1)

    const queue = expectOk(await admin()<Page<AidApplicationView>>('queue', { programId: PROGRAM, township: '岱岭畲族乡', status: 'submitted' }))
    expect(queue.items.map((a) => a.applicationId)).toEqual([id])
    expect(await accessCount(id)).toBe(2)

    expectOk(await as('demo-platform-admin')('get', { applicationId: id }))
    expect(await accessCount(id)).toBe(3)

    const log = expectOk(await admin()<Page<AidAccessView>>('accessLog', { programId: PROGRAM, applicationId: id }))
    expect(log.items.map((e) => [e.openid, e.via])).toEqual([
      ['demo-platform-admin', 'get'],
      ['demo-org-admin', 'queue'],
      ['demo-org-admin', 'get'],
    ])
    expect(log.items[0].applicantName).toBe('陈思远')
  })

  test('when the queue is paged, then keyset pages cover every application once', async () => {
    for (let i = 0; i < 3; i++) await applied({ applicant: { hukouTownship: '凤阳畲族乡' } })
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = expectOk(await admin()<Page<AidApplicationView>>('queue', { programId: PROGRAM, township: '凤阳畲族乡', limit: 2, cursor }))
      seen.push(...page.items.map((a) => a.applicationId))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toHaveLength(3)
    expect(new Set(seen).size).toBe(3)
  })

  test('when the admin exports the approved list, then the workbook lists them with masked ID numbers and each row read is logged', async () => {
    const { application, input } = await applied({ applicant: { name: '林晓东' } })
    expectOk(await admin()('review', { applicationId: application.applicationId, decision: 'approve', reason: '符合条件' }))
    const before = await accessCount(application.applicationId)
    const exported = expectOk(await admin()<{ url: string; count: number; totalYuan: number }>('exportApproved', { programId: PROGRAM }))
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await (await fetch(exported.url)).arrayBuffer()) as unknown as ArrayBuffer)
    const rows: string[] = []
    book.worksheets[0].eachRow((row) => rows.push(JSON.stringify(row.values)))
    const plain = String(input.applicant.idCardNo)
    expect(rows.join('\n')).toContain(`${plain.slice(0, 6)}********${plain.slice(-4)}`)
    expect(rows.join('\n')).not.toContain(plain)
    expect(rows.some((r) => r.includes('林晓东'))).toBe(true)
    expect(await accessCount(application.applicationId)).toBe(before + 1)
    expect(expectError(await otherOrgStaff()('exportApproved', { programId: PROGRAM })).code).toBe('FORBIDDEN')
  })
})

describe('aid.withdraw', () => {
  test('when the applicant withdraws while undecided, then it is withdrawn and the same number may apply again', async () => {
    const idCardNo = nextIdCardNo()
    const { application, student } = await applied({ applicant: { idCardNo } })
    const { application: withdrawn } = expectOk(await student<AppReply>('withdraw', { applicationId: application.applicationId }))
    expect(withdrawn).toMatchObject({ status: 'withdrawn', canWithdraw: false })
    expectOk((await applyAs({ applicant: { idCardNo } })).reply)
  })

  test('when the application is already decided, then INVALID_STATE', async () => {
    const { application, student } = await applied()
    expectOk(await admin()('review', { applicationId: application.applicationId, decision: 'reject', reason: '材料不实' }))
    expect(expectError(await student('withdraw', { applicationId: application.applicationId }))).toMatchObject({ code: 'INVALID_STATE', message: '申请当前为“未通过”，不能撤回' })
  })
})

describe('aid retention', () => {
  test('when 180 days pass after a rejection, then the attachments and the encrypted ID number are deleted and the decision record stays', async () => {
    const rejected = await applied()
    const approved = await applied()
    const recent = await applied()
    expectOk(await admin()('review', { applicationId: rejected.application.applicationId, decision: 'reject', reason: '非低保家庭' }))
    expectOk(await admin()('review', { applicationId: approved.application.applicationId, decision: 'approve', reason: '符合条件' }))

    moveClockBy(179 * DAY)
    expectOk(await recent.student('withdraw', { applicationId: recent.application.applicationId }))
    expectOk(await aid({ Type: 'Timer', TriggerName: 'purgeExpired' }, wechatContext({ openid: null })))
    expect((await storedApplication(rejected.application.applicationId)).purgedAt).toBeNull()

    moveClockBy(181 * DAY)
    const reply = await aid({ Type: 'Timer', TriggerName: 'purgeExpired' }, wechatContext({ openid: null }))
    expect(expectOk(reply as Envelope<{ purged: number }>).purged).toBeGreaterThanOrEqual(1)

    const purged = await storedApplication(rejected.application.applicationId)
    expect(purged).toMatchObject({ status: 'rejected', attachmentFileIds: [], lastDecision: { decision: 'reject', reason: '非低保家庭' } })
    expect(purged.applicant.idCardCipher).toBeNull()
    expect(purged.applicant.idCardMasked).toBe(rejected.application.applicant.idCardNo)
    expect(await stack.app.getTempFileURL({ fileList: rejected.files })).toMatchObject({ fileList: rejected.files.map(() => expect.objectContaining({ code: expect.not.stringMatching(/^SUCCESS$/) })) })
    const trail = (await db().collection('aid_events').where({ applicationId: rejected.application.applicationId }).orderBy('at', 'asc').get()).data as { kind: string }[]
    expect(trail.map((e) => e.kind)).toEqual(['submitted', 'reject', 'purged'])

    // approved applications are kept; a withdrawal 2 days old is not due yet
    expect((await storedApplication(approved.application.applicationId)).applicant.idCardCipher).not.toBeNull()
    expect((await storedApplication(recent.application.applicationId)).purgedAt).toBeNull()
    const view = expectOk(await rejected.student<AppReply>('get', { applicationId: rejected.application.applicationId }))
    expect(view.application).toMatchObject({ purged: true, attachments: [] })
  })
})

describe('aid masking', () => {
  test('when every reply of every call in this file is read, then none carries a plain ID number', () => {
    expect(replies.length).toBeGreaterThan(50)
    for (const number of plainNumbers) {
      for (const reply of replies) expect(reply).not.toContain(number)
    }
  })
})
