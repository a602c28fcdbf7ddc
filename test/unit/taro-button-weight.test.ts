import { readFileSync } from 'node:fs'
import path from 'node:path'
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lowerButtonWeight } = require('../../config/taro-button-weight-loader.cjs') as { lowerButtonWeight: (css: string) => string }

/** `:where(X)` → `X`, parentheses inside X matched. */
function unwrapWhere(css: string): string {
  let out = ''
  let depth: number[] = []
  let level = 0
  for (let i = 0; i < css.length; i++) {
    if (css.startsWith(':where(', i)) {
      depth.push(level++)
      i += ':where('.length - 1
      continue
    }
    if (css[i] === '(') level++
    if (css[i] === ')') {
      level--
      if (depth[depth.length - 1] === level) {
        depth = depth.slice(0, -1)
        continue
      }
    }
    out += css[i]
  }
  return out
}

describe("Taro's browser-build button sheet", () => {
  test('when a rule styles .taro-button-core, then each of its selectors weighs nothing (a pseudo-element stays outside)', () => {
    const css = '.taro-button-core+.taro-button-core{margin-top:15px}.taro-button-core.taro-btn-default,.taro-button-core.taro-btn-plain{background-color:#f8f8f8}.taro-button-core.taro-btn-plain:after{border-width:0}'

    expect(lowerButtonWeight(css)).toBe(
      ':where(.taro-button-core+.taro-button-core){margin-top:15px}:where(.taro-button-core.taro-btn-default),:where(.taro-button-core.taro-btn-plain){background-color:#f8f8f8}:where(.taro-button-core.taro-btn-plain):after{border-width:0}',
    )
  })

  test('when a rule styles anything else (or is a keyframe), then it is left as it is', () => {
    const css = '@keyframes weuiLoading{0%{transform:rotate(0deg)}to{transform:rotate(1turn)}}.taro-img{display:inline-block}.weui-input{border:0}'

    expect(lowerButtonWeight(css)).toBe(css)
  })

  test('when it runs on the sheet Taro ships, then no button selector keeps its weight and the rest is unchanged', () => {
    const shipped = readFileSync(path.join(__dirname, '../../node_modules/@tarojs/components-react/dist/index.css'), 'utf8')

    const lowered = lowerButtonWeight(shipped)

    const weighty = lowered.split('}').filter((rule) => rule.includes('.taro-button-core') && !rule.includes('@keyframes')).flatMap((rule) => rule.split('{')[0].split(',')).filter((selector) => !selector.trim().startsWith(':where('))
    expect(weighty).toEqual([])
    expect(shipped).toContain('.taro-button-core.taro-btn-default{background-color:#f8f8f8')
    expect(unwrapWhere(lowered)).toBe(shipped)
  })
})
