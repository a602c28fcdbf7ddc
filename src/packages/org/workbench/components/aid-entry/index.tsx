import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { OrgStatus } from '../../../../../../cloudfunctions/core/org/org.schema'
import './index.scss'

export interface AidEntryProps {
  orgId: string
  orgStatus: OrgStatus
}

/** 救助项目 (org staff and admins): programmes, the review queue, the access log and the export, once the organization is verified. */
export function AidEntry({ orgId, orgStatus }: AidEntryProps) {
  const verified = orgStatus === 'verified'
  return (
    <View className={`gy-aid-entry${verified ? '' : ' gy-aid-entry--locked'}`}>
      <View className='gy-aid-entry__body'>
        <Text className='gy-aid-entry__title'>救助项目</Text>
        <Text className='gy-aid-entry__intro'>{verified ? '开设救助项目，审核申请，登记发放，查看查阅记录。' : '认证通过后可开设救助项目'}</Text>
      </View>
      {verified ? (
        <Button className='gy-aid-entry__go' type='primary' size='small' onClick={() => void Taro.navigateTo({ url: `/packages/org/aid-programs/index?orgId=${encodeURIComponent(orgId)}` })}>
          救助审核
        </Button>
      ) : null}
    </View>
  )
}

export default AidEntry
