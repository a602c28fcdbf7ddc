import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { OrgView } from '../../cloudfunctions/core/org/org.schema'
import { OrgRegisterForm } from '../../src/packages/org/register/components/org-register-form'
import { resetTaroMock } from '../mocks/taro'
import { asPlatform, click, errorReply, okReply, pickRow, typeInto } from './support'
import { postJson } from '../../src/services/http'

jest.mock('../../src/services/http')

// choosing in a picker drags its wheel as slowly as a finger that stops where it lets go (~0.4 s each)
jest.setTimeout(30_000)

// the shared NutUI stand-in has no TextArea; add the real one for this form's 组织简介
const request = postJson as unknown as jest.Mock
const showToast = Taro.showToast as unknown as jest.Mock

const VALID_CODE = '51330327MJ89880026'
const BAD_CHECK_CHAR = '51330327MJ89880027'

const field = (container: HTMLElement, name: string) => {
  const element = container.querySelector<HTMLElement>(`.gy-org-register-form__field--${name}`)
  if (!element) throw new Error(`no field ${name}`)
  return element
}
const errorUnder = (container: HTMLElement, name: string) =>
  field(container, name).querySelector('.gy-form-field__error')?.textContent ?? null
const okHintUnder = (container: HTMLElement, name: string) =>
  field(container, name).querySelector('.gy-form-field__hint--ok')?.textContent ?? null

/** Opens the kind picker and drags its roller to `label`, as a finger would, then confirms. */
async function pickKind(container: HTMLElement, label: string) {
  click(container, '.gy-org-register-form__kind')
  const popup = await waitFor(() => {
    const item = Array.from(document.body.querySelectorAll('.nut-pickerview-roller-item')).find((option) => option.textContent === label)
    if (!item) throw new Error('kind picker not open yet')
    return item.closest('.nut-popup') as HTMLElement
  })
  const labels = Array.from(popup.querySelectorAll('.nut-pickerview-roller-item')).map((option) => option.textContent)
  const list = popup.querySelector('.nut-pickerview-list') as HTMLElement
  const rowHeight = 36
  fireEvent.touchStart(list, { touches: [{ clientX: 100, clientY: 300 }] })
  for (let step = 1; step <= 4; step++) {
    fireEvent.touchMove(list, { touches: [{ clientX: 100, clientY: 300 - (labels.indexOf(label) * rowHeight * step) / 4 }] })
  }
  fireEvent.touchEnd(list, { changedTouches: [{ clientX: 100, clientY: 300 - labels.indexOf(label) * rowHeight }] })
  const confirm = popup.querySelector('.nut-picker-confirm-btn') as HTMLElement
  // the first tap after a drag stops the roller's momentum, the next one confirms
  await waitFor(() => {
    fireEvent.click(confirm)
    expect(container.querySelector('.gy-org-register-form__kind')).toHaveTextContent(label)
  })
}

async function fillValid(container: HTMLElement) {
  typeInto(container, '.gy-org-register-form__name', '苍南县青年志愿者协会')
  await pickRow(container, '.gy-org-register-form__kind', 1, '社会团体')
  typeInto(container, '.gy-org-register-form__credit-code', VALID_CODE)
  await pickRow(container, '.gy-org-register-form__township', 1, '灵溪镇')
  typeInto(container, '.gy-org-register-form__contact-name', '林晓燕')
  typeInto(container, '.gy-org-register-form__contact-phone', '0577-64761234')
}

const buildOrgView = (overrides: Partial<OrgView> = {}): OrgView => ({
  orgId: 'org-new-1',
  name: '苍南县青年志愿者协会',
  kind: 'social_group',
  creditCode: VALID_CODE,
  township: '灵溪镇',
  community: null,
  intro: '',
  contactName: '林晓燕',
  contactPhone: '0577-64761234',
  status: 'pending',
  memberCount: 1,
  createdAt: '2026-03-01T09:00:00+08:00',
  verifiedAt: null,
  myRole: 'admin',
  review: null,
  ...overrides,
})

