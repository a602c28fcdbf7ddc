import { Text } from '@tarojs/components'
import type { Role } from '../../../cloudfunctions/core/user/user.constants'
import './index.scss'

export type RoleBadgeKind = Role | 'org-admin' | 'org-staff'

const labels: Record<RoleBadgeKind, string> = {
  resident: '居民',
  volunteer: '志愿者',
  driver: '爱心司机',
  platform_admin: '平台管理员',
  'org-admin': '组织管理员',
  'org-staff': '组织工作人员',
}

export interface RoleBadgeProps {
  kind: RoleBadgeKind
  /** Replaces the default label, e.g. the organization's name. */
  label?: string
}

/** A role badge: `gy-badge gy-badge--volunteer` and friends (a styled label: 我的 is in the weapp main package, NutUI's Tag is not). */
export function RoleBadge({ kind, label }: RoleBadgeProps) {
  const modifier = kind.replace('_', '-')
  return (
    <Text className={`gy-badge gy-badge--${modifier}`}>{label ?? labels[kind]}</Text>
  )
}

export default RoleBadge
