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

/** What `postJson` (src/services/http.ts) resolves with when the local stack answers. */
export const httpReply = (body: unknown) => ({ statusCode: 200, data: body })
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

/** The NutUI picker popup open now (closed ones stay in the page, hidden). */
export async function openPicker(container: HTMLElement, trigger: string): Promise<HTMLElement> {
  click(container, trigger)
  const { waitFor } = await import('@testing-library/react')
  return waitFor(() => {
    const popups = Array.from(document.body.querySelectorAll<HTMLElement>('.nut-popup')).filter(
      (popup) => popup.querySelector('.nut-picker-confirm-btn') && !popup.getAttribute('style')?.includes('display: none'),
    )
    if (popups.length !== 1) throw new Error('picker not open yet')
    return popups[0]
  }, { timeout: 5000 }) // a form without NutUI loads its Picker on first open
}

/** The rows of the open picker's first column, as shown. */
export const pickerLabels = (popup: HTMLElement): string[] =>
  Array.from(popup.querySelectorAll('.nut-pickerview-roller-item, .nut-pickerview-roller-item-tiled')).map((row) => row.textContent ?? '')

/** Taps 确认 on the open picker without moving its wheel. */
export function confirmUnmoved(popup: HTMLElement): void {
  fireEvent.click(popup.querySelector('.nut-picker-confirm-btn') as HTMLElement)
}

/**
 * Opens a picker, drags its wheel down `rows` rows slowly (as a finger that stops where it lets go),
 * then taps 确认 until `trigger` shows `expected` (the first tap after a drag may only stop the roller).
 * From the 请选择 row, one row is the first real option.
 */
export async function pickRow(container: HTMLElement, trigger: string, rows: number, expected: string): Promise<void> {
  const popup = await openPicker(container, trigger)
  const list = popup.querySelector<HTMLElement>('.nut-pickerview-list') as HTMLElement
  const rowHeight = 36
  fireEvent.touchStart(list, { touches: [{ clientX: 100, clientY: 300 }] })
  for (let step = 1; step <= 4; step++) fireEvent.touchMove(list, { touches: [{ clientX: 100, clientY: 300 - (rows * rowHeight * step) / 4 }] })
  // a flick (under 300 ms) would carry the roller on with momentum
  await act(() => new Promise((resolve) => setTimeout(resolve, 350)))
  fireEvent.touchEnd(list, { changedTouches: [{ clientX: 100, clientY: 300 - rows * rowHeight }] })
  const confirm = popup.querySelector('.nut-picker-confirm-btn') as HTMLElement
  // a FormSelect shows the chosen value apart from its placeholder (请选择送考或接考 contains 送考)
  const shown = () => (container.querySelector(`${trigger} .gy-form-field__select-value`) ?? container.querySelector(`${trigger}:not(.gy-form-field__select)`))?.textContent ?? ''
  for (let tap = 0; tap < 3 && !shown().includes(expected); tap++) {
    fireEvent.click(confirm)
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)))
  }
  if (!shown().includes(expected)) throw new Error(`${trigger} shows "${container.querySelector(trigger)?.textContent}", not "${expected}"`)
}
