/**
 * Full-screen photos. The mini-program uses WeChat's own viewer (preview-image.weapp.ts); the browser
 * build draws this small dialog instead of calling Taro's H5 previewImage, which loads a 160 KB
 * carousel library for the same job.
 */
export interface PreviewImageOptions {
  urls: string[]
  /** the photo to open on (the first when not among `urls`) */
  current: string
}

const STYLE_ID = 'gy-photo-viewer-style'
// design tokens (styles/variables.scss): tap targets ≥ 44px, white on near-black well above 4.5:1
const CSS = `
.gy-photo-viewer{position:fixed;inset:0;z-index:10000;display:flex;flex-direction:column;background:rgba(0,0,0,.92);color:#fff;font-size:16px}
.gy-photo-viewer__bar{display:flex;align-items:center;justify-content:space-between;padding:8px 12px}
.gy-photo-viewer__stage{flex:1;display:flex;align-items:center;justify-content:center;min-height:0;padding:0 8px}
.gy-photo-viewer__image{max-width:100%;max-height:100%;object-fit:contain}
.gy-photo-viewer__nav{display:flex;justify-content:space-between;padding:12px}
.gy-photo-viewer button{min-width:64px;min-height:44px;padding:0 16px;border:1px solid rgba(255,255,255,.6);border-radius:22px;background:transparent;color:#fff;font-size:16px}
.gy-photo-viewer button:disabled{opacity:.45}
.gy-photo-viewer button:focus-visible{outline:3px solid #ffd76a;outline-offset:2px}
`

export function previewImage({ urls, current }: PreviewImageOptions): void {
  if (!urls.length || typeof document === 'undefined') return
  if (!document.getElementById(STYLE_ID)) {
    const style = document.createElement('style')
    style.id = STYLE_ID
    style.textContent = CSS
    document.head.appendChild(style)
  }
  const opener = document.activeElement as HTMLElement | null
  let index = Math.max(0, urls.indexOf(current))

  const element = (tag: string, className: string, text?: string) => {
    const node = document.createElement(tag)
    node.className = className
    if (text) node.textContent = text
    return node
  }
  const dialog = element('div', 'gy-photo-viewer')
  dialog.setAttribute('role', 'dialog')
  dialog.setAttribute('aria-modal', 'true')
  dialog.setAttribute('aria-label', '查看图片')
  const bar = element('div', 'gy-photo-viewer__bar')
  const counter = element('span', 'gy-photo-viewer__count')
  counter.setAttribute('aria-live', 'polite')
  const close = element('button', 'gy-photo-viewer__close', '关闭') as HTMLButtonElement
  bar.append(counter, close)
  const stage = element('div', 'gy-photo-viewer__stage')
  const image = element('img', 'gy-photo-viewer__image') as HTMLImageElement
  stage.append(image)
  const nav = element('div', 'gy-photo-viewer__nav')
  const previous = element('button', 'gy-photo-viewer__previous', '上一张') as HTMLButtonElement
  const next = element('button', 'gy-photo-viewer__next', '下一张') as HTMLButtonElement
  nav.append(previous, next)
  dialog.append(bar, stage, nav)
  if (urls.length === 1) nav.hidden = true

  const show = (at: number) => {
    index = Math.min(urls.length - 1, Math.max(0, at))
    image.src = urls[index]
    image.alt = `第 ${index + 1} 张图片，共 ${urls.length} 张`
    counter.textContent = `${index + 1} / ${urls.length}`
    previous.disabled = index === 0
    next.disabled = index === urls.length - 1
  }
  const dismiss = () => {
    document.removeEventListener('keydown', onKey, true)
    dialog.remove()
    opener?.focus?.()
  }
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') dismiss()
    else if (event.key === 'ArrowLeft') show(index - 1)
    else if (event.key === 'ArrowRight') show(index + 1)
    else if (event.key === 'Tab') {
      // keep focus inside the dialog
      const stops = [close, previous, next].filter((button) => !button.disabled && !button.closest('[hidden]'))
      const at = stops.indexOf(document.activeElement as HTMLButtonElement)
      event.preventDefault()
      stops[(at + (event.shiftKey ? stops.length - 1 : 1)) % stops.length]?.focus()
    } else return
    event.stopPropagation()
  }
  close.addEventListener('click', dismiss)
  previous.addEventListener('click', () => show(index - 1))
  next.addEventListener('click', () => show(index + 1))
  stage.addEventListener('click', (event) => {
    if (event.target === stage) dismiss() // a tap beside the photo closes, as in WeChat
  })
  document.addEventListener('keydown', onKey, true)
  show(index)
  document.body.appendChild(dialog)
  close.focus()
}
