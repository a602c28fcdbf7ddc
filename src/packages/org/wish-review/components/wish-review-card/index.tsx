import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { beneficiaryGroupLabels } from '../../../../../../cloudfunctions/core/wish/wish.constants'
import type { WishDetailView } from '../../../../../../cloudfunctions/core/wish/wish.schema'
import { formatDateTime } from '../../../../../utils/time'
import './index.scss'

export type WishReviewDecision = 'approve' | 'reject'

export interface WishReviewCardProps {
  wish: WishDetailView
  /** The decision in flight for this card, if any. */
  deciding: WishReviewDecision | null
  /** Another card's decision is in flight: buttons wait. */
  disabled: boolean
  onApprove: (wish: WishDetailView) => void
  onReject: (wish: WishDetailView) => void
}

/** One pending wish with everything a reviewer needs: the full name, the place, the amount, the submitter's phone. */
export function WishReviewCard({ wish, deciding, disabled, onApprove, onReject }: WishReviewCardProps) {
  const rows: { label: string; value: string; key: string }[] = [
    { key: 'beneficiary', label: '受助人', value: `${wish.beneficiaryFullName ?? wish.beneficiaryName}（${beneficiaryGroupLabels[wish.beneficiaryGroup]}）` },
    { key: 'place', label: '所在地', value: wish.community ? `${wish.township} · ${wish.community}` : wish.township },
    { key: 'amount', label: '预估金额', value: `${wish.estimatedYuan}元` },
    { key: 'phone', label: '联系电话', value: wish.contactPhone ?? '未提供' },
    { key: 'time', label: '提交时间', value: formatDateTime(wish.createdAt) },
  ]

  return (
    <View className='gy-wish-review-card'>
      <View className='gy-wish-review-card__header'>
        <Text className='gy-wish-review-card__title'>{wish.title}</Text>
        <View className='gy-wish-review-card__tags'>
          <Text className='gy-wish-review-card__tag'>{wish.category}</Text>
          {wish.onBehalf ? <Text className='gy-wish-review-card__tag gy-wish-review-card__tag--on-behalf'>代为发布</Text> : null}
        </View>
      </View>

      <View className='gy-wish-review-card__rows'>
        {rows.map((row) => (
          <View key={row.key} className={`gy-wish-review-card__row gy-wish-review-card__row--${row.key}`}>
            <Text className='gy-wish-review-card__label'>{row.label}</Text>
            <Text className='gy-wish-review-card__value'>{row.value}</Text>
          </View>
        ))}
      </View>

      <Text className='gy-wish-review-card__content'>{wish.content}</Text>

      <View className='gy-wish-review-card__actions'>
        <Button className='gy-wish-review-card__reject' fill='outline' disabled={disabled} loading={deciding === 'reject'} onClick={() => onReject(wish)}>
          驳回
        </Button>
        <Button className='gy-wish-review-card__approve' type='primary' disabled={disabled} loading={deciding === 'approve'} onClick={() => onApprove(wish)}>
          通过
        </Button>
      </View>
    </View>
  )
}

export default WishReviewCard
