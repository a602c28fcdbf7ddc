import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { orgStatusLabels, type OrgStatus } from '../../../../cloudfunctions/core/org/org.constants'
import type { OrgView } from '../../../../cloudfunctions/core/org/org.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { ReasonDialog } from '../../../components/reason-dialog'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import { listOrgs, verifyOrg } from '../../../services/org'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { OrgReviewCard, type ReviewDecision } from './components/org-review-card'
import { modalColors } from '../../../constants/theme'
import { group, pressable } from '../../../utils/a11y'
import './index.scss'

const tabs: OrgStatus[] = ['pending', 'verified', 'rejected']

const emptyTitles: Record<OrgStatus, string> = {
  pending: '暂无待审核的组织',
  verified: '暂无已认证的组织',
  rejected: '暂无未通过的组织',
}

const emptyDescriptions: Record<OrgStatus, string> = {
  pending: '新的组织入驻申请会出现在这里。',
  verified: '通过认证的组织会出现在这里。',
  rejected: '被驳回的申请会出现在这里。',
}

const deniedDescriptions: Record<AccessDeniedReason, string> = {
  signedOut: '请先登录平台管理员账号。',
  forbidden: '仅县社会组织服务中心（平台管理员）可以审核组织认证',
  notFound: '页面不存在。',
}

type ListState =
  | { kind: 'loading' }
  | { kind: 'ready'; items: OrgView[]; nextCursor: string | null; loadingMore: boolean }
  | { kind: 'error'; message: string }

