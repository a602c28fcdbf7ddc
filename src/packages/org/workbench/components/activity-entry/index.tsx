import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { OrgStatus } from '../../../../../../cloudfunctions/core/org/org.constants'
import './index.scss'

export interface ActivityEntryProps {
  orgId: string
  orgStatus: OrgStatus
}

/** 活动管理 (org staff and admins): the way to the organization's activities, once it is verified. */
export function ActivityEntry({ orgId, orgStatus }: ActivityEntryProps) {
  const verified = orgStatus === 'verified'
  return (
    <View className={`gy-activity-entry${verified ? '' : ' gy-activity-entry--locked'}`}>
      <View className='gy-activity-entry__body'>
        <Text className='gy-activity-entry__title'>活动管理</Text>
        {verified ? (
          <Text className='gy-activity-entry__intro'>发布志愿服务活动，查看报名名单，管理草稿与已取消的活动。</Text>
        ) : (
          <Text className='gy-activity-entry__locked'>认证通过后可发布活动</Text>
        )}
      </View>
      {verified ? (
        <Button
          className='gy-activity-entry__go'
          type='primary'
          size='small'
          onClick={() => void Taro.navigateTo({ url: `/packages/org/activities/index?orgId=${encodeURIComponent(orgId)}` })}
        >
          管理活动
        </Button>
      ) : null}
    </View>
  )
}

export default ActivityEntry
