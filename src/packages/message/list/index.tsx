import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { MessageView } from '../../../../cloudfunctions/core/message/message.schema'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { useCursorFeed } from '../../../hooks/use-cursor-feed'
import { showUnreadBadge } from '../../../hooks/use-unread-messages'
import { countUnreadMessages, listMessages, markMessagesRead } from '../../../services/message'
import { pressable } from '../../../utils/a11y'
import { formatMonthDayTime } from '../../../utils/time'
import { toastError, toastSuccess } from '../../../utils/toast'
import { ListFooter } from '../../../components/list-footer'
import './index.scss'

const PAGE_SIZE = 20
/** Marks the list stale (another page read or made messages). */
export const MESSAGES_CHANGED_EVENT = 'messages:changed'

const linkUrl = (message: MessageView) => {
  if (!message.link) return null
  const query = Object.entries(message.link.params)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&')
  return `${message.link.page}${query ? `?${query}` : ''}`
}

/** 消息: my notifications, newest first; a tap marks one read and opens what it is about; 全部已读. */
export default function MessageListPage() {
  const [readIds, setReadIds] = useState<Set<string>>(new Set())
  const [allRead, setAllRead] = useState(false)
  const [busy, setBusy] = useState(false)
  const { items, nextCursor, status, errorMessage, loadingMore, moreFailed, load, loadMore } = useCursorFeed({
    initialFilter: null,
    toQuery: () => ({}),
    fetchPage: (_query: object, cursor) => listMessages({ ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }),
    keyOf: (message: MessageView) => message.messageId,
    changedEvent: MESSAGES_CHANGED_EVENT,
    onFirstPage: () => {
      setReadIds(new Set())
      setAllRead(false)
    },
  })

  const isRead = (message: MessageView) => allRead || message.readAt !== null || readIds.has(message.messageId)
  const unreadShown = items.filter((m) => !isRead(m)).length

  const refreshBadge = () => {
    void countUnreadMessages().then(showUnreadBadge, () => undefined)
  }

  const open = async (message: MessageView) => {
    if (!isRead(message)) {
      setReadIds((previous) => new Set(previous).add(message.messageId))
      void markMessagesRead([message.messageId]).then(refreshBadge, () => undefined)
    }
    const url = linkUrl(message)
    if (url) void Taro.navigateTo({ url })
  }

  const markAll = async () => {
    if (busy) return
    setBusy(true)
    try {
      await markMessagesRead()
      setAllRead(true)
      showUnreadBadge(0)
      toastSuccess('已全部标为已读')
    } catch (error) {
      toastError(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='gy-page gy-messages'>
      {status === 'loading' ? <PageLoading skeletons={['review-card', 'review-card', 'review-card']} /> : null}

      {status === 'error' ? <PageError title='消息加载失败' message={errorMessage} onRetry={() => void load(null, 'reset')} /> : null}

      {status === 'ready' && items.length === 0 ? (
        <View className='gy-messages__empty'>
          <EmptyState illustration='coming-soon' title='暂无消息' description='报名结果、候补转正、心愿认领、送考派车和申请审核的进展，都会在这里通知你。' />
        </View>
      ) : null}

      {status === 'ready' && items.length > 0 ? (
        <View className='gy-messages__content'>
          <View className='gy-messages__toolbar'>
            <Text className='gy-messages__summary'>{unreadShown > 0 ? `${unreadShown} 条未读` : '没有未读消息'}</Text>
            <Button className='gy-messages__read-all' type='primary' fill='outline' size='small' disabled={busy || unreadShown === 0} onClick={() => void markAll()}>
              全部已读
            </Button>
          </View>
          <View className='gy-messages__list'>
            {items.map((message) => {
              const read = isRead(message)
              return (
                <View
                  key={message.messageId}
                  className={`gy-messages__item${read ? '' : ' gy-messages__item--unread'}`}
                  {...pressable({ role: message.link ? 'link' : 'button', label: `${read ? '' : '未读，'}${message.title}：${message.body}` })}
                  onClick={() => void open(message)}
                >
                  <View className='gy-messages__head'>
                    {read ? null : <View className='gy-messages__dot' aria-hidden />}
                    <Text className='gy-messages__title'>{message.title}</Text>
                    <Text className='gy-messages__time'>{formatMonthDayTime(message.createdAt)}</Text>
                  </View>
                  <Text className='gy-messages__body'>{message.body}</Text>
                </View>
              )
            })}
          </View>
          <ListFooter loadingMore={loadingMore} failed={moreFailed} hasMore={!!nextCursor} onMore={() => void loadMore()} />
        </View>
      ) : null}
    </View>
  )
}

