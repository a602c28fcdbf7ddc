import { Text } from '@tarojs/components'
import { pressable } from '../../utils/a11y'
import './index.scss'

export interface ListFooterProps {
  loadingMore: boolean
  /** the last 加载更多 failed: tapping retries it */
  failed: boolean
  hasMore: boolean
  onMore: () => void
}

/** The foot of a paged list: 加载中…, 加载更多 (or a retry after a failure), or 没有更多了. */
export function ListFooter({ loadingMore, failed, hasMore, onMore }: ListFooterProps) {
  if (loadingMore) return <Text className='gy-list-footer'>加载中…</Text>
  if (failed || hasMore) {
    return (
      <Text className='gy-list-footer gy-list-footer--action' {...pressable()} onClick={onMore}>
        {failed ? '加载失败，点击重试' : '加载更多'}
      </Text>
    )
  }
  return <Text className='gy-list-footer'>没有更多了</Text>
}

export default ListFooter
