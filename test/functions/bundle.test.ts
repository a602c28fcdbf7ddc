import { existsSync } from 'node:fs'
import path from 'node:path'
import type { FunctionMain } from '../../local/functions'
import { buildOrgRegistration, nextCreditCode } from '../builders/org'
import { buildVolunteerRegistration } from '../builders/user'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'

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

beforeAll(async () => {
  stack = await startTestCloudbase()
  main = loadBundle('user')
  orgMain = loadBundle('org')
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
