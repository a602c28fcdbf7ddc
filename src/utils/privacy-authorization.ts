import Taro from '@tarojs/taro'
import { hasPrivacyHost, PRIVACY_NOTICE_PAGE, requestPrivacyConsent } from '../components/privacy-dialog/privacy-requests'

/**
 * Mini-program only, once at app start: WeChat asks before a privacy API (getPhoneNumber,
 * chooseImage, scanCode, setClipboardData…) runs for the first time; the request waits for our
 * dialog (PrivacyDialogHost on the current page, or the privacy notice page when that page has
 * none). The browser build has no such API: nothing to do there.
 */
export function installPrivacyAuthorization(): void {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  Taro.onNeedPrivacyAuthorization((resolve) => {
    requestPrivacyConsent(resolve)
    const pages = Taro.getCurrentPages()
    const route = (pages[pages.length - 1] as { route?: string } | undefined)?.route ?? ''
    if (!hasPrivacyHost(route)) void Taro.navigateTo({ url: `${PRIVACY_NOTICE_PAGE}?authorize=1` })
  })
}
