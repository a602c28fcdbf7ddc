import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { group, pressable } from '../../utils/a11y'
import { parseTextScale, resolveTextScale, TEXT_SCALE_STORAGE_KEY, textScaleFromRootFontSize, type TextScale } from './scale'
import './index.scss'

export type { TextScale } from './scale'

export const textScales: { value: TextScale; label: string }[] = [
  { value: 1, label: '标准' },
  { value: 1.5, label: '大字' },
  { value: 2, label: '超大字' },
]

interface TextScaleWindow {
  gySetTextScale?: (value: number) => void
  /** The browser's own default font size in px, measured by src/index.html before the app draws. */
  gySystemFontSize?: number
}

/** The person's stored choice, or null when they have not chosen (the system's setting applies). */
function storedScale(): TextScale | null {
  try {
    return parseTextScale(window.localStorage.getItem(TEXT_SCALE_STORAGE_KEY))
  } catch {
    return null
  }
}

/** The scale the browser's font setting asks for (a reader who enlarged the default text size). */
export function systemScale(): TextScale | null {
  return textScaleFromRootFontSize((window as unknown as TextScaleWindow).gySystemFontSize)
}

/**
 * 关怀模式 in the browser build: 标准 / 大字 (1.5×) / 超大字 (2×). The choice is kept on the
 * device; src/index.html applies it to the root font size before the app draws. Until the person
 * chooses, the browser's own default font size decides (scale.ts maps it). The mini-program does
 * not show this setting: WeChat's own font setting applies there.
 */
export function TextScaleSetting() {
  const [chosen, setChosen] = useState<TextScale | null>(storedScale)
  const system = systemScale()
  const scale = resolveTextScale(chosen, system)

  const choose = (next: TextScale) => {
    setChosen(next)
    const apply = (window as unknown as TextScaleWindow).gySetTextScale
    if (apply) apply(next)
    else window.localStorage.setItem(TEXT_SCALE_STORAGE_KEY, String(next))
  }

  return (
    <View className='gy-text-scale'>
      <Text className='gy-text-scale__title'>关怀模式</Text>
      <Text className='gy-text-scale__intro'>放大文字和按钮，看得更清楚、点得更准确。</Text>
      {chosen === null && system !== null && system !== 1 ? (
        <Text className='gy-text-scale__system'>已按浏览器的字号设置使用「{textScales.find((option) => option.value === system)?.label}」，也可以在下面另选。</Text>
      ) : null}
      <View className='gy-text-scale__options' {...group('radiogroup', '关怀模式字号')}>
        {textScales.map((option) => (
          <View
            key={option.value}
            className={`gy-text-scale__option gy-text-scale__option--${String(option.value).replace('.', '-')}${scale === option.value ? ' gy-text-scale__option--active' : ''}`}
            {...pressable({ role: 'radio', selected: scale === option.value })}
            onClick={() => choose(option.value)}
          >
            {option.label}
          </View>
        ))}
      </View>
    </View>
  )
}

export default TextScaleSetting
