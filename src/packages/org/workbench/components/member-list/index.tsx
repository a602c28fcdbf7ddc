import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { MemberView } from '../../../../../../cloudfunctions/core/org/org.schema'
import { RoleBadge } from '../../../../../components/role-badge'
import { formatDate } from '../../../../../utils/time'
import './index.scss'

/** `restricted`: the caller is not staff of this organization, so the server does not list its members. */
export type MembersState =
  | { kind: 'loading' }
  | { kind: 'ready'; items: MemberView[] }
  | { kind: 'restricted' }
  | { kind: 'error'; message: string }

export interface MemberListProps {
  state: MembersState
  /** Org admins may remove members (themselves included, never the last admin). */
  canRemove: boolean
  /** The member whose removal is in flight. */
  removing: string | null
  onRemove: (member: MemberView) => void
  onRetry: () => void
}

/** 成员: the organization's admins and staff, with masked phones. */
export function MemberList({ state, canRemove, removing, onRemove, onRetry }: MemberListProps) {
  return (
    <View className='gy-member-list'>
      <View className='gy-member-list__header'>
        <Text className='gy-member-list__title'>成员</Text>
        {state.kind === 'ready' ? <Text className='gy-member-list__count'>共 {state.items.length} 人</Text> : null}
      </View>

      {state.kind === 'loading' ? <Text className='gy-member-list__note'>正在加载成员…</Text> : null}

      {state.kind === 'restricted' ? (
        <Text className='gy-member-list__note gy-member-list__note--restricted'>成员名单仅对本组织的管理员和工作人员开放。</Text>
      ) : null}

      {state.kind === 'error' ? (
        <View className='gy-member-list__error'>
          <Text className='gy-member-list__note'>成员加载失败：{state.message}</Text>
          <Button className='gy-member-list__retry' size='small' fill='outline' type='primary' onClick={onRetry}>
            重新加载
          </Button>
        </View>
      ) : null}

      {state.kind === 'ready' ? (
        <View className='gy-member-list__items'>
          {state.items.map((member) => {
            // the server keeps at least one admin; do not offer what it will refuse
            const onlyAdmin = member.role === 'admin' && state.items.filter((m) => m.role === 'admin').length === 1
            return (
              <View key={member.openid} className={`gy-member-list__item${member.isMe ? ' gy-member-list__item--me' : ''}`}>
                <View className='gy-member-list__avatar'>
                  <Text>{member.displayName.slice(0, 1)}</Text>
                </View>
                <View className='gy-member-list__body'>
                  <View className='gy-member-list__name-line'>
                    <Text className='gy-member-list__name'>{member.displayName}</Text>
                    {member.isMe ? <Text className='gy-member-list__me'>我</Text> : null}
                    <RoleBadge kind={member.role === 'admin' ? 'org-admin' : 'org-staff'} label={member.role === 'admin' ? '管理员' : '工作人员'} />
                  </View>
                  <Text className='gy-member-list__meta'>
                    {member.phone ?? '未留手机号'} · {formatDate(member.joinedAt)} 加入
                  </Text>
                </View>
                {canRemove && !onlyAdmin ? (
                  <Button
                    className='gy-member-list__remove'
                    size='small'
                    fill='outline'
                    loading={removing === member.openid}
                    disabled={removing !== null}
                    onClick={() => onRemove(member)}
                  >
                    移除
                  </Button>
                ) : null}
              </View>
            )
          })}
        </View>
      ) : null}
    </View>
  )
}

export default MemberList
