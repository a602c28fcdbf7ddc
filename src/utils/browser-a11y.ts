/**
 * Keyboard and screen-reader support the browser build (H5) needs beyond what our markup says.
 * Taro draws several things itself, as bare `<div>`s or custom elements that keyboards skip:
 * the title bar's back/home controls, Taro's `.taro-button-core` (every NutUI Button), Taro.showModal's
 * dialog and NutUI's picker header. `installBrowserA11y` gives them roles, Chinese names, focus
 * and keyboard operation; dialogs and popups trap focus while open and return it when they close.
 * Called once from app.tsx under `TARO_ENV === 'h5'`; never used in the mini-program.
 */

const NAV_CONTROLS: Array<{ className: string; label: string }> = [
  { className: 'taro-navigation-bar-back', label: '返回上一页' },
  { className: 'taro-navigation-bar-home', label: '回到首页' },
]

/** Elements that act as buttons: Enter and Space click them. */
const BUTTON_LIKE = '[role="button"], [role="tab"], [role="switch"], [role="radio"], [role="checkbox"], [role="link"], [role="option"]'
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])'
/** Overlays that take over the screen while open: Taro.showModal and NutUI popups (pickers, dialogs). */
const OVERLAYS = '.taro__modal, .nut-popup, .nut-dialog-outer'

function makeButton(el: HTMLElement, label?: string) {
  if (el.getAttribute('role') !== 'button') el.setAttribute('role', 'button')
  // NutUI marks a disabled Button with a class; Taro's element may carry the attribute instead
  const disabled = (el.hasAttribute('disabled') && el.getAttribute('disabled') !== 'false') || el.classList.contains('nut-button-disabled')
  el.setAttribute('tabindex', disabled ? '-1' : '0')
  if (disabled) el.setAttribute('aria-disabled', 'true')
  else el.removeAttribute('aria-disabled')
  if (label && !el.getAttribute('aria-label')) el.setAttribute('aria-label', label)
}

export function enhanceNavigationBar(doc: Document = document): boolean {
  const bar = doc.getElementById('taro-navigation-bar')
  if (!bar) return false
  if (!bar.getAttribute('role')) bar.setAttribute('role', 'banner')
  for (const { className, label } of NAV_CONTROLS) {
    const control = bar.getElementsByClassName(className)[0] as HTMLElement | undefined
    if (!control) continue
    makeButton(control, label)
    control.querySelector('svg')?.setAttribute('aria-hidden', 'true')
  }
  const title = bar.getElementsByClassName('taro-navigation-bar-title')[0]
  if (title) {
    title.setAttribute('role', 'heading')
    title.setAttribute('aria-level', '1')
  }
  bar.getElementsByClassName('taro-navigation-bar-loading')[0]?.setAttribute('aria-hidden', 'true')
  return true
}

function isShown(el: Element): boolean {
  const html = el as HTMLElement
  if (!html.isConnected || html.getClientRects().length === 0) return false
  const style = getComputedStyle(html)
  return style.display !== 'none' && style.visibility !== 'hidden'
}

function enhanceModal(modal: HTMLElement) {
  const content = modal.querySelector<HTMLElement>('.taro-modal__content')
  const title = modal.querySelector<HTMLElement>('.taro-modal__title')
  const text = modal.querySelector<HTMLElement>('.taro-modal__text')
  if (content && !content.getAttribute('role')) {
    content.setAttribute('role', 'alertdialog')
    content.setAttribute('aria-modal', 'true')
    if (title) {
      title.id ||= 'gy-modal-title'
      content.setAttribute('aria-labelledby', title.id)
    }
    if (text) {
      text.id ||= 'gy-modal-text'
      content.setAttribute('aria-describedby', text.id)
    }
  }
  modal.querySelectorAll<HTMLElement>('.taro-model__btn').forEach((btn) => makeButton(btn))
  modal.querySelector('.taro-modal__mask')?.setAttribute('aria-hidden', 'true')
}

/** NutUI's picker wheels (one per column): the roller's rows, the active one, the popup's title. */
function wheelState(list: HTMLElement) {
  const rows = Array.from(list.querySelectorAll<HTMLElement>('.nut-pickerview-roller-item, .nut-pickerview-roller-item-tiled'))
  const active = rows.findIndex((row) => row.classList.contains('nut-pickerview-roller-item-active'))
  return { rows, active: Math.max(0, active) }
}

/**
 * A picker wheel as a spin button: focusable, named by the picker's title, its value the row it
 * rests on; ArrowUp / ArrowDown turn it (see stepWheel).
 */
