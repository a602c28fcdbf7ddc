import { act, fireEvent, render, waitFor } from '@testing-library/react'
import type { ActivityView } from '../../cloudfunctions/core/activity/activity.schema'
import { ActivityForm } from '../../src/packages/org/activity-editor/components/activity-form'
import { resetTaroMock } from '../mocks/taro'
import { asPlatform, click, errorReply, okReply, pickRow, typeInto } from './support'
import { postJson } from '../../src/services/http'

jest.mock('../../src/services/http')

// choosing in a picker drags its wheel as slowly as a finger that stops where it lets go (~0.4 s each)
jest.setTimeout(30_000)

const request = postJson as unknown as jest.Mock

const ORG_ID = 'org-volunteer-centre'

const field = (container: HTMLElement, name: string) => {
  const element = container.querySelector<HTMLElement>(`.gy-activity-form__field--${name}`)
  if (!element) throw new Error(`no field ${name}`)
  return element
}
const errorUnder = (container: HTMLElement, name: string) => field(container, name).querySelector('.gy-form-field__error')?.textContent ?? null

/** The popup of the picker that is open now (closed ones stay in the page, hidden). */
async function openPopup(container: HTMLElement, trigger: string): Promise<HTMLElement> {
  click(container, trigger)
  return waitFor(() => {
    const popups = Array.from(document.body.querySelectorAll<HTMLElement>('.nut-popup')).filter(
      (popup) => popup.querySelector('.nut-picker-confirm-btn') && !popup.getAttribute('style')?.includes('display: none'),
    )
    if (popups.length !== 1) throw new Error('picker not open yet')
    return popups[0]
  })
}

/** Opens a picker and confirms what it opens on. */
async function pickSuggested(container: HTMLElement, trigger: string) {
  const popup = await openPopup(container, trigger)
  fireEvent.click(popup.querySelector('.nut-picker-confirm-btn') as HTMLElement)
  await waitFor(() => expect(container.querySelector(`${trigger} .gy-form-field__select-value`)).not.toBeNull())
}

/** Opens a date-time picker, drags column `column` by `rows` (negative: earlier) slowly enough to stop where let go, then confirms. */
async function pickShifted(container: HTMLElement, trigger: string, column: number, rows: number, expected: string) {
  const popup = await openPopup(container, trigger)
  const list = popup.querySelectorAll<HTMLElement>('.nut-pickerview-list')[column]
  const rowHeight = 36
  fireEvent.touchStart(list, { touches: [{ clientX: 100, clientY: 300 }] })
  for (let step = 1; step <= 4; step++) fireEvent.touchMove(list, { touches: [{ clientX: 100, clientY: 300 - (rows * rowHeight * step) / 4 }] })
  // a flick (under 300 ms) would carry the roller on with momentum
  await act(() => new Promise((resolve) => setTimeout(resolve, 350)))
  fireEvent.touchEnd(list, { changedTouches: [{ clientX: 100, clientY: 300 - rows * rowHeight }] })
  // the first tap after a drag only stops the roller, the next one confirms
  const confirm = popup.querySelector('.nut-picker-confirm-btn') as HTMLElement
  for (let tap = 0; tap < 3 && !container.querySelector(trigger)?.textContent?.includes(expected); tap++) {
    fireEvent.click(confirm)
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)))
  }
  expect(container.querySelector(trigger)).toHaveTextContent(expected)
}

/** Tomorrow's date in Beijing, `2026-12-05`: where the start-time picker opens. */
function tomorrowInBeijing(): string {
  const at = new Date(Date.now() + 24 * 60 * 60 * 1000 + 8 * 60 * 60 * 1000)
  return at.toISOString().slice(0, 10)
}

async function fillValid(container: HTMLElement) {
  typeInto(container, '.gy-activity-form__title', '灵溪镇敬老院陪伴日')
  await pickRow(container, '.gy-activity-form__category', 1, '扶老')
  fireEvent.input(container.querySelector('.gy-activity-form__description textarea') as HTMLTextAreaElement, {
    target: { value: '陪伴老人聊天、读报，并协助午餐。请提前十分钟到场签到。' },
  })
  await pickRow(container, '.gy-activity-form__township', 1, '灵溪镇')
  typeInto(container, '.gy-activity-form__address', '灵溪镇敬老院（春晖路88号）')
  await pickSuggested(container, '.gy-activity-form__start-at') // tomorrow 09:00
  await pickSuggested(container, '.gy-activity-form__end-at') // tomorrow 11:00
  await pickSuggested(container, '.gy-activity-form__deadline') // the evening before, or the start
  typeInto(container, '.gy-activity-form__capacity', '20')
}

