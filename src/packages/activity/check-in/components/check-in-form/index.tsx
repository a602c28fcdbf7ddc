import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import type { AttendanceView } from '../../../../../../cloudfunctions/core/activity/activity.schema'
import { attendanceInput } from '../../../../../../cloudfunctions/core/activity/activity.form-schema'
import { useIdempotencyKey } from '../../../../../hooks/use-idempotency-key'
import { checkIn, checkOut } from '../../../../../services/activity'
import { isCloudError } from '../../../../../services/cloud'
import { formatClock } from '../../../../../utils/time'
import { messageOf } from '../../../../../utils/toast'
import { validate } from '../../../../../utils/schema-validation'
import { CHECK_IN_CODE_LENGTH, normalizeCheckInCode, parseCheckInPayload } from '../../check-in-payload'
import { pressable } from '../../../../../utils/a11y'
import './index.scss'

/** 签到 or 签退. */
export type AttendanceAction = 'checkIn' | 'checkOut'

const actionLabels: Record<AttendanceAction, string> = { checkIn: '签到', checkOut: '签退' }

/** `error`: the request was refused (window closed, not signed up); `info`: nothing to do (done already). */
export type CheckInNoticeTone = 'error' | 'info'

interface Notice {
  tone: CheckInNoticeTone
  text: string
}

/** What this session knows of my attendance: the time, or `true` when the server says it was done before. */
interface Attendance {
  checkIn: string | true | null
  checkOut: string | true | null
}

export interface CheckInFormProps {
  activityId: string
  /** From the page link (`&code=`), already six digits or fewer. */
  initialCode?: string
  /** Set while check-in is not open (or over): why, shown above the buttons, which stay disabled. */
  closedReason?: string | null
}

const canScan = process.env.TARO_ENV === 'weapp'

/** Why a call failed, for the right place on the form: under the code box, or as a message above the buttons. */
function placeFailure(error: unknown, action: AttendanceAction): { codeError: string | null; notice: Notice | null } {
  if (!isCloudError(error)) return { codeError: null, notice: { tone: 'error', text: messageOf(error) } }
  const codeMessage = error.fieldMessages().code
  if (codeMessage) return { codeError: codeMessage, notice: null }
  switch (error.code) {
    case 'ALREADY_EXISTS':
      return { codeError: null, notice: { tone: 'info', text: error.message } }
    case 'FORBIDDEN':
      return { codeError: null, notice: { tone: 'error', text: '仅注册志愿者可以签到，请先在“我的”页面完成志愿者注册。' } }
    case 'UNAUTHENTICATED':
      return { codeError: null, notice: { tone: 'error', text: process.env.TARO_ENV === 'h5' ? '当前为匿名访客，请先在“我的”页面选择一个演示身份。' : '请先登录后再签到。' } }
    case 'NOT_FOUND':
      return { codeError: null, notice: { tone: 'error', text: '活动不存在或已删除' } }
    default:
      // OUTSIDE_WINDOW, INVALID_STATE (not signed up, waitlisted, not checked in yet, cancelled), INTERNAL
      return { codeError: null, notice: { tone: 'error', text: `${actionLabels[action]}失败：${error.message}` } }
  }
}

/**
 * The volunteer's half of on-site attendance: the six-digit code (typed, or scanned in the
 * mini-program) and two big buttons, 签到 and 签退. Success shows the time the server recorded.
 */
