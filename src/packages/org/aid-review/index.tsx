import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Picker } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import { aidStatusLabels, familyStatusLabels, hukouOptions, type AidStatus } from '../../../../cloudfunctions/core/aid/aid.constants'
import type { AidApplicationView, AidProgramView } from '../../../../cloudfunctions/core/aid/aid.schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { pickerPopupProps } from '../../../components/form-field'
import { PageError, PageLoading } from '../../../components/page-state'
import { exportAidApproved, listAidPrograms, listAidQueue } from '../../../services/aid'
import { isCloudError } from '../../../services/cloud'
import { getOrg } from '../../../services/org'
import { formatDateTime } from '../../../utils/time'
import { messageOf, toastError } from '../../../utils/toast'
import './index.scss'

type ListState =
  | { kind: 'loading' }
  | { kind: 'ready'; items: AidApplicationView[]; nextCursor: string | null; loadingMore: boolean }
  | { kind: 'denied'; reason: AccessDeniedReason }
  | { kind: 'error'; message: string }

const statusTabs: { value: AidStatus | ''; label: string }[] = [
  { value: 'submitted', label: '待审核' },
  { value: 'needs_info', label: '待补充' },
  { value: 'approved', label: '已通过' },
  { value: 'disbursed', label: '已发放' },
  { value: 'rejected', label: '未通过' },
  { value: '', label: '全部' },
]

const townshipColumns = [[{ label: '全部乡镇', value: '' }, ...hukouOptions.map((t) => ({ label: t, value: t }))]]

