import { useCallback, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { countUnreadMessages } from '../services/message'
import { preloadSubscribeTemplates } from '../utils/subscribe'

/** 我的 is the fourth tab (src/app.config.ts). */
const MINE_TAB_INDEX = 3

/** Show the count on the 我的 tab (or take the badge away); a page without a tab bar just ignores it. */
export function showUnreadBadge(count: number): void {
  const done = count > 0 ? Taro.setTabBarBadge({ index: MINE_TAB_INDEX, text: count > 99 ? '99+' : String(count) }) : Taro.removeTabBarBadge({ index: MINE_TAB_INDEX })
  void Promise.resolve(done).catch(() => undefined)
}

/**
 * The unread count of 消息, refreshed each time a tab page shows, and the 我的 tab's badge with it.
 * Signed out (or offline): no badge. Also loads the subscribe-message template ids for later taps.
 */
export function useUnreadMessages(): { unread: number; refresh: () => Promise<void> } {
  const [unread, setUnread] = useState(0)
  const refresh = useCallback(async () => {
    let count = 0
    try {
      count = await countUnreadMessages()
    } catch {
      count = 0
    }
    setUnread(count)
    showUnreadBadge(count)
  }, [])
  useDidShow(() => {
    void refresh()
    preloadSubscribeTemplates()
  })
  return { unread, refresh }
}
