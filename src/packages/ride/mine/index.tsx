import { useCallback, useState } from 'react'
import Taro, { usePullDownRefresh, useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { BookingView } from '../../../../cloudfunctions/core/ride/ride.rules'
import { AccessDenied } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import { cancelRideBooking, getDriverPhone, listMyRides } from '../../../services/ride'
import { formatMonthDayWeekdayTime } from '../../../utils/time'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import './index.scss'

type State = { kind: 'loading' } | { kind: 'ready'; bookings: BookingView[] } | { kind: 'signedOut' } | { kind: 'error'; message: string }

/** 我的送考预约: each booking with its status; once assigned the driver, plate and a call button; cancel with confirmation. */
export default function MyRideBookingsPage() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [busy, setBusy] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      setState({ kind: 'ready', bookings: (await listMyRides()).bookings })
    } catch (error) {
      if (isCloudError(error) && error.code === 'UNAUTHENTICATED') setState({ kind: 'signedOut' })
      else setState({ kind: 'error', message: messageOf(error) })
    }
  }, [])
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const cancel = async (booking: BookingView) => {
    const { confirm } = await Taro.showModal({
      title: '取消预约',
      content: `确定取消${booking.studentName}在${formatMonthDayWeekdayTime(booking.pickupAt)}的${booking.direction === 'to_exam' ? '送考' : '接考'}预约？`,
      confirmText: '取消预约',
      cancelText: '再想想',
      confirmColor: '#d93026',
    })
    if (!confirm) return
    setBusy(booking.bookingId)
    try {
      await cancelRideBooking(booking.bookingId, { idempotencyKey: createIdempotencyKey() })
      toastSuccess('已取消')
    } catch (error) {
      toastError(error)
    } finally {
      setBusy(null)
      void load()
    }
  }

  const call = async (booking: BookingView) => {
    if (!booking.driver) return
    try {
      // the full number is read on the tap only; every view shows it masked
      await Taro.makePhoneCall({ phoneNumber: await getDriverPhone(booking.bookingId) })
    } catch (error) {
      if (isCloudError(error)) toastError(error)
    }
  }

  if (state.kind === 'loading') return <View className='gy-page gy-ride-mine'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-ride-mine'><PageError title='我的送考预约加载失败' message={state.message} onRetry={() => void load()} /></View>
  if (state.kind === 'signedOut') return <View className='gy-page gy-ride-mine'><AccessDenied reason='signedOut' description='登录后才能查看你的送考预约。' /></View>

  if (state.bookings.length === 0) {
    return (
      <View className='gy-page gy-ride-mine'>
        <EmptyState illustration='activities' title='还没有送考预约' description='在考试期间可为考生预约爱心车队免费接送'>
          <Button type='primary' onClick={() => void Taro.redirectTo({ url: '/packages/ride/booking/index' })}>
            去预约
          </Button>
        </EmptyState>
      </View>
    )
  }

  return (
    <View className='gy-page gy-ride-mine'>
      {state.bookings.map((booking) => (
        <View key={booking.bookingId} className={`gy-ride-mine__card gy-ride-mine__card--${booking.status}`}>
          <View className='gy-ride-mine__head'>
            <Text className='gy-ride-mine__title'>
              {booking.studentName} · {booking.direction === 'to_exam' ? '送考' : '接考'}
            </Text>
            <Text className={`gy-ride-mine__status gy-ride-mine__status--${booking.status}`}>{booking.statusLabel}</Text>
          </View>
          <Text className='gy-ride-mine__line'>{booking.sessionName}</Text>
          <Text className='gy-ride-mine__line'>时间：{formatMonthDayWeekdayTime(booking.pickupAt)}</Text>
          <Text className='gy-ride-mine__line'>考点：{booking.examSite.name}</Text>
          <Text className='gy-ride-mine__line'>
            {booking.direction === 'to_exam' ? '上车' : '送达'}：{booking.township} {booking.pickupAddress}
          </Text>
          <Text className='gy-ride-mine__line'>
            乘车 {booking.riders} 人 · 准考证尾号 {booking.ticketLast4}
          </Text>
          {booking.driver ? (
            <View className='gy-ride-mine__driver'>
              <Text className='gy-ride-mine__line'>司机：{booking.driver.name}</Text>
              <Text className='gy-ride-mine__line'>
                车辆：{booking.driver.plateNo} {booking.driver.vehicle}
              </Text>
              <Text className='gy-ride-mine__line'>电话：{booking.driver.phone}</Text>
              {booking.status === 'assigned' || booking.status === 'picked_up' ? (
                <Button className='gy-ride-mine__call' type='primary' fill='outline' size='large' onClick={() => void call(booking)}>
                  联系司机
                </Button>
              ) : null}
            </View>
          ) : null}
          {booking.canCancel ? (
            <Button className='gy-ride-mine__cancel' size='large' disabled={busy === booking.bookingId} onClick={() => void cancel(booking)}>
              取消预约
            </Button>
          ) : null}
        </View>
      ))}
    </View>
  )
}
