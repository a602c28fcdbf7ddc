import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { modalColors } from '../../constants/theme'
import { createIdempotencyKey, isCloudError } from '../../services/cloud'
import { group, pressable } from '../../utils/a11y'
import { messageOf, toastError, toastSuccess } from '../../utils/toast'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../access-denied'
import { EmptyState, type EmptyStateIllustration } from '../empty-state'
import { PageError, PageLoading } from '../page-state'
import { ReasonDialog } from '../reason-dialog'
import './index.scss'

export type ReviewDecision = 'approve' | 'reject'

export interface ReviewQueuePage<T> {
  items: T[]
  nextCursor: string | null
}

/** What `renderItem` gets besides the item: the state of a decision and the two ways to start one. */
export interface ReviewItemControls {
  /** The decision in flight for this item, if any. */
  deciding: ReviewDecision | null
  /** Another item's decision is in flight: its buttons wait. */
  disabled: boolean
  /** Asks for confirmation, then approves (only when the queue has `approval`). */
  approve: () => void
  /** Opens the reason dialog (only when the queue has `rejection`). */
  reject: () => void
}

export interface ReviewApproval<T> {
  /** The confirmation's title and text, naming the item. */
  confirm: (item: T) => { title: string; content: string }
  /** Sends the approval; the key makes a retried tap harmless. */
  decide: (item: T, idempotencyKey: string) => Promise<unknown>
  /** The toast once done. */
  done: string
}

export interface ReviewRejection<T> {
  /** The bold line of the dialog naming the item. */
  subject: (item: T) => string
  title: string
  hint: string
  placeholder: string
  /** Shown when nothing was written: who will read the reason. */
  emptyMessage: string
  label?: string
  confirmText?: string
  decide: (item: T, reason: string, idempotencyKey: string) => Promise<unknown>
  done: string
}

export interface ReviewQueueProps<T, S extends string = string> {
  /** The page's own block class (e.g. `gy-wish-review`), put beside `gy-review-queue` on the root. */
  className: string
  title: string
  intro: ReactNode
  /** Under the intro (e.g. an export button). */
  header?: ReactNode
  /** Status filter tabs and the name of their group; the first is shown first unless `initialTab`. */
  tabs?: { label: string; items: { value: S; label: string }[] }
  initialTab?: S
  /** Under the tabs (e.g. further filters). */
  filters?: ReactNode
  /** When it changes (the page's filters did), the first page loads again. */
  filterKey?: string
  /** One page of the list; `status` is the chosen tab's value (undefined without tabs). */
  load: (query: { status: S | undefined; cursor?: string }) => Promise<ReviewQueuePage<T>>
  keyOf: (item: T) => string
  renderItem: (item: T, controls: ReviewItemControls) => ReactNode
  approval?: ReviewApproval<T>
  rejection?: ReviewRejection<T>
  /** The empty list, per tab. */
  empty: (status: S | undefined) => { title: string; description: string; illustration?: EmptyStateIllustration }
  errorTitle: string
  /** Why the caller may not see the queue, in this queue's words. */
  denied: Record<AccessDeniedReason, string>
  /** Under the denial (e.g. a 去登录 button). */
  deniedAction?: (reason: AccessDeniedReason) => ReactNode
}

type ListState<T> =
  | { kind: 'loading' }
  | { kind: 'ready'; items: T[]; nextCursor: string | null; loadingMore: boolean }
  | { kind: 'error'; message: string }

/** Someone else decided first, or the item is gone: say so and show the queue as it is now. */
const isStale = (error: unknown) => isCloudError(error) && (error.code === 'INVALID_STATE' || error.code === 'NOT_FOUND')

/**
 * 审核队列: the shape all review queues share — an intro, status tabs, a paged list of items drawn
 * by the page (`renderItem`), 通过 behind a confirmation and 驳回 behind a reason dialog, loading,
 * empty, error and access-denied states, pull-to-refresh and more on reaching the bottom. Used by
 * 组织认证, 心愿审核, 司机审核 and the aid queue.
 */
