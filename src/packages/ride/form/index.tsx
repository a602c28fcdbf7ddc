import { useCallback, useState } from 'react'
import Taro, { useLoad } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { BookingView, SessionView } from '../../../../cloudfunctions/core/ride/ride.rules'
import { PageError, PageLoading } from '../../../components/page-state'
import { ResultCard } from '../../../components/result-card'
import { listRideSessions } from '../../../services/ride'
import { formatDateTime } from '../../../utils/time'
import { messageOf } from '../../../utils/toast'
import { BookingForm } from './components/booking-form'
import './index.scss'

type State = { kind: 'loading' } | { kind: 'ready'; session: SessionView } | { kind: 'error'; message: string }

/** 预约送考: the booking form of one session (`?sessionId=`), then the result. */
export default function RideFormPage() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [booked, setBooked] = useState<BookingView | null>(null)

  const load = useCallback(async (sessionId: string) => {
    try {
      const session = (await listRideSessions()).find((s) => s.sessionId === sessionId)
      setState(session ? { kind: 'ready', session } : { kind: 'error', message: '没有找到这个送考场次' })
    } catch (error) {
      setState({ kind: 'error', message: messageOf(error) })
    }
  }, [])
  const [sessionId, setSessionId] = useState('')
  useLoad((params: Record<string, string | undefined>) => {
    const id = decodeURIComponent(params.sessionId ?? '')
    setSessionId(id)
    void load(id)
  })

  if (state.kind === 'loading') return <View className='gy-page gy-ride-form'><PageLoading skeletons={['volunteer-form']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-ride-form'><PageError title='无法预约' message={state.message} onRetry={() => void load(sessionId)} /></View>

  if (booked) {
    return (
      <View className='gy-page gy-ride-form'>
        <ResultCard
          title='预约已提交'
          name={`${booked.studentName} · ${booked.examSite.name}`}
          tags={[{ text: booked.statusLabel, tone: 'brand' }]}
          text={`${formatDateTime(booked.pickupAt)} ${booked.direction === 'to_exam' ? '送考' : '接考'}。车队派车后，可在「我的送考预约」看到司机和车牌。`}
        >
          <Button className='gy-ride-form__mine' type='primary' block size='large' onClick={() => void Taro.redirectTo({ url: '/packages/ride/mine/index' })}>
            查看我的送考预约
          </Button>
        </ResultCard>
      </View>
    )
  }

  const { session } = state
  return (
    <View className='gy-page gy-ride-form'>
      <View className='gy-ride-form__intro'>
        <Text className='gy-ride-form__title'>{session.name}</Text>
        <Text className='gy-ride-form__lead'>
          预约时间：{formatDateTime(session.bookingOpensAt)} 至 {formatDateTime(session.bookingClosesAt)}
        </Text>
      </View>
      <View className='gy-ride-form__form'>
        <BookingForm
          session={session}
          onBooked={(booking) => {
            setBooked(booking)
            void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
          }}
        />
      </View>
    </View>
  )
}
