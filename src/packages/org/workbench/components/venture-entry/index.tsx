import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { OrgStatus } from '../../../../../../cloudfunctions/core/org/org.schema'
import './index.scss'

export interface VentureEntryProps {
  orgId: string
  orgStatus: OrgStatus
}

/**
 * 公益创投 (org staff and admins), once the organization is verified: 参赛报名 (the contests taking
 * entries and our entries) and 资助项目 (our funded projects and their milestone reports).
 */
export function VentureEntry({ orgId, orgStatus }: VentureEntryProps) {
  const verified = orgStatus === 'verified'
  const go = (page: string) => () => void Taro.navigateTo({ url: `/packages/org/${page}/index?orgId=${encodeURIComponent(orgId)}` })
  return (
    <View className={`gy-venture-entry${verified ? '' : ' gy-venture-entry--locked'}`}>
      <View className='gy-venture-entry__body'>
        <Text className='gy-venture-entry__title'>公益创投</Text>
        <Text className='gy-venture-entry__intro'>
          {verified ? '报名公益创投大赛；获得资助的项目按节点提交报告和照片，查看拨款进度和回访。' : '认证通过后可报名公益创投'}
        </Text>
      </View>
      {verified ? (
        <View className='gy-venture-entry__actions'>
          <Button className='gy-venture-entry__go' type='primary' size='small' onClick={go('venture-entries')}>
            参赛报名
          </Button>
          <Button className='gy-venture-entry__go gy-venture-entry__go--projects' type='primary' fill='outline' size='small' onClick={go('venture-projects')}>
            资助项目
          </Button>
        </View>
      ) : null}
    </View>
  )
}

export default VentureEntry