describe('OrgRegisterForm', () => {
  asPlatform('h5')
  beforeEach(() => resetTaroMock())

  describe('live credit-code check', () => {
    it('when 18 characters with a wrong check character are typed, then the checksum problem shows at once', () => {
      const { container } = render(<OrgRegisterForm />)

      typeInto(container, '.gy-org-register-form__credit-code', BAD_CHECK_CHAR)

      expect(errorUnder(container, 'credit-code')).toBe('统一社会信用代码校验位不正确，请核对')
      expect(okHintUnder(container, 'credit-code')).toBeNull()
      expect(field(container, 'credit-code')).toHaveClass('gy-form-field--invalid')
      expect(request).not.toHaveBeenCalled()
    })

    it('when a valid code is typed in lower case, then it is shown in capitals and 校验通过 appears', () => {
      const { container } = render(<OrgRegisterForm />)

      typeInto(container, '.gy-org-register-form__credit-code', VALID_CODE.toLowerCase())

      expect(okHintUnder(container, 'credit-code')).toContain('校验通过')
      expect(errorUnder(container, 'credit-code')).toBeNull()
      expect(container.querySelector('.gy-org-register-form__credit-code taro-input-core')).toHaveAttribute('value', VALID_CODE)
    })

    it('when a code is still being typed, then no error shows yet', () => {
      const { container } = render(<OrgRegisterForm />)

      typeInto(container, '.gy-org-register-form__credit-code', '5133032')

      expect(errorUnder(container, 'credit-code')).toBeNull()
    })

    it('when a wrong code is corrected to a valid one, then the error gives way to 校验通过', () => {
      const { container } = render(<OrgRegisterForm />)
      typeInto(container, '.gy-org-register-form__credit-code', BAD_CHECK_CHAR)

      typeInto(container, '.gy-org-register-form__credit-code', VALID_CODE)

      expect(errorUnder(container, 'credit-code')).toBeNull()
      expect(okHintUnder(container, 'credit-code')).toContain('校验通过')
    })
  })

  describe('submitting', () => {
    it('when the form is submitted empty, then each required field says what to fill in and nothing is sent', () => {
      const { container } = render(<OrgRegisterForm />)

      click(container, '.gy-org-register-form__submit')

      expect(errorUnder(container, 'name')).toBe('请填写组织名称')
      expect(errorUnder(container, 'kind')).toBe('请选择组织类型')
      expect(errorUnder(container, 'township')).toBe('请选择所在乡镇')
      expect(errorUnder(container, 'contact-name')).toBe('请填写联系人姓名')
      expect(errorUnder(container, 'contact-phone')).toBe('请填写联系电话')
      expect(errorUnder(container, 'intro')).toBeNull()
      expect(request).not.toHaveBeenCalled()
    })

    it('when 社区社会组织 is chosen and the credit code left blank, then the credit code is optional and 所在社区 is required', async () => {
      const { container } = render(<OrgRegisterForm />)
      expect(container.querySelector('.gy-org-register-form__field--community')).toBeNull()
      await pickKind(container, '社区社会组织')
      typeInto(container, '.gy-org-register-form__name', '渡龙社区邻里互助会')

      click(container, '.gy-org-register-form__submit')

      expect(errorUnder(container, 'community')).toBe('未登记的社区社会组织须填写所在社区')
      expect(errorUnder(container, 'credit-code')).toBeNull()
      expect(field(container, 'credit-code')).toHaveTextContent('选填')
      expect(request).not.toHaveBeenCalled()
    })

    it('when everything is valid, then registerOrg is sent once with the normalised input and the new organization is handed back', async () => {
      const org = buildOrgView()
      request.mockResolvedValue(okReply({ org }))
      const onRegistered = jest.fn()
      const { container } = render(<OrgRegisterForm onRegistered={onRegistered} />)
      await fillValid(container)

      click(container, '.gy-org-register-form__submit')

      await waitFor(() => expect(onRegistered).toHaveBeenCalledWith(org))
      expect(request).toHaveBeenCalledTimes(1)
      expect(request.mock.calls[0][0]).toMatchObject({
        url: '/api/functions/org',
        data: {
          action: 'register',
          data: {
            name: '苍南县青年志愿者协会',
            kind: 'social_group',
            creditCode: VALID_CODE,
            township: '灵溪镇',
            contactName: '林晓燕',
            contactPhone: '0577-64761234',
          },
          idempotencyKey: expect.any(String),
        },
      })
    })

    it('when the public intro holds a phone number, then the message shows under 组织简介 and nothing is sent', async () => {
      const { container } = render(<OrgRegisterForm />)
      await fillValid(container)
      const textarea = container.querySelector('.gy-org-register-form__intro taro-textarea-core')
      if (!textarea) throw new Error('no intro textarea')
      act(() => {
        textarea.dispatchEvent(new CustomEvent('input', { detail: { value: '为困难学生提供助学，咨询电话13857712345' } }))
      })

      click(container, '.gy-org-register-form__submit')

      expect(errorUnder(container, 'intro')).toBe('组织简介中不能包含手机号或身份证号，请删除后再提交')
      expect(request).not.toHaveBeenCalled()
    })

    it('when the server says the credit code is already registered, then the message shows under the credit-code field, not as a toast', async () => {
      request.mockResolvedValue(errorReply({ code: 'ALREADY_EXISTS', message: '该统一社会信用代码已登记入驻，请勿重复提交' }))
      const onRegistered = jest.fn()
      const { container } = render(<OrgRegisterForm onRegistered={onRegistered} />)
      await fillValid(container)

      click(container, '.gy-org-register-form__submit')

      await waitFor(() => expect(errorUnder(container, 'credit-code')).toBe('该统一社会信用代码已登记入驻，请勿重复提交'))
      expect(okHintUnder(container, 'credit-code')).toBeNull()
      expect(showToast).not.toHaveBeenCalled()
      expect(onRegistered).not.toHaveBeenCalled()
    })

    it('when the call is lost and retried, then the retry carries the same idempotency key', async () => {
      request.mockRejectedValueOnce(new Error('network down')).mockResolvedValueOnce(okReply({ org: buildOrgView() }))
      const onRegistered = jest.fn()
      const { container } = render(<OrgRegisterForm onRegistered={onRegistered} />)
      await fillValid(container)

      click(container, '.gy-org-register-form__submit')
      await waitFor(() => expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络异常，请稍后重试' })))
      await waitFor(() => expect(container.querySelector('.gy-org-register-form__submit')).not.toHaveClass('nut-button-disabled'))
      click(container, '.gy-org-register-form__submit')

      await waitFor(() => expect(onRegistered).toHaveBeenCalled())
      const keys = request.mock.calls.map((call) => (call[0] as { data: { idempotencyKey: string } }).data.idempotencyKey)
      expect(keys).toHaveLength(2)
      expect(keys[1]).toBe(keys[0])
    })

    it('when the caller is anonymous, then the form says to sign in first', async () => {
      request.mockResolvedValue(errorReply({ code: 'UNAUTHENTICATED', message: '请先登录' }))
      const { container } = render(<OrgRegisterForm />)
      await fillValid(container)

      click(container, '.gy-org-register-form__submit')

      await waitFor(() => expect(container.querySelector('.gy-org-register-form__signed-out')).toHaveTextContent('登录后才能提交入驻申请'))
    })
  })
})
