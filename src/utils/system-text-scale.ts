import Taro from '@tarojs/taro'
import { resolveTextScale, TEXT_SCALE_STORAGE_KEY, textScaleFromWeChat, type TextScale, type WeChatFontInfo } from '../components/text-scale/scale'

/** Where app start keeps the scale WeChat's font setting maps to (mini-program). */
export const SYSTEM_TEXT_SCALE_KEY = 'gy-text-scale-system'

/**
 * WeChat's font setting as a 关怀模式 scale: wx.getAppBaseInfo (fontSizeScaleFactor, fontSizeSetting;
 * Taro's types know neither there), else getSystemInfoSync (fontSizeSetting). Null when unknown.
 */
export function readWeChatTextScale(): TextScale | null {
  try {
    const base = (typeof Taro.getAppBaseInfo === 'function' ? Taro.getAppBaseInfo() : null) as WeChatFontInfo | null
    const fromBase = textScaleFromWeChat(base)
    if (fromBase !== null) return fromBase
    const system = Taro.getSystemInfoSync() as WeChatFontInfo
    return textScaleFromWeChat({ fontSizeSetting: system.fontSizeSetting, platform: system.platform })
  } catch {
    return null
  }
}

/**
 * Mini-program, at app start: remember the scale WeChat's font setting asks for, which 关怀模式
 * uses as long as the person has not chosen one (their choice under TEXT_SCALE_STORAGE_KEY wins).
 * Returns the scale in force.
 */
export function initSystemTextScale(): TextScale {
  const system = readWeChatTextScale()
  try {
    if (system !== null) Taro.setStorageSync(SYSTEM_TEXT_SCALE_KEY, system)
    return resolveTextScale(Taro.getStorageSync(TEXT_SCALE_STORAGE_KEY), system)
  } catch {
    return system ?? 1
  }
}
