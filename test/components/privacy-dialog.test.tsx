import { act, fireEvent, render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { PrivacyDialog, PrivacyDialogHost } from '../../src/components/privacy-dialog'
import {
  AGREE_BUTTON_ID,
  PRIVACY_NOTICE_PAGE,
  hasPrivacyHost,
  isPrivacyConsentPending,
  requestPrivacyConsent,
  resetPrivacyRequests,
} from '../../src/components/privacy-dialog/privacy-requests'
import { resetTaroMock } from '../mocks/taro'
import { asPlatform } from './support'

const agreeButton = () => document.getElementById(AGREE_BUTTON_ID) as HTMLElement
const disagreeButton = () => document.querySelector('.gy-privacy-dialog__disagree') as HTMLElement

describe('隐私保护提示 (privacy authorization)', () => {
  asPlatform('h5')
  beforeEach(() => {
    resetTaroMock()
    resetPrivacyRequests()
  })

  describe('the host on a page', () => {
    test('when a privacy API waits for consent, then the dialog shows, tells WeChat it was shown, and 同意 resolves with the agree button', () => {
      const resolve = jest.fn()
      render(<PrivacyDialogHost page='pages/mine/index' />)
      expect(document.querySelector('.gy-privacy-dialog')).toBeNull()

      act(() => requestPrivacyConsent(resolve))

      expect(document.querySelector('[role="dialog"]')).toHaveTextContent('隐私保护提示')
      expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' })
      fireEvent.click(agreeButton())

      expect(resolve).toHaveBeenLastCalledWith({ buttonId: 'agree-btn', event: 'agree' })
      expect(resolve).toHaveBeenCalledTimes(2)
      expect(isPrivacyConsentPending()).toBe(false)
      expect(document.querySelector('.gy-privacy-dialog')).toBeNull()
    })

    test('when 拒绝 is tapped, then every waiting call is told disagree and the dialog closes', () => {
      const first = jest.fn()
      const second = jest.fn()
      render(<PrivacyDialogHost page='pages/mine/index' />)
      act(() => {
        requestPrivacyConsent(first)
        requestPrivacyConsent(second)
      })

      fireEvent.click(disagreeButton())

      expect(first).toHaveBeenLastCalledWith({ event: 'disagree' })
      expect(second).toHaveBeenLastCalledWith({ event: 'disagree' })
      expect(document.querySelector('.gy-privacy-dialog')).toBeNull()
    })

    test('when the link to the notice is tapped, then the 隐私保护指引 page opens and the request still waits', () => {
      const resolve = jest.fn()
      render(<PrivacyDialogHost page='pages/mine/index' />)
      act(() => requestPrivacyConsent(resolve))

      fireEvent.click(document.querySelector('.gy-privacy-dialog__link') as HTMLElement)

      expect(Taro.navigateTo).toHaveBeenCalledWith({ url: PRIVACY_NOTICE_PAGE })
      expect(resolve).not.toHaveBeenCalledWith(expect.objectContaining({ event: 'agree' }))
      expect(isPrivacyConsentPending()).toBe(true)
    })

    test('when a host is mounted, then its page counts as able to show the dialog until it unmounts', () => {
      const { unmount } = render(<PrivacyDialogHost page='pages/mine/index' />)
      expect(hasPrivacyHost('/pages/mine/index')).toBe(true)
      expect(hasPrivacyHost('packages/aid/form/index')).toBe(false)

      unmount()

      expect(hasPrivacyHost('pages/mine/index')).toBe(false)
    })
  })

  describe('the dialog and the keyboard', () => {
    test('when it opens, then focus moves into it, Tab stays inside, Escape means 拒绝 and focus returns after', () => {
      const opener = document.createElement('button')
      opener.textContent = '微信手机号快速填写'
      document.body.appendChild(opener)
      opener.focus()
      const onDisagree = jest.fn()

      const { unmount } = render(<PrivacyDialog onAgree={jest.fn()} onDisagree={onDisagree} onReadNotice={jest.fn()} />)

      const dialog = document.querySelector('[role="dialog"]') as HTMLElement
      expect(dialog).toHaveAttribute('aria-modal', 'true')
      expect(dialog.contains(document.activeElement)).toBe(true)
      const focusables = Array.from(dialog.querySelectorAll<HTMLElement>('[tabindex="0"]'))
      expect(focusables.map((el) => el.textContent)).toEqual(['《公益苍南隐私保护指引》', '拒绝', '同意'])
      focusables[focusables.length - 1].focus()
      fireEvent.keyDown(document, { key: 'Tab' })
      expect(document.activeElement).toBe(focusables[0])
      fireEvent.keyDown(document, { key: 'Tab', shiftKey: true })
      expect(document.activeElement).toBe(focusables[focusables.length - 1])

      fireEvent.keyDown(document, { key: 'Escape' })
      expect(onDisagree).toHaveBeenCalledTimes(1)

      unmount()
      expect(document.activeElement).toBe(opener)
      opener.remove()
    })
  })
})

describe('隐私保护提示 in the mini-program', () => {
  asPlatform('weapp')

  test('when drawn for WeChat, then 同意 is the agreePrivacyAuthorization button with id agree-btn', () => {
    render(<PrivacyDialog onAgree={jest.fn()} onDisagree={jest.fn()} onReadNotice={jest.fn()} />)

    const agree = agreeButton()
    expect(agree).toHaveTextContent('同意')
    expect(agree.getAttribute('open-type') ?? (agree as unknown as { openType?: string }).openType).toBe('agreePrivacyAuthorization')
  })
})
