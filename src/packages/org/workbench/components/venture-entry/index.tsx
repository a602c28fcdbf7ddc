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

/** 公益创投 (org staff and admins): the contests taking entries and our entries, once the organization is verified. */
export function VentureEntry({ orgId, orgStatus }: VentureEntryProps) {
  const verified = orgStatus === 'verified'
  return (
    <View className={`gy-venture-entry${verified ? '' : ' gy-venture-entry--locked'}`}>
      <View className='gy-venture-entry__body'>
        <Text className='gy-venture-entry__title'>公益创投</Text>
        <Text className='gy-venture-entry__intro'>{verified ? '报名公益创投大赛，查看我们的参赛项目。' : '认证通过后可报名公益创投'}</Text>
      </View>
      {verified ? (
        <Button className='gy-venture-entry__go' type='primary' size='small' onClick={() => void Taro.navigateTo({ url: `/packages/org/venture-entries/index?orgId=${encodeURIComponent(orgId)}` })}>
          参赛报名
        </Button>
      ) : null}
    </View>
  )
}

export default VentureEntry
