import { type RefObject, useEffect } from 'react'

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * Browser build: while `active`, keep keyboard focus inside `ref` (Tab and Shift+Tab wrap around),
 * start it on the first focusable element, call `onEscape` for Escape, and give focus back to
 * where it was when the trap ends. The mini-program has no keyboard focus: a no-op there.
 */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, active: boolean, onEscape?: () => void): void {
  useEffect(() => {
    if (process.env.TARO_ENV === 'weapp' || !active || typeof document === 'undefined') return undefined
    const container = ref.current as HTMLElement | null
    if (!container) return undefined
    const returnTo = document.activeElement as HTMLElement | null
    const items = () => Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE))
    const first = items()[0]
    if (first) first.focus()
    else {
      container.setAttribute('tabindex', '-1')
      container.focus()
    }
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && onEscape) {
        event.preventDefault()
        onEscape()
        return
      }
      if (event.key !== 'Tab') return
      const list = items()
      if (list.length === 0) {
        event.preventDefault()
        return
      }
      const index = list.indexOf(document.activeElement as HTMLElement)
      const next = event.shiftKey ? (index <= 0 ? list.length - 1 : index - 1) : index === -1 || index === list.length - 1 ? 0 : index + 1
      event.preventDefault()
      list[next].focus()
    }
    document.addEventListener('keydown', onKeyDown, true)
    return () => {
      document.removeEventListener('keydown', onKeyDown, true)
      if (returnTo?.isConnected) returnTo.focus()
    }
    // onEscape may be a new function each render; the trap follows `active` only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, ref])
}
