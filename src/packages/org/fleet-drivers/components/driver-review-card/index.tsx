import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { DriverView } from '../../../../../../cloudfunctions/core/ride/ride.rules'
import type { ReviewDecision } from '../../../../../components/review-queue'
import './index.scss'

export const driverStatusLabels: Record<DriverView['status'], string> = { pending: '待审核', approved: '已通过', rejected: '未通过' }

export interface DriverReviewCardProps {
  driver: DriverView
  deciding: ReviewDecision | null
  disabled: boolean
  onApprove: () => void
  onReject: () => void
}

/** One driver's registration with the fleet: the person, the car and its seats; a pending one carries 通过 and 驳回. */
export function DriverReviewCard({ driver, deciding, disabled, onApprove, onReject }: DriverReviewCardProps) {
  const rows = [
    { key: 'plate', label: '车牌号', value: driver.plateNo },
    { key: 'vehicle', label: '车型', value: driver.vehicle },
    { key: 'seats', label: '可载座位', value: `${driver.seats}座（不含司机）` },
    { key: 'phone', label: '手机号', value: driver.phone },
  ]
  return (
    <View className={`gy-driver-review-card gy-driver-review-card--${driver.status}`}>
      <View className='gy-driver-review-card__header'>
        <Text className='gy-driver-review-card__name'>{driver.realName}</Text>
        <Text className={`gy-driver-review-card__status gy-driver-review-card__status--${driver.status}`}>{driverStatusLabels[driver.status]}</Text>
      </View>
      <View className='gy-driver-review-card__rows'>
        {rows.map((row) => (
          <View key={row.key} className='gy-driver-review-card__row'>
            <Text className='gy-driver-review-card__label'>{row.label}</Text>
            <Text className='gy-driver-review-card__value'>{row.value}</Text>
          </View>
        ))}
      </View>
      {driver.status === 'rejected' ? <Text className='gy-driver-review-card__reason'>驳回原因：{driver.reason || '未说明'}</Text> : null}
      {driver.status === 'pending' ? (
        <View className='gy-driver-review-card__actions'>
          <Button className='gy-driver-review-card__reject' fill='outline' disabled={disabled} loading={deciding === 'reject'} onClick={onReject}>
            驳回
          </Button>
          <Button className='gy-driver-review-card__approve' type='primary' disabled={disabled} loading={deciding === 'approve'} onClick={onApprove}>
            通过
          </Button>
        </View>
      ) : null}
    </View>
  )
}

export default DriverReviewCard
