import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { ActivityView, RosterEntry, ServiceRecordView } from '../../../../cloudfunctions/core/activity/activity.schema'
import { durationMinutes } from '../../../../cloudfunctions/core/activity/hours.rules'
import { policies } from '../../../../cloudfunctions/core/settings/policies'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { PageError, PageLoading } from '../../../components/page-state'
import { checkIn, checkOut, confirmHours, exportRoster, getActivity, getRoster, listActivityRecords } from '../../../services/activity'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import { formatDuration } from '../../../utils/duration'
import { formatClock, formatTimeRange } from '../../../utils/time'
import { fieldMessagesByName } from '../../../utils/validation'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { CorrectDialog, type CorrectionErrors } from './components/correct-dialog'
import { modalColors } from '../../../constants/theme'
import './index.scss'

type PageState =
  | { kind: 'loading' }
  | { kind: 'ready'; activity: ActivityView; roster: RosterEntry[] }
  | { kind: 'denied'; reason: AccessDeniedReason; description?: string }
  | { kind: 'error'; message: string }

/** A message about the whole page, above the list: why confirming failed, or what it did. */
interface Notice {
  tone: 'warn' | 'ok'
  text: string
}

type Busy = { kind: 'confirm' } | { kind: 'export' } | { kind: 'mark'; openid: string } | null

const deniedDescriptions: Record<AccessDeniedReason, string> = {
  signedOut: '登录后才能确认服务时长。',
  forbidden: '确认服务时长仅对本活动所属组织的工作人员开放。',
  notFound: '该活动不存在或已删除。',
}

const COVERAGE_PERCENT = Math.round(policies.minCoverageRatio * 100)

/** Who attended or should have: confirmed sign-ups and walk-ins (and anyone with a check-in). */
const attendeesOf = (roster: RosterEntry[]) => roster.filter((entry) => entry.status === 'confirmed' || entry.status === 'walk_in' || entry.checkInAt !== null)


/** What a row's minutes mean, before or after confirmation; null when there is nothing to count yet. */
function minutesNoteOf(entry: RosterEntry, activity: ActivityView): { text: string; tone: 'counted' | 'zero' | 'pending' } | null {
  if (entry.hoursConfirmed) return { text: `已记录 ${entry.minutes} 分钟${entry.minutes > 0 ? `（${formatDuration(entry.minutes)}）` : ''}`, tone: entry.minutes > 0 ? 'counted' : 'zero' }
  if (!entry.checkInAt) return null
  if (!entry.checkOutAt) return { text: '签退后计算时长，未签退计 0 分钟', tone: 'pending' }
  if (entry.minutes === 0) return { text: `0 分钟 · 不足活动时长${COVERAGE_PERCENT}%（${Math.ceil(durationMinutes(activity) * policies.minCoverageRatio)} 分钟）`, tone: 'zero' }
  return { text: `将记录 ${entry.minutes} 分钟（${formatDuration(entry.minutes)}）`, tone: 'counted' }
}

