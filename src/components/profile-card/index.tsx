import { Image, Text, View } from '@tarojs/components'
import type { UserView } from '../../../cloudfunctions/core/user/user.schema'
import avatar from '../../assets/illustrations/avatar.png'
import { decorativeImage } from '../../utils/a11y'
import { RoleBadge } from '../role-badge'
import './index.scss'

export interface ProfileCardProps {
  user: UserView
}

/** The caller's own profile as the server returned it (phone already masked). */
export function ProfileCard({ user }: ProfileCardProps) {
  return (
    <View className='gy-profile-card'>
      <View className='gy-profile-card__main'>
        <Image className='gy-profile-card__avatar' src={avatar} mode='aspectFill' {...decorativeImage()} />
        <View className='gy-profile-card__identity'>
          <Text className='gy-profile-card__nickname'>{user.nickname || '微信用户'}</Text>
          <Text className='gy-profile-card__meta'>
            <Text className='gy-profile-card__township'>{user.township ?? '未设置乡镇'}</Text>
            <Text className='gy-profile-card__dot'> · </Text>
            <Text className='gy-profile-card__phone'>{user.phone ?? '未绑定手机号'}</Text>
          </Text>
        </View>
      </View>
      <View className='gy-profile-card__badges'>
        {user.roles.map((role) => (
          <RoleBadge key={role} kind={role} />
        ))}
        {user.orgs.map((org) => (
          <RoleBadge
            key={org.orgId}
            kind={org.role === 'admin' ? 'org-admin' : 'org-staff'}
            label={`${org.name}·${org.role === 'admin' ? '管理员' : '工作人员'}`}
          />
        ))}
      </View>
    </View>
  )
}

export default ProfileCard
