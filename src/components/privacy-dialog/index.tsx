import { useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useFocusTrap } from '../../hooks/use-focus-trap'
import {
  AGREE_BUTTON_ID,
  PRIVACY_NOTICE_PAGE,
  answerPrivacyConsent,
  isPrivacyConsentPending,
  markPrivacyDialogShown,
  registerPrivacyHost,
  subscribePrivacyConsent,
} from './privacy-requests'
import './index.scss'

export interface PrivacyDialogProps {
  /** 同意: in the mini-program after WeChat recorded the tap on the agree button. */
  onAgree: () => void
  onDisagree: () => void
  /** Opens the privacy notice (隐私保护指引). */
  onReadNotice: () => void
}

/**
 * 隐私保护提示: asks for consent before a privacy API (手机号快速验证, 选择照片, 扫码, 复制) runs.
 * A modal dialog: focus starts inside and stays there, Escape means 拒绝, focus goes back after.
 * In the mini-program 同意 is WeChat's agreePrivacyAuthorization button (id agree-btn).
 */
export function PrivacyDialog({ onAgree, onDisagree, onReadNotice }: PrivacyDialogProps) {
  const ref = useRef<HTMLElement | null>(null)
  useFocusTrap(ref, true, onDisagree)
  // read while drawing (a build-time constant in the app; the tests switch it per test)
  const h5 = process.env.TARO_ENV === 'h5'
  const weapp = process.env.TARO_ENV === 'weapp'
  const noticeLink = h5 ? { role: 'link', tabIndex: 0, 'aria-label': '阅读《公益苍南隐私保护指引》' } : { ariaRole: 'link', ariaLabel: '阅读《公益苍南隐私保护指引》' }
  return (
    <View className='gy-privacy-dialog'>
      <View className='gy-privacy-dialog__mask' aria-hidden='true' />
      <View
        className='gy-privacy-dialog__panel'
        ref={ref as never}
        {...(h5 ? { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'gy-privacy-dialog-title', 'aria-describedby': 'gy-privacy-dialog-text' } : { ariaRole: 'dialog', ariaLabel: '隐私保护提示' })}
      >
        <Text className='gy-privacy-dialog__title' id='gy-privacy-dialog-title'>
          隐私保护提示
        </Text>
        <View className='gy-privacy-dialog__text' id='gy-privacy-dialog-text'>
          <Text>
            使用手机号快速验证、上传照片、扫码签到或复制邀请码前，请阅读并同意
          </Text>
          <Text className='gy-privacy-dialog__link' {...noticeLink} onClick={onReadNotice}>
            《公益苍南隐私保护指引》
          </Text>
          <Text>。我们只为提供相应服务使用这些信息；拒绝后该功能暂不能使用，其他功能不受影响。</Text>
        </View>
        <View className='gy-privacy-dialog__actions'>
          <Button className='gy-privacy-dialog__disagree' {...(h5 ? { tabIndex: 0 } : {})} onClick={onDisagree}>
            拒绝
          </Button>
          {weapp ? (
            <Button id={AGREE_BUTTON_ID} className='gy-privacy-dialog__agree' openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={onAgree}>
              同意
            </Button>
          ) : (
            <Button id={AGREE_BUTTON_ID} className='gy-privacy-dialog__agree' {...(h5 ? { tabIndex: 0 } : {})} onClick={onAgree}>
              同意
            </Button>
          )}
        </View>
      </View>
    </View>
  )
}

/** The path of the page on screen, as WeChat names it (`pages/mine/index`). */
function currentPagePath(): string {
  const pages = Taro.getCurrentPages()
  const top = pages[pages.length - 1] as { route?: string } | undefined
  return top?.route ?? Taro.getCurrentInstance().router?.path ?? ''
}

export interface PrivacyDialogHostProps {
  /** The page the host sits on (`pages/mine/index`); defaults to the page on screen when mounted. */
  page?: string
  /** After 同意 or 拒绝, e.g. the notice page going back to where the request came from. */
  onAnswered?: (agreed: boolean) => void
}

/**
 * Shows PrivacyDialog on this page while a privacy API call waits for consent (see
 * privacy-requests.ts). Put it on pages whose buttons use such APIs; a request from a page without
 * one opens the notice page, which has its own host.
 */
export function PrivacyDialogHost({ page, onAnswered }: PrivacyDialogHostProps) {
  const [pending, setPending] = useState(isPrivacyConsentPending)

  useEffect(() => registerPrivacyHost(page ?? currentPagePath()), [page])
  useEffect(() => subscribePrivacyConsent(() => setPending(isPrivacyConsentPending())), [])
  useEffect(() => {
    if (pending) markPrivacyDialogShown()
  }, [pending])

  if (!pending) return null
  const answer = (agreed: boolean) => {
    answerPrivacyConsent(agreed)
    onAnswered?.(agreed)
  }
  return (
    <PrivacyDialog
      onAgree={() => answer(true)}
      onDisagree={() => answer(false)}
      onReadNotice={() => void Taro.navigateTo({ url: PRIVACY_NOTICE_PAGE })}
    />
  )
}

export default PrivacyDialog
