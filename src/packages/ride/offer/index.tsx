import { useCallback, useState, type ReactNode } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { defaultExamDay, type OfferView, type SessionView } from '../../../../cloudfunctions/core/ride/ride.rules'
import { formatDate } from '../../../../cloudfunctions/core/time/beijing'
import { AccessDenied } from '../../../components/access-denied'
import { FormField, FormSelect } from '../../../components/form-field'
import { OptionPicker } from '../../../components/option-picker'
import { PageError, PageLoading } from '../../../components/page-state'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../services/cloud'
import { listMyOffers, listRideSessions, offerRide } from '../../../services/ride'
import { group, pressable } from '../../../utils/a11y'
import { formatClock, formatMonthDayWeekday } from '../../../utils/time'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import './index.scss'

/** Times a window may start or end: 05:00 to 22:00 every half hour. */
const times = Array.from({ length: (22 - 5) * 2 + 1 }, (_, i) => `${String(5 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`)
const seatChoices = [1, 2, 3, 4, 5, 6]

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; sessions: SessionView[]; offers: OfferView[] }
  | { kind: 'notDriver'; message: string }
  | { kind: 'signedOut' }
  | { kind: 'error'; message: string }

type Field = 'date' | 'from' | 'to' | 'seats' | '_form'

const dayLabel = (date: string) => formatMonthDayWeekday(`${date}T12:00:00+08:00`)

