import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Cell } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css'
import type { HoursView } from '../../../../../cloudfunctions/core/activity/activity.schema'
import type { UserView } from '../../../../../cloudfunctions/core/user/user.schema'
import { formatHoursLabel } from '../../../../utils/duration'
import { pressable } from '../../../../utils/a11y'
import './index.scss'

export interface VolunteerRecordProps {
  volunteer: NonNullable<UserView['volunteer']>
  /** Service hours, once loaded. */
  hours?: HoursView | null
}

/** 志愿者档案: what the volunteer registered, as the server shows it (ID number masked). */
export function VolunteerRecord({ volunteer, hours }: VolunteerRecordProps) {
  return (
    <View className='gy-volunteer-record'>
      <View className='gy-volunteer-record__header'>
        <Text className='gy-volunteer-record__title'>志愿者档案</Text>
        <Text className='gy-volunteer-record__since'>{volunteer.registeredAt.slice(0, 10)} 注册</Text>
      </View>
      <Cell.Group className='gy-volunteer-record__cells' divider>
        <Cell title='真实姓名' extra={volunteer.realName} />
        <Cell title='服务乡镇' extra={volunteer.township} />
        <Cell title='技能特长' extra={volunteer.skills.length ? volunteer.skills.join('、') : '未填写'} />
        <Cell title='身份证号' extra={volunteer.idCardNo ?? '未填写'} />
        <Cell
          className='gy-volunteer-record__hours'
          title='服务时长'
          extra={hours ? `${formatHoursLabel(hours.totalMinutes)} · ${'★'.repeat(hours.starLevel)}${'☆'.repeat(5 - hours.starLevel)}` : '—'}
          onClick={() => void Taro.navigateTo({ url: '/packages/activity/record/index' })}
        />
      </Cell.Group>
      <Text className='gy-volunteer-record__note' {...pressable({ role: 'link' })} onClick={() => void Taro.navigateTo({ url: '/packages/activity/record/index' })}>
        {hours?.hoursToNextStar ? `距下一星级还差 ${hours.hoursToNextStar} 小时 · ` : ''}查看志愿服务记录 ›
      </Text>
    </View>
  )
}

export default VolunteerRecord
