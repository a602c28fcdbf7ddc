import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { ActivityView, CheckInCodeView } from '../../../../cloudfunctions/core/activity/activity.schema'
import { policies } from '../../../../cloudfunctions/core/settings/policies'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { PageError } from '../../../components/page-state'
import { QrCode } from '../../../components/qr-code'
import { getActivity, getCheckInCode } from '../../../services/activity'
import { isCloudError } from '../../../services/cloud'
import { attendanceWindowOf } from '../../../utils/activity-state'
import { formatCountdown } from '../../../utils/duration'
import { formatTimeRange } from '../../../utils/time'
import { messageOf } from '../../../utils/toast'
import './index.scss'

type PageState =
  | { kind: 'loading' }
  | { kind: 'ready'; activity: ActivityView }
  | { kind: 'denied'; reason: AccessDeniedReason; description?: string }
  /** INVALID_STATE: a draft or a cancelled activity has no code. */
  | { kind: 'unavailable'; message: string }
  /** Before the check-in window: when the code will be shown. */
  | { kind: 'notYet'; activity: ActivityView; opensAt: string }
  | { kind: 'error'; message: string }

/** The code on screen and the device time it is replaced at. */
interface ShownCode {
  code: CheckInCodeView
  refreshAt: number
}

const WINDOW_MS = policies.checkInCodeWindowSeconds * 1000
/** After a failed refresh, try again this soon. */
const RETRY_MS = 5000
/** Ask a moment after the code expires, so the server is surely in the next window. */
const AFTER_EXPIRY_MS = 300

const deniedDescriptions: Record<AccessDeniedReason, string> = {
  signedOut: '登录后才能查看现场签到码。',
  forbidden: '现场签到码仅对本活动所属组织的工作人员开放。',
  notFound: '该活动不存在或已删除。',
}

/**
 * When to replace `code`: at its expiry by this device's clock. A device whose clock disagrees
 * with the server's by more than a window would count down to nonsense; it shows the code for one
 * whole window instead — still accepted throughout, as the server takes the previous code too.
 */
function refreshTimeOf(code: CheckInCodeView, now: number): number {
  const left = new Date(code.expiresAt).getTime() - now
  return left > 0 && left <= WINDOW_MS + 2000 ? now + left : now + WINDOW_MS
}

