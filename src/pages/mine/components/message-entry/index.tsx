import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { pressable } from '../../../../utils/a11y'
import './index.scss'

export interface MessageEntryProps {
  /** Unread messages (0: none). */
  unread: number
}

export const MESSAGE_LIST_URL = '/packages/message/list/index'

/** 我的 → 消息, with the unread count. */
export function MessageEntry({ unread }: MessageEntryProps) {
  const label = unread > 0 ? `消息，${unread} 条未读` : '消息'
  return (
    <View className='gy-message-entry' {...pressable({ role: 'link', label })} onClick={() => void Taro.navigateTo({ url: MESSAGE_LIST_URL })}>
      <Text className='gy-message-entry__glyph'>信</Text>
      <Text className='gy-message-entry__title'>消息</Text>
      {unread > 0 ? <Text className='gy-message-entry__count'>{unread > 99 ? '99+' : unread}</Text> : <Text className='gy-message-entry__hint'>没有未读</Text>}
      <Text className='gy-message-entry__arrow'>›</Text>
    </View>
  )
}
