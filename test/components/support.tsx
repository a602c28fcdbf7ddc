import { act, fireEvent } from '@testing-library/react'
import type { ErrorBody } from '../../cloudfunctions/core/errors'
import type { UserView } from '../../cloudfunctions/core/user/user.schema'

/** A signed-in resident as `user.login` returns it; override only what a test needs. */
export const buildUserView = (overrides: Partial<UserView> = {}): UserView => ({
  openid: 'demo-resident',
  nickname: '苍南居民',
  township: '灵溪镇',
  phone: '138****5678',
  roles: ['resident'],
  volunteer: null,
  orgs: [],
  createdAt: '2026-03-01T09:00:00+08:00',
  ...overrides,
})

/** What `Taro.request` resolves with when the local stack answers. */
export const httpReply = (body: unknown) => ({ statusCode: 200, data: body, header: {}, cookies: [], errMsg: 'request:ok' })
export const okReply = <T,>(data: T) => httpReply({ ok: true, data })
export const errorReply = (error: ErrorBody) => httpReply({ ok: false, error })

/** Types into a NutUI Input the way Taro H5's <taro-input-core> reports it: an `input` event with `detail.value`. */
export function typeInto(container: HTMLElement, selector: string, value: string): void {
  const input = container.querySelector(`${selector} taro-input-core`)
  if (!input) throw new Error(`no input under ${selector}`)
  act(() => {
    input.dispatchEvent(new CustomEvent('input', { detail: { value } }))
  })
}

export function click(container: HTMLElement, selector: string): void {
  const element = container.querySelector(selector)
  if (!element) throw new Error(`nothing matches ${selector}`)
  fireEvent.click(element)
}

/** Runs the file's tests as the H5 build would (TARO_ENV is a build-time constant in the app). */
export function asPlatform(platform: 'h5' | 'weapp'): void {
  let previous: string | undefined
  beforeEach(() => {
    previous = process.env.TARO_ENV
    process.env.TARO_ENV = platform
  })
  afterEach(() => {
    if (previous === undefined) delete process.env.TARO_ENV
    else process.env.TARO_ENV = previous as typeof process.env.TARO_ENV
  })
}
