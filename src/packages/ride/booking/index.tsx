import { useCallback, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { SessionView } from '../../../../cloudfunctions/core/ride/ride.rules'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { listRideSessions } from '../../../services/ride'
import { formatDateTime, formatMonthDayWeekday } from '../../../utils/time'
import { messageOf } from '../../../utils/toast'
import './index.scss'

type State = { kind: 'loading' } | { kind: 'ready'; sessions: SessionView[] } | { kind: 'error'; message: string }

const examLabels: Record<SessionView['exam'], string> = { gaokao: '高考', zhongkao: '中考' }

const go = (url: string) => () => void Taro.navigateTo({ url })

/** 爱心送考: the sessions (days, exam sites, booking window), how it works, and the way in to book. */
export default function RideBookingPage() {
  const [state, setState] = useState<State>({ kind: 'loading' })

  const load = useCallback(async () => {
    try {
      setState({ kind: 'ready', sessions: await listRideSessions() })
    } catch (error) {
      setState({ kind: 'error', message: messageOf(error) })
    }
  }, [])
  useDidShow(() => void load())

  if (state.kind === 'loading') return <View className='gy-page gy-ride'><PageLoading skeletons={['review-card']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-ride'><PageError title='送考场次加载失败' message={state.message} onRetry={() => void load()} /></View>

  return (
    <View className='gy-page gy-ride'>
      <View className='gy-ride__card'>
        <Text className='gy-ride__title'>爱心送考</Text>
        <Text className='gy-ride__text'>高考、中考期间，苍南爱心车队的志愿司机免费接送考生往返考场。</Text>
        <Text className='gy-ride__subtitle'>怎么预约</Text>
        <Text className='gy-ride__text'>1. 在预约时间内填写考生、准考证号、考试日、送考或接考、考点和上车地点。</Text>
        <Text className='gy-ride__text'>2. 车队派车后，在「我的送考预约」可看到司机姓名、车牌和电话。</Text>
        <Text className='gy-ride__text'>3. 接送时间2小时前可在线取消预约。每位考生可带一名陪同，共1–2人乘车。</Text>
      </View>

      {state.sessions.length === 0 ? (
        <EmptyState illustration='coming-soon' title='暂无送考场次' description='车队公布场次后即可预约' />
      ) : (
        state.sessions.map((session) => (
          <View key={session.sessionId} className='gy-ride__card gy-ride__session'>
            <Text className='gy-ride__title'>{session.name}</Text>
            <Text className='gy-ride__tag'>{examLabels[session.exam]}</Text>
            <Text className='gy-ride__subtitle'>考试日</Text>
            <Text className='gy-ride__text'>{session.days.map((day) => formatMonthDayWeekday(`${day}T12:00:00+08:00`)).join('、')}</Text>
            <Text className='gy-ride__subtitle'>预约时间</Text>
            <Text className='gy-ride__text gy-ride__window'>
              {formatDateTime(session.bookingOpensAt)} 至 {formatDateTime(session.bookingClosesAt)}
            </Text>
            <Text className='gy-ride__subtitle'>考点（{session.sites.length}个）</Text>
            {session.sites.map((site) => (
              <Text key={site.siteId} className='gy-ride__text'>
                {site.name}：{site.address}
              </Text>
            ))}
            <Button className='gy-ride__book' type='primary' block size='large' onClick={go(`/packages/ride/form/index?sessionId=${encodeURIComponent(session.sessionId)}`)}>
              预约送考
            </Button>
          </View>
        ))
      )}

      <View className='gy-ride__links'>
        <Button className='gy-ride__mine' block size='large' onClick={go('/packages/ride/mine/index')}>
          我的送考预约
        </Button>
        <Button className='gy-ride__driver' block size='large' onClick={go('/packages/ride/driver/index')}>
          我是司机：报名加入车队
        </Button>
        <Button className='gy-ride__trips' block size='large' onClick={go('/packages/ride/trips/index')}>
          司机：我的行程
        </Button>
      </View>
    </View>
  )
}
