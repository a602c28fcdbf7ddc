import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { wishStatusLabels } from '../../../../cloudfunctions/core/wish/wish.constants'
import type { WishDetailView } from '../../../../cloudfunctions/core/wish/wish.schema'
import { ResultCard } from '../../../components/result-card'
import { WishForm } from './components/wish-form'
import './index.scss'

/** 发布心愿: a resident (or a community liaison for someone else) posts a small wish; it waits for review. */
export default function WishCreatePage() {
  const [created, setCreated] = useState<WishDetailView | null>(null)

  if (created) {
    return (
      <View className='gy-page gy-wish-create'>
        <ResultCard
          className='gy-wish-create__result'
          title='已提交，等待审核'
          name={created.title}
          tags={[
            { text: created.category, tone: 'neutral' },
            { text: wishStatusLabels[created.status], tone: 'pending' },
          ]}
          text='服务该乡镇的认证社会组织将尽快审核，审核结果可在「我的心愿」中查看；通过后心愿会显示在心愿墙上，等待爱心人士认领。'
        >
          <Button className='gy-wish-create__result-mine' type='primary' block size='large' onClick={() => void Taro.redirectTo({ url: '/packages/wish/mine/index' })}>
            查看我的心愿
          </Button>
          <Button className='gy-wish-create__result-wall' block size='large' onClick={() => void Taro.switchTab({ url: '/pages/wishes/index' })}>
            返回心愿墙
          </Button>
        </ResultCard>
      </View>
    )
  }

  return (
    <View className='gy-page gy-wish-create'>
      <View className='gy-wish-create__intro'>
        <Text className='gy-wish-create__title'>许下一个微心愿</Text>
        <Text className='gy-wish-create__lead'>写下一个具体、小额的心愿（2000元以内）。审核通过后展示在心愿墙上，由爱心人士认领并帮助实现。</Text>
      </View>
      <View className='gy-wish-create__form'>
        <WishForm
          onCreated={(wish) => {
            setCreated(wish)
            void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
          }}
        />
      </View>
    </View>
  )
}
