import { type ComponentType, useEffect } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { EmptyState } from '../../components/empty-state'
import { PageError, PageLoading } from '../../components/page-state'
import { ProfileCard } from '../../components/profile-card'
import { VolunteerForm } from '../../components/volunteer-form'
import type { IdentitySwitcherProps } from '../../components/identity-switcher'
import { useCurrentUser } from '../../hooks/use-current-user'
import { useMyHours } from '../../hooks/use-my-hours'
import { useUnreadMessages } from '../../hooks/use-unread-messages'
import { pressable } from '../../utils/a11y'
import { MessageEntry } from './components/message-entry'
import { RoleEntries } from './components/role-entries'
import { VolunteerRecord } from './components/volunteer-record'
import './index.scss'

// 演示身份 exists in the H5 build only: TARO_ENV is replaced at build time, so the mini-program
// bundle drops this require (and the switcher's code and styles) entirely.
const IdentitySwitcher: ComponentType<IdentitySwitcherProps> | null =
  process.env.TARO_ENV === 'h5'
    ? (require('../../components/identity-switcher') as typeof import('../../components/identity-switcher')).IdentitySwitcher
    : null
// 关怀模式 (large text) is the browser build's root font size; the mini-program follows WeChat's setting
const TextScaleSetting: ComponentType | null =
  process.env.TARO_ENV === 'h5' ? (require('../../components/text-scale') as typeof import('../../components/text-scale')).TextScaleSetting : null

/** 我的: the caller's profile, volunteer registration or record, and (H5) the demo-identity switcher. */
export default function MinePage() {
  const { user, status, errorMessage, refresh } = useCurrentUser()
  const { hours, refresh: refreshHours } = useMyHours()
  const isVolunteer = user?.roles.includes('volunteer') ?? false
  const { unread } = useUnreadMessages()

  useEffect(() => {
    void refreshHours(isVolunteer)
  }, [isVolunteer, user, refreshHours])

  useDidShow(() => {
    void refresh()
  })

  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <View className='gy-page gy-mine'>
      {status === 'loading' && !user ? <PageLoading skeletons={['profile-card', 'volunteer-form']} /> : null}

      {status === 'error' && !user ? (
        <PageError className='gy-mine__error' title='暂时无法获取您的信息' message={errorMessage} onRetry={() => void refresh({ reset: true })} />
      ) : null}

      {status === 'signedOut' ? (
        <View className='gy-mine__signed-out'>
          <EmptyState
            illustration='signed-out'
            title='尚未登录'
            description={process.env.TARO_ENV === 'h5' ? '当前为匿名访客。请在下方选择一个演示身份，或生成一个新用户。' : '请在微信中打开小程序，登录后即可使用。'}
          />
        </View>
      ) : null}

      {user ? (
        <View className='gy-mine__content'>
          <ProfileCard user={user} />
          <View className='gy-mine__section'>
            <MessageEntry unread={unread} />
          </View>
          <View className='gy-mine__section'>
            <RoleEntries user={user} hours={hours} />
          </View>
          <View className='gy-mine__section'>
            {user.roles.includes('volunteer') && user.volunteer ? (
              <VolunteerRecord volunteer={user.volunteer} hours={hours} />
            ) : (
              <VolunteerForm
                defaultTownship={user.township}
                onRegistered={() => {
                  void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
                  void refresh()
                }}
              />
            )}
          </View>
        </View>
      ) : null}

      {TextScaleSetting ? (
        <View className='gy-mine__section'>
          <TextScaleSetting />
        </View>
      ) : null}

      <View className='gy-mine__section gy-mine__links'>
        <View
          className='gy-mine__link gy-mine__link--privacy'
          {...pressable({ role: 'link' })}
          onClick={() => void Taro.navigateTo({ url: '/packages/about/privacy/index' })}
        >
          <Text className='gy-mine__link-text'>隐私保护指引</Text>
          <Text className='gy-mine__link-arrow' aria-hidden='true'>
            ›
          </Text>
        </View>
      </View>

      {IdentitySwitcher ? (
        <View className='gy-mine__section'>
          <IdentitySwitcher
            onChange={() => {
              void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
              void refresh({ reset: true })
            }}
          />
        </View>
      ) : null}
    </View>
  )
}
