/**
 * A hand-written stand-in for @tarojs/taro under jest (the real one needs a Taro runtime).
 * Covers what src/ and the NutUI components we render call; storage is an in-memory map.
 * Call `resetTaroMock()` in beforeEach.
 */
const storage = new Map<string, unknown>()

const ENV_TYPE = { WEAPP: 'WEAPP', WEB: 'WEB', RN: 'RN', SWAN: 'SWAN', ALIPAY: 'ALIPAY', TT: 'TT', QQ: 'QQ', JD: 'JD' }

const systemInfo = { windowWidth: 375, windowHeight: 667, screenWidth: 375, screenHeight: 667, pixelRatio: 2, platform: 'devtools' }

const Taro = {
  ENV_TYPE,
  getEnv: () => ENV_TYPE.WEB,
  cloud: { init: jest.fn(), callFunction: jest.fn() },
  showToast: jest.fn(() => Promise.resolve()),
  hideToast: jest.fn(),
  switchTab: jest.fn(() => Promise.resolve()),
  navigateTo: jest.fn(() => Promise.resolve()),
  navigateBack: jest.fn(() => Promise.resolve()),
  getCurrentPages: jest.fn(() => []),
  stopPullDownRefresh: jest.fn(),
  pageScrollTo: jest.fn(() => Promise.resolve()),
  onUnhandledRejection: jest.fn(),
  getStorageSync: jest.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => {
    storage.set(key, value)
  }),
  removeStorageSync: jest.fn((key: string) => {
    storage.delete(key)
  }),
  nextTick: (fn: () => void) => setTimeout(fn, 0),
  pxTransform: (value: number) => `${value}px`,
  getSystemInfoSync: () => systemInfo,
  getWindowInfo: () => systemInfo,
  getDeviceInfo: () => systemInfo,
  getAppBaseInfo: () => ({ theme: 'light' }),
  createSelectorQuery: () => {
    const query = {
      select: () => query,
      selectAll: () => query,
      boundingClientRect: () => query,
      exec: (cb?: (res: unknown[]) => void) => cb?.([]),
    }
    return query
  },
  eventCenter: { on: jest.fn(), off: jest.fn(), trigger: jest.fn() },
  getCurrentInstance: () => ({ router: { params: {}, path: '' }, page: null }),
}

/** Clears storage and every recorded call. */
export function resetTaroMock(): void {
  storage.clear()
  jest.clearAllMocks()
}

export const { ENV_TYPE: ENV, getEnv, nextTick, eventCenter, getCurrentInstance, createSelectorQuery, pxTransform } = Taro
export { ENV_TYPE }
export const useLaunch = jest.fn()
export const useLoad = jest.fn()
export const useDidShow = jest.fn()
export const useDidHide = jest.fn()
export const usePullDownRefresh = jest.fn()
export const useReachBottom = jest.fn()
export default Taro
