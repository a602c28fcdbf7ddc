import { useCallback, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import { aidDecisionLabels, aidEventLabels, aidStatusLabels, familyStatusLabels, type AidDecision } from '../../../../cloudfunctions/core/aid/aid.constants'
import type { AidApplicationView } from '../../../../cloudfunctions/core/aid/aid.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { PageError, PageLoading } from '../../../components/page-state'
import { ReasonDialog } from '../../../components/reason-dialog'
import { disburseAid, getAidApplication, reviewAidApplication } from '../../../services/aid'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import { getOrg } from '../../../services/org'
import { formatDateTime } from '../../../utils/time'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { previewImage } from '../../../utils/preview-image'
import './index.scss'

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; application: AidApplicationView }
  | { kind: 'denied'; reason: AccessDeniedReason }
  | { kind: 'error'; message: string }

const decisionHints: Record<AidDecision, { title: string; hint: string; placeholder: string; confirm: string }> = {
  approve: { title: '通过申请', hint: '通过后按所选档次确定资助金额，申请人会在「我的申请」中看到审核意见。', placeholder: '例如：材料齐全，符合低保家庭档次', confirm: '确认通过' },
  needs_info: { title: '要求补充材料', hint: '写明需要补充的材料，申请人补充后申请会回到待审核队列。', placeholder: '例如：请补充街道出具的低保证明', confirm: '发送' },
  reject: { title: '不通过', hint: '写明不通过的原因，申请人会看到它。', placeholder: '例如：录取院校不属于普通高等院校', confirm: '确认不通过' },
}