/** 确认服务时长 (`?activityId=`): staff check attendance, mark it by hand, confirm service records and correct them. */
export default function OrgHoursPage() {
  const activityId = useRouter().params.activityId ?? ''
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const [notice, setNotice] = useState<Notice | null>(null)
  const [records, setRecords] = useState<ServiceRecordView[]>([])
  const [busy, setBusy] = useState<Busy>(null)
  const [correcting, setCorrecting] = useState<RosterEntry | null>(null)
  const latest = useRef(0)
  const shown = useRef(false)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!activityId) {
      setPage({ kind: 'denied', reason: 'notFound', description: '缺少活动编号，请从活动管理进入。' })
      return
    }
    try {
      // the roster first: it is what only staff may see
      const roster = await getRoster(activityId)
      const [activity, stored] = await Promise.all([getActivity(activityId), listActivityRecords(activityId)])
      if (ticket !== latest.current) return
      setRecords(stored)
      shown.current = true
      setPage({ kind: 'ready', activity, roster })
    } catch (error) {
      if (ticket !== latest.current) return
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      if (reason) setPage({ kind: 'denied', reason, description: deniedDescriptions[reason] })
      else if (shown.current) toastError(error)
      else setPage({ kind: 'error', message: messageOf(error) })
    }
  }, [activityId])

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const confirmAll = async (attendees: RosterEntry[]) => {
    if (busy) return
    const { confirm } = await Taro.showModal({
      title: '确认服务时长',
      content: `将按签到签退为 ${attendees.filter((entry) => entry.checkInAt).length} 位签到的志愿者生成志愿服务记录（在场不足活动时长${COVERAGE_PERCENT}%的计0）。确认后仍可逐条修改。`,
      confirmText: '确认',
      cancelText: '取消',
      ...modalColors(),
    })
    if (!confirm) return
    setBusy({ kind: 'confirm' })
    setNotice(null)
    try {
      const confirmed = await confirmHours(activityId, undefined, { idempotencyKey: createIdempotencyKey() })
      setRecords(confirmed)
      const total = confirmed.reduce((sum, record) => sum + record.minutes, 0)
      setNotice({ tone: 'ok', text: `已确认 ${confirmed.length} 条服务记录，共 ${formatDuration(total)}。志愿者可在“志愿服务记录”中查看。` })
      await load()
    } catch (error) {
      // INVALID_STATE: 活动结束后才能确认服务时长 / 活动已取消
      if (isCloudError(error) && error.code !== 'INTERNAL') setNotice({ tone: 'warn', text: error.message })
      else toastError(error)
    } finally {
      setBusy(null)
    }
  }

  const download = async () => {
    if (busy) return
    setBusy({ kind: 'export' })
    try {
      const file = await exportRoster(activityId)
      if (process.env.TARO_ENV === 'h5') {
        if (!window.open(file.url, '_blank')) window.location.href = file.url // a blocked pop-up: download here
      } else {
        const { tempFilePath } = await Taro.downloadFile({ url: file.url })
        await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true })
      }
    } catch (error) {
      toastError(error)
    } finally {
      setBusy(null)
    }
  }

  /** 代签 / 代签退: staff record attendance for someone without a working phone. */
  const mark = async (entry: RosterEntry, action: 'checkIn' | 'checkOut') => {
    if (busy) return
    const label = action === 'checkIn' ? '代签到' : '代签退'
    const { confirm } = await Taro.showModal({
      title: label,
      content: `确认为 ${entry.realName} ${label}？${action === 'checkIn' ? '签到' : '签退'}时间记为现在。`,
      confirmText: label,
      cancelText: '取消',
      ...modalColors(),
    })
    if (!confirm) return
    setBusy({ kind: 'mark', openid: entry.openid })
    try {
      const send = action === 'checkIn' ? checkIn : checkOut
      const attendance = await send({ activityId, openid: entry.openid }, { idempotencyKey: createIdempotencyKey() })
      const at = action === 'checkIn' ? attendance.checkInAt : attendance.checkOutAt
      toastSuccess(at ? `已${label} ${formatClock(at)}` : `已${label}`)
      await load()
    } catch (error) {
      toastError(error) // OUTSIDE_WINDOW, ALREADY_EXISTS, INVALID_STATE: the server says why
      if (isCloudError(error) && error.code === 'ALREADY_EXISTS') await load()
    } finally {
      setBusy(null)
    }
  }

  const submitCorrection = async (minutes: number, note: string): Promise<CorrectionErrors | null> => {
    if (!correcting) return null
    try {
      const corrected = await confirmHours(activityId, [{ openid: correcting.openid, minutes, note }], { idempotencyKey: createIdempotencyKey() })
      setRecords(corrected)
      setNotice({ tone: 'ok', text: `已将 ${correcting.realName} 的服务时长由 ${correcting.minutes} 分钟改为 ${minutes} 分钟。` })
      toastSuccess('已修改')
      setCorrecting(null)
      void load()
      return null
    } catch (error) {
      if (!isCloudError(error)) return { _form: messageOf(error) }
      const fields = fieldMessagesByName(
        error.fields.map((field) => ({ ...field, path: field.path.replace(/^entries\.\d+\./, '') })),
        ['minutes', 'note'] as const,
      )
      if (fields.minutes || fields.note) return { minutes: fields.minutes, note: fields.note }
      return { _form: error.message }
    }
  }

  return (
    <View className='gy-page gy-hours'>
      {page.kind === 'loading' ? <PageLoading skeletons={['org-profile', 'member-list']} /> : null}

      {page.kind === 'denied' ? (
        <View className='gy-hours__card'>
          <AccessDenied reason={page.reason} description={page.description} />
        </View>
      ) : null}

      {page.kind === 'error' ? (
        <PageError
          title='名单加载失败'
          message={page.message}
          onRetry={() => {
            setPage({ kind: 'loading' })
            void load()
          }}
        />
      ) : null}

      {page.kind === 'ready' ? (
        <HoursContent
          activity={page.activity}
          roster={page.roster}
          records={records}
          notice={notice}
          busy={busy}
          onConfirm={(attendees) => void confirmAll(attendees)}
          onExport={() => void download()}
          onMark={(entry, action) => void mark(entry, action)}
          onCorrect={setCorrecting}
        />
      ) : null}

      <CorrectDialog target={correcting ? { name: correcting.realName, minutes: correcting.minutes } : null} onCancel={() => setCorrecting(null)} onSubmit={submitCorrection} />
    </View>
  )
}

