import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { BoardDriverView, BookingStatus } from '../../../../cloudfunctions/core/ride/ride.rules'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { isCloudError } from '../../../services/cloud'
import { loadFleetBoard } from '../../../services/ride'
import { group } from '../../../utils/a11y'
import { formatClock } from '../../../utils/time'
import { messageOf } from '../../../utils/toast'
import { ExamDayTabs, useExamDay } from '../components/exam-day-tabs'
import './index.scss'

/** How often the board reads the day again while it is on screen. */
const BOARD_REFRESH_MS = 15_000

type BoardState =
  | { kind: 'loading' }
  | { kind: 'ready'; drivers: BoardDriverView[]; at: string }
  | { kind: 'denied'; reason: AccessDeniedReason }
  | { kind: 'error'; message: string }

const tally: { status: BookingStatus; label: string }[] = [
  { status: 'assigned', label: '待出发' },
  { status: 'picked_up', label: '已接到' },
  { status: 'completed', label: '已送达' },
  { status: 'no_show', label: '未接到' },
]

/** 当日看板 (`?orgId=&sessionId=&date=`): every driver's trips of the day in time order with their riders; reads itself again every 15 s while shown. */
export default function FleetBoardPage() {
  const params = useRouter().params
  const orgId = decodeURIComponent(params.orgId ?? '')
  const examDay = useExamDay({ sessionId: params.sessionId ? decodeURIComponent(params.sessionId) : undefined, date: params.date })
  const [board, setBoard] = useState<BoardState>({ kind: 'loading' })
  const day = examDay.state.kind === 'ready' ? examDay.state.day : null
  const dateRef = useRef(day?.date ?? null)
  dateRef.current = day?.date ?? null
  const latest = useRef(0)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)

  const loadBoard = useCallback(
    async (options: { reset?: boolean } = {}) => {
      const date = dateRef.current
      if (!date) return
      const ticket = ++latest.current
      if (options.reset) setBoard({ kind: 'loading' })
      try {
        const reply = await loadFleetBoard(orgId, date)
        if (ticket === latest.current) setBoard({ kind: 'ready', drivers: reply.drivers, at: new Date().toISOString() })
      } catch (error) {
        if (ticket !== latest.current) return
        const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
        // a failed refresh keeps the board it has; only a first load shows the error
        setBoard((previous) => (reason ? { kind: 'denied', reason } : previous.kind === 'ready' ? previous : { kind: 'error', message: messageOf(error) }))
      }
    },
    [orgId],
  )

  const stopTimer = () => {
    if (timer.current) clearInterval(timer.current)
    timer.current = null
  }
  const startTimer = () => {
    stopTimer()
    timer.current = setInterval(() => void loadBoard(), BOARD_REFRESH_MS)
  }

  useDidShow(() => {
    void examDay.load().then(() => loadBoard())
    startTimer()
  })
  useDidHide(stopTimer)
  useEffect(() => stopTimer, [])
  usePullDownRefresh(() => void loadBoard().finally(() => Taro.stopPullDownRefresh()))

  const date = day?.date ?? ''
  useEffect(() => {
    if (date) void loadBoard({ reset: true })
  }, [date, loadBoard])

  const shell = (children: ReactNode) => <View className='gy-page gy-fleet-board'>{children}</View>

  if (board.kind === 'denied') {
    return shell(
      <View className='gy-fleet-board__card'>
        <AccessDenied reason={board.reason} description={board.reason === 'forbidden' ? '仅车队所属组织的工作人员可以查看看板。' : undefined} />
      </View>,
    )
  }
  if (examDay.state.kind === 'error') return shell(<PageError title='送考场次加载失败' message={messageOf(examDay.state.error)} onRetry={() => void examDay.load()} />)
  if (examDay.state.kind === 'loading') return shell(<PageLoading skeletons={['review-card', 'review-card']} />)
  if (!day) {
    return shell(
      <View className='gy-fleet-board__card'>
        <EmptyState illustration='coming-soon' title='还没有送考场次' description='设立考试场次后，这里按司机显示当天的行程。' />
      </View>,
    )
  }

  const working = board.kind === 'ready' ? board.drivers.filter((d) => d.trips.length > 0 || d.offers.length > 0) : []
  const idle = board.kind === 'ready' ? board.drivers.filter((d) => d.trips.length === 0 && d.offers.length === 0) : []
  const riders = working.flatMap((d) => d.trips.flatMap((t) => t.bookings))

  return shell(
    <>
      <View className='gy-fleet-board__intro'>
        <Text className='gy-fleet-board__title'>当日看板</Text>
        <Text className='gy-fleet-board__subtitle'>每位司机当天的行程按时间排列，状态由司机在「我的行程」里更新。</Text>
      </View>
      <ExamDayTabs sessions={examDay.state.sessions} day={day} onChange={examDay.choose} />

      {board.kind === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}
      {board.kind === 'error' ? <PageError title='看板加载失败' message={board.message} onRetry={() => void loadBoard({ reset: true })} /> : null}

      {board.kind === 'ready' ? (
        <View className='gy-fleet-board__card gy-fleet-board__summary'>
          <Text className='gy-fleet-board__counts'>
            出车司机 {working.length} · 行程 {working.reduce((n, d) => n + d.trips.length, 0)} · 考生 {riders.length}
          </Text>
          <View className='gy-fleet-board__tally' {...group('group', '行程状态统计')}>
            {tally.map((t) => (
              <Text key={t.status} className={`gy-fleet-board__badge gy-fleet-board__badge--${t.status}`}>
                {t.label} {riders.filter((b) => b.status === t.status).length}
              </Text>
            ))}
          </View>
          <Text className='gy-fleet-board__updated'>每15秒自动刷新 · 更新于 {formatClock(board.at)}:{board.at.slice(17, 19)}</Text>
        </View>
      ) : null}

      {board.kind === 'ready' && working.length === 0 ? (
        <View className='gy-fleet-board__card'>
          <EmptyState illustration='activities' title='这一天还没有司机出车' description='司机登记出车时段、接单或被派车后，行程会显示在这里。' />
        </View>
      ) : null}

      {working.map(({ driver, offers, trips }) => (
        <View key={driver.driverId} className='gy-fleet-board__driver'>
          <View className='gy-fleet-board__driver-head'>
            <Text className='gy-fleet-board__driver-name'>{driver.realName}</Text>
            <Text className='gy-fleet-board__driver-meta'>
              {driver.plateNo} · {driver.vehicle} · {driver.phone}
            </Text>
          </View>
          {offers.map((o) => (
            <Text key={o.offerId} className='gy-fleet-board__offer'>
              出车 {formatClock(o.from)}–{formatClock(o.to)} · {o.seats}座
            </Text>
          ))}
          {trips.length === 0 ? <Text className='gy-fleet-board__offer'>暂无行程</Text> : null}
          {trips.map((trip) => (
            <View key={trip.tripId} className='gy-fleet-board__trip'>
              <View className='gy-fleet-board__trip-head'>
                <Text className='gy-fleet-board__time'>{formatClock(trip.firstPickupAt)}</Text>
                <Text className='gy-fleet-board__route'>
                  {trip.direction === 'to_exam' ? '送考' : '接考'} · {trip.examSite.name}
                </Text>
                <Text className='gy-fleet-board__seats'>
                  {trip.riders}/{trip.seats}座
                </Text>
              </View>
              {trip.bookings.map((b) => (
                <View key={b.bookingId} className='gy-fleet-board__rider'>
                  <Text className='gy-fleet-board__rider-text'>
                    {formatClock(b.pickupAt)} {b.studentName}（{b.riders}人）· {b.township}
                  </Text>
                  <Text className={`gy-fleet-board__badge gy-fleet-board__badge--${b.status}`}>{b.statusLabel}</Text>
                </View>
              ))}
            </View>
          ))}
        </View>
      ))}

      {idle.length > 0 ? (
        <Text className='gy-fleet-board__idle'>未登记出车：{idle.map((d) => d.driver.realName).join('、')}</Text>
      ) : null}
    </>,
  )
}
