/**
 * Props that make a tappable View or Text usable with a keyboard and a screen reader: a role,
 * focus and a Chinese name in the browser build (Enter and Space click it, see browser-a11y.ts),
 * and WeChat's own `aria-role` / `aria-label` in the mini-program.
 */
export type PressableRole = 'button' | 'tab' | 'link' | 'radio'

export interface PressableOptions {
  role?: PressableRole
  /** The accessible name when the visible text is not enough (or there is none). */
  label?: string
  /** For a tab or radio: whether it is the chosen one. */
  selected?: boolean
  disabled?: boolean
}

export type PressableProps = Record<string, string | number | boolean | undefined>

const isH5 = process.env.TARO_ENV === 'h5'

export function pressable({ role = 'button', label, selected, disabled }: PressableOptions = {}): PressableProps {
  const state =
    selected === undefined ? {} : role === 'tab' ? { 'aria-selected': selected ? 'true' : 'false' } : role === 'radio' ? { 'aria-checked': selected ? 'true' : 'false' } : { 'aria-pressed': selected ? 'true' : 'false' }
  if (isH5) {
    return {
      role,
      tabIndex: disabled ? -1 : 0,
      'aria-label': label,
      'aria-disabled': disabled ? 'true' : undefined,
      ...state,
    }
  }
  // the mini-program's accessibility attributes (read by WeChat's screen reader)
  return {
    ariaRole: role,
    ariaLabel: label,
    ariaDisabled: disabled || undefined,
    ariaSelected: role === 'tab' ? selected : undefined,
    ariaChecked: role === 'radio' ? selected : undefined,
    ariaPressed: role === 'button' ? selected : undefined,
  }
}

export interface ImageA11yProps {
  /** the browser build's inner <img> (Taro's React components, `h5.useHtmlComponents`) */
  imgProps?: Record<string, unknown>
  ariaLabel?: string
  ariaRole?: string
  ariaHidden?: boolean
}

/** Props for a picture that only decorates (the text beside it says it all): hidden from screen readers. */
export function decorativeImage(): ImageA11yProps {
  return isH5 ? { imgProps: { alt: '', 'aria-hidden': 'true' } } : { ariaHidden: true }
}

/** Props for a picture that carries meaning: its Chinese description. */
export function describedImage(alt: string): ImageA11yProps {
  return isH5 ? { imgProps: { alt } } : { ariaLabel: alt, ariaRole: 'img' }
}

/** Props for the container of tabs (`tablist`) or of one-of-many choices (`radiogroup`), with its name. */
export function group(role: 'tablist' | 'radiogroup' | 'group', label: string): PressableProps {
  return isH5 ? { role, 'aria-label': label } : { ariaRole: role, ariaLabel: label }
}

/**
 * For NutUI's Switch: it names its role, state and name with the mini-program's `ariaRole`,
 * `ariaChecked`, `ariaLabel`, which the browser build's plain elements do not turn into ARIA
 * attributes; there it needs the real ones.
 */
export function switchRole(checked: boolean, label: string): PressableProps {
  return isH5 ? { ariaRole: undefined, role: 'switch', 'aria-checked': checked ? 'true' : 'false', 'aria-label': label } : { ariaLabel: label }
}

/**
 * A check box drawn with a View (NutUI's Checkbox writes `aria-role`, which browsers do not know):
 * role, state, focus and a Chinese name; Enter and Space toggle it (browser-a11y.ts).
 */
export function checkboxRole(checked: boolean, label: string): PressableProps {
  return isH5
    ? { role: 'checkbox', tabIndex: 0, 'aria-checked': checked ? 'true' : 'false', 'aria-label': label }
    : { ariaRole: 'checkbox', ariaLabel: label, ariaChecked: checked }
}

/** A drawing made of Views (the QR code) that reads as one picture with a Chinese name. */
export function pictureRole(label: string): PressableProps {
  return isH5 ? { role: 'img', 'aria-label': label } : { ariaRole: 'img', ariaLabel: label }
}
