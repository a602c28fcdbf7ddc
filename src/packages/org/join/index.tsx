import { useRef, useState } from 'react'
import Taro, { useLoad } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import { INVITE_CODE_LENGTH, parseInvitePayload } from '../../../../cloudfunctions/core/org/org.rules'
import { orgStatusLabels } from '../../../../cloudfunctions/core/org/org.constants'
import type { UserView } from '../../../../cloudfunctions/core/user/user.schema'
import { joinOrgInput } from '../../../../cloudfunctions/core/user/user.form-schema'
import { AccessDenied } from '../../../components/access-denied'
import { ResultCard } from '../../../components/result-card'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../services/cloud'
import { getMe, joinOrg } from '../../../services/user'
import { toastError } from '../../../utils/toast'
import { validate } from '../../../utils/schema-validation'
import { pressable } from '../../../utils/a11y'
import './index.scss'

type JoinedOrg = UserView['orgs'][number]

const roleLabels: Record<JoinedOrg['role'], string> = { admin: '管理员', staff: '工作人员' }

/** Invite codes are capitals and digits without spaces: normalise as the person types or scans. */
const normalizeInviteCode = (raw: string) => raw.replace(/\s+/g, '').toUpperCase().slice(0, INVITE_CODE_LENGTH)

/** The organization the join added: the one not there before, else the last one. */
function joinedOrgOf(user: UserView, before: ReadonlySet<string> | null): JoinedOrg | null {
  const added = before ? user.orgs.find((org) => !before.has(org.orgId)) : undefined
  return added ?? user.orgs[user.orgs.length - 1] ?? null
}

/** Router params may arrive still percent-encoded (a shared link) or already decoded. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

const canScan = process.env.TARO_ENV === 'weapp'

const SIGNED_OUT_DESCRIPTION =
  process.env.TARO_ENV === 'h5' ? '当前为匿名访客，请先到「我的」页选择一个演示身份，再用邀请码加入组织。' : '请在微信中打开小程序，登录后即可加入组织。'

/** 加入组织: the caller joins an organization with the 8-character invite code its admin shared (typed, scanned or from the link). */
export default function OrgJoinPage() {
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const [signedOut, setSignedOut] = useState(false)
  const [joined, setJoined] = useState<JoinedOrg | null>(null)
  // the caller's organizations before joining, to tell which one is new
  const orgsBefore = useRef<Set<string> | null>(null)
  const idempotency = useIdempotencyKey()

  const changeCode = (raw: string) => {
    setCode(normalizeInviteCode(parseInvitePayload(raw)))
    setError(null)
  }

  useLoad((params: Record<string, string | undefined>) => {
    if (params.code) changeCode(safeDecode(params.code))
    getMe()
      .then((user) => {
        orgsBefore.current = new Set(user.orgs.map((org) => org.orgId))
      })
      .catch((failure: unknown) => {
        if (isCloudError(failure) && failure.code === 'UNAUTHENTICATED') setSignedOut(true)
      })
  })

  const scan = async () => {
    try {
      const result = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
      changeCode(result.result)
    } catch {
      // the person closed the scanner: nothing to do
    }
  }

  const handleJoin = async () => {
    if (submitting) return
    if (!code) {
      setError('请填写邀请码')
      return
    }
    const checked = validate(joinOrgInput, { inviteCode: code })
    if (!checked.ok) {
      setError(checked.fields[0]?.message ?? '邀请码为8位字符')
      return
    }
    setError(null)
    setSubmitting(true)
    try {
      const user = await joinOrg(checked.data.inviteCode, { idempotencyKey: idempotency.keyFor(checked.data.inviteCode) })
      idempotency.forget()
      setJoined(joinedOrgOf(user, orgsBefore.current))
    } catch (failure) {
      idempotency.forgetUnlessLost(failure)
      if (!isCloudError(failure)) toastError(failure)
      else if (failure.code === 'UNAUTHENTICATED') setSignedOut(true)
      else if (failure.code === 'NOT_FOUND') setError('邀请码无效或已过期')
      else if (failure.code === 'ALREADY_EXISTS') setError('你已是该组织成员')
      else if (failure.fields.length) setError(failure.fields[0].message)
      else toastError(failure)
    } finally {
      setSubmitting(false)
    }
  }

  const openWorkbench = (orgId: string) => void Taro.navigateTo({ url: `/packages/org/workbench/index?orgId=${encodeURIComponent(orgId)}` })

  if (signedOut) {
    return (
      <View className='gy-page gy-org-join'>
        <View className='gy-org-join__card'>
          <AccessDenied reason='signedOut' description={SIGNED_OUT_DESCRIPTION}>
            <Button className='gy-org-join__go-mine' type='primary' size='small' onClick={() => void Taro.switchTab({ url: '/pages/mine/index' })}>
              前往「我的」
            </Button>
          </AccessDenied>
        </View>
      </View>
    )
  }

  if (joined) {
    return (
      <View className='gy-page gy-org-join'>
        <ResultCard
          className='gy-org-join__result'
          title='已加入组织'
          name={joined.name}
          tags={[
            { text: roleLabels[joined.role], tone: 'brand' },
            { text: orgStatusLabels[joined.status], tone: joined.status },
          ]}
          text={joined.role === 'admin' ? '你可以在组织工作台管理活动、审核微心愿，并邀请更多成员。' : '你可以在组织工作台查看和协助管理组织的活动。'}
        >
          <Button className='gy-org-join__workbench' type='primary' block size='large' onClick={() => openWorkbench(joined.orgId)}>
            进入组织工作台
          </Button>
        </ResultCard>
      </View>
    )
  }

  return (
    <View className='gy-page gy-org-join'>
      <View className='gy-org-join__card'>
        <Text className='gy-org-join__title'>用邀请码加入组织</Text>
        <Text className='gy-org-join__intro'>向组织管理员索取8位邀请码（管理员在组织工作台生成，7天内有效），加入后即可协助管理组织的活动。</Text>

        <View className={`gy-org-join__field${error ? ' gy-org-join__field--invalid' : ''}`}>
          <Text className='gy-org-join__label'>邀请码</Text>
          <View className='gy-org-join__row'>
            <Input
              className='gy-org-join__input gy-org-join__code'
              name='inviteCode'
              placeholder='8位字母或数字'
              maxLength={INVITE_CODE_LENGTH + 4}
              value={code}
              onChange={changeCode}
            />
            {canScan ? (
              <Button className='gy-org-join__scan' fill='outline' type='primary' onClick={() => void scan()}>
                扫码
              </Button>
            ) : null}
          </View>
          {error ? <Text className='gy-org-join__error'>{error}</Text> : <Text className='gy-org-join__hint'>{`已输入${code.length}/${INVITE_CODE_LENGTH}位，字母自动转为大写`}</Text>}
        </View>

        <Button className='gy-org-join__submit' type='primary' block size='large' disabled={submitting} onClick={() => void handleJoin()}>
          {submitting ? '加入中…' : '加入组织'}
        </Button>
      </View>

      <View className='gy-org-join__tip'>
        <Text className='gy-org-join__tip-text'>还没有组织？</Text>
        <Text className='gy-org-join__tip-link' {...pressable({ role: 'link' })} onClick={() => void Taro.navigateTo({ url: '/packages/org/register/index' })}>
          申请组织入驻 ›
        </Text>
      </View>
    </View>
  )
}
