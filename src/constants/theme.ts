/**
 * The design tokens that APIs taking a colour need in code (Taro.showModal, the tab bar): a mirror
 * of src/styles/variables.scss, checked against it by test/components/theme-tokens.test.tsx.
 */
export const themeColors = {
  brand: '#c8432d',
  danger: '#b8241c',
  secondary: '#4e5560',
  title: '#1f2329',
} as const

/** Taro.showModal's colours: the confirm button in the brand (or danger) colour, cancel in secondary grey. */
export function modalColors(tone: 'brand' | 'danger' = 'brand') {
  return { confirmColor: themeColors[tone], cancelColor: themeColors.secondary }
}
