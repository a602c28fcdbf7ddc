/**
 * WeChat's privacy authorization (隐私协议授权), between the app-wide listener and the dialogs.
 * `Taro.onNeedPrivacyAuthorization` (registered once in app.tsx, mini-program only) hands every
 * privacy API call that waits for consent (getPhoneNumber, chooseImage, scanCode, setClipboardData…)
 * to `requestPrivacyConsent`; a PrivacyDialogHost on the current page shows our dialog and answers
 * all waiting calls at once. Pure state: no Taro here, so it is the same under jest.
 */

/** What WeChat's `resolve` takes (Taro.onNeedPrivacyAuthorization.ResolveOption). */
export interface PrivacyResolveOption {
  event: 'exposureAuthorization' | 'agree' | 'disagree'
  buttonId?: string
}
export type PrivacyResolve = (option: PrivacyResolveOption) => void

/** The id of the agree button (open-type="agreePrivacyAuthorization"): WeChat checks it was tapped. */
export const AGREE_BUTTON_ID = 'agree-btn'

/** The privacy notice page (隐私保护指引); `?authorize=1` also asks for consent on it. */
export const PRIVACY_NOTICE_PAGE = '/packages/about/privacy/index'

interface Waiting {
  resolve: PrivacyResolve
  exposed: boolean
}

let waiting: Waiting[] = []
const listeners = new Set<() => void>()
const hosts = new Map<symbol, string>()

const notify = () => listeners.forEach((listener) => listener())

/** A privacy API waits for consent: remember its resolve until the person answers. */
export function requestPrivacyConsent(resolve: PrivacyResolve): void {
  waiting = [...waiting, { resolve, exposed: false }]
  notify()
}

/** Whether some privacy API call is waiting for the person's answer. */
export function isPrivacyConsentPending(): boolean {
  return waiting.length > 0
}

/** The dialog is on screen: tell WeChat (once per waiting call), as its guide asks before agree/disagree. */
export function markPrivacyDialogShown(): void {
  for (const entry of waiting) {
    if (entry.exposed) continue
    entry.exposed = true
    entry.resolve({ event: 'exposureAuthorization' })
  }
}

/** 同意 or 拒绝: answers every waiting call (agree lets them go on; disagree makes them fail). */
export function answerPrivacyConsent(agree: boolean): void {
  const answered = waiting
  waiting = []
  for (const { resolve } of answered) resolve(agree ? { buttonId: AGREE_BUTTON_ID, event: 'agree' } : { event: 'disagree' })
  notify()
}

export function subscribePrivacyConsent(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** A dialog host mounted on page `path` (e.g. `pages/mine/index`); returns its unregister. */
export function registerPrivacyHost(path: string): () => void {
  const key = Symbol(path)
  hosts.set(key, path.replace(/^\//, ''))
  return () => {
    hosts.delete(key)
  }
}

/** Whether page `path` has a dialog host that will show the request. */
export function hasPrivacyHost(path: string): boolean {
  const wanted = path.replace(/^\//, '').split('?')[0]
  return Array.from(hosts.values()).some((hostPath) => hostPath.split('?')[0] === wanted)
}

/** For tests: forget every waiting call, host and listener. */
export function resetPrivacyRequests(): void {
  waiting = []
  hosts.clear()
  listeners.clear()
}
