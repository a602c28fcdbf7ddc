import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { orgStatusLabels } from '../../../../../cloudfunctions/core/org/org.constants'
import type { HoursView } from '../../../../../cloudfunctions/core/activity/activity.schema'
import type { UserView } from '../../../../../cloudfunctions/core/user/user.schema'
import { RoleBadge } from '../../../../components/role-badge'
import { formatHoursLabel } from '../../../../utils/duration'
import { pressable } from '../../../../utils/a11y'
import './index.scss'

export interface RoleEntriesProps {
  user: UserView
  /** The volunteer's service hours, once loaded. */
  hours?: HoursView | null
}

interface Entry {
  key: string
  title: string
  glyph: string
  /** A figure shown under the title (服务时长). */
  value?: string
  open: () => void
}

const go = (url: string) => () => void Taro.navigateTo({ url })

function EntryGrid({ title, entries }: { title: string; entries: Entry[] }) {
  return (
    <View className='gy-role-entries__section'>
      <Text className='gy-role-entries__title'>{title}</Text>
      <View className={`gy-role-entries__grid${entries.length > 4 ? ' gy-role-entries__grid--rows' : ''}`}>
        {entries.map((entry) => (
          <View key={entry.key} className={`gy-role-entries__entry gy-role-entries__entry--${entry.key}`} {...pressable()} onClick={entry.open}>
            <Text className='gy-role-entries__glyph'>{entry.glyph}</Text>
            <Text className='gy-role-entries__label'>{entry.title}</Text>
            {entry.value ? <Text className='gy-role-entries__value'>{entry.value}</Text> : null}
          </View>
        ))}
      </View>
    </View>
  )
}

/**
 * 我的, by role: every resident's own records; a volunteer's activities and hours; a workbench
 * entry for each organization the person belongs to; 平台管理 for the platform admin.
 */
export function RoleEntries({ user, hours }: RoleEntriesProps) {
  const isVolunteer = user.roles.includes('volunteer')
  const isPlatformAdmin = user.roles.includes('platform_admin')
  // 心愿审核: the server decides which townships; anyone in an organization, or the platform admin, may look
  const canReviewWishes = user.orgs.length > 0 || isPlatformAdmin

  const residentEntries: Entry[] = [
    { key: 'wishes', title: '我的心愿', glyph: '愿', open: go('/packages/wish/mine/index') },
    { key: 'bookings', title: '送考预约', glyph: '约', open: go('/packages/ride/mine/index') },
    { key: 'trips', title: '送考行程', glyph: '车', open: go('/packages/ride/trips/index') },
    { key: 'applications', title: '我的申请', glyph: '申', open: go('/packages/aid/apply/index') },
  ]
  // 平台管理: the county's queues and lists, each in the admin subpackage
  const adminEntries: Entry[] = [
    { key: 'org-review', title: '组织认证', glyph: '审', open: go('/packages/admin/review/index') },
    { key: 'stats', title: '数据概览', glyph: '数', open: go('/packages/admin/stats/index') },
    { key: 'venture', title: '公益创投', glyph: '创', open: go('/packages/admin/venture/index') },
    { key: 'venture-projects', title: '资助项目', glyph: '助', open: go('/packages/admin/venture-projects/index') },
    { key: 'matching', title: '需求对接', glyph: '接', open: go('/packages/admin/matching/index') },
    { key: 'resources', title: '资源清单', glyph: '源', open: go('/packages/admin/resources/index') },
  ]
  const volunteerEntries: Entry[] = [
    { key: 'activities', title: '我的活动', glyph: '活', open: go('/packages/activity/mine/index') },
    { key: 'hours', title: '服务时长', glyph: '时', value: hours ? formatHoursLabel(hours.totalMinutes) : '查看', open: go('/packages/activity/record/index') },
  ]

  return (
    <View className='gy-role-entries'>
      <EntryGrid title='我的服务' entries={residentEntries} />
      {isVolunteer ? <EntryGrid title='志愿服务' entries={volunteerEntries} /> : null}

      <View className='gy-role-entries__section gy-role-entries__orgs'>
        <Text className='gy-role-entries__title'>我的组织</Text>
        {user.orgs.length === 0 ? <Text className='gy-role-entries__hint'>你还没有加入任何社会组织。</Text> : null}
        {user.orgs.map((org) => (
          <View
            key={org.orgId}
            className='gy-role-entries__org'
            {...pressable()}
            onClick={go(`/packages/org/workbench/index?orgId=${encodeURIComponent(org.orgId)}`)}
          >
            <View className='gy-role-entries__org-main'>
              <Text className='gy-role-entries__org-name'>{org.name}</Text>
              <View className='gy-role-entries__org-tags'>
                <RoleBadge kind={org.role === 'admin' ? 'org-admin' : 'org-staff'} />
                <Text className={`gy-role-entries__status gy-role-entries__status--${org.status}`}>{orgStatusLabels[org.status]}</Text>
              </View>
            </View>
            <Text className='gy-role-entries__org-action'>组织工作台 ›</Text>
          </View>
        ))}
        <View className='gy-role-entries__org-links'>
          <Text className='gy-role-entries__link' {...pressable({ role: 'link' })} onClick={go('/packages/org/join/index')}>
            输入邀请码加入组织
          </Text>
          <Text className='gy-role-entries__link' {...pressable({ role: 'link' })} onClick={go('/packages/org/register/index')}>
            组织入驻
          </Text>
        </View>
      </View>

      {isPlatformAdmin ? <EntryGrid title='平台管理' entries={adminEntries} /> : null}

      {canReviewWishes ? (
        <View className='gy-role-entries__section gy-role-entries__admin gy-role-entries__wish-review' {...pressable()} onClick={go('/packages/org/wish-review/index')}>
          <View className='gy-role-entries__admin-main'>
            <Text className='gy-role-entries__title'>心愿审核</Text>
            <Text className='gy-role-entries__hint'>审核所服务乡镇居民发布的微心愿</Text>
          </View>
          <Text className='gy-role-entries__org-action'>进入 ›</Text>
        </View>
      ) : null}
    </View>
  )
}

export default RoleEntries
