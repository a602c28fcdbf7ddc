import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { OrgKind, OrgStatus } from '../../../../../../cloudfunctions/core/org/org.schema'
import '../fleet-entry/index.scss'

export interface NeedsEntryProps {
  orgId: string
  orgStatus: OrgStatus
  orgKind: OrgKind
}

/** 需求与项目 (issue #16): our projects against the county's needs, the matches we are on, and a community organization's own needs. */
export function NeedsEntry({ orgId, orgStatus, orgKind }: NeedsEntryProps) {
  const verified = orgStatus === 'verified'
  const intro = orgKind === 'community' ? '发布本社区的需求，针对需求清单设计项目，确认平台匹配的对接。' : '针对需求清单设计项目（项目清单），确认平台匹配的承接与资源对接。'
  return (
    <View className={`gy-fleet-entry gy-needs-entry${verified ? '' : ' gy-fleet-entry--locked'}`}>
      <Text className='gy-fleet-entry__title'>需求与项目</Text>
      <Text className='gy-fleet-entry__intro'>{verified ? intro : '认证通过后可设计项目、对接资源'}</Text>
      {verified ? (
        <View className='gy-fleet-entry__actions'>
          <Button className='gy-fleet-entry__go gy-needs-entry__go' type='primary' size='small' onClick={() => void Taro.navigateTo({ url: `/packages/org/needs-projects/index?orgId=${encodeURIComponent(orgId)}` })}>
            进入需求与项目
          </Button>
        </View>
      ) : null}
    </View>
  )
}

export default NeedsEntry
