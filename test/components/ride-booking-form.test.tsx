import { render, waitFor } from '@testing-library/react'
import type { SessionView } from '../../cloudfunctions/core/ride/ride.rules'
import { BookingForm } from '../../src/packages/ride/form/components/booking-form'
import { resetTaroMock } from '../mocks/taro'
import { asPlatform, click, errorReply, okReply, pickRow, typeInto } from './support'
import { postJson } from '../../src/services/http'

jest.mock('../../src/services/http')

// choosing in a picker drags its wheel as slowly as a finger that stops where it lets go (~0.4 s each)
jest.setTimeout(30_000)

const request = postJson as unknown as jest.Mock

const session: SessionView = {
  sessionId: 'ses-demo-gaokao-2027',
  name: '2027年高考爱心送考',
  exam: 'gaokao',
  days: ['2027-06-07', '2027-06-08'],
  bookingOpensAt: '2027-05-20T08:00:00+08:00',
  bookingClosesAt: '2027-06-06T20:00:00+08:00',
  sites: [{ siteId: 'site-cangnan-high', name: '苍南中学', address: '灵溪镇春晖路苍南中学', township: '灵溪镇' }],
}

const errorUnder = (container: HTMLElement, name: string) =>
  container.querySelector(`.gy-booking-form__field--${name} .gy-form-field__error`)?.textContent ?? null

async function fillValid(container: HTMLElement) {
  typeInto(container, '.gy-booking-form__name', '林小雨')
  typeInto(container, '.gy-booking-form__ticket', '2733270101')
  await pickRow(container, '.gy-booking-form__date', 1, '6月7日')
  await pickRow(container, '.gy-booking-form__direction', 1, '送考')
  await pickRow(container, '.gy-booking-form__site', 1, '苍南中学')
  await pickRow(container, '.gy-booking-form__township', 1, '灵溪镇')
  typeInto(container, '.gy-booking-form__address', '灵溪镇江滨小区3幢')
  await pickRow(container, '.gy-booking-form__time', 1, '05:30')
  typeInto(container, '.gy-booking-form__phone', '13800001234')
}

describe('BookingForm (预约送考)', () => {
  asPlatform('h5')
  beforeEach(() => resetTaroMock())

  it('when the form is sent on empty, then every required field says in Chinese what to fill in and nothing is sent', () => {
    const { container } = render(<BookingForm session={session} />)

    click(container, '.gy-booking-form__next')

    expect(errorUnder(container, 'name')).toBe('请填写考生姓名')
    expect(errorUnder(container, 'ticket')).toBe('请填写准考证号')
    expect(errorUnder(container, 'date')).toBe('请选择考试日')
    expect(errorUnder(container, 'direction')).toBe('请选择送考或接考')
    expect(errorUnder(container, 'site')).toBe('请选择考点')
    expect(errorUnder(container, 'township')).toBe('请选择所在乡镇')
    expect(errorUnder(container, 'address')).toBe('请填写接送地址')
    expect(errorUnder(container, 'time')).toBe('请选择接送时间')
    expect(errorUnder(container, 'phone')).toBe('请填写联系电话')
    expect(errorUnder(container, 'riders')).toBeNull()
    expect(request).not.toHaveBeenCalled()
  })

  it('when the ticket, name and phone are malformed, then their own messages show', () => {
    const { container } = render(<BookingForm session={session} />)
    typeInto(container, '.gy-booking-form__name', 'Tom')
    typeInto(container, '.gy-booking-form__ticket', '12-34')
    typeInto(container, '.gy-booking-form__phone', '12345')

    click(container, '.gy-booking-form__next')

    expect(errorUnder(container, 'name')).toBe('考生姓名须为2–20个汉字（可含·）')
    expect(errorUnder(container, 'ticket')).toBe('准考证号为6–20位字母或数字')
    expect(errorUnder(container, 'phone')).toBe('请填写11位手机号')
  })

  it('when a valid form is reviewed and confirmed, then ride.book is sent once with the pickup on the chosen day', async () => {
    request.mockResolvedValue(okReply({ booking: { bookingId: 'b1' } }))
    const onBooked = jest.fn()
    const { container } = render(<BookingForm session={session} onBooked={onBooked} />)
    await fillValid(container)

    click(container, '.gy-booking-form__next')
    expect(container).toHaveTextContent('请核对预约信息')
    expect(request).not.toHaveBeenCalled()
    click(container, '.gy-booking-form__submit')

    await waitFor(() => expect(onBooked).toHaveBeenCalled())
    expect(request).toHaveBeenCalledTimes(1)
    expect(request.mock.calls[0][0]).toMatchObject({
      url: '/api/functions/ride',
      data: {
        action: 'book',
        data: {
          sessionId: 'ses-demo-gaokao-2027', date: '2027-06-07', direction: 'to_exam', ticketNo: '2733270101', studentName: '林小雨',
          examSite: 'site-cangnan-high', township: '灵溪镇', pickupAt: '2027-06-07T05:30:00+08:00', riders: 1, contactPhone: '13800001234',
        },
      },
    })
  })

  it('when the server answers OUTSIDE_WINDOW, then the form comes back with why and the booking window', async () => {
    request.mockResolvedValue(errorReply({ code: 'OUTSIDE_WINDOW', message: '预约尚未开始' }))
    const { container } = render(<BookingForm session={session} />)
    await fillValid(container)
    click(container, '.gy-booking-form__next')

    click(container, '.gy-booking-form__submit')

    await waitFor(() => expect(container.querySelector('.gy-booking-form__form-error')).toHaveTextContent('预约尚未开始'))
    expect(container.querySelector('.gy-booking-form__form-error')).toHaveTextContent('2027-05-20 08:00')
  })
})
