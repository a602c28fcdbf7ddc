import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { FunctionMain } from '../../local/functions'
import { seedDemoData } from '../../local/seed'
import { buildActivityInput } from '../builders/activity'
import { buildOrgRegistration, nextCreditCode } from '../builders/org'
import { buildVolunteerRegistration } from '../builders/user'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'
import { addVolunteers } from '../support/people'

/** The artifact we would deploy is the thing tested: the esbuild bundle, not the TypeScript. */
const bundlePath = (name: string) => path.resolve(__dirname, `../../dist/cloudfunctions/${name}/index.js`)

function loadBundle(name: string): FunctionMain {
  const file = bundlePath(name)
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build:functions (npm test does)`)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(file) as { main: FunctionMain }).main
}

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
let main: FunctionMain
let orgMain: FunctionMain
let activityMain: FunctionMain

beforeAll(async () => {
  stack = await startTestCloudbase()
  await seedDemoData(stack.app.database())
  main = loadBundle('user')
  orgMain = loadBundle('org')
  activityMain = loadBundle('activity')
})
afterAll(async () => {
  await stack.close()
})

describe('the bundled user function', () => {
  test('when its main is called against the local database, then login creates a resident there', async () => {
    const openid = `bundle-${Date.now()}`
    const { user } = expectOk(await caller(main, openid)<{ user: { openid: string; roles: string[] } }>('login'))
    expect(user).toMatchObject({ openid, roles: ['resident'] })
    const { data } = await stack.app.database().collection('users').doc(openid).get()
    expect(data[0]).toMatchObject({ openid, roles: ['resident'] })
  })

  test('when registration input is invalid, then the bundle answers INVALID_ARGUMENT with Chinese field messages', async () => {
    const error = expectError(await caller(main, `bundle-bad-${Date.now()}`)('registerVolunteer', buildVolunteerRegistration({ phone: '123' })))
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', fields: [{ path: 'phone', message: '手机号格式不正确' }] })
  })
})

describe('the bundled org function', () => {
  test('when a caller registers an organization, then its transaction commits the org and the admin membership', async () => {
    const openid = `bundle-org-${Date.now()}`
    const { org } = expectOk(await caller(orgMain, openid)<{ org: { orgId: string; status: string } }>('register', buildOrgRegistration({ creditCode: nextCreditCode() })))
    expect(org.status).toBe('pending')
    const { data } = await stack.app.database().collection('org_members').where({ openid }).get()
    expect(data).toEqual([expect.objectContaining({ orgId: org.orgId, role: 'admin' })])
  })
})

/** The files Node has loaded after requiring a function's bundle, by name. */
function filesLoadedAtStart(name: string): string[] {
  const probe = `require(${JSON.stringify(bundlePath(name))}); console.log(Object.keys(require.cache).map((f) => require('path').basename(f)).join(','))`
  return spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).stdout.trim().split(',')
}

describe.each([
  ['activity', 'roster-workbook.js'],
  ['aid', 'approved-workbook.js'],
  ['stats', 'org-activity-workbook.js'],
])('the bundled %s function', (name, workbook) => {
  test(`when it is loaded, then its export module (exceljs) ${workbook} stays unloaded until an export runs`, () => {
    expect(existsSync(path.join(path.dirname(bundlePath(name)), workbook))).toBe(true)
    const loaded = filesLoadedAtStart(name)
    expect(loaded).toContain('index.js')
    expect(loaded).not.toContain(workbook)
  })
})

describe('the bundled activity function', () => {

  test('when staff export a roster, then the separately bundled workbook module writes the .xlsx', async () => {
    const staff = caller(activityMain, 'demo-org-staff')
    const { activity } = expectOk(await staff<{ activity: { activityId: string } }>('create', buildActivityInput('org-volunteer-centre', { title: '灵溪镇敬老院陪伴' })))
    expectOk(await staff('publish', { activityId: activity.activityId }))
    for (const openid of await addVolunteers(stack.app.database(), 2, 'bundle-vol')) expectOk(await caller(activityMain, openid)('signUp', { activityId: activity.activityId }))

    const { url } = expectOk(await staff<{ url: string }>('exportRoster', { activityId: activity.activityId }))

    const ExcelJS = (await import('exceljs')).default
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await (await fetch(url)).arrayBuffer()) as never)
    expect(book.getWorksheet('报名名单')?.getRow(1).getCell(1).value).toBe('灵溪镇敬老院陪伴')
    expect(book.getWorksheet('报名名单')?.rowCount).toBe(6)
  }, 30_000) // jest transforms the two bundle files before running them
})
