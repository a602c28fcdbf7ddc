import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { WishDetailView } from '../../../../cloudfunctions/core/wish/wish.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { ReasonDialog } from '../../../components/reason-dialog'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import { listReviewQueue, reviewWish } from '../../../services/wish'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { WishReviewCard, type WishReviewDecision } from './components/wish-review-card'
import { modalColors } from '../../../constants/theme'
import './index.scss'

const deniedDescriptions: Record<AccessDeniedReason, string> = {
  signedOut: '请先登录认证社会组织工作人员或平台管理员账号。',
  forbidden: '仅服务该乡镇的认证社会组织或平台管理员可以审核心愿',
  notFound: '页面不存在。',
}

type ListState =
  | { kind: 'loading' }
  | { kind: 'ready'; items: WishDetailView[]; nextCursor: string | null; loadingMore: boolean }
  | { kind: 'error'; message: string }

/** 心愿审核: reviewers approve pending wishes onto the wall, or send them back with a reason. */
export default function WishReviewPage() {
  const [list, setList] = useState<ListState>({ kind: 'loading' })
  const [denied, setDenied] = useState<AccessDeniedReason | null>(null)
  const [deciding, setDeciding] = useState<{ wishId: string; decision: WishReviewDecision } | null>(null)
  const [rejecting, setRejecting] = useState<WishDetailView | null>(null)
  const latest = useRef(0)
  const listRef = useRef(list)
  listRef.current = list

  /** Reloads the first page; only the latest load wins. */
  const load = useCallback(async (options: { reset?: boolean } = {}) => {
    const ticket = ++latest.current
    if (options.reset) setList({ kind: 'loading' })
    try {
      const page = await listReviewQueue()
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
      const page = await listReviewQueue(current.nextCursor)
      if (ticket !== latest.current) return
      setList((previous) =>
        previous.kind === 'ready'
          ? {
              kind: 'ready',
              items: [...previous.items, ...page.items.filter((wish) => !previous.items.some((seen) => seen.wishId === wish.wishId))],
              nextCursor: page.nextCursor,
              loadingMore: false,
            }
          : previous,
      )
    } catch (error) {
      if (ticket !== latest.current) return
      setList((previous) => (previous.kind === 'ready' ? { ...previous, loadingMore: false } : previous))
      toastError(error)
    }
  }, [])

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  useReachBottom(() => {
    void loadMore()
  })

  const dropFromList = (wishId: string) => {
    setList((previous) => (previous.kind === 'ready' ? { ...previous, items: previous.items.filter((wish) => wish.wishId !== wishId) } : previous))
  }

  /** Someone else decided first, or the wish is gone: say so and show the queue as it is now. */
  const isStale = (error: unknown) => isCloudError(error) && (error.code === 'INVALID_STATE' || error.code === 'NOT_FOUND')

  const approve = async (wish: WishDetailView) => {
    const { confirm } = await Taro.showModal({
      title: '通过审核',
      content: `确定通过「${wish.title}」？通过后心愿将显示在心愿墙上，可被认领。`,
      confirmText: '通过',
      ...modalColors(),
    })
    if (!confirm) return
    setDeciding({ wishId: wish.wishId, decision: 'approve' })
    try {
      await reviewWish(wish.wishId, true, undefined, { idempotencyKey: createIdempotencyKey() })
      dropFromList(wish.wishId)
      toastSuccess('已通过，已上心愿墙')
    } catch (error) {
      toastError(error)
      if (isStale(error)) void load()
    } finally {
      setDeciding(null)
    }
  }

  /** The reject dialog's submit: null when done, else the message to show under the reason. */
  const reject = async (reason: string): Promise<string | null> => {
    const wish = rejecting
    if (!wish) return null
    setDeciding({ wishId: wish.wishId, decision: 'reject' })
    try {
      await reviewWish(wish.wishId, false, reason, { idempotencyKey: createIdempotencyKey() })
      dropFromList(wish.wishId)
      setRejecting(null)
      toastSuccess('已驳回')
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

  if (denied) {
    return (
      <View className='gy-page gy-wish-review'>
        <View className='gy-wish-review__card'>
          <AccessDenied reason={denied} description={deniedDescriptions[denied]}>
            {denied === 'signedOut' ? (
              <Button className='gy-wish-review__button' type='primary' fill='outline' size='small' onClick={() => void Taro.switchTab({ url: '/pages/mine/index' })}>
                去登录
              </Button>
            ) : null}
          </AccessDenied>
        </View>
      </View>
    )
  }

  return (
    <View className='gy-page gy-wish-review'>
      <View className='gy-wish-review__intro'>
        <Text className='gy-wish-review__title'>心愿审核</Text>
        <Text className='gy-wish-review__subtitle'>核实受助人情况与心愿是否真实、金额是否合理，描述中不得出现身份证号、住址等隐私信息。通过后心愿墙上只显示受助人的脱敏姓名。</Text>
      </View>

      {list.kind === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}

      {list.kind === 'error' ? <PageError title='审核列表加载失败' message={list.message} onRetry={() => void load({ reset: true })} /> : null}

      {list.kind === 'ready' && list.items.length === 0 ? (
        <View className='gy-wish-review__card'>
          <EmptyState illustration='wishes' title='暂无待审核的心愿' description='你所服务乡镇的居民发布心愿后，会出现在这里。' />
        </View>
      ) : null}

      {list.kind === 'ready' && list.items.length > 0 ? (
        <View className='gy-wish-review__list'>
          {list.items.map((wish) => (
            <WishReviewCard
              key={wish.wishId}
              wish={wish}
              deciding={deciding?.wishId === wish.wishId ? deciding.decision : null}
              disabled={deciding !== null}
              onApprove={(target) => void approve(target)}
              onReject={(target) => setRejecting(target)}
            />
          ))}
          {list.nextCursor ? (
            <Button className='gy-wish-review__more' fill='none' loading={list.loadingMore} onClick={() => void loadMore()}>
              加载更多
            </Button>
          ) : (
            <Text className='gy-wish-review__end'>没有更多了</Text>
          )}
        </View>
      ) : null}

      <ReasonDialog
        visible={rejecting !== null}
        title='驳回心愿'
        subject={rejecting?.title ?? ''}
        hint='请写明不通过的原因或需要修改的地方，发布人会在「我的心愿」中看到。'
        placeholder='例如：心愿金额超出实际需要，请核实后重新发布'
        label='驳回原因'
        emptyMessage='请填写驳回原因，发布人会看到它'
        minLength={2}
        maxLength={200}
        confirmText='确认驳回'
        onCancel={() => setRejecting(null)}
        onSubmit={reject}
      />
    </View>
  )
}
