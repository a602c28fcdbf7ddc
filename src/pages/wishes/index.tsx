import { Text, View } from '@tarojs/components'
import { EmptyState } from '../../components/empty-state'
import './index.scss'

const steps = ['提交心愿', '审核公示', '爱心认领', '圆梦确认']

/** 微心愿: how the wish wall works, and the wall itself (wishes arrive in a later release). */
export default function WishesPage() {
  return (
    <View className='gy-page gy-wishes'>
      <View className='gy-wishes__intro'>
        <Text className='gy-wishes__title'>微心愿 · 点亮小小心愿</Text>
        <Text className='gy-wishes__text'>
          一个书包、一件冬衣、一次探访……困难群众的小小心愿经社区和社会组织审核后展示在心愿墙上，志愿者和爱心单位可以认领并帮助实现。
        </Text>
        <View className='gy-wishes__steps'>
          {steps.map((step, index) => (
            <View key={step} className='gy-wishes__step'>
              <Text className='gy-wishes__step-index'>{index + 1}</Text>
              <Text className='gy-wishes__step-label'>{step}</Text>
            </View>
          ))}
        </View>
      </View>

      <View className='gy-wishes__wall gy-wish-wall'>
        <EmptyState
          illustration='wishes'
          title='心愿墙暂无心愿'
          description='审核通过的微心愿会展示在这里。为保护隐私，受助人的姓名会做脱敏处理，不显示电话和详细地址。'
        />
      </View>
    </View>
  )
}