interface HoursContentProps {
  activity: ActivityView
  roster: RosterEntry[]
  records: ServiceRecordView[]
  notice: Notice | null
  busy: Busy
  onConfirm: (attendees: RosterEntry[]) => void
  onExport: () => void
  onMark: (entry: RosterEntry, action: 'checkIn' | 'checkOut') => void
  onCorrect: (entry: RosterEntry) => void
}

function HoursContent({ activity, roster, records, notice, busy, onConfirm, onExport, onMark, onCorrect }: HoursContentProps) {
  const attendees = attendeesOf(roster)
  const checkedIn = attendees.filter((entry) => entry.checkInAt).length
  const checkedOut = attendees.filter((entry) => entry.checkOutAt).length
  const confirmed = attendees.filter((entry) => entry.hoursConfirmed)
  const byOpenid = new Map(records.map((record) => [record.openid, record]))
  const allConfirmed = checkedIn > 0 && attendees.every((entry) => !entry.checkInAt || entry.hoursConfirmed)

  return (
    <View className='gy-hours__content'>
      <View className='gy-hours__card gy-hours__head'>
        <Text className='gy-hours__title'>{activity.title}</Text>
        <Text className='gy-hours__time'>{`${formatTimeRange(activity.startAt, activity.endAt)} · 共 ${formatDuration(durationMinutes(activity))}`}</Text>
        <View className='gy-hours__stats'>
          <Stat label='应到' value={attendees.filter((entry) => entry.status === 'confirmed').length} />
          <Stat label='已签到' value={checkedIn} />
          <Stat label='已签退' value={checkedOut} />
          <Stat label='已确认' value={confirmed.length} />
        </View>
        <View className='gy-hours__buttons'>
          <Button className='gy-hours__export' type='primary' fill='outline' loading={busy?.kind === 'export'} disabled={busy !== null} onClick={onExport}>
            导出名单
          </Button>
          <Button className='gy-hours__confirm' type='primary' loading={busy?.kind === 'confirm'} disabled={busy !== null} onClick={() => onConfirm(attendees)}>
            {allConfirmed ? '再次确认时长' : '确认时长'}
          </Button>
        </View>
        {notice ? <Text className={`gy-hours__notice gy-hours__notice--${notice.tone}`}>{notice.text}</Text> : null}
        <Text className='gy-hours__rule'>{`在场时间（签到至签退，限活动时段内）满活动时长的${COVERAGE_PERCENT}%才计入服务时长，不足计0。活动结束后才能确认；签退可在结束后${policies.checkOutClosesMinutesAfter / 60}小时内补办，再次确认会补上新签退的记录。`}</Text>
      </View>

      <View className='gy-hours__card gy-hours__list'>
        <Text className='gy-hours__section-title'>{`签到情况（${attendees.length}人）`}</Text>
        {attendees.length === 0 ? <Text className='gy-hours__empty'>还没有已报名或现场加入的志愿者。</Text> : null}
        {attendees.map((entry) => (
          <AttendeeRow
            key={entry.openid}
            entry={entry}
            activity={activity}
            record={byOpenid.get(entry.openid) ?? null}
            marking={busy?.kind === 'mark' && busy.openid === entry.openid}
            disabled={busy !== null}
            onMark={onMark}
            onCorrect={onCorrect}
          />
        ))}
      </View>
    </View>
  )
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <View className='gy-hours__stat'>
      <Text className='gy-hours__stat-value'>{value}</Text>
      <Text className='gy-hours__stat-label'>{label}</Text>
    </View>
  )
}

