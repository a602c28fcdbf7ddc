import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { EmptyState } from '../empty-state'
import './index.scss'

export interface ComingSoonProps {
  /** The service's name, e.g. 爱心送考. */
  service: string
  /** What the service will do, in one or two sentences. */
  description: string
  /** What it will need from the person, shown as a short list. */
  highlights?: string[]
}

/** A subpackage page whose service is not open yet. */
export function ComingSoon({ service, description, highlights = [] }: ComingSoonProps) {
  const goBack = () => {
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
    else void Taro.switchTab({ url: '/pages/services/index' })
  }
  return (
    <View className='gy-page gy-coming-soon'>
      <View className='gy-coming-soon__card'>
        <Text className='gy-coming-soon__badge'>即将上线</Text>
        <EmptyState illustration='coming-soon' title={`${service}服务即将上线`} description={description} />
        {highlights.length ? (
          <View className='gy-coming-soon__highlights'>
            {highlights.map((item) => (
              <View key={item} className='gy-coming-soon__highlight'>
                <Text className='gy-coming-soon__highlight-dot' />
                <Text className='gy-coming-soon__highlight-text'>{item}</Text>
              </View>
            ))}
          </View>
        ) : null}
        <Button className='gy-coming-soon__back' type='primary' fill='outline' block onClick={goBack}>
          返回服务
        </Button>
      </View>
    </View>
  )
}

export default ComingSoon