export function CheckInForm({ activityId, initialCode = '', closedReason = null }: CheckInFormProps) {
  const [code, setCode] = useState(() => normalizeCheckInCode(initialCode))
  const [codeError, setCodeError] = useState<string | null>(null)
  const [notice, setNotice] = useState<Notice | null>(null)
  const [busy, setBusy] = useState<AttendanceAction | null>(null)
  const [success, setSuccess] = useState<{ action: AttendanceAction; at: string } | null>(null)
  const [attendance, setAttendance] = useState<Attendance>({ checkIn: null, checkOut: null })
  const idempotency = useIdempotencyKey()

  const changeCode = (raw: string) => {
    setCode(normalizeCheckInCode(raw))
    setCodeError(null)
    setNotice(null)
  }

  const scan = async () => {
    let text: string
    try {
      text = (await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })).result
    } catch {
      return // the scanner was closed
    }
    const scanned = parseCheckInPayload(text)
    if (scanned.kind !== 'code') {
      setCodeError('这不是公益苍南的签到码，请扫描现场工作人员出示的签到二维码')
      return
    }
    if (scanned.activityId !== activityId) {
      setCodeError('这不是本活动的签到码')
      return
    }
    setCode(scanned.code)
    setCodeError(null)
    setNotice(null)
  }

  const submit = async (action: AttendanceAction) => {
    if (busy) return
    setNotice(null)
    setSuccess(null)
    if (!code) {
      setCodeError('请输入签到码')
      return
    }
    const checked = validate(attendanceInput, { activityId, code })
    if (!checked.ok) {
      setCodeError(checked.fields.find((field) => field.path === 'code')?.message ?? `签到码为${CHECK_IN_CODE_LENGTH}位数字`)
      return
    }
    setCodeError(null)
    setBusy(action)
    const input = { activityId, code: checked.data.code as string }
    try {
      const send = action === 'checkIn' ? checkIn : checkOut
      const result: AttendanceView = await send(input, { idempotencyKey: idempotency.keyFor({ action, ...input }) })
      idempotency.forget()
      const at = (action === 'checkIn' ? result.checkInAt : result.checkOutAt) ?? new Date().toISOString()
      setAttendance({ checkIn: result.checkInAt ?? (action === 'checkOut' ? true : null), checkOut: result.checkOutAt })
      setSuccess({ action, at })
      setCode('')
    } catch (error) {
      idempotency.forgetUnlessLost(error)
      const placed = placeFailure(error, action)
      setCodeError(placed.codeError)
      setNotice(placed.notice)
      if (isCloudError(error) && error.code === 'ALREADY_EXISTS') {
        setAttendance((previous) => (action === 'checkIn' ? { ...previous, checkIn: previous.checkIn ?? true } : { checkIn: previous.checkIn ?? true, checkOut: previous.checkOut ?? true }))
      }
    } finally {
      setBusy(null)
    }
  }

  return (
    <View className='gy-check-in-form'>
      {attendance.checkIn !== null ? (
        <View className='gy-check-in-form__steps'>
          <Step label='签到' value={attendance.checkIn} />
          <View className='gy-check-in-form__step-line' />
          <Step label='签退' value={attendance.checkOut} />
        </View>
      ) : null}

      {success ? (
        <View className='gy-check-in-form__success'>
          <View className='gy-check-in-form__success-icon'>
            <Text className='gy-check-in-form__success-check'>✓</Text>
          </View>
          <Text className='gy-check-in-form__success-title'>{`${actionLabels[success.action]}成功 ${formatClock(success.at)}`}</Text>
          <Text className='gy-check-in-form__success-text'>
            {success.action === 'checkIn' ? '活动结束时，请再次输入现场签到码签退。' : '感谢你的志愿服务！组织确认服务时长后，可在志愿服务记录中查看。'}
          </Text>
          {success.action === 'checkOut' ? (
            <Text className='gy-check-in-form__record-link' {...pressable({ role: 'link' })} onClick={() => void Taro.navigateTo({ url: '/packages/activity/record/index' })}>
              查看志愿服务记录 ›
            </Text>
          ) : null}
        </View>
      ) : null}

      <View className={`gy-check-in-form__field${codeError ? ' gy-check-in-form__field--invalid' : ''}`}>
        <Text className='gy-check-in-form__label'>签到码</Text>
        <View className='gy-check-in-form__row'>
          <Input
            className='gy-check-in-form__input'
            name='code'
            type='number'
            align='center'
            placeholder='6位数字'
            maxLength={CHECK_IN_CODE_LENGTH}
            value={code}
            onChange={changeCode}
          />
          {canScan ? (
            <Button className='gy-check-in-form__scan' fill='outline' type='primary' onClick={() => void scan()}>
              扫码
            </Button>
          ) : null}
        </View>
        {codeError ? (
          <Text className='gy-check-in-form__error'>{codeError}</Text>
        ) : (
          <Text className='gy-check-in-form__hint'>{canScan ? '扫描现场二维码，或输入工作人员出示的6位签到码' : '输入现场工作人员出示的6位签到码（每分钟更新）'}</Text>
        )}
      </View>

      {closedReason ? <Text className='gy-check-in-form__notice gy-check-in-form__notice--info gy-check-in-form__closed'>{closedReason}</Text> : null}
      {notice ? <Text className={`gy-check-in-form__notice gy-check-in-form__notice--${notice.tone}`}>{notice.text}</Text> : null}

      <View className='gy-check-in-form__actions'>
        <Button
          className='gy-check-in-form__action gy-check-in-form__action--check-in'
          type='primary'
          size='large'
          loading={busy === 'checkIn'}
          disabled={busy !== null || closedReason !== null}
          onClick={() => void submit('checkIn')}
        >
          签到
        </Button>
        <Button
          className='gy-check-in-form__action gy-check-in-form__action--check-out'
          type='primary'
          fill='outline'
          size='large'
          loading={busy === 'checkOut'}
          disabled={busy !== null || closedReason !== null}
          onClick={() => void submit('checkOut')}
        >
          签退
        </Button>
      </View>
    </View>
  )
}

function Step({ label, value }: { label: string; value: string | true | null }) {
  const text = value === null ? '未完成' : value === true ? '已完成' : formatClock(value)
  // shown once something is known: a success, or the server saying it was done before
  return (
    <View className={`gy-check-in-form__step${value === null ? '' : ' gy-check-in-form__step--done'}`}>
      <Text className='gy-check-in-form__step-dot'>{value === null ? '' : '✓'}</Text>
      <Text className='gy-check-in-form__step-label'>{label}</Text>
      <Text className='gy-check-in-form__step-time'>{text}</Text>
    </View>
  )
}

export default CheckInForm
