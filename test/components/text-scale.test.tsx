import { readFileSync } from 'node:fs'
import path from 'node:path'
import { render } from '@testing-library/react'
import { TextScaleSetting } from '../../src/components/text-scale'
import { resolveTextScale, textScaleFromFactor, textScaleFromRootFontSize } from '../../src/components/text-scale/scale'
import { asPlatform, click } from './support'

/** 关怀模式 in the browser build follows the browser's font setting until the person chooses a scale. */
describe('mapping a system font setting to 关怀模式', () => {
  test.each([
    [0.9, 1],
    [1, 1],
    [1.12, 1],
    [1.4, 1.5],
    [1.6, 1.5],
    [2, 2],
    [2.3, 2],
  ])('when the text is enlarged by a factor of %s, then the scale is %s', (factor, scale) => {
    expect(textScaleFromFactor(factor)).toBe(scale)
  })

  test('when nothing usable is reported, then there is no system scale', () => {
    expect(textScaleFromFactor(Number.NaN)).toBeNull()
    expect(textScaleFromFactor(0)).toBeNull()
    expect(textScaleFromRootFontSize(null)).toBeNull()
  })

  test('when the browser default font size is enlarged, then 24 px is 大字 and 32 px 超大字', () => {
    expect(textScaleFromRootFontSize(16)).toBe(1)
    expect(textScaleFromRootFontSize(24)).toBe(1.5)
    expect(textScaleFromRootFontSize(32)).toBe(2)
  })

  test('when the person chose a scale, then it wins over the system; an unknown stored value does not', () => {
    expect(resolveTextScale('1', 2)).toBe(1)
    expect(resolveTextScale(2, 1.5)).toBe(2)
    expect(resolveTextScale('', 1.5)).toBe(1.5)
    expect(resolveTextScale('1.3', 1.5)).toBe(1.5)
    expect(resolveTextScale(null, null)).toBe(1)
  })
})

describe('关怀模式 in the browser build', () => {
  asPlatform('h5')
  const win = window as unknown as { gySystemFontSize?: number; gySetTextScale?: (value: number) => void }
  beforeEach(() => {
    window.localStorage.clear()
    delete win.gySystemFontSize
    delete win.gySetTextScale
  })

  const active = (container: HTMLElement) => container.querySelector('.gy-text-scale__option--active')?.textContent

  test('when nothing was chosen and the browser font is 24 px, then 大字 is shown as chosen and says why', () => {
    win.gySystemFontSize = 24
    const { container } = render(<TextScaleSetting />)

    expect(active(container)).toBe('大字')
    expect(container.querySelector('.gy-text-scale__system')).toHaveTextContent('已按浏览器的字号设置使用「大字」')
  })

  test('when the person picks 标准 over the browser setting, then it is stored and shown', () => {
    win.gySystemFontSize = 32
    const { container } = render(<TextScaleSetting />)
    expect(active(container)).toBe('超大字')

    click(container, '.gy-text-scale__option--1')

    expect(active(container)).toBe('标准')
    expect(window.localStorage.getItem('gy-text-scale')).toBe('1')
    expect(container.querySelector('.gy-text-scale__system')).toBeNull()
  })

  test("when src/index.html runs with the browser's default font at 32 px and nothing chosen, then the root is drawn at 2×", () => {
    const html = readFileSync(path.resolve(__dirname, '../../src/index.html'), 'utf8')
    const script = Array.from(html.matchAll(/<script>([\s\S]*?)<\/script>/g))
      .map((match) => match[1])
      .find((code) => code.includes('gy-text-scale'))
    if (!script) throw new Error('no text-scale script in index.html')
    const realStyle = window.getComputedStyle
    jest.spyOn(window, 'getComputedStyle').mockImplementation((el) => ((el as HTMLElement).style?.fontSize === 'medium' ? ({ fontSize: '32px' } as CSSStyleDeclaration) : realStyle(el)))
    try {
      // eslint-disable-next-line no-new-func
      new Function(script)()
    } finally {
      jest.restoreAllMocks()
    }

    expect(document.documentElement.getAttribute('data-text-scale')).toBe('2')
    expect(win.gySystemFontSize).toBe(32)
    win.gySetTextScale?.(1)
    expect(document.documentElement.getAttribute('data-text-scale')).toBe('1')
  })
})
