import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { messageOf, toastError } from '../utils/toast'

export interface CursorPage<T> {
  items: T[]
  nextCursor: string | null
}

export type FeedStatus = 'loading' | 'ready' | 'error'

export interface CursorFeedOptions<F, Q, T, P extends CursorPage<T>> {
  initialFilter: F
  /** The list action's input for a filter, computed once per load (later pages reuse it). */
  toQuery: (filter: F) => Q
  fetchPage: (query: Q, cursor: string | undefined) => Promise<P>
  keyOf: (item: T) => string
  /** An event (Taro.eventCenter) that marks the feed stale; it reloads when the page shows again. */
  changedEvent: string
  /** Extra figures that come with a first page (e.g. the wall's 今年已圆梦 count). */
  onFirstPage?: (page: P) => void
}

/**
 * A filtered, cursor-paged feed: the first page on a new filter (placeholders) or a refresh (the
 * shown items stay until it arrives), more pages at the bottom, pull-to-refresh, and a reload when
 * the page shows again after `changedEvent`. Only the latest load may write.
 */
export function useCursorFeed<F, Q, T, P extends CursorPage<T> = CursorPage<T>>(options: CursorFeedOptions<F, Q, T, P>) {
  const [filter, setFilter] = useState<F>(options.initialFilter)
  const [items, setItems] = useState<T[]>([])
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [status, setStatus] = useState<FeedStatus>('loading')
  const [errorMessage, setErrorMessage] = useState('')
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreFailed, setMoreFailed] = useState(false)

  const opts = useRef(options)
  opts.current = options
  const latest = useRef(0)
  const shown = useRef<{ query: Q | null; cursor: string | null; count: number; loadingMore: boolean }>({ query: null, cursor: null, count: 0, loadingMore: false })
  const stale = useRef(false)

  /** `reset`: a new filter, placeholders while loading; `refresh`: keep the items until the new first page arrives. */
  const load = useCallback(async (next: F, mode: 'reset' | 'refresh') => {
    const ticket = ++latest.current
    stale.current = false
    shown.current.loadingMore = false
    setLoadingMore(false)
    setMoreFailed(false)
    if (mode === 'reset') {
      setStatus('loading')
      setItems([])
      setNextCursor(null)
      shown.current.count = 0
    }
    const query = opts.current.toQuery(next)
    try {
      const page = await opts.current.fetchPage(query, undefined)
      if (ticket !== latest.current) return
      shown.current = { query, cursor: page.nextCursor, count: page.items.length, loadingMore: false }
      setItems(page.items)
      setNextCursor(page.nextCursor)
      opts.current.onFirstPage?.(page)
      setStatus('ready')
    } catch (error) {
      if (ticket !== latest.current) return
      if (shown.current.count > 0) {
        toastError(error)
        return
      }
      setErrorMessage(messageOf(error))
      setStatus('error')
    }
  }, [])

  const loadMore = useCallback(async () => {
    const { query, cursor } = shown.current
    if (!cursor || query === null || shown.current.loadingMore) return
    const ticket = latest.current
    shown.current.loadingMore = true
    setLoadingMore(true)
    setMoreFailed(false)
    try {
      const page = await opts.current.fetchPage(query, cursor)
      if (ticket !== latest.current) return
      shown.current.cursor = page.nextCursor
      shown.current.count += page.items.length
      const keyOf = opts.current.keyOf
      setItems((previous) => {
        const seen = new Set(previous.map(keyOf))
        return [...previous, ...page.items.filter((item) => !seen.has(keyOf(item)))]
      })
      setNextCursor(page.nextCursor)
    } catch {
      if (ticket === latest.current) setMoreFailed(true)
    } finally {
      if (ticket === latest.current) {
        shown.current.loadingMore = false
        setLoadingMore(false)
      }
    }
  }, [])

  useEffect(() => {
    void load(opts.current.initialFilter, 'reset')
    const event = opts.current.changedEvent
    const markStale = () => {
      stale.current = true
    }
    Taro.eventCenter.on(event, markStale)
    return () => {
      Taro.eventCenter.off(event, markStale)
    }
  }, [load])

  useDidShow(() => {
    if (stale.current) void load(filter, 'refresh')
  })

  usePullDownRefresh(() => {
    void load(filter, 'refresh').finally(() => Taro.stopPullDownRefresh())
  })

  useReachBottom(() => {
    void loadMore()
  })

  const changeFilter = (next: F) => {
    setFilter(next)
    void load(next, 'reset')
  }

  return { filter, items, nextCursor, status, errorMessage, loadingMore, moreFailed, load, loadMore, changeFilter }
}
