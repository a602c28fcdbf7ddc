import { render, waitFor } from '@testing-library/react'
import type { AttendanceView } from '../../cloudfunctions/core/activity/activity.schema'
import { normalizeCheckInCode, parseCheckInPayload } from '../../src/packages/activity/check-in/check-in-payload'
import { CheckInForm } from '../../src/packages/activity/check-in/components/check-in-form'
import { resetTaroMock } from '../mocks/taro'
import { asPlatform, click, errorReply, okReply, typeInto } from './support'
import { postJson } from '../../src/services/http'

jest.mock('../../src/services/http')

const request = postJson as unknown as jest.Mock

const ACTIVITY_ID = 'act-demo-elder-visit'

const codeError = (container: HTMLElement) => container.querySelector('.gy-check-in-form__error')?.textContent ?? null
const notice = (container: HTMLElement) => container.querySelector('.gy-check-in-form__notice')?.textContent ?? null

const buildAttendance = (overrides: Partial<AttendanceView> = {}): AttendanceView => ({
  activityId: ACTIVITY_ID,
  openid: 'demo-volunteer',
  checkInAt: '2026-06-07T01:02:00.000Z', // 09:02 in Beijing
  checkOutAt: null,
  markedByStaff: false,
  onSiteReason: null,
  ...overrides,
})

describe('parseCheckInPayload', () => {
  it('when the text is an on-site code, then the activity and the six digits come back', () => {
    expect(parseCheckInPayload('gycn:checkin:act-demo-elder-visit:048213')).toEqual({ kind: 'code', activityId: ACTIVITY_ID, code: '048213' })
  })

  it('when the text is anything else (a URL, an invite, five digits), then it is not a code', () => {
    expect(parseCheckInPayload('https://example.com/')).toEqual({ kind: 'unknown' })
    expect(parseCheckInPayload('gycn:invite:AB12CD34')).toEqual({ kind: 'unknown' })
    expect(parseCheckInPayload('gycn:checkin:act-1:12345')).toEqual({ kind: 'unknown' })
  })

  it('when a code is typed with spaces or letters, then only the first six digits are kept', () => {
    expect(normalizeCheckInCode('48 29 13 7a')).toBe('482913')
  })
})

describe('CheckInForm', () => {
  asPlatform('h5')
  beforeEach(() => resetTaroMock())

  it('when five digits are entered, then it says the code has six digits and nothing is sent', () => {
    const { container } = render(<CheckInForm activityId={ACTIVITY_ID} />)
    typeInto(container, '.gy-check-in-form__input', '12345')

    click(container, '.gy-check-in-form__action--check-in')

    expect(codeError(container)).toBe('签到码为6位数字')
    expect(container.querySelector('.gy-check-in-form__field')).toHaveClass('gy-check-in-form__field--invalid')
    expect(request).not.toHaveBeenCalled()
  })

  it('when nothing is entered, then it asks for the code and nothing is sent', () => {
    const { container } = render(<CheckInForm activityId={ACTIVITY_ID} />)

    click(container, '.gy-check-in-form__action--check-out')

    expect(codeError(container)).toBe('请输入签到码')
    expect(request).not.toHaveBeenCalled()
  })

  it('when six digits are entered and 签到 pressed, then checkIn is sent with the activity and code, and 签到成功 shows the recorded time', async () => {
    request.mockResolvedValue(okReply({ attendance: buildAttendance() }))
    const { container } = render(<CheckInForm activityId={ACTIVITY_ID} />)
    typeInto(container, '.gy-check-in-form__input', '048213')

    click(container, '.gy-check-in-form__action--check-in')

    await waitFor(() => expect(container.querySelector('.gy-check-in-form__success-title')).toHaveTextContent('签到成功 09:02'))
    expect(request).toHaveBeenCalledTimes(1)
    expect(request.mock.calls[0][0]).toMatchObject({
      url: '/api/functions/activity',
      data: { action: 'checkIn', data: { activityId: ACTIVITY_ID, code: '048213' }, idempotencyKey: expect.any(String) },
    })
  })

  it('when 签退 succeeds, then 签退成功 shows the check-out time', async () => {
    request.mockResolvedValue(okReply({ attendance: buildAttendance({ checkOutAt: '2026-06-07T03:31:00.000Z' }) }))
    const { container } = render(<CheckInForm activityId={ACTIVITY_ID} initialCode='482913' />)

    click(container, '.gy-check-in-form__action--check-out')

    await waitFor(() => expect(container.querySelector('.gy-check-in-form__success-title')).toHaveTextContent('签退成功 11:31'))
    expect(request.mock.calls[0][0]).toMatchObject({ data: { action: 'checkOut', data: { activityId: ACTIVITY_ID, code: '482913' } } })
  })

  it('when the server refuses the code, then its message shows under the input and no success shows', async () => {
    request.mockResolvedValue(
      errorReply({
        code: 'INVALID_ARGUMENT',
        message: '签到码不正确或已过期，请扫描现场最新的签到码',
        fields: [{ path: 'code', message: '签到码不正确或已过期，请扫描现场最新的签到码' }],
      }),
    )
    const { container } = render(<CheckInForm activityId={ACTIVITY_ID} />)
    typeInto(container, '.gy-check-in-form__input', '000000')

    click(container, '.gy-check-in-form__action--check-in')

    await waitFor(() => expect(codeError(container)).toBe('签到码不正确或已过期，请扫描现场最新的签到码'))
    expect(notice(container)).toBeNull()
    expect(container.querySelector('.gy-check-in-form__success')).toBeNull()
  })

  it('when check-in is closed, then the server’s reason shows as a message above the buttons, not under the input', async () => {
    request.mockResolvedValue(errorReply({ code: 'OUTSIDE_WINDOW', message: '签到时间为活动开始前30分钟至活动结束' }))
    const { container } = render(<CheckInForm activityId={ACTIVITY_ID} />)
    typeInto(container, '.gy-check-in-form__input', '048213')

    click(container, '.gy-check-in-form__action--check-in')

    await waitFor(() => expect(notice(container)).toBe('签到失败：签到时间为活动开始前30分钟至活动结束'))
    expect(codeError(container)).toBeNull()
  })

  it('when a failed attempt is retried with the same code, then the retry is a new request with a new idempotency key', async () => {
    request.mockResolvedValueOnce(errorReply({ code: 'INVALID_STATE', message: '你没有报名该活动' }))
    request.mockResolvedValueOnce(okReply({ attendance: buildAttendance() }))
    const { container } = render(<CheckInForm activityId={ACTIVITY_ID} />)
    typeInto(container, '.gy-check-in-form__input', '048213')

    click(container, '.gy-check-in-form__action--check-in')
    await waitFor(() => expect(notice(container)).toBe('签到失败：你没有报名该活动'))
    click(container, '.gy-check-in-form__action--check-in')

    await waitFor(() => expect(container.querySelector('.gy-check-in-form__success-title')).toHaveTextContent('签到成功'))
    expect(request.mock.calls[0][0].data.idempotencyKey).not.toBe(request.mock.calls[1][0].data.idempotencyKey)
  })
})
