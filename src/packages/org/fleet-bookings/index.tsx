import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { BookingView, DriverView } from '../../../../cloudfunctions/core/ride/ride.rules'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { modalColors } from '../../../constants/theme'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import { assignBooking, autoAssignRides, listFleetBookings, listFleetDrivers } from '../../../services/ride'
import { group, pressable } from '../../../utils/a11y'
import { formatClock, formatMonthDayWeekday } from '../../../utils/time'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { ExamDayTabs, useExamDay, type ExamDay } from '../components/exam-day-tabs'
import './index.scss'

type ListState =
  | { kind: 'loading' }
  | { kind: 'ready'; items: BookingView[]; pendingCount: number }
  | { kind: 'denied'; reason: AccessDeniedReason }
  | { kind: 'error'; message: string }

interface AutoReport {
  placedCount: number
  unplaced: { bookingId: string; reason: string; booking: BookingView | null }[]
}

const directionLabel = (b: BookingView) => (b.direction === 'to_exam' ? '送考' : '接考')

/** Consecutive bookings of one township (the function returns them township by township). */
function byTownship(items: BookingView[]): { township: string; items: BookingView[] }[] {
  const groups: { township: string; items: BookingView[] }[] = []
  for (const item of items) {
    const last = groups[groups.length - 1]
    if (last && last.township === item.township) last.items.push(item)
    else groups.push({ township: item.township, items: [item] })
  }
  return groups
}