/** `482 913`: two groups of three, easier to read aloud. */
const spaced = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`

/** 现场签到码 (`?activityId=`): for staff on site — the QR code and the six digits, renewed every minute. */
export default function OrgCheckInCodePage() {
  const activityId = useRouter().params.activityId ?? ''
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const [shown, setShown] = useState<ShownCode | null>(null)
  const [refreshError, setRefreshError] = useState<string | null>(null)
  const [refreshing, setRefreshing] = useState(false)
  const [now, setNow] = useState(() => Date.now())
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const latest = useRef(0)
  const visible = useRef(true)

  const clearTimer = () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
  }

  /** Fetches the current code and schedules the next fetch; only the latest call wins. */
  const fetchCode = useCallback(async (): Promise<CheckInCodeView> => {
    const ticket = ++latest.current
    clearTimer()
    setRefreshing(true)
    try {
      const code = await getCheckInCode(activityId)
      if (ticket !== latest.current) return code
      const at = Date.now()
      const refreshAt = refreshTimeOf(code, at)
      setShown({ code, refreshAt })
      setRefreshError(null)
      setNow(at)
      if (visible.current) timer.current = setTimeout(() => void fetchCode().catch(() => undefined), refreshAt - at + AFTER_EXPIRY_MS)
      return code
    } catch (error) {
      if (ticket === latest.current) {
        setRefreshError(messageOf(error))
        if (visible.current && !(isCloudError(error) && error.code !== 'INTERNAL')) {
          timer.current = setTimeout(() => void fetchCode().catch(() => undefined), RETRY_MS)
        }
      }
      throw error
    } finally {
      if (ticket === latest.current) setRefreshing(false)
    }
  }, [activityId])

  const load = useCallback(async () => {
    if (!activityId) {
      setPage({ kind: 'denied', reason: 'notFound', description: '缺少活动编号，请从活动管理进入现场签到码。' })
      return
    }
    try {
      // the code first: it is what only staff may see
      await fetchCode()
      const activity = await getActivity(activityId)
      const window = attendanceWindowOf(activity, new Date())
      if (window.phase === 'notYet') {
        // nobody can check in yet: no code on screen until the window opens
        clearTimer()
        setShown(null)
        setPage({ kind: 'notYet', activity, opensAt: window.text })
        return
      }
      setPage({ kind: 'ready', activity })
    } catch (error) {
      clearTimer()
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      if (reason) setPage({ kind: 'denied', reason, description: deniedDescriptions[reason] })
      else if (isCloudError(error) && error.code === 'INVALID_STATE') setPage({ kind: 'unavailable', message: error.message })
      else setPage({ kind: 'error', message: messageOf(error) })
    }
  }, [activityId, fetchCode])

  useDidShow(() => {
    visible.current = true
    void load()
  })

  useDidHide(() => {
    visible.current = false
    clearTimer()
  })

  // the countdown: one tick a second while a code is on screen
  useEffect(() => {
    if (!shown) return undefined
    const tick = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(tick)
  }, [shown])

  useEffect(() => () => clearTimer(), [])

  const refresh = () => {
    if (refreshing) return
    void fetchCode().catch(() => undefined)
  }

  return (
    <View className='gy-page gy-check-in-code'>
      {page.kind === 'loading' ? (
        <View className='gy-check-in-code__skeleton'>
          <View className='gy-check-in-code__bone' />
          <Text className='gy-check-in-code__loading-text'>正在获取签到码…</Text>
        </View>
      ) : null}

      {page.kind === 'denied' ? (
        <View className='gy-check-in-code__card'>
          <AccessDenied reason={page.reason} description={page.description} />
        </View>
      ) : null}

      {page.kind === 'unavailable' ? (
        <View className='gy-check-in-code__card gy-check-in-code__unavailable'>
          <Text className='gy-check-in-code__unavailable-title'>暂时没有签到码</Text>
          <Text className='gy-check-in-code__unavailable-text'>{`${page.message}，暂不能出示现场签到码。已发布的活动才有签到码。`}</Text>
          <Button className='gy-check-in-code__back' type='primary' fill='outline' size='small' onClick={() => void Taro.navigateBack()}>
            返回
          </Button>
        </View>
      ) : null}

      {page.kind === 'notYet' ? (
        <View className='gy-check-in-code__card gy-check-in-code__unavailable gy-check-in-code__not-yet'>
          <Text className='gy-check-in-code__title'>{page.activity.title}</Text>
          <Text className='gy-check-in-code__time'>{formatTimeRange(page.activity.startAt, page.activity.endAt)}</Text>
          <Text className='gy-check-in-code__unavailable-title'>签到码尚未开放</Text>
          <Text className='gy-check-in-code__unavailable-text'>{`现场签到码将于 ${page.opensAt} 开放，届时打开本页向志愿者出示。`}</Text>
          <Button className='gy-check-in-code__back' type='primary' fill='outline' size='small' onClick={() => void Taro.navigateBack()}>
            返回
          </Button>
        </View>
      ) : null}

      {page.kind === 'error' ? (
        <PageError
          title='签到码加载失败'
          message={page.message}
          onRetry={() => {
            setPage({ kind: 'loading' })
            void load()
          }}
        />
      ) : null}

      {page.kind === 'ready' && shown ? (
        <View className='gy-check-in-code__card gy-check-in-code__screen'>
          <Text className='gy-check-in-code__title'>{page.activity.title}</Text>
          <Text className='gy-check-in-code__time'>{formatTimeRange(page.activity.startAt, page.activity.endAt)}</Text>

          <View className='gy-check-in-code__qr'>
            <QrCode value={shown.code.qrPayload} size={460} label='现场签到二维码' />
          </View>

          <Text className='gy-check-in-code__caption'>签到码</Text>
          <Text className='gy-check-in-code__digits'>{spaced(shown.code.code)}</Text>

          <CountdownBar left={shown.refreshAt - now} refreshing={refreshing} />
          {refreshError ? <Text className='gy-check-in-code__refresh-error'>{`刷新失败：${refreshError}`}</Text> : null}

          <Button className='gy-check-in-code__refresh' type='primary' fill='outline' size='large' loading={refreshing} onClick={refresh}>
            刷新
          </Button>
        </View>
      ) : null}

      {page.kind === 'ready' ? (
        <Text className='gy-check-in-code__tip'>志愿者在“签到签退”页扫码或输入6位数字即可签到；签退使用同一签到码。签到码每分钟自动更新，上一分钟的码仍然有效。</Text>
      ) : null}
    </View>
  )
}

function CountdownBar({ left, refreshing }: { left: number; refreshing: boolean }) {
  const percent = Math.max(0, Math.min(100, (left / WINDOW_MS) * 100))
  return (
    <View className='gy-check-in-code__countdown'>
      <View className='gy-check-in-code__track'>
        <View className='gy-check-in-code__bar' style={{ width: `${percent}%` }} />
      </View>
      <Text className='gy-check-in-code__countdown-text'>{refreshing && left <= 0 ? '正在更新…' : `${formatCountdown(left)} 后自动更新`}</Text>
    </View>
  )
}
