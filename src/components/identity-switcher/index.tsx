import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import { demoIdentities } from '../../../cloudfunctions/core/settings/demo-identities'
import { generateNewOpenid, getDevOpenid, isValidDevOpenid, setDevOpenid } from '../../services/dev-identity'
import { group, pressable } from '../../utils/a11y'
import './index.scss'

export interface IdentitySwitcherProps {
  /** After the stored identity changed: null is an anonymous caller. */
  onChange?: (openid: string | null) => void
}

/**
 * 演示身份: H5 only. Picks which openid the local stack sees (`X-Dev-Openid`), from the seeded demo
 * identities or a fresh one. Pages render it under `process.env.TARO_ENV === 'h5'` so the
 * mini-program build never contains it.
 */
export function IdentitySwitcher({ onChange }: IdentitySwitcherProps) {
  const [current, setCurrent] = useState<string | null>(() => getDevOpenid())
  const [custom, setCustom] = useState('')
  const [customError, setCustomError] = useState('')

  const choose = (openid: string | null) => {
    setDevOpenid(openid)
    setCurrent(openid)
    onChange?.(openid)
  }

  const applyCustom = () => {
    const openid = custom.trim()
    if (!isValidDevOpenid(openid)) {
      setCustomError('openid 只能包含字母、数字、- 和 _，最长64位')
      return
    }
    setCustomError('')
    setCustom('')
    choose(openid)
  }

  const known = demoIdentities.find((identity) => identity.openid === current)
  const currentLabel = current === null ? '匿名访客' : known ? `${known.label}（${current}）` : `新用户（${current}）`

  return (
    <View className='gy-identity-switcher'>
      <View className='gy-identity-switcher__header'>
        <Text className='gy-identity-switcher__title'>演示身份</Text>
        <Text className='gy-identity-switcher__hint'>仅本地演示环境可用，用于模拟不同用户</Text>
      </View>
      <View className='gy-identity-switcher__current'>
        当前：<Text className='gy-identity-switcher__current-value'>{currentLabel}</Text>
      </View>

      <View className='gy-identity-switcher__list' {...group('radiogroup', '演示身份')}>
        {demoIdentities.map((identity) => {
          const active = identity.openid === current
          return (
            <View
              key={identity.openid}
              className={`gy-identity-switcher__item gy-identity-switcher__item--${identity.openid}${active ? ' gy-identity-switcher__item--active' : ''}`}
              data-openid={identity.openid}
              {...pressable({ role: 'radio', selected: active })}
              onClick={() => choose(identity.openid)}
            >
              <Text className='gy-identity-switcher__item-label'>{identity.label}</Text>
              <Text className='gy-identity-switcher__item-description'>{identity.description}</Text>
            </View>
          )
        })}
        <View
          className={`gy-identity-switcher__item gy-identity-switcher__anonymous${current === null ? ' gy-identity-switcher__item--active' : ''}`}
          {...pressable({ role: 'radio', selected: current === null })}
          onClick={() => choose(null)}
        >
          <Text className='gy-identity-switcher__item-label'>匿名访客</Text>
          <Text className='gy-identity-switcher__item-description'>不携带身份，模拟未登录</Text>
        </View>
      </View>

      <View className='gy-identity-switcher__custom'>
        <Text className='gy-identity-switcher__custom-title'>使用新身份</Text>
        <View className='gy-identity-switcher__custom-row'>
          <Input
            className='gy-identity-switcher__custom-input'
            name='devOpenid'
            placeholder='输入 openid，如 new-user-ab12cd'
            maxLength={64}
            value={custom}
            onChange={(value) => {
              setCustom(value)
              setCustomError('')
            }}
          />
          <Button className='gy-identity-switcher__custom-submit' type='primary' size='small' onClick={applyCustom}>
            使用
          </Button>
        </View>
        {customError ? <Text className='gy-identity-switcher__error'>{customError}</Text> : null}
        <Button
          className='gy-identity-switcher__generate'
          fill='outline'
          type='primary'
          size='small'
          onClick={() => choose(generateNewOpenid())}
        >
          生成一个新用户
        </Button>
      </View>
    </View>
  )
}

export default IdentitySwitcher
