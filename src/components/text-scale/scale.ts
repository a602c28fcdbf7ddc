/**
 * 关怀模式 scales (browser build) and how the browser's font setting maps onto them. Pure: shared by
 * the text-scale component and tests. In the mini-program WeChat's own font setting and 关怀模式
 * enlarge the text; the pages' wrapping rules (styles/mixins.scss) are the browser build's. src/index.html repeats `textScaleFromFactor` in its inline
 * script (it runs before any module): keep the two in step.
 */
export type TextScale = 1 | 1.5 | 2

export const TEXT_SCALES: readonly TextScale[] = [1, 1.5, 2]

/** Where the person's own choice is kept (localStorage in H5, Taro storage in the mini-program). */
export const TEXT_SCALE_STORAGE_KEY = 'gy-text-scale'

/** A factor of at least this much larger than standard reads as 大字 (1.5×) … */
const LARGE_FROM = 1.2
/** … and from this one as 超大字 (2×). */
const LARGEST_FROM = 1.75

/** The nearest scale for a system text-size factor (1 = standard); null when there is none. */
export function textScaleFromFactor(factor: number | null | undefined): TextScale | null {
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0) return null
  if (factor >= LARGEST_FROM) return 2
  if (factor >= LARGE_FROM) return 1.5
  return 1
}

/** The browser's default font size (16 px standard) as a scale: a reader who set 24 px gets 大字. */
export function textScaleFromRootFontSize(px: number | null | undefined): TextScale | null {
  return typeof px === 'number' ? textScaleFromFactor(px / 16) : null
}

/** A stored choice, if it is one of the scales. */
export function parseTextScale(stored: unknown): TextScale | null {
  const value = typeof stored === 'number' ? stored : typeof stored === 'string' && stored !== '' ? Number(stored) : NaN
  return (TEXT_SCALES as readonly number[]).includes(value) ? (value as TextScale) : null
}

/** The scale in force: the person's own choice, else the system's setting, else standard. */
export function resolveTextScale(stored: unknown, system: TextScale | null): TextScale {
  return parseTextScale(stored) ?? system ?? 1
}
