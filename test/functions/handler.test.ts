import { z } from 'zod'
import { access } from '../../cloudfunctions/core/access'
import { AppError } from '../../cloudfunctions/core/errors'
import { defineAction, handler } from '../../cloudfunctions/core/handler'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
beforeAll(async () => {
  stack = await startTestCloudbase()
  await stack.app.database().collection('users').add({ _id: 'h-volunteer', openid: 'h-volunteer', nickname: 'v', township: null, phone: null, roles: ['resident', 'volunteer'], volunteer: null, createdAt: 'x', updatedAt: 'x' })
  await stack.app.database().collection('org_members').add({ _id: 'org-1:h-staff', orgId: 'org-1', orgName: '甲组织', openid: 'h-staff', role: 'staff', joinedAt: 'x' })
  await stack.app.database().collection('org_members').add({ _id: 'org-1:h-admin', orgId: 'org-1', orgName: '甲组织', openid: 'h-admin', role: 'admin', joinedAt: 'x' })
})
afterAll(async () => {
  await stack.close()
})

const orgInput = z.object({ orgId: z.string().min(1, { error: '缺少组织' }) })
let runs = 0

/** A small function exercising each kind of access declaration and failure. */
const main = handler('probe', {
  open: defineAction({ access: access.anyone, input: z.object({}), mutates: false, run: async (ctx) => ({ openid: ctx.caller.openid }) }),
  volunteerOnly: defineAction({ access: access.volunteer, input: z.object({}), mutates: false, run: async () => ({ done: true }) }),
  staffOnly: defineAction({ access: access.orgStaff((input: { orgId: string }) => input.orgId), input: orgInput, mutates: false, run: async (_ctx, input) => ({ orgId: input.orgId }) }),
  adminOnly: defineAction({ access: access.orgAdmin((input: { orgId: string }) => input.orgId), input: orgInput, mutates: false, run: async () => ({ done: true }) }),
  explode: defineAction({ access: access.anyone, input: z.object({}), mutates: false, run: async () => { throw new Error('secret table users_v2 is gone') } }),
  known: defineAction({ access: access.anyone, input: z.object({}), mutates: false, run: async () => { throw new AppError('CAPACITY_FULL', '名额已满，下次早点来') } }),
  count: defineAction({ access: access.signedIn, input: z.object({}), mutates: true, run: async () => ({ runs: ++runs }) }),
  // what the SDK throws when the database does not answer within its time limit
  overloaded: defineAction({ access: access.anyone, input: z.object({}), mutates: false, run: async () => { throw new Error('request timeout') } }),
})

describe('overload', () => {
  test('when the database does not answer in time, then the caller is asked to try again (RATE_LIMITED), not told of an internal error', async () => {
    const error = expectError(await caller(main, 'h-volunteer')('overloaded'))
    expect(error).toEqual({ code: 'RATE_LIMITED', message: '当前使用人数较多，请稍后再试' })
    expect(expectError(await caller(main, null)('explode')).code).toBe('INTERNAL')
  })
})

describe('access declarations', () => {
  test('when an action is open to anyone, then an anonymous caller runs it with no openid', async () => {
    expect(expectOk(await caller(main, null)('open'))).toEqual({ openid: null })
  })

  test('when a volunteer-only action is called by a resident, then FORBIDDEN leads to registration', async () => {
    const error = expectError(await caller(main, 'h-resident')('volunteerOnly'))
    expect(error.code).toBe('FORBIDDEN')
    expect(error.message).toContain('注册成为志愿者')
    expect(expectOk(await caller(main, 'h-volunteer')('volunteerOnly'))).toEqual({ done: true })
    expect(expectError(await caller(main, null)('volunteerOnly')).code).toBe('UNAUTHENTICATED')
  })

  test('when org-scoped, then only members of that very organization pass', async () => {
    expect(expectOk(await caller(main, 'h-staff')('staffOnly', { orgId: 'org-1' }))).toEqual({ orgId: 'org-1' })
    expect(expectError(await caller(main, 'h-staff')('staffOnly', { orgId: 'org-2' })).code).toBe('FORBIDDEN')
    expect(expectError(await caller(main, 'h-staff')('adminOnly', { orgId: 'org-1' })).code).toBe('FORBIDDEN')
    expect(expectOk(await caller(main, 'h-admin')('adminOnly', { orgId: 'org-1' }))).toEqual({ done: true })
    expect(expectOk(await caller(main, 'h-admin')('staffOnly', { orgId: 'org-1' }))).toEqual({ orgId: 'org-1' })
  })

  test('when an anonymous caller sends invalid input to a guarded action, then UNAUTHENTICATED comes first', async () => {
    expect(expectError(await caller(main, null)('staffOnly', { orgId: 5 })).code).toBe('UNAUTHENTICATED')
  })
})

describe('failures', () => {
  test('when a use case throws something unexpected, then INTERNAL without detail, logged as one JSON line with context', async () => {
    const lines: string[] = []
    const spy = jest.spyOn(console, 'error').mockImplementation((line: unknown) => { lines.push(String(line)) })
    try {
      const reply = await main({ action: 'explode' }, { request_id: 'req-42', environment: JSON.stringify({ WX_OPENID: 'h-someone' }) })
      expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } })
      expect(JSON.stringify(reply)).not.toContain('users_v2')
    } finally {
      spy.mockRestore()
    }
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'error', function: 'probe', action: 'explode', caller: 'h-someone', requestId: 'req-42', error: { message: 'secret table users_v2 is gone' } })
  })

  test('when a use case throws a known error, then its code and message go out as they are', async () => {
    expect(expectError(await caller(main, null)('known'))).toEqual({ code: 'CAPACITY_FULL', message: '名额已满，下次早点来' })
  })
})

describe('idempotency', () => {
  test('when a mutating call is repeated with the same key, then it runs once', async () => {
    const call = caller(main, 'h-idem')
    const first = expectOk(await call<{ runs: number }>('count', {}, { idempotencyKey: 'same-key-123' }))
    const again = expectOk(await call<{ runs: number }>('count', {}, { idempotencyKey: 'same-key-123' }))
    expect(again).toEqual(first)
    const fresh = expectOk(await call<{ runs: number }>('count', {}, { idempotencyKey: 'other-key-123' }))
    expect(fresh.runs).toBe(first.runs + 1)
  })

  test('when the key is too short, then INVALID_ARGUMENT names idempotencyKey', async () => {
    expect(expectError(await caller(main, 'h-idem')('count', {}, { idempotencyKey: 'x' })).fields?.[0]?.path).toBe('idempotencyKey')
  })
})
