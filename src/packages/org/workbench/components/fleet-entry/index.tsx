import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { OrgStatus } from '../../../../../../cloudfunctions/core/org/org.schema'
import './index.scss'

export interface FleetEntryProps {
  orgId: string
  orgStatus: OrgStatus
}

const pages = [
  { key: 'drivers', label: '司机审核', path: 'fleet-drivers' },
  { key: 'bookings', label: '预约派车', path: 'fleet-bookings' },
  { key: 'board', label: '当日看板', path: 'fleet-board' },
] as const

/** 爱心送考车队 (org staff and admins): the fleet console — driver applications, a day's bookings and dispatch, the day's board. */
export function FleetEntry({ orgId, orgStatus }: FleetEntryProps) {
  const verified = orgStatus === 'verified'
  return (
    <View className={`gy-fleet-entry${verified ? '' : ' gy-fleet-entry--locked'}`}>
      <Text className='gy-fleet-entry__title'>爱心送考车队</Text>
      <Text className='gy-fleet-entry__intro'>{verified ? '审核志愿司机，按乡镇查看考生预约并派车，考试当天看每辆车的行程。' : '认证通过后可组织爱心送考车队'}</Text>
      {verified ? (
        <View className='gy-fleet-entry__actions'>
          {pages.map((page) => (
            <Button
              key={page.key}
              className={`gy-fleet-entry__go gy-fleet-entry__go--${page.key}`}
              type='primary'
              fill={page.key === 'bookings' ? 'solid' : 'outline'}
              size='small'
              onClick={() => void Taro.navigateTo({ url: `/packages/org/${page.path}/index?orgId=${encodeURIComponent(orgId)}` })}
            >
              {page.label}
            </Button>
          ))}
        </View>
      ) : null}
    </View>
  )
}

export default FleetEntry
