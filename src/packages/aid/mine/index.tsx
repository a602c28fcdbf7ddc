import { useCallback, useState } from 'react'
import Taro, { usePullDownRefresh, useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import { aidEventLabels, aidStatusLabels } from '../../../../cloudfunctions/core/aid/aid.constants'
import type { AidApplicationView } from '../../../../cloudfunctions/core/aid/aid.schema'
import { AccessDenied } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { useCurrentUser } from '../../../hooks/use-current-user'
import { listMyAidApplications, updateAidApplication, withdrawAidApplication } from '../../../services/aid'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import { formatDateTime } from '../../../utils/time'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { AttachmentPicker } from '../components/attachment-picker'
import './index.scss'

/** Whose words a trail entry's reason is: the applicant's note, a reviewer's opinion, or the payment and purge notes as they are. */
const reasonPrefix = (event: AidApplicationView['timeline'][number]) =>
  event.role === 'applicant' ? '我的说明：' : event.role === 'reviewer' ? '审核意见：' : ''

type State = { kind: 'loading' } | { kind: 'ready'; items: AidApplicationView[] } | { kind: 'signedOut' } | { kind: 'error'; message: string }

/** 我的申请: each application's status over time with every decision's reason; withdraw while undecided; answer 需补充材料. */
export default function MyAidApplicationsPage() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [busy, setBusy] = useState<string | null>(null)
  const currentUser = useCurrentUser()

  const load = useCallback(async () => {
    try {
      setState({ kind: 'ready', items: await listMyAidApplications() })
    } catch (error) {
      if (isCloudError(error) && error.code === 'UNAUTHENTICATED') setState({ kind: 'signedOut' })
      else setState({ kind: 'error', message: messageOf(error) })
    }
  }, [])

  useDidShow(() => {
    void load()
    void currentUser.refresh()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const withdraw = async (application: AidApplicationView) => {
    const { confirm } = await Taro.showModal({
      title: '撤回申请',
      content: `确定撤回「${application.programName}」的申请？撤回后审核不再进行，如需申请须重新填写。`,
      confirmText: '撤回',
      confirmColor: '#d93026',
    })
    if (!confirm) return
    setBusy(application.applicationId)
    try {
      await withdrawAidApplication(application.applicationId, { idempotencyKey: createIdempotencyKey() })
      toastSuccess('已撤回')
      await load()
    } catch (error) {
      toastError(error)
      void load()
    } finally {
      setBusy(null)
    }
  }

  if (state.kind === 'loading') return <View className='gy-page gy-aid-mine'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-aid-mine'><PageError title='我的申请加载失败' message={state.message} onRetry={() => { setState({ kind: 'loading' }); void load() }} /></View>
  if (state.kind === 'signedOut') {
    return (
      <View className='gy-page gy-aid-mine'>
        <View className='gy-aid-mine__card'>
          <AccessDenied reason='signedOut' description='登录后才能查看你的救助申请。' />
        </View>
      </View>
    )
  }

  return (
    <View className='gy-page gy-aid-mine'>
      {state.items.length === 0 ? (
        <View className='gy-aid-mine__card'>
          <EmptyState illustration='coming-soon' title='还没有申请' description='在「救助申请」中选择项目并提交申请后，进度会显示在这里。'>
            <Button className='gy-aid-mine__go' type='primary' size='small' onClick={() => void Taro.navigateTo({ url: '/packages/aid/apply/index' })}>
              去申请
            </Button>
          </EmptyState>
        </View>
      ) : null}
      {state.items.map((application) => (
        <View key={application.applicationId} className={`gy-aid-mine__card gy-aid-mine__application gy-aid-mine__application--${application.status}`}>
          <View className='gy-aid-mine__head'>
            <Text className='gy-aid-mine__name'>{application.programName}</Text>
            <Text className={`gy-aid-mine__status gy-aid-mine__status--${application.status}`}>{aidStatusLabels[application.status]}</Text>
          </View>
          <Text className='gy-aid-mine__meta'>
            {application.applicant.name} · {application.applicant.idCardNo} · {application.tierLabel}
            {application.amountYuan ? ` · 资助 ¥${application.amountYuan.toLocaleString('en-US')}` : ''}
          </Text>
          <View className='gy-aid-mine__timeline'>
            {application.timeline.map((event, index) => (
              <View key={index} className={`gy-aid-mine__event gy-aid-mine__event--${event.kind}`}>
                <Text className='gy-aid-mine__event-title'>
                  {aidEventLabels[event.kind] ?? event.kind}
                  <Text className='gy-aid-mine__event-at'> {formatDateTime(event.at)}</Text>
                </Text>
                {event.reason ? <Text className='gy-aid-mine__event-reason'>{reasonPrefix(event)}{event.reason}</Text> : null}
              </View>
            ))}
          </View>
          {application.canUpdate ? (
            <SupplementPanel application={application} openid={currentUser.user?.openid ?? null} onDone={() => void load()} />
          ) : null}
          {application.canWithdraw ? (
            <Button className='gy-aid-mine__withdraw' size='small' fill='outline' disabled={busy !== null} onClick={() => void withdraw(application)}>
              撤回申请
            </Button>
          ) : null}
        </View>
      ))}
    </View>
  )
}

interface SupplementPanelProps {
  application: AidApplicationView
  openid: string | null
  onDone: () => void
}

/** 补充材料: more uploads and a note to the reviewer; the application goes back to the queue. */
function SupplementPanel({ application, openid, onDone }: SupplementPanelProps) {
  const [note, setNote] = useState('')
  const [added, setAdded] = useState<string[]>([])
  const [error, setError] = useState('')
  const [sending, setSending] = useState(false)

  const send = async () => {
    const text = note.trim()
    if (text.length < 2) {
      setError('请写明补充了什么（2–200个字）')
      return
    }
    setSending(true)
    setError('')
    try {
      const existing = application.attachments.map((a) => a.fileId)
      await updateAidApplication(
        { applicationId: application.applicationId, note: text, ...(added.length ? { attachmentFileIds: [...existing, ...added] } : {}) },
        { idempotencyKey: createIdempotencyKey() },
      )
      toastSuccess('已补充，等待审核')
      onDone()
    } catch (failure) {
      setError(messageOf(failure))
    } finally {
      setSending(false)
    }
  }

  return (
    <View className='gy-aid-mine__supplement'>
      <Text className='gy-aid-mine__supplement-title'>补充材料</Text>
      <AttachmentPicker programId={application.programId} openid={openid} fileIds={added} onChange={setAdded} />
      <TextArea className='gy-aid-mine__note' placeholder='写给审核人员：补充了哪些材料或说明' maxLength={200} showCount value={note} onChange={setNote} />
      {error ? <Text className='gy-aid-mine__error'>{error}</Text> : null}
      <Button className='gy-aid-mine__send' type='primary' size='small' disabled={sending} onClick={() => void send()}>
        {sending ? '提交中…' : '提交补充材料'}
      </Button>
    </View>
  )
}
