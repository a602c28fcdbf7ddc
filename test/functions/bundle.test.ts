import { existsSync } from 'node:fs'
import path from 'node:path'
import type { FunctionMain } from '../../local/functions'
import { buildVolunteerRegistration } from '../builders/user'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'

/** The artifact we would deploy is the thing tested: the esbuild bundle, not the TypeScript. */
const bundle = path.resolve(__dirname, '../../dist/cloudfunctions/user/index.js')

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
let main: FunctionMain

beforeAll(async () => {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build:functions (npm test does)`)
  stack = await startTestCloudbase()
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  main = (require(bundle) as { main: FunctionMain }).main
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