export function ReviewQueue<T, S extends string = string>(props: ReviewQueueProps<T, S>) {
  const { className, title, intro, header, tabs, initialTab, filters, filterKey, keyOf, renderItem, approval, rejection, empty, errorTitle, denied: deniedTexts, deniedAction } = props
  const [tab, setTab] = useState<S | undefined>(initialTab ?? tabs?.items[0]?.value)
  const [list, setList] = useState<ListState<T>>({ kind: 'loading' })
  const [denied, setDenied] = useState<AccessDeniedReason | null>(null)
  const [deciding, setDeciding] = useState<{ key: string; decision: ReviewDecision } | null>(null)
  const [rejecting, setRejecting] = useState<T | null>(null)
  const latest = useRef(0)
  const tabRef = useRef(tab)
  const listRef = useRef(list)
  listRef.current = list
  // the page's latest loader (its filters live in its closure)
  const loadPage = useRef(props.load)
  loadPage.current = props.load

  /** Reloads the first page; only the latest load wins. */
  const load = useCallback(async (options: { reset?: boolean } = {}) => {
    const ticket = ++latest.current
    if (options.reset) setList({ kind: 'loading' })
    try {
      const page = await loadPage.current({ status: tabRef.current })
      if (ticket !== latest.current) return
      setDenied(null)
      setList({ kind: 'ready', items: page.items, nextCursor: page.nextCursor, loadingMore: false })
    } catch (error) {
      if (ticket !== latest.current) return
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      if (reason) setDenied(reason)
      else setList({ kind: 'error', message: messageOf(error) })
    }
  }, [])

  const loadMore = useCallback(async () => {
    const current = listRef.current
    if (current.kind !== 'ready' || !current.nextCursor || current.loadingMore) return
    const ticket = latest.current
    setList({ ...current, loadingMore: true })
    try {
      const page = await loadPage.current({ status: tabRef.current, cursor: current.nextCursor })
      if (ticket !== latest.current) return
      setList((previous) => {
        if (previous.kind !== 'ready') return previous
        const seen = new Set(previous.items.map(keyOf))
        return { kind: 'ready', items: [...previous.items, ...page.items.filter((item) => !seen.has(keyOf(item)))], nextCursor: page.nextCursor, loadingMore: false }
      })
    } catch (error) {
      if (ticket !== latest.current) return
      setList((previous) => (previous.kind === 'ready' ? { ...previous, loadingMore: false } : previous))
      toastError(error)
    }
  }, [keyOf])

  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    void loadMore()
  })

  // the page's filters changed: start again from the first page
  const shownKey = useRef(filterKey)
  useEffect(() => {
    if (shownKey.current === filterKey) return
    shownKey.current = filterKey
    void load({ reset: true })
  }, [filterKey, load])

  const switchTab = (value: S) => {
    if (value === tabRef.current) return
    tabRef.current = value
    setTab(value)
    void load({ reset: true })
  }

  const dropFromList = (key: string) => {
    setList((previous) => (previous.kind === 'ready' ? { ...previous, items: previous.items.filter((item) => keyOf(item) !== key) } : previous))
  }

  const approve = async (item: T) => {
    if (!approval) return
    const { title: confirmTitle, content } = approval.confirm(item)
    const { confirm } = await Taro.showModal({ title: confirmTitle, content, confirmText: '通过', ...modalColors() })
    if (!confirm) return
    const key = keyOf(item)
    setDeciding({ key, decision: 'approve' })
    try {
      await approval.decide(item, createIdempotencyKey())
      dropFromList(key)
      toastSuccess(approval.done)
    } catch (error) {
      toastError(error)
      if (isStale(error)) void load()
    } finally {
      setDeciding(null)
    }
  }

  /** The reason dialog's submit: null when done, else the message to show under the reason. */
  const reject = async (reason: string): Promise<string | null> => {
    const item = rejecting
    if (!item || !rejection) return null
    const key = keyOf(item)
    setDeciding({ key, decision: 'reject' })
    try {
      await rejection.decide(item, reason, createIdempotencyKey())
      dropFromList(key)
      setRejecting(null)
      toastSuccess(rejection.done)
      return null
    } catch (error) {
      if (isCloudError(error) && error.code === 'INVALID_ARGUMENT') return error.fieldMessages().reason ?? error.message
      toastError(error)
      if (isStale(error)) {
        setRejecting(null)
        void load()
        return null
      }
      return messageOf(error)
    } finally {
      setDeciding(null)
    }
  }

  const root = `gy-page gy-review-queue ${className}`

  if (denied) {
    return (
      <View className={root}>
        <View className='gy-review-queue__card'>
          <AccessDenied reason={denied} description={deniedTexts[denied]}>
            {deniedAction?.(denied)}
          </AccessDenied>
        </View>
      </View>
    )
  }

  const emptyText = empty(tab)
  return (
    <View className={root}>
      <View className='gy-review-queue__intro'>
        <Text className='gy-review-queue__title'>{title}</Text>
        <Text className='gy-review-queue__subtitle'>{intro}</Text>
        {header}
      </View>

      {tabs ? (
        <View className={`gy-review-queue__tabs${tabs.items.length > 4 ? ' gy-review-queue__tabs--many' : ''}`} {...group('tablist', tabs.label)}>
          {tabs.items.map((each) => (
            <View
              key={each.value}
              className={`gy-review-queue__tab gy-review-queue__tab--${each.value || 'all'}${tab === each.value ? ' gy-review-queue__tab--active' : ''}`}
              {...pressable({ role: 'tab', selected: tab === each.value })}
              onClick={() => switchTab(each.value)}
            >
              <Text>{each.label}</Text>
            </View>
          ))}
        </View>
      ) : null}

      {filters}

      {list.kind === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}

      {list.kind === 'error' ? <PageError title={errorTitle} message={list.message} onRetry={() => void load({ reset: true })} /> : null}

      {list.kind === 'ready' && list.items.length === 0 ? (
        <View className='gy-review-queue__card'>
          <EmptyState illustration={emptyText.illustration ?? 'activities'} title={emptyText.title} description={emptyText.description} />
        </View>
      ) : null}

      {list.kind === 'ready' && list.items.length > 0 ? (
        <View className='gy-review-queue__list'>
          {list.items.map((item) => {
            const key = keyOf(item)
            return (
              <View key={key} className='gy-review-queue__item'>
                {renderItem(item, {
                  deciding: deciding?.key === key ? deciding.decision : null,
                  disabled: deciding !== null,
                  approve: () => void approve(item),
                  reject: () => setRejecting(item),
                })}
              </View>
            )
          })}
          {list.nextCursor ? (
            <Button className='gy-review-queue__more' fill='none' loading={list.loadingMore} onClick={() => void loadMore()}>
              加载更多
            </Button>
          ) : (
            <Text className='gy-review-queue__end'>没有更多了</Text>
          )}
        </View>
      ) : null}

      {rejection ? (
        <ReasonDialog
          visible={rejecting !== null}
          title={rejection.title}
          subject={rejecting ? rejection.subject(rejecting) : ''}
          hint={rejection.hint}
          placeholder={rejection.placeholder}
          label={rejection.label ?? '驳回原因'}
          emptyMessage={rejection.emptyMessage}
          minLength={2}
          maxLength={200}
          confirmText={rejection.confirmText ?? '确认驳回'}
          onCancel={() => setRejecting(null)}
          onSubmit={reject}
        />
      ) : null}
    </View>
  )
}

export default ReviewQueue