const buildActivityView = (overrides: Partial<ActivityView> = {}): ActivityView => ({
  activityId: 'act-new-1',
  orgId: ORG_ID,
  orgName: '苍南县志愿服务中心',
  title: '灵溪镇敬老院陪伴日',
  category: '扶老',
  description: '陪伴老人聊天、读报，并协助午餐。请提前十分钟到场签到。',
  township: '灵溪镇',
  address: '灵溪镇敬老院（春晖路88号）',
  startAt: '2026-12-05T01:00:00.000Z',
  endAt: '2026-12-05T03:00:00.000Z',
  signUpDeadline: '2026-12-04T12:00:00.000Z',
  capacity: 20,
  signedUp: 0,
  waitlisted: 0,
  placesLeft: 20,
  waitlist: true,
  status: 'draft',
  cancelReason: null,
  publishedAt: null,
  mySignUp: null,
  ...overrides,
})

describe('ActivityForm', () => {
  asPlatform('h5')
  beforeEach(() => resetTaroMock())

  describe('saving a draft', () => {
    it('when the end time is set before the start, then 结束时间须晚于开始时间 shows under the end time and nothing is sent', async () => {
      const { container } = render(<ActivityForm orgId={ORG_ID} />)
      await pickSuggested(container, '.gy-activity-form__start-at') // 09:00
      await pickShifted(container, '.gy-activity-form__end-at', 3, -3, '08:00') // 11:00 → 08:00

      click(container, '.gy-activity-form__save')

      expect(errorUnder(container, 'end-at')).toBe('结束时间须晚于开始时间')
      expect(errorUnder(container, 'start-at')).toBeNull()
      expect(request).not.toHaveBeenCalled()
    })

    it('when the form is valid, then activity.create is sent once with the chosen values and times carrying +08:00', async () => {
      const created = buildActivityView()
      request.mockResolvedValue(okReply({ activity: created }))
      const onSaved = jest.fn()
      const { container } = render(<ActivityForm orgId={ORG_ID} onSaved={onSaved} />)
      await fillValid(container)
      fireEvent.click(container.querySelector('.gy-activity-form__waitlist') as HTMLElement)

      click(container, '.gy-activity-form__save')

      await waitFor(() => expect(onSaved).toHaveBeenCalledWith(created, 'draft'))
      expect(request).toHaveBeenCalledTimes(1)
      const day = tomorrowInBeijing()
      const { data } = request.mock.calls[0][0] as { data: { action: string; data: Record<string, unknown>; idempotencyKey: string } }
      expect(data.action).toBe('create')
      expect(data.idempotencyKey).toEqual(expect.any(String))
      expect(data.data).toMatchObject({
        orgId: ORG_ID,
        title: '灵溪镇敬老院陪伴日',
        category: '扶老',
        description: '陪伴老人聊天、读报，并协助午餐。请提前十分钟到场签到。',
        township: '灵溪镇',
        address: '灵溪镇敬老院（春晖路88号）',
        startAt: `${day}T09:00:00+08:00`,
        endAt: `${day}T11:00:00+08:00`,
        capacity: 20,
        waitlist: true,
      })
      expect(data.data.signUpDeadline).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00$/)
    })

    it('when the description holds a phone number, then the message shows under 活动内容 and nothing is sent', async () => {
      const { container } = render(<ActivityForm orgId={ORG_ID} />)
      await fillValid(container)
      fireEvent.input(container.querySelector('.gy-activity-form__description textarea') as HTMLTextAreaElement, {
        target: { value: '陪伴老人聊天、读报。报名咨询张老师 138-5771-2345。' },
      })

      click(container, '.gy-activity-form__save')

      expect(errorUnder(container, 'description')).toBe('活动内容中不能包含手机号或身份证号，请删除后再提交')
      expect(request).not.toHaveBeenCalled()
    })

    it('when the server refuses the capacity, then its message shows under 招募人数', async () => {
      request.mockResolvedValue(
        errorReply({ code: 'INVALID_ARGUMENT', message: '招募人数不能少于已报名的3人', fields: [{ path: 'capacity', message: '招募人数不能少于已报名的3人' }] }),
      )
      const onSaved = jest.fn()
      const { container } = render(<ActivityForm orgId={ORG_ID} onSaved={onSaved} />)
      await fillValid(container)

      click(container, '.gy-activity-form__save')

      await waitFor(() => expect(errorUnder(container, 'capacity')).toBe('招募人数不能少于已报名的3人'))
      expect(field(container, 'capacity')).toHaveClass('gy-form-field--invalid')
      expect(errorUnder(container, 'title')).toBeNull()
      expect(onSaved).not.toHaveBeenCalled()
    })
  })
})