/** 预约派车 (`?orgId=&sessionId=&date=`): a day's bookings by township, unassigned first; assign one to a driver, or 一键自动派车. */
export default function FleetBookingsPage() {
  const params = useRouter().params
  const orgId = decodeURIComponent(params.orgId ?? '')
  const examDay = useExamDay({ sessionId: params.sessionId ? decodeURIComponent(params.sessionId) : undefined, date: params.date })
  const [list, setList] = useState<ListState>({ kind: 'loading' })
  const [drivers, setDrivers] = useState<DriverView[] | null>(null)
  const [choosing, setChoosing] = useState<string | null>(null)
  const [assignError, setAssignError] = useState<{ bookingId: string; message: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const [report, setReport] = useState<AutoReport | null>(null)
  const latest = useRef(0)
  const day = examDay.state.kind === 'ready' ? examDay.state.day : null
  const dayRef = useRef(day)
  dayRef.current = day

  const loadList = useCallback(
    async (target: ExamDay | null, options: { reset?: boolean } = {}) => {
      if (!target) return
      const ticket = ++latest.current
      if (options.reset) setList({ kind: 'loading' })
      try {
        const reply = await listFleetBookings(orgId, target.sessionId, target.date)
        if (ticket === latest.current) setList({ kind: 'ready', ...reply })
      } catch (error) {
        if (ticket !== latest.current) return
        const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
        setList(reason ? { kind: 'denied', reason } : { kind: 'error', message: messageOf(error) })
      }
    },
    [orgId],
  )

  const refresh = async () => {
    await examDay.load()
    await loadList(dayRef.current)
  }
  useDidShow(() => void refresh())
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()))

  // the day is known once the sessions are, and changes with the tabs: load its bookings
  const dayKey = day ? `${day.sessionId}|${day.date}` : ''
  useEffect(() => {
    if (dayRef.current) void loadList(dayRef.current, { reset: true })
  }, [dayKey, loadList])

  const changeDay = (next: ExamDay) => {
    setReport(null)
    setChoosing(null)
    examDay.choose(next)
  }

  const openChooser = async (booking: BookingView) => {
    setAssignError(null)
    setChoosing(choosing === booking.bookingId ? null : booking.bookingId)
    if (drivers === null) {
      try {
        setDrivers(await listFleetDrivers(orgId, 'approved'))
      } catch (error) {
        toastError(error)
      }
    }
  }

  const assign = async (booking: BookingView, driver: DriverView) => {
    setBusy(true)
    setAssignError(null)
    try {
      await assignBooking(booking.bookingId, driver.driverId, { idempotencyKey: createIdempotencyKey() })
      toastSuccess(`已派给${driver.realName}`)
      setChoosing(null)
      await loadList(dayRef.current)
    } catch (error) {
      // 座位已满 / 时间冲突 / 已有司机接单: the function's words, under the list of drivers
      setAssignError({ bookingId: booking.bookingId, message: messageOf(error) })
      if (isCloudError(error) && error.code === 'INVALID_STATE') void loadList(dayRef.current)
    } finally {
      setBusy(false)
    }
  }

  const autoAssign = async () => {
    if (!day || list.kind !== 'ready') return
    const { confirm } = await Taro.showModal({
      title: '一键自动派车',
      content: `为${formatMonthDayWeekday(`${day.date}T12:00:00+08:00`)}的 ${list.pendingCount} 个待派车预约自动派车：只派给已登记该时段出车的司机，同乡镇、就近优先，顺路的拼车。`,
      confirmText: '开始派车',
      ...modalColors(),
    })
    if (!confirm) return
    setBusy(true)
    const before = new Map(list.items.map((b) => [b.bookingId, b]))
    try {
      const result = await autoAssignRides(orgId, day.sessionId, day.date, { idempotencyKey: createIdempotencyKey() })
      setReport({ placedCount: result.placedCount, unplaced: result.unplaced.map((u) => ({ ...u, booking: before.get(u.bookingId) ?? null })) })
      await loadList(dayRef.current)
    } catch (error) {
      toastError(error)
    } finally {
      setBusy(false)
    }
  }

  const shell = (children: ReactNode) => <View className='gy-page gy-fleet-bookings'>{children}</View>

  if (list.kind === 'denied') {
    return shell(
      <View className='gy-fleet-bookings__card'>
        <AccessDenied reason={list.reason} description={list.reason === 'forbidden' ? '仅车队所属组织的工作人员可以派车。' : undefined} />
      </View>,
    )
  }
  if (examDay.state.kind === 'error') return shell(<PageError title='送考场次加载失败' message={messageOf(examDay.state.error)} onRetry={() => void refresh()} />)
  if (examDay.state.kind === 'loading') return shell(<PageLoading skeletons={['review-card', 'review-card']} />)
  if (!day) {
    return shell(
      <View className='gy-fleet-bookings__card'>
        <EmptyState illustration='coming-soon' title='还没有送考场次' description='平台或车队设立考试场次后，预约会出现在这里。' />
      </View>,
    )
  }

  return shell(
    <>
      <View className='gy-fleet-bookings__intro'>
        <Text className='gy-fleet-bookings__title'>预约派车</Text>
        <Text className='gy-fleet-bookings__subtitle'>按乡镇分组，待派车的排在前面。考生姓名和家长电话已脱敏，派车后司机可见完整信息。</Text>
      </View>
      <ExamDayTabs sessions={examDay.state.kind === 'ready' ? examDay.state.sessions : []} day={day} onChange={changeDay} />

      {list.kind === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}
      {list.kind === 'error' ? <PageError title='预约加载失败' message={list.message} onRetry={() => void loadList(day, { reset: true })} /> : null}

      {list.kind === 'ready' ? (
        <View className='gy-fleet-bookings__card gy-fleet-bookings__summary'>
          <Text className='gy-fleet-bookings__counts'>
            待派车 <Text className='gy-fleet-bookings__figure'>{list.pendingCount}</Text> · 共 {list.items.length} 个预约
          </Text>
          <View className='gy-fleet-bookings__actions'>
            <Button className='gy-fleet-bookings__auto' type='primary' disabled={busy || list.pendingCount === 0} onClick={() => void autoAssign()}>
              一键自动派车
            </Button>
            <Button
              className='gy-fleet-bookings__board'
              fill='outline'
              onClick={() => void Taro.navigateTo({ url: `/packages/org/fleet-board/index?orgId=${encodeURIComponent(orgId)}&sessionId=${encodeURIComponent(day.sessionId)}&date=${day.date}` })}
            >
              当日看板
            </Button>
          </View>
        </View>
      ) : null}

      {report ? (
        <View className='gy-fleet-bookings__card gy-fleet-bookings__report' {...group('group', '自动派车结果')}>
          <Text className='gy-fleet-bookings__report-title'>
            自动派车：已派 {report.placedCount} 个，未能派车 {report.unplaced.length} 个
          </Text>
          {report.unplaced.map((u) => (
            <View key={u.bookingId} className='gy-fleet-bookings__unplaced'>
              <Text className='gy-fleet-bookings__unplaced-who'>
                {u.booking ? `${formatClock(u.booking.pickupAt)} ${u.booking.township} ${u.booking.studentName} · ${directionLabel(u.booking)}${u.booking.examSite.name}` : u.bookingId}
              </Text>
              <Text className='gy-fleet-bookings__unplaced-reason'>{u.reason}</Text>
            </View>
          ))}
          {report.unplaced.length > 0 ? <Text className='gy-fleet-bookings__hint'>可请司机登记更多出车时段后再派，或在下方手动派给有空位的司机。</Text> : null}
        </View>
      ) : null}

      {list.kind === 'ready' && list.items.length === 0 ? (
        <View className='gy-fleet-bookings__card'>
          <EmptyState illustration='activities' title='这一天还没有预约' description='家长在「爱心送考」预约后，会按乡镇出现在这里。' />
        </View>
      ) : null}

      {list.kind === 'ready'
        ? byTownship(list.items).map((g) => (
            <View key={g.township} className='gy-fleet-bookings__group'>
              <View className='gy-fleet-bookings__group-head'>
                <Text className='gy-fleet-bookings__township'>{g.township}</Text>
                <Text className='gy-fleet-bookings__group-count'>
                  待派车 {g.items.filter((b) => b.status === 'pending').length} / 共 {g.items.length}
                </Text>
              </View>
              {g.items.map((b) => (
                <View key={b.bookingId} className={`gy-fleet-bookings__booking gy-fleet-bookings__booking--${b.status}`}>
                  <View className='gy-fleet-bookings__head'>
                    <Text className='gy-fleet-bookings__time'>{formatClock(b.pickupAt)}</Text>
                    <Text className='gy-fleet-bookings__route'>
                      {directionLabel(b)} · {b.examSite.name}
                    </Text>
                    <Text className={`gy-fleet-bookings__status gy-fleet-bookings__status--${b.status}`}>{b.statusLabel}</Text>
                  </View>
                  <Text className='gy-fleet-bookings__line'>
                    {b.studentName}（{b.riders}人）· 准考证尾号 {b.ticketLast4}
                  </Text>
                  <Text className='gy-fleet-bookings__line'>
                    {b.direction === 'to_exam' ? '上车' : '送达'}：{b.pickupAddress}
                  </Text>
                  <Text className='gy-fleet-bookings__line'>家长电话：{b.contactPhone}</Text>
                  {b.driver ? (
                    <Text className='gy-fleet-bookings__line gy-fleet-bookings__driver'>
                      司机：{b.driver.name} {b.driver.plateNo} {b.driver.phone}
                    </Text>
                  ) : null}
                  {b.status === 'pending' ? (
                    <Button className='gy-fleet-bookings__assign' size='small' type='primary' fill='outline' disabled={busy} onClick={() => void openChooser(b)}>
                      {choosing === b.bookingId ? '收起' : '派车'}
                    </Button>
                  ) : null}
                  {choosing === b.bookingId ? (
                    <View className='gy-fleet-bookings__chooser' {...group('group', `为${b.studentName}选择司机`)}>
                      {drivers === null ? <Text className='gy-fleet-bookings__hint'>正在加载司机…</Text> : null}
                      {drivers?.length === 0 ? <Text className='gy-fleet-bookings__hint'>车队还没有通过审核的司机。</Text> : null}
                      {drivers?.map((d) => (
                        <View
                          key={d.driverId}
                          className='gy-fleet-bookings__option'
                          {...pressable({ label: `派给${d.realName}，${d.plateNo}，${d.seats}座`, disabled: busy })}
                          onClick={() => (busy ? undefined : void assign(b, d))}
                        >
                          <Text className='gy-fleet-bookings__option-name'>{d.realName}</Text>
                          <Text className='gy-fleet-bookings__option-meta'>
                            {d.plateNo} · {d.vehicle} · {d.seats}座
                          </Text>
                        </View>
                      ))}
                      {assignError?.bookingId === b.bookingId ? (
                        <Text className='gy-fleet-bookings__error'>
                          派车失败：{assignError.message}
                        </Text>
                      ) : null}
                    </View>
                  ) : null}
                </View>
              ))}
            </View>
          ))
        : null}
    </>,
  )
}
