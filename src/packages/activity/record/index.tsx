import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { HoursView, ServiceRecordView } from '../../../../cloudfunctions/core/activity/activity.schema'
import { AccessDenied } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError } from '../../../components/page-state'
import { getMyHours } from '../../../services/activity'
import { isCloudError } from '../../../services/cloud'
import { getMe } from '../../../services/user'
import { formatDuration, formatHours } from '../../../utils/duration'
import { formatDateTime } from '../../../utils/time'
import { messageOf, toastError } from '../../../utils/toast'
import './index.scss'

/** Who the record is about: the name on the records (as recorded), else the registered one. */
interface Holder {
  name: string
  idCardNo: string | null
}

type PageState =
  | { kind: 'loading' }
  | { kind: 'ready'; hours: HoursView; holder: Holder }
  /** FORBIDDEN: not a registered volunteer. */
  | { kind: 'notVolunteer' }
  | { kind: 'signedOut' }
  | { kind: 'error'; message: string }

const STARS = 5
const MINE_TAB = '/pages/mine/index'
const canPrint = process.env.TARO_ENV === 'h5'

/** 志愿服务记录: the volunteer's printable record — total hours, star level and every confirmed service. */
export default function ServiceRecordPage() {
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const latest = useRef(0)
  const shown = useRef(false)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    try {
      const [hours, me] = await Promise.all([getMyHours(), getMe().catch(() => null)])
      if (ticket !== latest.current) return
      const first = hours.records[0]
      const holder: Holder = first
        ? { name: first.volunteerName, idCardNo: first.volunteerIdCardNo }
        : { name: me?.volunteer?.realName ?? me?.nickname ?? '', idCardNo: me?.volunteer?.idCardNo ?? null }
      shown.current = true
      setPage({ kind: 'ready', hours, holder })
    } catch (error) {
      if (ticket !== latest.current) return
      if (isCloudError(error) && error.code === 'FORBIDDEN') setPage({ kind: 'notVolunteer' })
      else if (isCloudError(error) && error.code === 'UNAUTHENTICATED') setPage({ kind: 'signedOut' })
      else if (shown.current) toastError(error)
      else setPage({ kind: 'error', message: messageOf(error) })
    }
  }, [])

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const goMine = () => void Taro.switchTab({ url: MINE_TAB })

  return (
    <View className='gy-page gy-record'>
      {page.kind === 'loading' ? (
        <View className='gy-record__skeleton'>
          <View className='gy-record__bone gy-record__bone--head' />
          <View className='gy-record__bone gy-record__bone--list' />
          <Text className='gy-record__loading-text'>正在加载…</Text>
        </View>
      ) : null}

      {page.kind === 'notVolunteer' ? (
        <View className='gy-record__card'>
          <EmptyState illustration='activities' title='还不是注册志愿者' description='志愿服务记录属于注册志愿者。完成志愿者实名注册、参加活动并由组织确认时长后，记录会出现在这里。'>
            <Button className='gy-record__go' type='primary' size='small' onClick={goMine}>
              去注册志愿者
            </Button>
          </EmptyState>
        </View>
      ) : null}

      {page.kind === 'signedOut' ? (
        <View className='gy-record__card'>
          <AccessDenied reason='signedOut' description={process.env.TARO_ENV === 'h5' ? '当前为匿名访客，请先在“我的”页面选择一个演示身份。' : '登录后才能查看志愿服务记录。'}>
            <Button className='gy-record__go' type='primary' size='small' onClick={goMine}>
              前往“我的”
            </Button>
          </AccessDenied>
        </View>
      ) : null}

      {page.kind === 'error' ? (
        <PageError
          title='服务记录加载失败'
          message={page.message}
          onRetry={() => {
            setPage({ kind: 'loading' })
            void load()
          }}
        />
      ) : null}

      {page.kind === 'ready' ? <Record hours={page.hours} holder={page.holder} /> : null}
    </View>
  )
}

function Record({ hours, holder }: { hours: HoursView; holder: Holder }) {
  return (
    <View className='gy-record__content'>
      <View className='gy-record__sheet'>
        <Text className='gy-record__heading'>志愿服务记录</Text>
        <View className='gy-record__holder'>
          <Text className='gy-record__holder-name'>{holder.name || '志愿者'}</Text>
          {holder.idCardNo ? <Text className='gy-record__holder-id'>{`证件号 ${holder.idCardNo}`}</Text> : null}
        </View>

        <View className='gy-record__summary'>
          <View className='gy-record__total'>
            <Text className='gy-record__total-label'>累计服务时长</Text>
            <Text className='gy-record__total-value'>
              {formatHours(hours.totalMinutes)}
              <Text className='gy-record__total-unit'>小时</Text>
            </Text>
          </View>
          <View className='gy-record__stars-box'>
            <Text className='gy-record__total-label'>星级志愿者</Text>
            <Text className='gy-record__stars'>
              {Array.from({ length: STARS }, (_, i) => (
                <Text key={i} className={`gy-record__star${i < hours.starLevel ? ' gy-record__star--on' : ''}`}>
                  {i < hours.starLevel ? '★' : '☆'}
                </Text>
              ))}
            </Text>
            <Text className='gy-record__next'>{hours.hoursToNextStar === null ? '已达最高星级' : `距下一星级还差 ${hours.hoursToNextStar} 小时`}</Text>
          </View>
        </View>

        {hours.records.length === 0 ? (
          <EmptyState className='gy-record__empty' illustration='activities' title='暂无服务记录' description='参加活动并由组织确认时长后，记录会出现在这里' />
        ) : (
          <View className='gy-record__list'>
            <Text className='gy-record__list-title'>{`服务明细（共 ${hours.records.length} 条）`}</Text>
            {hours.records.map((record, index) => (
              <RecordEntry key={`${record.activityId}:${index}`} record={record} index={index + 1} />
            ))}
          </View>
        )}
      </View>

      {canPrint && hours.records.length > 0 ? (
        <View className='gy-record__actions'>
          <Button className='gy-record__print' type='primary' fill='outline' block size='large' onClick={() => window.print()}>
            打印
          </Button>
        </View>
      ) : null}
    </View>
  )
}

function RecordEntry({ record, index }: { record: ServiceRecordView; index: number }) {
  return (
    <View className='gy-record__entry'>
      <View className='gy-record__entry-head'>
        <Text className='gy-record__entry-index'>{index}</Text>
        <Text className='gy-record__entry-title'>{record.activityTitle}</Text>
      </View>
      <Row label='服务日期' value={record.date} />
      <Row label='组织单位' value={record.orgName} />
      <Row label='服务地点' value={record.place} />
      <Row label='服务内容' value={record.content} />
      <Row label='服务时长' value={`${formatDuration(record.minutes)}（${record.minutes} 分钟）`} />
      <Row label='记录人' value={record.recorderName} />
      <Row label='记录时间' value={formatDateTime(record.recordedAt)} />
      {record.corrections.map((correction, i) => (
        <View key={i} className='gy-record__correction'>
          <Text className='gy-record__correction-text'>{`已更正（原 ${correction.fromMinutes} 分钟）：${correction.note}`}</Text>
          <Text className='gy-record__correction-by'>{`${correction.byName} · ${formatDateTime(correction.at)}`}</Text>
        </View>
      ))}
    </View>
  )
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className='gy-record__row'>
      <Text className='gy-record__label'>{label}</Text>
      <Text className='gy-record__value'>{value}</Text>
    </View>
  )
}
