import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { group, pressable } from '../../utils/a11y'
import './index.scss'

/** 关怀模式: how much larger than standard everything is drawn (the browser build's root font size). */
export type TextScale = 1 | 1.5 | 2

export const textScales: { value: TextScale; label: string }[] = [
  { value: 1, label: '标准' },
  { value: 1.5, label: '大字' },
  { value: 2, label: '超大字' },
]

const STORAGE_KEY = 'gy-text-scale'

function currentScale(): TextScale {
  try {
    const stored = Number(window.localStorage.getItem(STORAGE_KEY))
    return stored === 1.5 || stored === 2 ? stored : 1
  } catch {
    return 1
  }
}

/**
 * 关怀模式 in the browser build: 标准 / 大字 (1.5×) / 超大字 (2×). The choice is kept on the
 * device; src/index.html applies it to the root font size before the app draws. In the
 * mini-program WeChat's own font-size setting applies instead, so this is H5 only.
 */
export function TextScaleSetting() {
  const [scale, setScale] = useState<TextScale>(currentScale)

  const choose = (next: TextScale) => {
    setScale(next)
    const apply = (window as unknown as { gySetTextScale?: (value: number) => void }).gySetTextScale
    if (apply) apply(next)
    else window.localStorage.setItem(STORAGE_KEY, String(next))
  }

  return (
    <View className='gy-text-scale'>
      <Text className='gy-text-scale__title'>关怀模式</Text>
      <Text className='gy-text-scale__intro'>放大文字和按钮，看得更清楚、点得更准确。</Text>
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
