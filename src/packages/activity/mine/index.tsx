import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { MyActivityView } from '../../../../cloudfunctions/core/activity/activity.schema'
import { AccessDenied } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError } from '../../../components/page-state'
import { isCloudError } from '../../../services/cloud'
import { listMyActivities } from '../../../services/activity'
import { myActivityStatusOf, myActivityTabOf, type MyActivityTab } from '../../../utils/activity-state'
import { formatTimeRange } from '../../../utils/time'
import { messageOf, toastError } from '../../../utils/toast'
import { group, pressable } from '../../../utils/a11y'
import './index.scss'

type PageState =
  | { kind: 'loading' }
  | { kind: 'ready'; items: MyActivityView[] }
  /** FORBIDDEN: not a volunteer yet. */
  | { kind: 'notVolunteer' }
  | { kind: 'signedOut' }
  | { kind: 'error'; message: string }

const tabs: { key: MyActivityTab; label: string }[] = [
  { key: 'upcoming', label: '即将参加' },
  { key: 'ended', label: '已结束' },
  { key: 'cancelled', label: '已取消' },
]

const empties: Record<MyActivityTab, { title: string; description: string }> = {
  upcoming: { title: '暂无即将参加的活动', description: '去首页看看正在招募的志愿服务活动，报名后会出现在这里。' },
  ended: { title: '暂无已结束的活动', description: '你参加过的活动结束后会出现在这里。' },
  cancelled: { title: '暂无已取消的活动', description: '你取消的报名，以及组织方取消的活动会出现在这里。' },
}

const MINE_TAB = '/pages/mine/index'
const HOME_TAB = '/pages/home/index'

/** Sign-ups of one tab: what is coming soonest first; the rest most recent first (as the server sends them). */
function itemsOf(items: MyActivityView[], tab: MyActivityTab, now: Date): MyActivityView[] {
  const inTab = items.filter((item) => myActivityTabOf(item, now) === tab)
  return tab === 'upcoming' ? [...inTab].sort((a, b) => a.startAt.localeCompare(b.startAt)) : inTab
}

/** 我的活动: the volunteer's sign-ups by 即将参加 / 已结束 / 已取消, with the organization's notice when it cancelled. */
export default function MyActivitiesPage() {
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const [tab, setTab] = useState<MyActivityTab>('upcoming')
  const latest = useRef(0)
  const shown = useRef(false)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    try {
      const items = await listMyActivities()
      if (ticket !== latest.current) return
      shown.current = true
      setPage({ kind: 'ready', items })
    } catch (error) {
      if (ticket !== latest.current) return
      const code = isCloudError(error) ? error.code : null
      if (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED') {
        shown.current = false
        setPage({ kind: code === 'FORBIDDEN' ? 'notVolunteer' : 'signedOut' })
      } else if (shown.current) {
        toastError(error)
      } else {
        setPage({ kind: 'error', message: messageOf(error) })
      }
    }
  }, [])

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const now = new Date()

  return (
    <View className='gy-page gy-my-activities'>
      {page.kind === 'loading' ? (
        <View className='gy-my-activities__skeleton'>
          <View className='gy-my-activities__bone gy-my-activities__bone--tabs' />
          <View className='gy-my-activities__bone' />
          <View className='gy-my-activities__bone' />
          <Text className='gy-my-activities__loading-text'>正在加载…</Text>
        </View>
      ) : null}

      {page.kind === 'notVolunteer' ? (
        <View className='gy-my-activities__card'>
          <EmptyState illustration='activities' title='注册志愿者后即可报名活动' description='“我的活动”记录你报名的志愿服务活动。完成志愿者实名注册后，就能报名参加并在这里查看。'>
            <Button className='gy-my-activities__button' type='primary' size='small' onClick={() => void Taro.switchTab({ url: MINE_TAB })}>
              去注册志愿者
            </Button>
          </EmptyState>
        </View>
      ) : null}

      {page.kind === 'signedOut' ? (
        <View className='gy-my-activities__card'>
          <AccessDenied reason='signedOut' description='登录后才能查看你报名的活动。'>
            <Button className='gy-my-activities__button' type='primary' fill='outline' size='small' onClick={() => void Taro.switchTab({ url: MINE_TAB })}>
              去登录
            </Button>
          </AccessDenied>
        </View>
      ) : null}

      {page.kind === 'error' ? (
        <PageError
          title='我的活动加载失败'
          message={page.message}
          onRetry={() => {
            setPage({ kind: 'loading' })
            void load()
          }}
        />
      ) : null}

      {page.kind === 'ready' ? (
        <View className='gy-my-activities__content'>
          <View className='gy-my-activities__tabs' {...group('tablist', '我的活动分类')}>
            {tabs.map((entry) => {
              const count = itemsOf(page.items, entry.key, now).length
              return (
                <View
                  key={entry.key}
                  className={`gy-my-activities__tab gy-my-activities__tab--${entry.key}${tab === entry.key ? ' gy-my-activities__tab--active' : ''}`}
                  {...pressable({ role: 'tab', selected: tab === entry.key })}
                  onClick={() => setTab(entry.key)}
                >
                  <Text>{entry.label}</Text>
                  {count ? <Text className='gy-my-activities__tab-count'>{count}</Text> : null}
                </View>
              )
            })}
          </View>
          <MyActivityList items={itemsOf(page.items, tab, now)} tab={tab} now={now} />
        </View>
      ) : null}
    </View>
  )
}

