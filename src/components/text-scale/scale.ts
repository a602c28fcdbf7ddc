/**
 * 关怀模式 scales and how the system's font setting maps onto them. Pure: shared by the text-scale
 * component, app start and tests. src/index.html repeats `textScaleFromFactor` in its inline
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

/** What wx.getAppBaseInfo (or getSystemInfoSync) reports about WeChat's font setting. */
export interface WeChatFontInfo {
  /** WeChat's font size factor (微信字体大小缩放比例). */
  fontSizeScaleFactor?: number
  /** WeChat's font size in px (我-设置-通用-字体大小); standard is 17 on iOS, 16 on Android. */
  fontSizeSetting?: number
  platform?: string
}

/**
 * The scale that matches WeChat's font setting: its factor when reported, else the font size over
 * the platform's standard (17 px on iOS, 16 px elsewhere). WeChat's 关怀模式 size (23.8 px on iOS)
 * comes out as 大字.
 */
export function textScaleFromWeChat(info: WeChatFontInfo | null | undefined): TextScale | null {
  if (!info) return null
  const fromFactor = textScaleFromFactor(info.fontSizeScaleFactor)
  if (fromFactor !== null) return fromFactor
  if (typeof info.fontSizeSetting !== 'number') return null
  const standard = info.platform === 'ios' ? 17 : 16
  return textScaleFromFactor(info.fontSizeSetting / standard)
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