function enhanceWheel(list: HTMLElement) {
  const { rows, active } = wheelState(list)
  if (rows.length === 0) return
  if (list.getAttribute('role') !== 'spinbutton') {
    list.setAttribute('role', 'spinbutton')
    list.setAttribute('tabindex', '0')
    const title = list.closest('.nut-picker')?.querySelector('.nut-picker-title')?.textContent?.trim()
    list.setAttribute('aria-label', `${title || '选项'}（上下方向键切换）`)
  }
  const text = rows[active]?.textContent?.trim() ?? ''
  if (list.getAttribute('aria-valuetext') !== text) list.setAttribute('aria-valuetext', text)
  const now = String(active + 1)
  if (list.getAttribute('aria-valuenow') !== now) {
    list.setAttribute('aria-valuenow', now)
    list.setAttribute('aria-valuemin', '1')
    list.setAttribute('aria-valuemax', String(rows.length))
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Turns a NutUI picker wheel by `rows` (positive: further down the list) the way a slow finger
 * would: the roller listens to touch events only, so a keyboard gets a synthetic drag. Slower than
 * NutUI's flick threshold (300 ms) so it stops exactly where let go.
 */
async function stepWheel(list: HTMLElement, rows: number) {
  const { rows: items, active } = wheelState(list)
  const target = Math.min(Math.max(active + rows, 0), items.length - 1)
  if (target === active || typeof Touch === 'undefined') return
  const rowHeight = parseFloat(getComputedStyle(list).getPropertyValue('--nutui-picker-item-height')) || 36
  const rect = list.getBoundingClientRect()
  const x = rect.left + rect.width / 2
  const y0 = rect.top + rect.height / 2
  const fire = (type: string, y: number) => {
    const touch = new Touch({ identifier: 1, target: list, clientX: x, clientY: y, pageX: x, pageY: y })
    const touches = type === 'touchend' ? [] : [touch]
    list.dispatchEvent(new TouchEvent(type, { touches, targetTouches: touches, changedTouches: [touch], bubbles: true, cancelable: true }))
  }
  const distance = (target - active) * rowHeight
  // the roller re-attaches its (one-shot) listeners after each render: let it render between events
  fire('touchstart', y0)
  await pause(30)
  fire('touchmove', y0 - Math.sign(distance) * 12)
  await pause(30)
  fire('touchmove', y0 - distance)
  await pause(320)
  fire('touchend', y0 - distance)
}

/** Adds roles, names and focus to what Taro and NutUI drew under `root`. */
function enhance(root: ParentNode) {
  root.querySelectorAll<HTMLElement>('.nut-picker .nut-pickerview-list').forEach(enhanceWheel)
  root.querySelectorAll<HTMLElement>('.taro-button-core').forEach((button) => makeButton(button))
  root.querySelectorAll<HTMLElement>('.nut-picker-cancel-btn').forEach((el) => makeButton(el))
  root.querySelectorAll<HTMLElement>('.nut-picker-confirm-btn').forEach((el) => makeButton(el))
  root.querySelectorAll<HTMLElement>('.nut-popup-title-right, .nut-dialog-close').forEach((el) => makeButton(el, '关闭'))
  root.querySelectorAll<HTMLElement>('.taro__modal').forEach(enhanceModal)
  root.querySelectorAll<HTMLElement>('taro-tabbar').forEach((tabbar) => {
    if (!tabbar.getAttribute('role')) {
      tabbar.setAttribute('role', 'navigation')
      tabbar.setAttribute('aria-label', '主导航')
    }
  })
  root.querySelectorAll<HTMLElement>('.taro_page').forEach((page) => {
    if (!page.getAttribute('role')) page.setAttribute('role', 'main')
  })
}

/** The top-most open overlay, if any. */
function openOverlay(doc: Document): HTMLElement | null {
  const open = Array.from(doc.querySelectorAll<HTMLElement>(OVERLAYS)).filter(isShown)
  return open[open.length - 1] ?? null
}

function focusablesIn(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(isShown)
}

export function installBrowserA11y(doc: Document = document): () => void {
  let overlay: HTMLElement | null = null
  let returnTo: HTMLElement | null = null
  let scheduled = false

  const sync = () => {
    scheduled = false
    enhance(doc)
    enhanceNavigationBar(doc)
    const current = openOverlay(doc)
    if (current === overlay) return
    if (current) {
      // opened (or a second one on top): remember where focus was, move it into the overlay
      if (!overlay) returnTo = doc.activeElement as HTMLElement | null
      overlay = current
      // a picker opens with focus on its wheel, ready for the arrow keys
      const first = current.querySelector<HTMLElement>('.taro-model__confirm') ?? current.querySelector<HTMLElement>('.nut-pickerview-list[tabindex]') ?? focusablesIn(current)[0]
      if (first && isShown(first)) first.focus()
      else {
        current.setAttribute('tabindex', '-1')
        current.focus()
      }
    } else {
      overlay = null
      if (returnTo?.isConnected) returnTo.focus()
      returnTo = null
    }
  }
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    requestAnimationFrame(sync)
  }

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null
    if ((event.key === 'Enter' || event.key === ' ') && target?.matches(BUTTON_LIKE) && !/^(BUTTON|A|INPUT|TEXTAREA)$/.test(target.tagName)) {
      event.preventDefault()
      target.click()
      return
    }
    if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && target?.matches('.nut-pickerview-list[role="spinbutton"]')) {
      event.preventDefault()
      void stepWheel(target, event.key === 'ArrowDown' ? 1 : -1)
      return
    }
    const open = openOverlay(doc)
    if (!open) return
    if (event.key === 'Escape') {
      const cancel = open.querySelector<HTMLElement>('.taro-model__cancel, .nut-picker-cancel-btn, .nut-popup-title-right, .nut-dialog-close')
      if (cancel && isShown(cancel)) cancel.click()
      return
    }
    if (event.key !== 'Tab') return
    // keep focus inside the open dialog
    const items = focusablesIn(open)
    if (items.length === 0) {
      event.preventDefault()
      return
    }
    const index = items.indexOf(doc.activeElement as HTMLElement)
    const next = event.shiftKey ? (index <= 0 ? items.length - 1 : index - 1) : index === -1 || index === items.length - 1 ? 0 : index + 1
    event.preventDefault()
    items[next].focus()
  }

  const observer = new MutationObserver(schedule)
  observer.observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class', 'disabled'] })
  doc.addEventListener('keydown', onKeyDown, true)
  sync()
  return () => {
    observer.disconnect()
    doc.removeEventListener('keydown', onKeyDown, true)
  }
}
