import { act, render, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { idCardCheckChar } from '../../cloudfunctions/core/identity/identity.rules'
import { VolunteerForm } from '../../src/components/volunteer-form'
import { resetTaroMock } from '../mocks/taro'
import { asPlatform, buildUserView, click, confirmUnmoved, errorReply, okReply, openPicker, pickerLabels, pickRow, typeInto } from './support'
import { postJson } from '../../src/services/http'

jest.mock('../../src/services/http')

// choosing in a picker drags its wheel as slowly as a finger that stops where it lets go (~0.4 s each)
jest.setTimeout(30_000)


const request = postJson as unknown as jest.Mock
const showToast = Taro.showToast as unknown as jest.Mock

const field = (container: HTMLElement, name: string) => {
  const element = container.querySelector<HTMLElement>(`.gy-volunteer-form__field--${name}`)
  if (!element) throw new Error(`no field ${name}`)
  return element
}
const errorUnder = (container: HTMLElement, name: string) =>
  field(container, name).querySelector('.gy-form-field__error')?.textContent ?? null

function renderForm(onRegistered = jest.fn()) {
  const view = render(<VolunteerForm defaultTownship='灵溪镇' onRegistered={onRegistered} />)
  return { ...view, onRegistered }
}

function fillValid(container: HTMLElement) {
  typeInto(container, '.gy-volunteer-form__real-name', '陈晓明')
  typeInto(container, '.gy-volunteer-form__phone', '13857712345')
}

describe('VolunteerForm', () => {
  asPlatform('h5')
  beforeEach(() => resetTaroMock())

  describe('client-side checks', () => {
    it('when the phone number is malformed, then 手机号格式不正确 shows under the phone field and nothing is sent', () => {
      const { container } = renderForm()
      typeInto(container, '.gy-volunteer-form__real-name', '陈晓明')
      typeInto(container, '.gy-volunteer-form__phone', '1385771')

      click(container, '.gy-volunteer-form__submit')

      expect(errorUnder(container, 'phone')).toBe('手机号格式不正确')
      expect(errorUnder(container, 'real-name')).toBeNull()
      expect(field(container, 'phone')).toHaveClass('gy-form-field--invalid')
      expect(request).not.toHaveBeenCalled()
    })

    it('when the name is not Chinese characters, then the name field shows the rule and the phone field stays clean', () => {
      const { container } = renderForm()
      typeInto(container, '.gy-volunteer-form__real-name', 'Tom')
      typeInto(container, '.gy-volunteer-form__phone', '13857712345')

      click(container, '.gy-volunteer-form__submit')

      expect(errorUnder(container, 'real-name')).toBe('姓名须为2–20个汉字（可含·）')
      expect(errorUnder(container, 'phone')).toBeNull()
      expect(request).not.toHaveBeenCalled()
    })

    it('when required fields are blank, then each says what to fill in', () => {
      const { container } = render(<VolunteerForm />)

      click(container, '.gy-volunteer-form__submit')

      expect(errorUnder(container, 'real-name')).toBe('请填写真实姓名')
      expect(errorUnder(container, 'phone')).toBe('请填写手机号')
      expect(errorUnder(container, 'township')).toBe('请选择所在乡镇')
    })

    it('when the township picker is confirmed without moving, then no township is chosen and submitting asks for one', async () => {
      const { container } = render(<VolunteerForm />)

      const popup = await openPicker(container, '.gy-volunteer-form__township')
      await waitFor(() => expect(pickerLabels(popup)[0]).toBe('请选择所在乡镇'))
      confirmUnmoved(popup)
      await act(() => new Promise((resolve) => setTimeout(resolve, 50)))

      expect(container.querySelector('.gy-volunteer-form__township')).toHaveTextContent('请选择所在乡镇')
      click(container, '.gy-volunteer-form__submit')
      expect(errorUnder(container, 'township')).toBe('请选择所在乡镇')
    })

    it('when the wheel is moved one row before 确认, then the first township is chosen', async () => {
      const { container } = render(<VolunteerForm />)

      await pickRow(container, '.gy-volunteer-form__township', 1, '灵溪镇')

      click(container, '.gy-volunteer-form__submit')
      expect(errorUnder(container, 'township')).toBeNull()
    })

    it('when a field with an error is edited, then its error goes away', () => {
      const { container } = renderForm()
      typeInto(container, '.gy-volunteer-form__phone', '123')
      click(container, '.gy-volunteer-form__submit')
      expect(errorUnder(container, 'phone')).toBe('手机号格式不正确')

      typeInto(container, '.gy-volunteer-form__phone', '1385771234')

      expect(errorUnder(container, 'phone')).toBeNull()
    })
  })

  describe('submitting', () => {
    it('when the input is valid, then registerVolunteer is sent with trimmed input and the person is told it worked', async () => {
      const registered = buildUserView({ roles: ['resident', 'volunteer'] })
      request.mockResolvedValue(okReply({ user: registered }))
      const { container, onRegistered } = renderForm()
      const first17 = '33032719900101123'
      const idCardNo = first17 + idCardCheckChar(first17)
      typeInto(container, '.gy-volunteer-form__real-name', '  陈晓明 ')
      typeInto(container, '.gy-volunteer-form__phone', '13857712345')
      typeInto(container, '.gy-volunteer-form__skills', ' 急救、 驾驶 ,')
      typeInto(container, '.gy-volunteer-form__id-card-no', ` ${idCardNo} `)

      click(container, '.gy-volunteer-form__submit')

      await waitFor(() => expect(onRegistered).toHaveBeenCalledWith(registered))
      expect(request).toHaveBeenCalledTimes(1)
      expect(request.mock.calls[0][0]).toMatchObject({
        url: '/api/functions/user',
        data: {
          action: 'registerVolunteer',
          data: { realName: '陈晓明', phone: '13857712345', township: '灵溪镇', skills: ['急救', '驾驶'], idCardNo },
          idempotencyKey: expect.any(String),
        },
      })
      expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '注册成功' }))
    })

    it('when the server rejects fields, then each message appears under its own field', async () => {
      request.mockResolvedValue(
        errorReply({
          code: 'INVALID_ARGUMENT',
          message: '该手机号已被其他志愿者使用',
          fields: [
            { path: 'phone', message: '该手机号已被其他志愿者使用' },
            { path: 'skills.1', message: '每项技能不超过20个字' },
          ],
        }),
      )
      const { container, onRegistered } = renderForm()
      fillValid(container)
      typeInto(container, '.gy-volunteer-form__skills', '急救、驾驶')

      click(container, '.gy-volunteer-form__submit')

      await waitFor(() => expect(errorUnder(container, 'phone')).toBe('该手机号已被其他志愿者使用'))
      expect(errorUnder(container, 'skills')).toBe('每项技能不超过20个字')
      expect(errorUnder(container, 'real-name')).toBeNull()
      expect(onRegistered).not.toHaveBeenCalled()
    })

    it('when the server fails without field errors, then its message is shown as a toast', async () => {
      request.mockResolvedValue(errorReply({ code: 'ALREADY_EXISTS', message: '您已是注册志愿者' }))
      const { container } = renderForm()
      fillValid(container)

      click(container, '.gy-volunteer-form__submit')

      await waitFor(() => expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '您已是注册志愿者', icon: 'none' })))
    })

    it('while the request is pending, then the submit button is disabled and a second tap sends nothing', async () => {
      let answer: (value: unknown) => void = () => undefined
      request.mockReturnValue(new Promise((resolve) => (answer = resolve)))
      const { container, onRegistered } = renderForm()
      fillValid(container)

      click(container, '.gy-volunteer-form__submit')

      const button = container.querySelector('.gy-volunteer-form__submit') as HTMLElement
      await waitFor(() => expect(button).toHaveClass('gy-button--disabled'))
      expect(within(button).getByText('提交中…')).toBeInTheDocument()
      click(container, '.gy-volunteer-form__submit')
      expect(request).toHaveBeenCalledTimes(1)

      answer(okReply({ user: buildUserView({ roles: ['resident', 'volunteer'] }) }))
      await waitFor(() => expect(onRegistered).toHaveBeenCalled())
      await waitFor(() => expect(button).not.toHaveClass('gy-button--disabled'))
    })
  })
})
