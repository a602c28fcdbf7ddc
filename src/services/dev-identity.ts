import Taro from '@tarojs/taro'

/**
 * The H5 demo-identity store: which openid the local stack should treat as the caller
 * (sent as `X-Dev-Openid`). Only the H5 build reads it; the mini-program's identity comes
 * from WeChat. Null means an anonymous caller.
 */
export const DEV_OPENID_STORAGE_KEY = 'gy:dev-openid'

/** What the local stack accepts as a dev openid: short and printable. */
export const DEV_OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export const isValidDevOpenid = (value: string): boolean => DEV_OPENID_PATTERN.test(value)

export function getDevOpenid(): string | null {
  try {
    const value: unknown = Taro.getStorageSync(DEV_OPENID_STORAGE_KEY)
    return typeof value === 'string' && isValidDevOpenid(value) ? value : null
  } catch {
    return null
  }
}

export function setDevOpenid(openid: string | null): void {
  if (openid === null) {
    Taro.removeStorageSync(DEV_OPENID_STORAGE_KEY)
    return
  }
  if (!isValidDevOpenid(openid)) throw new Error(`invalid dev openid: ${openid}`)
  Taro.setStorageSync(DEV_OPENID_STORAGE_KEY, openid)
}

/** A fresh caller the local stack has never seen: `new-user-k3x9q2`. */
export function generateNewOpenid(random: () => number = Math.random): string {
  const suffix = Array.from({ length: 6 }, () => '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 36)]).join('')
  return `new-user-${suffix}`
}
