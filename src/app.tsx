import type { PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { isCloudError } from './services/cloud'
import { installBrowserA11y } from './utils/browser-a11y'
import { installPrivacyAuthorization } from './utils/privacy-authorization'
import { toastError } from './utils/toast'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      // wx.cloud must be initialised once before any callFunction.
      // CLOUD_ENV: the CloudBase environment id, baked in at build time ('' → the project's default)
      Taro.cloud.init({ env: CLOUD_ENV || undefined, traceUser: true })
      // privacy APIs (手机号快速验证, 选择照片, 扫码, 复制) wait for our 隐私保护提示 first
      installPrivacyAuthorization()
    }
    if (process.env.TARO_ENV === 'h5') {
      // keyboard and screen-reader support for what Taro and NutUI draw themselves
      installBrowserA11y()
    }
    // A cloud error no page handled still reaches the person, in Chinese.
    Taro.onUnhandledRejection(({ reason }) => {
      if (isCloudError(reason)) toastError(reason)
    })
  })
  return children
}

export default App
