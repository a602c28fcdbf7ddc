import { Text, View } from '@tarojs/components'
import { orgKindLabels, orgStatusLabels } from '../../../../../../cloudfunctions/core/org/org.constants'
import type { OrgView } from '../../../../../../cloudfunctions/core/org/org.schema'
import { RoleBadge } from '../../../../../components/role-badge'
import './index.scss'

export interface OrgProfileProps {
  org: OrgView
}

/** 组织资料: who the organization is, its verification status and, for its members, what that status means. */
export function OrgProfile({ org }: OrgProfileProps) {
  const place = org.community ? `${org.township} · ${org.community}` : org.township
  const rejectedReason = org.review && !org.review.approved ? org.review.reason : null

  return (
    <View className='gy-org-profile'>
      <View className='gy-org-profile__header'>
        <View className='gy-org-profile__heading'>
          <Text className='gy-org-profile__name'>{org.name}</Text>
          <Text className='gy-org-profile__kind'>{orgKindLabels[org.kind]}</Text>
        </View>
        <Text className={`gy-org-profile__status gy-org-profile__status--${org.status}`}>{orgStatusLabels[org.status]}</Text>
      </View>

      {org.status === 'pending' ? (
        <View className='gy-org-profile__notice gy-org-profile__notice--pending'>
          <Text>认证审核中，通过后即可发布活动、审核微心愿</Text>
        </View>
      ) : null}
      {org.status === 'rejected' ? (
        <View className='gy-org-profile__notice gy-org-profile__notice--rejected'>
          <Text className='gy-org-profile__notice-title'>未通过认证：{rejectedReason || '未说明原因'}</Text>
          <Text className='gy-org-profile__notice-hint'>如有疑问，请联系县社会组织服务中心。</Text>
        </View>
      ) : null}

      <View className='gy-org-profile__rows'>
        <View className='gy-org-profile__row'>
          <Text className='gy-org-profile__label'>统一社会信用代码</Text>
          <Text className='gy-org-profile__value gy-org-profile__value--code'>{org.creditCode ?? '未登记（社区备案）'}</Text>
        </View>
        <View className='gy-org-profile__row'>
          <Text className='gy-org-profile__label'>所在地</Text>
          <Text className='gy-org-profile__value'>{place}</Text>
        </View>
        <View className='gy-org-profile__row'>
          <Text className='gy-org-profile__label'>联系人</Text>
          <Text className='gy-org-profile__value'>
            {org.contactName} {org.contactPhone}
          </Text>
        </View>
        <View className='gy-org-profile__row'>
          <Text className='gy-org-profile__label'>成员</Text>
          <Text className='gy-org-profile__value'>{org.memberCount} 人</Text>
        </View>
        {org.myRole ? (
          <View className='gy-org-profile__row gy-org-profile__row--role'>
            <Text className='gy-org-profile__label'>我的身份</Text>
            <RoleBadge kind={org.myRole === 'admin' ? 'org-admin' : 'org-staff'} label={org.myRole === 'admin' ? '管理员' : '工作人员'} />
          </View>
        ) : null}
      </View>

      {org.intro ? (
        <View className='gy-org-profile__intro'>
          <Text className='gy-org-profile__intro-title'>组织简介</Text>
          <Text className='gy-org-profile__intro-text'>{org.intro}</Text>
        </View>
      ) : null}
    </View>
  )
}

export default OrgProfile
