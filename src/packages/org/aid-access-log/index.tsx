import { useCallback, useState } from 'react'
import { useDidShow, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { AidAccessView } from '../../../../cloudfunctions/core/aid/aid.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { listAidAccessLog } from '../../../services/aid'
import { isCloudError } from '../../../services/cloud'
import { formatDateTime } from '../../../utils/time'
import { messageOf, toastError } from '../../../utils/toast'
import './index.scss'

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; items: AidAccessView[]; nextCursor: string | null }
  | { kind: 'denied'; reason: AccessDeniedReason }
  | { kind: 'error'; message: string }

const viaLabels: Record<AidAccessView['via'], string> = { get: '查看详情', queue: '审核队列', export: '导出名单' }

/** 查阅记录 (`?programId=`, the programme's admin): who read which application when, newest first. */
export default function AidAccessLogPage() {
  const programId = useRouter().params.programId ?? ''
  const [state, setState] = useState<State>({ kind: 'loading' })

  const load = useCallback(
    async (cursor?: string) => {
      try {
        const page = await listAidAccessLog(programId, cursor)
        setState((previous) => ({ kind: 'ready', items: cursor && previous.kind === 'ready' ? [...previous.items, ...page.items] : page.items, nextCursor: page.nextCursor }))
      } catch (error) {
        if (cursor) return toastError(error)
        const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
        setState(reason ? { kind: 'denied', reason } : { kind: 'error', message: messageOf(error) })
      }
    },
    [programId],
  )

  useDidShow(() => {
    void load()
  })

  if (state.kind === 'loading') return <View className='gy-page gy-aid-log'><PageLoading skeletons={['member-list']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-aid-log'><PageError title='查阅记录加载失败' message={state.message} onRetry={() => { setState({ kind: 'loading' }); void load() }} /></View>
  if (state.kind === 'denied') return <View className='gy-page gy-aid-log'><View className='gy-aid-log__card'><AccessDenied reason={state.reason} description='查阅记录仅项目所属组织的管理员可以查看。' /></View></View>

  return (
    <View className='gy-page gy-aid-log'>
      <View className='gy-aid-log__card'>
        <Text className='gy-aid-log__title'>查阅记录</Text>
        <Text className='gy-aid-log__lead'>审核人员每次查看申请（含审核队列和导出名单）都会记录在此，记录不可修改。</Text>
        {state.items.length === 0 ? <EmptyState illustration='coming-soon' title='暂无查阅记录' description='审核人员查看申请后会记录在这里。' /> : null}
        {state.items.map((entry, index) => (
          <View key={`${entry.at}-${index}`} className='gy-aid-log__row'>
            <Text className='gy-aid-log__who'>
              {entry.viewerName} · {viaLabels[entry.via]}
            </Text>
            <Text className='gy-aid-log__what'>
              {entry.applicantName} · {formatDateTime(entry.at)}
            </Text>
          </View>
        ))}
        {state.nextCursor ? (
          <Button className='gy-aid-log__more' fill='none' onClick={() => void load(state.nextCursor ?? undefined)}>
            加载更多
          </Button>
        ) : null}
      </View>
    </View>
  )
}
