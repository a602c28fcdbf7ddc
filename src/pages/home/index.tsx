import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { EmptyState } from '../../components/empty-state'
import { serviceEntries } from '../../constants/services'
import './index.scss'

/** 首页: welcome, quick entries, and the activity feed (activities arrive in a later release). */
export default function HomePage() {
  return (
    <View className='gy-page gy-home'>
      <View className='gy-home__hero'>
        <Text className='gy-home__hero-title'>公益苍南</Text>
        <Text className='gy-home__hero-slogan'>让每一份善意，都能找到需要它的人</Text>
        <Text className='gy-home__hero-caption'>苍南县社会组织与志愿服务平台</Text>
      </View>

      <View className='gy-home__entries'>
        <View className='gy-home__entry gy-home__entry--wishes' onClick={() => void Taro.switchTab({ url: '/pages/wishes/index' })}>
          <Text className='gy-home__entry-icon'>愿</Text>
          <Text className='gy-home__entry-title'>微心愿</Text>
        </View>
        {serviceEntries.map((entry) => (
          <View
            key={entry.key}
            className={`gy-home__entry gy-home__entry--${entry.key}`}
            onClick={() => void Taro.navigateTo({ url: entry.url })}
          >
            <Text className='gy-home__entry-icon'>{entry.glyph}</Text>
            <Text className='gy-home__entry-title'>{entry.title}</Text>
          </View>
        ))}
      </View>

      <View className='gy-home__section'>
        <View className='gy-home__section-header'>
          <Text className='gy-home__section-title'>志愿活动</Text>
          <Text className='gy-home__section-caption'>由认证社会组织发布</Text>
        </View>
        <View className='gy-home__feed gy-activity-feed'>
          <EmptyState
            illustration='activities'
            title='暂无活动'
            description='社会组织发布的志愿服务活动会第一时间出现在这里。先注册成为志愿者，活动上线后就能报名参加。'
          >
            <Button
              className='gy-home__register'
              type='primary'
              fill='outline'
              size='small'
              onClick={() => void Taro.switchTab({ url: '/pages/mine/index' })}
            >
              注册志愿者
            </Button>
          </EmptyState>
        </View>
      </View>
    </View>
  )
}