/** 平台管理 · 组织认证: the platform admin approves or rejects organizations waiting for verification. */
export default function AdminReviewPage() {
  const [tab, setTab] = useState<OrgStatus>('pending')
  const [list, setList] = useState<ListState>({ kind: 'loading' })
  const [denied, setDenied] = useState<AccessDeniedReason | null>(null)
  const [deciding, setDeciding] = useState<{ orgId: string; decision: ReviewDecision } | null>(null)
  const [rejecting, setRejecting] = useState<OrgView | null>(null)
  const latest = useRef(0)
  const tabRef = useRef(tab)
  const listRef = useRef(list)
  listRef.current = list

  /** Reloads the first page of `status`; only the latest load wins. */
  const load = useCallback(async (status: OrgStatus, options: { reset?: boolean } = {}) => {
    const ticket = ++latest.current
    if (options.reset) setList({ kind: 'loading' })
    try {
      const page = await listOrgs({ status })
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
      const page = await listOrgs({ status: tabRef.current, cursor: current.nextCursor })
      if (ticket !== latest.current) return
      setList((previous) =>
        previous.kind === 'ready'
          ? { kind: 'ready', items: [...previous.items, ...page.items.filter((org) => !previous.items.some((seen) => seen.orgId === org.orgId))], nextCursor: page.nextCursor, loadingMore: false }
          : previous,
      )
    } catch (error) {
      if (ticket !== latest.current) return
      setList((previous) => (previous.kind === 'ready' ? { ...previous, loadingMore: false } : previous))
      toastError(error)
    }
  }, [])

  useDidShow(() => {
    void load(tabRef.current)
  })

  usePullDownRefresh(() => {
    void load(tabRef.current).finally(() => Taro.stopPullDownRefresh())
  })

  useReachBottom(() => {
    void loadMore()
  })

  const switchTab = (status: OrgStatus) => {
    if (status === tabRef.current) return
    tabRef.current = status
    setTab(status)
    void load(status, { reset: true })
  }

  const dropFromList = (orgId: string) => {
    setList((previous) => (previous.kind === 'ready' ? { ...previous, items: previous.items.filter((org) => org.orgId !== orgId) } : previous))
  }

  /** Someone else decided first, or the org is gone: say so and show the list as it is now. */
  const isStale = (error: unknown) => isCloudError(error) && (error.code === 'INVALID_STATE' || error.code === 'NOT_FOUND')

  const approve = async (org: OrgView) => {
    const { confirm } = await Taro.showModal({
      title: '通过认证',
      content: `确定通过「${org.name}」的认证？通过后该组织即可发布活动、审核微心愿。`,
      confirmText: '通过',
      ...modalColors(),
    })
    if (!confirm) return
    setDeciding({ orgId: org.orgId, decision: 'approve' })
    try {
      await verifyOrg({ orgId: org.orgId, approve: true }, { idempotencyKey: createIdempotencyKey() })
      dropFromList(org.orgId)
      toastSuccess('已通过认证')
    } catch (error) {
      toastError(error)
      if (isStale(error)) void load(tabRef.current)
    } finally {
      setDeciding(null)
    }
  }

  /** The reject dialog's submit: null when done, else the message to show under the reason. */
  const reject = async (reason: string): Promise<string | null> => {
    const org = rejecting
    if (!org) return null
    setDeciding({ orgId: org.orgId, decision: 'reject' })
    try {
      await verifyOrg({ orgId: org.orgId, approve: false, reason }, { idempotencyKey: createIdempotencyKey() })
      dropFromList(org.orgId)
      setRejecting(null)
      toastSuccess('已驳回')
      return null
    } catch (error) {
      if (isCloudError(error) && error.code === 'INVALID_ARGUMENT') return error.fieldMessages().reason ?? error.message
      toastError(error)
      if (isStale(error)) {
        setRejecting(null)
        void load(tabRef.current)
        return null
      }
      return messageOf(error)
    } finally {
      setDeciding(null)
    }
  }

  if (denied) {
    return (
      <View className='gy-page gy-review'>
        <View className='gy-review__card'>
          <AccessDenied reason={denied} description={deniedDescriptions[denied]} />
        </View>
      </View>
    )
  }

  return (
    <View className='gy-page gy-review'>
      <View className='gy-review__intro'>
        <Text className='gy-review__title'>组织认证</Text>
        <Text className='gy-review__subtitle'>核对组织名称、统一社会信用代码与登记证书是否一致，社区社会组织核对备案社区。</Text>
      </View>

      <View className='gy-review__tabs' {...group('tablist', '认证状态')}>
        {tabs.map((status) => (
          <View
            key={status}
            className={`gy-review__tab gy-review__tab--${status}${tab === status ? ' gy-review__tab--active' : ''}`}
            {...pressable({ role: 'tab', selected: tab === status })}
            onClick={() => switchTab(status)}
          >
            <Text>{orgStatusLabels[status]}</Text>
          </View>
        ))}
      </View>

      {list.kind === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}

      {list.kind === 'error' ? <PageError title='列表加载失败' message={list.message} onRetry={() => void load(tab, { reset: true })} /> : null}

      {list.kind === 'ready' && list.items.length === 0 ? (
        <View className='gy-review__card'>
          <EmptyState illustration='activities' title={emptyTitles[tab]} description={emptyDescriptions[tab]} />
        </View>
      ) : null}

      {list.kind === 'ready' && list.items.length > 0 ? (
        <View className='gy-review__list'>
          {list.items.map((org) => (
            <OrgReviewCard
              key={org.orgId}
              org={org}
              deciding={deciding?.orgId === org.orgId ? deciding.decision : null}
              disabled={deciding !== null}
              onApprove={(target) => void approve(target)}
              onReject={(target) => setRejecting(target)}
            />
          ))}
          {list.nextCursor ? (
            <Button className='gy-review__more' fill='none' loading={list.loadingMore} onClick={() => void loadMore()}>
              加载更多
            </Button>
          ) : (
            <Text className='gy-review__end'>没有更多了</Text>
          )}
        </View>
      ) : null}

      <ReasonDialog
        visible={rejecting !== null}
        title='驳回认证申请'
        subject={rejecting?.name ?? ''}
        hint='请写明需要补充或更正的材料，组织管理员会在工作台看到驳回原因。'
        placeholder='例如：统一社会信用代码与登记证书不一致，请核对后重新提交'
        label='驳回原因'
        emptyMessage='请填写驳回原因，组织管理员会看到它'
        minLength={2}
        maxLength={200}
        confirmText='确认驳回'
        onCancel={() => setRejecting(null)}
        onSubmit={reject}
      />
    </View>
  )
}