function MyActivityList({ items, tab, now }: { items: MyActivityView[]; tab: MyActivityTab; now: Date }) {
  if (items.length === 0) {
    const empty = empties[tab]
    return (
      <View className='gy-my-activities__card'>
        <EmptyState illustration='activities' title={empty.title} description={empty.description}>
          {tab === 'upcoming' ? (
            <Button className='gy-my-activities__button' type='primary' fill='outline' size='small' onClick={() => void Taro.switchTab({ url: HOME_TAB })}>
              去首页看看
            </Button>
          ) : null}
        </EmptyState>
      </View>
    )
  }
  return (
    <View className='gy-my-activities__list'>
      {items.map((item) => (
        <MyActivityRow key={item.activityId} item={item} now={now} />
      ))}
    </View>
  )
}

function MyActivityRow({ item, now }: { item: MyActivityView; now: Date }) {
  const status = myActivityStatusOf(item, now)
  const open = () => void Taro.navigateTo({ url: `/packages/activity/detail/index?activityId=${encodeURIComponent(item.activityId)}` })
  return (
    <View className={`gy-my-activity gy-my-activity--${item.status}`} {...pressable()} onClick={open}>
      {item.status === 'released' ? (
        <View className='gy-my-activity__notice'>
          <Text className='gy-my-activity__notice-title'>组织方通知</Text>
          <Text className='gy-my-activity__notice-text'>{item.notice ? item.notice : '本次活动已取消，你的报名已自动释放。'}</Text>
        </View>
      ) : null}
      <View className='gy-my-activity__header'>
        <Text className='gy-my-activity__title'>{item.title}</Text>
        <Text className={`gy-my-activity__status gy-my-activity__status--${status.tone}`}>{status.text}</Text>
      </View>
      <Text className='gy-my-activity__org'>{item.orgName}</Text>
      <View className='gy-my-activity__meta'>
        <Text className='gy-my-activity__label'>时间</Text>
        <Text className='gy-my-activity__value'>{formatTimeRange(item.startAt, item.endAt)}</Text>
      </View>
      <View className='gy-my-activity__meta'>
        <Text className='gy-my-activity__label'>地点</Text>
        <Text className='gy-my-activity__value gy-my-activity__value--place'>
          {item.township} · {item.address}
        </Text>
      </View>
    </View>
  )
}
