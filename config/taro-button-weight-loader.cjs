/**
 * Webpack pre-loader for Taro's browser-build component sheet (@tarojs/components-react's
 * index.css): its copy of WeChat's built-in button look (#f8f8f8 fill, a grey pressed state,
 * `button + button { margin-top: 15px }`, …) takes every selector's weight to zero with `:where()`.
 *
 * In the mini-program WeChat's button styles are element selectors, so NutUI's classes and ours
 * decide a button's look. Taro's copy uses two and three classes, which beat NutUI's one: in the
 * browser build a `fill='none'` or outline NutUI button showed a grey fill, a pressed one turned
 * grey with dimmed text. With no weight left, the same classes win in both builds.
 */
const postcss = require('postcss')

const PSEUDO_ELEMENT = /(::?(?:after|before))$/

/** `.a.b:after` → `:where(.a.b):after` (a pseudo-element may not sit inside `:where()`). */
function withoutWeight(selector) {
  const pseudo = PSEUDO_ELEMENT.exec(selector)?.[1] ?? ''
  return `:where(${selector.slice(0, selector.length - pseudo.length)})${pseudo}`
}

function lowerButtonWeight(css) {
  const root = postcss.parse(css)
  root.walkRules((rule) => {
    if (rule.parent?.type === 'atrule' && /keyframes$/i.test(rule.parent.name)) return
    if (!rule.selector.includes('.taro-button-core')) return
    rule.selectors = rule.selectors.map(withoutWeight)
  })
  return root.toString()
}

module.exports = function taroButtonWeightLoader(source) {
  return lowerButtonWeight(String(source))
}
module.exports.lowerButtonWeight = lowerButtonWeight