/** 审核队列 (`?programId=&orgId=`): filter by status, tier and township; first submitted first. Every application shown is logged. */
export default function AidReviewQueuePage() {
  const { programId = '', orgId = '' } = useRouter().params
  const [program, setProgram] = useState<AidProgramView | null>(null)
  const [isAdmin, setIsAdmin] = useState(false)
  const [status, setStatus] = useState<AidStatus | ''>('submitted')
  const [tier, setTier] = useState('')
  const [township, setTownship] = useState('')
  const [picker, setPicker] = useState<'township' | 'tier' | null>(null)
  const [list, setList] = useState<ListState>({ kind: 'loading' })
  const [exporting, setExporting] = useState(false)
  const [exported, setExported] = useState<{ url: string; fileName: string; count: number; totalYuan: number } | null>(null)
  const latest = useRef(0)
  const filters = useRef({ status, tier, township })
  filters.current = { status, tier, township }

  const load = useCallback(
    async (cursor?: string) => {
      const ticket = cursor ? latest.current : ++latest.current
      const f = filters.current
      try {
        const page = await listAidQueue({ programId, ...(f.status ? { status: f.status } : {}), ...(f.tier ? { tier: f.tier } : {}), ...(f.township ? { township: f.township } : {}), ...(cursor ? { cursor } : {}) })
        if (ticket !== latest.current) return
        setList((previous) => ({
          kind: 'ready',
          items: cursor && previous.kind === 'ready' ? [...previous.items, ...page.items] : page.items,
          nextCursor: page.nextCursor,
          loadingMore: false,
        }))
      } catch (error) {
        if (ticket !== latest.current) return
        const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
        setList(reason ? { kind: 'denied', reason } : { kind: 'error', message: messageOf(error) })
      }
    },
    [programId],
  )

  useDidShow(() => {
    void load()
    void listAidPrograms().then((all) => setProgram(all.find((p) => p.programId === programId) ?? null), () => undefined)
    if (orgId) void getOrg(orgId).then((org) => setIsAdmin(org.myRole === 'admin'), () => undefined)
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    if (list.kind === 'ready' && list.nextCursor && !list.loadingMore) {
      setList({ ...list, loadingMore: true })
      void load(list.nextCursor)
    }
  })

  const refilter = (patch: Partial<typeof filters.current>) => {
    filters.current = { ...filters.current, ...patch }
    if (patch.status !== undefined) setStatus(patch.status)
    if (patch.tier !== undefined) setTier(patch.tier)
    if (patch.township !== undefined) setTownship(patch.township)
    setList({ kind: 'loading' })
    void load()
  }

  const exportList = async () => {
    setExporting(true)
    try {
      const result = await exportAidApproved(programId)
      setExported(result)
      if (process.env.TARO_ENV === 'weapp') {
        const { tempFilePath } = await Taro.downloadFile({ url: result.url })
        await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true })
      }
    } catch (error) {
      toastError(error)
    } finally {
      setExporting(false)
    }
  }

  if (list.kind === 'denied') {
    return (
      <View className='gy-page gy-aid-queue'>
        <View className='gy-aid-queue__card'>
          <AccessDenied reason={list.reason} description='仅项目所属组织的工作人员可以审核申请。' />
        </View>
      </View>
    )
  }

  const tierColumns = [[{ label: '全部档次', value: '' }, ...(program?.tiers ?? []).map((t) => ({ label: t.label, value: t.code }))]]
  const tierLabel = program?.tiers.find((t) => t.code === tier)?.label

  return (
    <View className='gy-page gy-aid-queue'>
      <View className='gy-aid-queue__intro'>
        <Text className='gy-aid-queue__title'>{program ? `${program.year}年${program.name}` : '救助申请审核'}</Text>
        <Text className='gy-aid-queue__lead'>身份证号已脱敏；打开申请查看证明材料时会记入查阅记录。</Text>
        {isAdmin ? (
          <Button className='gy-aid-queue__export' size='small' type='primary' fill='outline' disabled={exporting} onClick={() => void exportList()}>
            {exporting ? '正在导出…' : '导出发放名单（Excel）'}
          </Button>
        ) : null}
        {exported ? (
          <View className='gy-aid-queue__exported'>
            <Text className='gy-aid-queue__exported-text'>
              已导出 {exported.count} 人，合计 ¥{exported.totalYuan.toLocaleString('en-US')}（{exported.fileName}）
            </Text>
            {process.env.TARO_ENV === 'h5' ? (
              <Text className='gy-aid-queue__exported-link' onClick={() => window.open(exported.url, '_blank')}>
                下载文件
              </Text>
            ) : null}
          </View>
        ) : null}
      </View>

      <View className='gy-aid-queue__tabs'>
        {statusTabs.map((tab) => (
          <Text key={tab.label} className={`gy-aid-queue__tab${status === tab.value ? ' gy-aid-queue__tab--active' : ''}`} onClick={() => refilter({ status: tab.value })}>
            {tab.label}
          </Text>
        ))}
      </View>
      <View className='gy-aid-queue__filters'>
        <Text className='gy-aid-queue__filter' onClick={() => setPicker('tier')}>
          {tierLabel ?? '全部档次'} ▾
        </Text>
        <Text className='gy-aid-queue__filter' onClick={() => setPicker('township')}>
          {township || '全部乡镇'} ▾
        </Text>
      </View>

      {list.kind === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}
      {list.kind === 'error' ? <PageError title='审核队列加载失败' message={list.message} onRetry={() => { setList({ kind: 'loading' }); void load() }} /> : null}
      {list.kind === 'ready' && list.items.length === 0 ? (
        <View className='gy-aid-queue__card'>
          <EmptyState illustration='coming-soon' title='没有符合条件的申请' description='换个状态、档次或乡镇看看。' />
        </View>
      ) : null}
      {list.kind === 'ready'
        ? list.items.map((a) => (
            <View
              key={a.applicationId}
              className='gy-aid-queue__card gy-aid-queue__item'
              onClick={() => void Taro.navigateTo({ url: `/packages/org/aid-application/index?applicationId=${encodeURIComponent(a.applicationId)}&orgId=${encodeURIComponent(orgId)}` })}
            >
              <View className='gy-aid-queue__item-head'>
                <Text className='gy-aid-queue__name'>{a.applicant.name}</Text>
                <Text className={`gy-aid-queue__status gy-aid-queue__status--${a.status}`}>{aidStatusLabels[a.status]}</Text>
              </View>
              <Text className='gy-aid-queue__meta'>
                {a.applicant.idCardNo} · {a.applicant.hukouTownship} · {a.applicant.university}
              </Text>
              <Text className='gy-aid-queue__meta'>
                {a.tierLabel} · {familyStatusLabels[a.applicant.familyStatus]} · {a.attachmentCount}个附件 · 提交于 {formatDateTime(a.submittedAt)}
              </Text>
            </View>
          ))
        : null}
      {list.kind === 'ready' && list.nextCursor ? (
        <Button className='gy-aid-queue__more' fill='none' loading={list.loadingMore} onClick={() => { setList({ ...list, loadingMore: true }); void load(list.nextCursor ?? undefined) }}>
          加载更多
        </Button>
      ) : null}

      <Picker title='按档次筛选' visible={picker === 'tier'} options={tierColumns} popupProps={pickerPopupProps} value={[tier]} onConfirm={(_o, selected) => refilter({ tier: String(selected[0] ?? '') })} onClose={() => setPicker(null)} />
      <Picker title='按户籍乡镇筛选' visible={picker === 'township'} options={townshipColumns} popupProps={pickerPopupProps} value={[township]} onConfirm={(_o, selected) => refilter({ township: String(selected[0] ?? '') })} onClose={() => setPicker(null)} />
    </View>
  )
}
