import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
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

const RECORD_URL = '/packages/activity/record/index'

/** One line of the record: what, then its value on the right (NutUI's Cell look, without NutUI in the main package). */
function Row({ title, value, className, onClick }: { title: string; value: string; className?: string; onClick?: () => void }) {
  return (
    <View className={`gy-volunteer-record__row${className ? ` ${className}` : ''}`} {...(onClick ? pressable({ role: 'link' }) : {})} onClick={onClick}>
      <Text className='gy-volunteer-record__row-title'>{title}</Text>
      <Text className='gy-volunteer-record__row-value'>{value}</Text>
    </View>
  )
}

/** 志愿者档案: what the volunteer registered, as the server shows it (ID number masked). */
export function VolunteerRecord({ volunteer, hours }: VolunteerRecordProps) {
  return (
    <View className='gy-volunteer-record'>
      <View className='gy-volunteer-record__header'>
        <Text className='gy-volunteer-record__title'>志愿者档案</Text>
        <Text className='gy-volunteer-record__since'>{volunteer.registeredAt.slice(0, 10)} 注册</Text>
      </View>
      <View className='gy-volunteer-record__cells'>
        <Row title='真实姓名' value={volunteer.realName} />
        <Row title='服务乡镇' value={volunteer.township} />
        <Row title='技能特长' value={volunteer.skills.length ? volunteer.skills.join('、') : '未填写'} />
        <Row title='身份证号' value={volunteer.idCardNo ?? '未填写'} />
        <Row
          className='gy-volunteer-record__hours'
          title='服务时长'
          value={hours ? `${formatHoursLabel(hours.totalMinutes)} · ${'★'.repeat(hours.starLevel)}${'☆'.repeat(5 - hours.starLevel)}` : '—'}
          onClick={() => void Taro.navigateTo({ url: RECORD_URL })}
        />
      </View>
      <Text className='gy-volunteer-record__note' {...pressable({ role: 'link' })} onClick={() => void Taro.navigateTo({ url: RECORD_URL })}>
        {hours?.hoursToNextStar ? `距下一星级还差 ${hours.hoursToNextStar} 小时 · ` : ''}查看志愿服务记录 ›
      </Text>
    </View>
  )
}

export default VolunteerRecord