interface AttendeeRowProps {
  entry: RosterEntry
  activity: ActivityView
  /** The record as last confirmed on this screen, with its corrections. */
  record: ServiceRecordView | null
  marking: boolean
  disabled: boolean
  onMark: (entry: RosterEntry, action: 'checkIn' | 'checkOut') => void
  onCorrect: (entry: RosterEntry) => void
}

function AttendeeRow({ entry, activity, record, marking, disabled, onMark, onCorrect }: AttendeeRowProps) {
  const minutes = minutesNoteOf(entry, activity)
  const markAction = !entry.checkInAt ? 'checkIn' : !entry.checkOutAt ? 'checkOut' : null
  return (
    <View className='gy-hours__row'>
      <View className='gy-hours__row-main'>
        <View className='gy-hours__row-top'>
          <Text className='gy-hours__name'>{entry.realName}</Text>
          {entry.phone ? <Text className='gy-hours__phone'>{entry.phone}</Text> : null}
          {entry.status === 'walk_in' ? <Text className='gy-hours__tag gy-hours__tag--walk-in'>现场加入</Text> : null}
          {entry.hoursConfirmed ? <Text className='gy-hours__tag gy-hours__tag--confirmed'>已确认</Text> : null}
        </View>
        <View className='gy-hours__times'>
          <Text className={`gy-hours__time-cell${entry.checkInAt ? '' : ' gy-hours__time-cell--missing'}`}>{entry.checkInAt ? `签到 ${formatClock(entry.checkInAt)}` : '未签到'}</Text>
          <Text className={`gy-hours__time-cell${entry.checkOutAt ? '' : ' gy-hours__time-cell--missing'}`}>{entry.checkOutAt ? `签退 ${formatClock(entry.checkOutAt)}` : '未签退'}</Text>
        </View>
        {minutes ? <Text className={`gy-hours__minutes gy-hours__minutes--${minutes.tone}`}>{minutes.text}</Text> : null}
        {entry.onSiteReason ? <Text className='gy-hours__on-site-reason'>{`现场加入原因：${entry.onSiteReason}`}</Text> : null}
        {record?.corrections.map((correction, i) => (
          <Text key={i} className='gy-hours__correction'>{`原 ${correction.fromMinutes} 分钟 → ${correction.toMinutes} 分钟，${correction.note}（${correction.byName}）`}</Text>
        ))}
      </View>
      {markAction || entry.hoursConfirmed ? (
        <View className='gy-hours__row-actions'>
          {markAction ? (
            <Button className='gy-hours__mark' size='small' fill='outline' type='default' loading={marking} disabled={disabled} onClick={() => onMark(entry, markAction)}>
              {markAction === 'checkIn' ? '代签' : '代签退'}
            </Button>
          ) : null}
          {entry.hoursConfirmed ? (
            <Button className='gy-hours__correct' size='small' fill='outline' type='primary' disabled={disabled} onClick={() => onCorrect(entry)}>
              修改
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