/** 出车时段: an approved driver says when they can drive on an exam day and with how many seats; their windows so far. */
export default function RideOfferPage() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [sessionId, setSessionId] = useState('')
  const [date, setDate] = useState('')
  const [from, setFrom] = useState('05:30')
  const [to, setTo] = useState('09:30')
  const [seats, setSeats] = useState(4)
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [submitting, setSubmitting] = useState(false)
  const idempotency = useIdempotencyKey()

  const load = useCallback(async () => {
    try {
      const [sessions, offers] = await Promise.all([listRideSessions(), listMyOffers()])
      setState({ kind: 'ready', sessions, offers })
      const first = defaultExamDay(sessions, formatDate(new Date().toISOString()))
      setSessionId((current) => current || first?.sessionId || '')
      setDate((current) => current || first?.date || '')
    } catch (error) {
      if (isCloudError(error) && error.code === 'UNAUTHENTICATED') setState({ kind: 'signedOut' })
      else if (isCloudError(error) && error.code === 'FORBIDDEN') setState({ kind: 'notDriver', message: error.message })
      else setState({ kind: 'error', message: messageOf(error) })
    }
  }, [])
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const submit = async () => {
    if (submitting || state.kind !== 'ready') return
    const found: Partial<Record<Field, string>> = {}
    if (!date) found.date = '请选择考试日'
    if (from >= to) found.to = '结束时间须晚于开始时间'
    setErrors(found)
    if (Object.keys(found).length) return
    const input = { sessionId, date, from: `${date}T${from}:00+08:00`, to: `${date}T${to}:00+08:00`, seats }
    setSubmitting(true)
    try {
      await offerRide(input, { idempotencyKey: idempotency.keyFor(input) })
      idempotency.forget()
      toastSuccess('已登记出车时段')
      await load()
    } catch (error) {
      idempotency.forgetUnlessLost(error)
      if (isCloudError(error) && error.code !== 'INTERNAL') {
        const next: Partial<Record<Field, string>> = {}
        for (const { path, message } of error.fields) if (['date', 'from', 'to', 'seats'].includes(path) && !next[path as Field]) next[path as Field] = message
        if (!Object.keys(next).length) next._form = error.message
        setErrors(next)
      } else toastError(error)
    } finally {
      setSubmitting(false)
    }
  }

  const shell = (children: ReactNode) => <View className='gy-page gy-ride-offer'>{children}</View>
  if (state.kind === 'loading') return shell(<PageLoading skeletons={['volunteer-form']} />)
  if (state.kind === 'error') return shell(<PageError title='出车时段加载失败' message={state.message} onRetry={() => void load()} />)
  if (state.kind === 'signedOut') return shell(<AccessDenied reason='signedOut' description='登录后才能登记出车时段。' />)
  if (state.kind === 'notDriver') {
    return shell(
      <AccessDenied reason='forbidden' description={state.message}>
        <Button className='gy-ride-offer__register' type='primary' onClick={() => void Taro.redirectTo({ url: '/packages/ride/driver/index' })}>
          司机报名
        </Button>
      </AccessDenied>,
    )
  }

  const session = state.sessions.find((s) => s.sessionId === sessionId)
  const byDate = state.offers.reduce<Record<string, OfferView[]>>((all, o) => ({ ...all, [o.date]: [...(all[o.date] ?? []), o] }), {})
  return shell(
    <>
      <View className='gy-ride-offer__card'>
        <Text className='gy-ride-offer__title'>登记出车时段</Text>
        <Text className='gy-ride-offer__lead'>车队「一键派车」只会把这个时段里的接送派给你；同一考点、20分钟内上车的考生会拼车。</Text>
        {errors._form ? <Text className='gy-ride-offer__form-error'>{errors._form}</Text> : null}
        {state.sessions.length > 1 ? (
          <View className='gy-ride-offer__chips' {...group('radiogroup', '送考场次')}>
            {state.sessions.map((s) => (
              <View
                key={s.sessionId}
                className={`gy-ride-offer__chip${s.sessionId === sessionId ? ' gy-ride-offer__chip--active' : ''}`}
                {...pressable({ role: 'radio', selected: s.sessionId === sessionId })}
                onClick={() => {
                  setSessionId(s.sessionId)
                  setDate(s.days[0] ?? '')
                }}
              >
                <Text>{s.name}</Text>
              </View>
            ))}
          </View>
        ) : (
          <Text className='gy-ride-offer__session'>{session?.name ?? '暂无送考场次'}</Text>
        )}
        <FormField label='考试日' mark='required' error={errors.date}>
          <View className='gy-ride-offer__chips' {...group('radiogroup', '考试日')}>
            {(session?.days ?? []).map((d) => (
              <View
                key={d}
                className={`gy-ride-offer__chip gy-ride-offer__day${d === date ? ' gy-ride-offer__chip--active' : ''}`}
                {...pressable({ role: 'radio', selected: d === date })}
                onClick={() => setDate(d)}
              >
                <Text>{dayLabel(d)}</Text>
              </View>
            ))}
          </View>
        </FormField>
        <FormField label='开始时间' mark='required' error={errors.from}>
          <OptionPicker title='出车开始时间' options={times} value={from} onConfirm={setFrom}>
            <FormSelect className='gy-ride-offer__from' value={from} placeholder='请选择' />
          </OptionPicker>
        </FormField>
        <FormField label='结束时间' mark='required' error={errors.to} hint='最后一位考生的上车时间不晚于此时'>
          <OptionPicker title='出车结束时间' options={times} value={to} onConfirm={setTo}>
            <FormSelect className='gy-ride-offer__to' value={to} placeholder='请选择' />
          </OptionPicker>
        </FormField>
        <FormField label='可载座位' mark='required' error={errors.seats} hint='不含司机，不超过报名时登记的座位数'>
          <View className='gy-ride-offer__chips' {...group('radiogroup', '可载座位')}>
            {seatChoices.map((n) => (
              <View
                key={n}
                className={`gy-ride-offer__chip gy-ride-offer__seat${n === seats ? ' gy-ride-offer__chip--active' : ''}`}
                {...pressable({ role: 'radio', selected: n === seats, label: `${n}座` })}
                onClick={() => setSeats(n)}
              >
                <Text>{n}</Text>
              </View>
            ))}
          </View>
        </FormField>
        <Button className='gy-ride-offer__submit' type='primary' block size='large' disabled={submitting || !session} onClick={() => void submit()}>
          {submitting ? '提交中…' : '登记出车'}
        </Button>
      </View>

      <View className='gy-ride-offer__card'>
        <Text className='gy-ride-offer__title'>我的出车时段</Text>
        {state.offers.length === 0 ? <Text className='gy-ride-offer__lead'>还没有登记。登记后车队调度可以按时段给你派车。</Text> : null}
        {Object.entries(byDate).map(([d, offers]) => (
          <View key={d} className='gy-ride-offer__day-group'>
            <Text className='gy-ride-offer__day-label'>{dayLabel(d)}</Text>
            {offers.map((o) => (
              <Text key={o.offerId} className='gy-ride-offer__window'>
                {formatClock(o.from)}–{formatClock(o.to)} · {o.seats}座
              </Text>
            ))}
          </View>
        ))}
        <Text className='gy-ride-offer__note'>已登记的时段暂不能在线撤回，如有变化请联系车队调度。</Text>
        <Button className='gy-ride-offer__trips' fill='outline' block onClick={() => void Taro.navigateTo({ url: '/packages/ride/trips/index' })}>
          查看我的行程
        </Button>
      </View>
    </>,
  )
}
