import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { OrgStatus } from '../../../../../../cloudfunctions/core/org/org.constants'
import type { InviteView } from '../../../../../../cloudfunctions/core/org/org.schema'
import type { OrgRole } from '../../../../../../cloudfunctions/core/user/user.constants'
import { QrCode } from '../../../../../components/qr-code'
import { createIdempotencyKey } from '../../../../../services/cloud'
import { createInvite } from '../../../../../services/org'
import { toastError } from '../../../../../utils/toast'
import { formatMonthDayTime } from '../../../../../utils/time'
import { group, pressable } from '../../../../../utils/a11y'
import './index.scss'

export type InvitesState = { kind: 'loading' } | { kind: 'ready'; items: InviteView[] } | { kind: 'error'; message: string }

const roleLabels: Record<OrgRole, string> = { staff: '工作人员', admin: '管理员' }
const roleHints: Record<OrgRole, string> = {
  staff: '工作人员可以查看成员，参与组织的日常工作。',
  admin: '管理员还可以邀请和移除成员。',
}

export interface InvitePanelProps {
  orgId: string
  orgStatus: OrgStatus
  invites: InvitesState
  /** After a new code was made: the page reloads the active codes. */
  onCreated: (invite: InviteView) => void
  onRetry: () => void
}

async function copyCode(code: string) {
  try {
    // both WeChat and Taro H5 confirm with their own 内容已复制 toast
    await Taro.setClipboardData({ data: code })
  } catch {
    void Taro.showToast({ title: '复制失败，请长按邀请码手动复制', icon: 'none', duration: 2500 })
  }
}

/** 邀请成员 (org admins): make an 8-character code with its QR code, and see the codes still valid. */
export function InvitePanel({ orgId, orgStatus, invites, onCreated, onRetry }: InvitePanelProps) {
  const [role, setRole] = useState<OrgRole>('staff')
  const [shown, setShown] = useState<InviteView | null>(null)
  const [generating, setGenerating] = useState(false)

  const generate = async () => {
    if (generating) return
    setGenerating(true)
    try {
      const invite = await createInvite({ orgId, role }, { idempotencyKey: createIdempotencyKey() })
      setShown(invite)
      onCreated(invite)
    } catch (error) {
      toastError(error)
    } finally {
      setGenerating(false)
    }
  }

  return (
    <View className='gy-invite-panel'>
      <View className='gy-invite-panel__header'>
        <Text className='gy-invite-panel__title'>邀请成员</Text>
        <Text className='gy-invite-panel__intro'>邀请码7天内有效。对方在“加入组织”中扫描二维码或输入邀请码即可加入。</Text>
      </View>

      {orgStatus === 'rejected' ? (
        <Text className='gy-invite-panel__blocked'>组织未通过认证，暂不能邀请成员。</Text>
      ) : (
        <View className='gy-invite-panel__form'>
          <Text className='gy-invite-panel__label'>邀请身份</Text>
          <View className='gy-invite-panel__roles' {...group('radiogroup', '邀请的角色')}>
            {(['staff', 'admin'] as const).map((option) => (
              <View
                key={option}
                className={`gy-invite-panel__role gy-invite-panel__role--${option}${role === option ? ' gy-invite-panel__role--active' : ''}`}
                {...pressable({ role: 'radio', selected: role === option })}
                onClick={() => setRole(option)}
              >
                <Text>{roleLabels[option]}</Text>
              </View>
            ))}
          </View>
          <Text className='gy-invite-panel__role-hint'>{roleHints[role]}</Text>
          <Button className='gy-invite-panel__generate' type='primary' block loading={generating} onClick={() => void generate()}>
            生成邀请码
          </Button>
        </View>
      )}

      {shown ? (
        <View className='gy-invite-panel__ticket'>
          <Text className='gy-invite-panel__ticket-role'>邀请{roleLabels[shown.role]}</Text>
          <QrCode className='gy-invite-panel__qr' value={shown.qrPayload} size={360} label='加入组织邀请二维码' />
          <Text className='gy-invite-panel__code' userSelect>
            {shown.inviteCode}
          </Text>
          <Text className='gy-invite-panel__expiry'>有效期至 {formatMonthDayTime(shown.expiresAt)}</Text>
          <Button className='gy-invite-panel__copy' size='small' fill='outline' type='primary' onClick={() => void copyCode(shown.inviteCode)}>
            复制邀请码
          </Button>
        </View>
      ) : null}

      <View className='gy-invite-panel__active'>
        <Text className='gy-invite-panel__subtitle'>有效的邀请码</Text>
        {invites.kind === 'loading' ? <Text className='gy-invite-panel__note'>正在加载…</Text> : null}
        {invites.kind === 'error' ? (
          <View className='gy-invite-panel__error'>
            <Text className='gy-invite-panel__note'>邀请码加载失败：{invites.message}</Text>
            <Button size='small' fill='outline' type='primary' onClick={onRetry}>
              重新加载
            </Button>
          </View>
        ) : null}
        {invites.kind === 'ready' && invites.items.length === 0 ? <Text className='gy-invite-panel__note'>暂无有效的邀请码</Text> : null}
        {invites.kind === 'ready'
          ? invites.items.map((invite) => {
              const isShown = shown?.inviteCode === invite.inviteCode
              return (
                <View key={invite.inviteCode} className={`gy-invite-panel__invite${isShown ? ' gy-invite-panel__invite--shown' : ''}`}>
                  <View className='gy-invite-panel__invite-body'>
                    <Text className='gy-invite-panel__invite-code'>{invite.inviteCode}</Text>
                    <Text className='gy-invite-panel__invite-meta'>
                      {roleLabels[invite.role]} · 有效期至 {formatMonthDayTime(invite.expiresAt)}
                    </Text>
                  </View>
                  {isShown ? (
                    <Text className='gy-invite-panel__invite-shown'>已显示</Text>
                  ) : (
                    <Button className='gy-invite-panel__invite-show' size='small' fill='none' onClick={() => setShown(invite)}>
                      显示二维码
                    </Button>
                  )}
                </View>
              )
            })
          : null}
      </View>
    </View>
  )
}

export default InvitePanel
