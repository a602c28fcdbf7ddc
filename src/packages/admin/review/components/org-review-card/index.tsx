import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { orgKindLabels } from '../../../../../../cloudfunctions/core/org/org.constants'
import type { OrgView } from '../../../../../../cloudfunctions/core/org/org.schema'
import { formatDateTime } from '../../../../../utils/time'
import './index.scss'

export type ReviewDecision = 'approve' | 'reject'

export interface OrgReviewCardProps {
  org: OrgView
  /** The decision in flight for this card, if any. */
  deciding: ReviewDecision | null
  /** Another card's decision is in flight: buttons wait. */
  disabled: boolean
  onApprove: (org: OrgView) => void
  onReject: (org: OrgView) => void
}

/** One organization in the verification list; a pending one carries 通过 and 驳回. */
export function OrgReviewCard({ org, deciding, disabled, onApprove, onReject }: OrgReviewCardProps) {
  const rejectedReason = org.review && !org.review.approved ? org.review.reason : null

  return (
    <View className={`gy-org-review-card gy-org-review-card--${org.status}`}>
      <View className='gy-org-review-card__header'>
        <Text className='gy-org-review-card__name'>{org.name}</Text>
        <Text className='gy-org-review-card__kind'>{orgKindLabels[org.kind]}</Text>
      </View>

      <View className='gy-org-review-card__rows'>
        {org.creditCode ? (
          <View className='gy-org-review-card__row'>
            <Text className='gy-org-review-card__label'>信用代码</Text>
            <Text className='gy-org-review-card__value gy-org-review-card__value--code'>{org.creditCode}</Text>
          </View>
        ) : (
          <View className='gy-org-review-card__row'>
            <Text className='gy-org-review-card__label'>社区</Text>
            <Text className='gy-org-review-card__value'>{org.community ?? '未填写'}（未登记，社区备案）</Text>
          </View>
        )}
        <View className='gy-org-review-card__row'>
          <Text className='gy-org-review-card__label'>所在乡镇</Text>
          <Text className='gy-org-review-card__value'>{org.creditCode && org.community ? `${org.township} · ${org.community}` : org.township}</Text>
        </View>
        <View className='gy-org-review-card__row'>
          <Text className='gy-org-review-card__label'>联系人</Text>
          <Text className='gy-org-review-card__value'>
            {org.contactName} {org.contactPhone}
          </Text>
        </View>
        <View className='gy-org-review-card__row'>
          <Text className='gy-org-review-card__label'>提交时间</Text>
          <Text className='gy-org-review-card__value'>{formatDateTime(org.createdAt)}</Text>
        </View>
        {org.status === 'verified' && org.verifiedAt ? (
          <View className='gy-org-review-card__row'>
            <Text className='gy-org-review-card__label'>认证时间</Text>
            <Text className='gy-org-review-card__value'>{formatDateTime(org.verifiedAt)}</Text>
          </View>
        ) : null}
      </View>

      {org.intro ? <Text className='gy-org-review-card__intro'>{org.intro}</Text> : null}

      {org.status === 'rejected' ? (
        <View className='gy-org-review-card__reason'>
          <Text>驳回原因：{rejectedReason || '未说明'}</Text>
          {org.review ? <Text className='gy-org-review-card__reason-time'>{formatDateTime(org.review.reviewedAt)} 驳回</Text> : null}
        </View>
      ) : null}

      {org.status === 'pending' ? (
        <View className='gy-org-review-card__actions'>
          <Button
            className='gy-org-review-card__reject'
            fill='outline'
            disabled={disabled}
            loading={deciding === 'reject'}
            onClick={() => onReject(org)}
          >
            驳回
          </Button>
          <Button
            className='gy-org-review-card__approve'
            type='primary'
            disabled={disabled}
            loading={deciding === 'approve'}
            onClick={() => onApprove(org)}
          >
            通过
          </Button>
        </View>
      ) : null}
    </View>
  )
}

export default OrgReviewCard
