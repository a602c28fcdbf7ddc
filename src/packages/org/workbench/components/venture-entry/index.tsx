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

/** 公益创投项目 (org staff and admins): the organization's funded projects and their milestone reports. */
export function VentureEntry({ orgId, orgStatus }: VentureEntryProps) {
  const verified = orgStatus === 'verified'
  return (
    <View className={`gy-venture-entry${verified ? '' : ' gy-venture-entry--locked'}`}>
      <View className='gy-venture-entry__body'>
        <Text className='gy-venture-entry__title'>公益创投项目</Text>
        <Text className='gy-venture-entry__intro'>{verified ? '获得资助的项目：按节点提交报告和照片，查看拨款进度和回访。' : '认证通过后可参加公益创投'}</Text>
      </View>
      {verified ? (
        <Button className='gy-venture-entry__go' type='primary' size='small' onClick={() => void Taro.navigateTo({ url: `/packages/org/venture-projects/index?orgId=${encodeURIComponent(orgId)}` })}>
          资助项目
        </Button>
      ) : null}
    </View>
  )
}

export default VentureEntry
