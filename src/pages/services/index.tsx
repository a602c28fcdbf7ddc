import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { serviceEntries } from '../../constants/services'
import { pressable } from '../../utils/a11y'
import { useUnreadMessages } from '../../hooks/use-unread-messages'
import './index.scss'

/** 服务: entries to the services, each in its own subpackage. */
export default function ServicesPage() {
  useUnreadMessages() // the 我的 tab's badge
  return (
    <View className='gy-page gy-services'>
      <View className='gy-services__header'>
        <Text className='gy-services__title'>便民公益服务</Text>
        <Text className='gy-services__caption'>由苍南县社会组织和志愿者共同提供</Text>
      </View>
      {serviceEntries.map((entry) => (
        <View
          key={entry.key}
          className={`gy-service-entry gy-service-entry--${entry.key}`}
          {...pressable()}
          onClick={() => void Taro.navigateTo({ url: entry.url })}
        >
          <Text className='gy-service-entry__icon'>{entry.glyph}</Text>
          <View className='gy-service-entry__body'>
            <View className='gy-service-entry__heading'>
              <Text className='gy-service-entry__title'>{entry.title}</Text>
              {entry.live ? null : <Text className='gy-service-entry__tag'>即将上线</Text>}
            </View>
            <Text className='gy-service-entry__summary'>{entry.summary}</Text>
          </View>
          <Text className='gy-service-entry__arrow'>›</Text>
        </View>
      ))}
    </View>
  )
}
