import { useCallback, useState } from 'react'
import Taro, { usePullDownRefresh, useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { BookingView, TripUpdate } from '../../../../cloudfunctions/core/ride/ride.rules'
import { AccessDenied } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import { listMyRides, type MyRides, updateTrip } from '../../../services/ride'
import { formatClock, formatMonthDayWeekday } from '../../../utils/time'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import './index.scss'

type State = { kind: 'loading' } | { kind: 'ready'; days: MyRides['days'] } | { kind: 'signedOut' } | { kind: 'error'; message: string }

/** The buttons a stop offers in its status (the server's transitions: assigned → picked_up → completed, or → no_show). */
const actionsFor = (status: BookingView['status']): { to: TripUpdate; label: string }[] =>
  status === 'assigned'
    ? [{ to: 'picked_up', label: '已接到' }, { to: 'completed', label: '已送达' }, { to: 'no_show', label: '未到' }]
    : status === 'picked_up'
      ? [{ to: 'completed', label: '已送达' }]
      : []

const confirmTexts: Record<TripUpdate, string> = {
  picked_up: '确认已接到考生？',
  completed: '确认已把考生送达？',
  no_show: '确认考生未到？车队会与家长联系。',
}

/** 我的行程: a driver's exam days, each a day view of trips in time order, with 已接到 / 已送达 / 未到. */
export default function RideTripsPage() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [busy, setBusy] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      setState({ kind: 'ready', days: (await listMyRides()).days })
    } catch (error) {
      if (isCloudError(error) && error.code === 'UNAUTHENTICATED') setState({ kind: 'signedOut' })
      else setState({ kind: 'error', message: messageOf(error) })
    }
  }, [])
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const update = async (booking: BookingView, to: TripUpdate) => {
    const { confirm } = await Taro.showModal({ title: booking.studentName, content: confirmTexts[to], confirmText: '确认', cancelText: '返回' })
    if (!confirm) return
    setBusy(booking.bookingId)
    try {
      await updateTrip(booking.bookingId, to, { idempotencyKey: createIdempotencyKey() })
      toastSuccess('已更新')
    } catch (error) {
      toastError(error)
    } finally {
      setBusy(null)
      void load()
    }
  }

  if (state.kind === 'loading') return <View className='gy-page gy-ride-trips'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-ride-trips'><PageError title='我的行程加载失败' message={state.message} onRetry={() => void load()} /></View>
  if (state.kind === 'signedOut') return <View className='gy-page gy-ride-trips'><AccessDenied reason='signedOut' description='登录后才能查看你的送考行程。' /></View>
  if (state.days.length === 0) {
    return (
      <View className='gy-page gy-ride-trips'>
        <EmptyState illustration='activities' title='暂无送考行程' description='车队派车或你接单后，行程会按时间顺序显示在这里'>
          <Button onClick={() => void Taro.navigateTo({ url: '/packages/ride/driver/index' })}>司机报名</Button>
          <Button className='gy-ride-trips__offer' type='primary' fill='outline' onClick={() => void Taro.navigateTo({ url: '/packages/ride/offer/index' })}>
            登记出车时段
          </Button>
        </EmptyState>
      </View>
    )
  }

  return (
    <View className='gy-page gy-ride-trips'>
      <Button className='gy-ride-trips__offer' type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: '/packages/ride/offer/index' })}>
        登记出车时段
      </Button>
      {state.days.map((day) => (
        <View key={day.date} className='gy-ride-trips__day'>
          <Text className='gy-ride-trips__date'>{formatMonthDayWeekday(`${day.date}T12:00:00+08:00`)}</Text>
          {day.trips.map((trip) => (
            <View key={trip.tripId} className='gy-ride-trips__trip'>
              <View className='gy-ride-trips__head'>
                <Text className='gy-ride-trips__time'>{formatClock(trip.firstPickupAt)}</Text>
                <Text className='gy-ride-trips__title'>
                  {trip.direction === 'to_exam' ? '送考' : '接考'} · {trip.examSite.name}
                </Text>
              </View>
              <Text className='gy-ride-trips__line'>
                {trip.riders}/{trip.seats} 座 · 约 {formatClock(trip.blockedUntil)} 结束
              </Text>
              {trip.bookings.map((booking) => (
                <View key={booking.bookingId} className='gy-ride-trips__stop'>
                  <View className='gy-ride-trips__head'>
                    <Text className='gy-ride-trips__name'>
                      {formatClock(booking.pickupAt)} {booking.studentName}（{booking.riders}人）
                    </Text>
                    <Text className='gy-ride-trips__status'>{booking.statusLabel}</Text>
                  </View>
                  <Text className='gy-ride-trips__line'>
                    {booking.direction === 'to_exam' ? '上车' : '送达'}：{booking.township} {booking.pickupAddress}
                  </Text>
                  <Text className='gy-ride-trips__line' onClick={() => void Taro.makePhoneCall({ phoneNumber: booking.contactPhone })}>
                    家长电话：{booking.contactPhone}
                  </Text>
                  <View className='gy-ride-trips__actions'>
                    {actionsFor(booking.status).map((action) => (
                      <Button
                        key={action.to}
                        className={`gy-ride-trips__action gy-ride-trips__action--${action.to}`}
                        type={action.to === 'no_show' ? 'default' : 'primary'}
                        fill={action.to === 'picked_up' ? undefined : 'outline'}
                        size='large'
                        disabled={busy === booking.bookingId}
                        onClick={() => void update(booking, action.to)}
                      >
                        {action.label}
                      </Button>
                    ))}
                  </View>
                </View>
              ))}
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