/** 申请详情 (reviewers): the application with short-lived links to its attachments, the trail, and the decision buttons. Each open is logged. */
export default function AidApplicationReviewPage() {
  const { applicationId = '', orgId = '' } = useRouter().params
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [isAdmin, setIsAdmin] = useState(false)
  const [deciding, setDeciding] = useState<AidDecision | null>(null)
  const [reference, setReference] = useState('')
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    try {
      const application = await getAidApplication(applicationId)
      setState({ kind: 'ready', application })
      void getOrg(orgId || application.orgId).then((org) => setIsAdmin(org.myRole === 'admin'), () => undefined)
    } catch (error) {
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      setState(reason ? { kind: 'denied', reason } : { kind: 'error', message: messageOf(error) })
    }
  }, [applicationId, orgId])

  useDidShow(() => {
    void load()
  })

  if (state.kind === 'loading') return <View className='gy-page gy-aid-app'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (state.kind === 'error') return <View className='gy-page gy-aid-app'><PageError title='申请加载失败' message={state.message} onRetry={() => { setState({ kind: 'loading' }); void load() }} /></View>
  if (state.kind === 'denied') return <View className='gy-page gy-aid-app'><View className='gy-aid-app__card'><AccessDenied reason={state.reason} description='只有申请人和项目审核人员可以查看申请。' /></View></View>

  const a = state.application

  const decide = async (reason: string): Promise<string | null> => {
    if (!deciding) return null
    try {
      const application = await reviewAidApplication(a.applicationId, deciding, reason, { idempotencyKey: createIdempotencyKey() })
      setState({ kind: 'ready', application })
      setDeciding(null)
      toastSuccess(`已${aidDecisionLabels[deciding]}`)
      return null
    } catch (error) {
      if (isCloudError(error) && error.code === 'INVALID_ARGUMENT') return error.fieldMessages().reason ?? error.message
      if (isCloudError(error) && error.code === 'INVALID_STATE') {
        setDeciding(null)
        toastError(error)
        void load()
        return null
      }
      return messageOf(error)
    }
  }

  const disburse = async () => {
    const ref = reference.trim()
    if (ref.length < 4) {
      void Taro.showToast({ title: '请填写发放凭证号（至少4个字符）', icon: 'none' })
      return
    }
    const { confirm } = await Taro.showModal({
      title: '登记发放',
      content: `确认已向 ${a.applicant.name} 发放 ¥${(a.amountYuan ?? 0).toLocaleString('en-US')}，凭证号 ${ref}？登记后不能撤销。`,
      confirmText: '确认发放',
    })
    if (!confirm) return
    setBusy(true)
    try {
      setState({ kind: 'ready', application: await disburseAid(a.applicationId, ref, { idempotencyKey: createIdempotencyKey() }) })
      toastSuccess('已登记发放')
    } catch (error) {
      toastError(error)
    } finally {
      setBusy(false)
    }
  }

  const rows: [string, string][] = [
    ['身份证号', a.applicant.idCardNo],
    ['手机号', a.applicant.phone],
    ['户籍', a.applicant.hukouTownship],
    ['录取院校', `${a.applicant.university}（${a.applicant.admissionYear}年录取）`],
    ['结对助学', a.applicant.inPairedSponsorship ? '已在结对助学中' : '否'],
    ['家庭情况', familyStatusLabels[a.applicant.familyStatus]],
    ['资助档次', a.tierLabel],
    ...(a.amountYuan ? ([['资助金额', `¥${a.amountYuan.toLocaleString('en-US')}`]] as [string, string][]) : []),
    ['同意书', `版本 ${a.consent.version}，${formatDateTime(a.consent.agreedAt)} 单独同意`],
  ]

  return (
    <View className='gy-page gy-aid-app'>
      <View className='gy-aid-app__card'>
        <View className='gy-aid-app__head'>
          <Text className='gy-aid-app__name'>{a.applicant.name}</Text>
          <Text className={`gy-aid-app__status gy-aid-app__status--${a.status}`}>{aidStatusLabels[a.status]}</Text>
        </View>
        <Text className='gy-aid-app__program'>{a.programName}</Text>
        {rows.map(([label, value]) => (
          <View key={label} className='gy-aid-app__row'>
            <Text className='gy-aid-app__label'>{label}</Text>
            <Text className='gy-aid-app__value'>{value}</Text>
          </View>
        ))}
        <Text className='gy-aid-app__section'>申请说明</Text>
        <Text className='gy-aid-app__statement'>{a.statement}</Text>
        <Text className='gy-aid-app__section'>证明材料（链接10分钟内有效）</Text>
        {a.purged ? <Text className='gy-aid-app__muted'>保留期届满，证明材料已删除。</Text> : null}
        <View className='gy-aid-app__files'>
          {a.attachments.map((file, index) =>
            file.url ? (
              <Image
                key={file.fileId}
                className='gy-aid-app__file'
                src={file.url}
                mode='aspectFill'
                onClick={() => previewImage({ urls: a.attachments.map((f) => f.url ?? '').filter(Boolean), current: file.url ?? '' })}
              />
            ) : (
              <Text key={file.fileId} className='gy-aid-app__muted'>附件 {index + 1} 暂不可查看</Text>
            ),
          )}
        </View>
      </View>

      {a.status === 'submitted' ? (
        <View className='gy-aid-app__card gy-aid-app__decisions'>
          <Button className='gy-aid-app__approve' type='primary' disabled={busy} onClick={() => setDeciding('approve')}>
            通过
          </Button>
          <Button className='gy-aid-app__needs-info' type='warning' fill='outline' disabled={busy} onClick={() => setDeciding('needs_info')}>
            需补充材料
          </Button>
          <Button className='gy-aid-app__reject' type='danger' fill='outline' disabled={busy} onClick={() => setDeciding('reject')}>
            不通过
          </Button>
        </View>
      ) : null}

      {a.status === 'approved' && isAdmin ? (
        <View className='gy-aid-app__card'>
          <Text className='gy-aid-app__section'>登记发放</Text>
          <Input className='gy-aid-app__reference' placeholder='银行转账或财务凭证号' maxLength={64} value={reference} onChange={setReference} />
          <Button className='gy-aid-app__disburse' type='primary' disabled={busy} onClick={() => void disburse()}>
            登记发放
          </Button>
        </View>
      ) : null}

      <View className='gy-aid-app__card'>
        <Text className='gy-aid-app__section'>处理记录</Text>
        {a.timeline.map((event, index) => (
          <View key={index} className='gy-aid-app__event'>
            <Text className='gy-aid-app__event-title'>
              {aidEventLabels[event.kind] ?? event.kind} · {formatDateTime(event.at)}
            </Text>
            {event.reason ? <Text className='gy-aid-app__event-reason'>{event.reason}</Text> : null}
          </View>
        ))}
      </View>

      <ReasonDialog
        visible={deciding !== null}
        title={deciding ? decisionHints[deciding].title : ''}
        subject={`${a.applicant.name} · ${a.tierLabel}`}
        hint={deciding ? decisionHints[deciding].hint : ''}
        placeholder={deciding ? decisionHints[deciding].placeholder : ''}
        label='理由'
        emptyMessage='请填写理由，申请人会看到它'
        minLength={2}
        maxLength={200}
        confirmText={deciding ? decisionHints[deciding].confirm : '确定'}
        onCancel={() => setDeciding(null)}
        onSubmit={decide}
      />
    </View>
  )
}
