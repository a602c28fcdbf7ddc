import { readFileSync } from 'node:fs'
import path from 'node:path'
import { themeColors } from '../../src/constants/theme'

/** The design tokens (src/styles/variables.scss) and their code mirror: in step, and readable. */
const scss = readFileSync(path.resolve(__dirname, '../../src/styles/variables.scss'), 'utf8')
const token = (name: string): string => {
  const match = new RegExp(`\\$gy-${name}:\\s*(#[0-9a-fA-F]{6})\\b`).exec(scss)
  if (!match) throw new Error(`no $gy-${name} in variables.scss`)
  return match[1].toLowerCase()
}
const px = (name: string): number => {
  const match = new RegExp(`\\$gy-${name}:\\s*(\\d+)px`).exec(scss)
  if (!match) throw new Error(`no $gy-${name} in variables.scss`)
  return Number(match[1])
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

describe('design tokens', () => {
  test('when code needs a colour (Taro.showModal), then constants/theme.ts gives the same value as variables.scss', () => {
    expect(themeColors.brand).toBe(token('color-brand'))
    expect(themeColors.danger).toBe(token('color-danger'))
    expect(themeColors.secondary).toBe(token('color-secondary'))
    expect(themeColors.title).toBe(token('color-title'))
  })

  test.each([
    ['color-title', 'color-card'],
    ['color-text', 'color-page'],
    ['color-secondary', 'color-page'],
    ['color-muted', 'color-card'],
    ['color-muted', 'color-page'],
    ['color-placeholder', 'color-page'],
    ['color-on-brand', 'color-brand'],
    ['color-brand', 'color-card'],
    ['color-brand-dark', 'color-brand-soft'],
    ['color-accent-text', 'color-accent-soft'],
    ['color-gold-text', 'color-gold'],
    ['color-success', 'color-success-soft'],
    ['color-danger', 'color-danger-soft'],
    ['color-info', 'color-card'],
    ['color-info-text', 'color-info-soft'],
  ])('when $gy-%s text sits on $gy-%s, then the contrast is at least 4.5:1', (text, surface) => {
    expect(contrast(token(text), token(surface))).toBeGreaterThanOrEqual(4.5)
  })

  test('when the type scale and tap size are read in CSS px (half the 750 design), then nothing is under 12 px, body is 15 px and taps are 44 px', () => {
    expect(px('font-xs') / 2).toBeGreaterThanOrEqual(12)
    expect(px('font-md') / 2).toBeGreaterThanOrEqual(15)
    expect(px('tap-size') / 2).toBeGreaterThanOrEqual(44)
  })
})
