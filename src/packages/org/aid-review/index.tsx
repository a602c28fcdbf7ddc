import { useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Picker } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import { aidStatusLabels, familyStatusLabels, hukouOptions, type AidStatus } from '../../../../cloudfunctions/core/aid/aid.constants'
import type { AidApplicationView, AidProgramView } from '../../../../cloudfunctions/core/aid/aid.schema'
import { pickerPopupProps } from '../../../components/form-field'
import { ReviewQueue } from '../../../components/review-queue'
import { exportAidApproved, listAidPrograms, listAidQueue } from '../../../services/aid'
import { getOrg } from '../../../services/org'
import { pressable } from '../../../utils/a11y'
import { formatDateTime } from '../../../utils/time'
import { toastError } from '../../../utils/toast'
import './index.scss'

type StatusTab = AidStatus | 'all'

const statusTabs: { value: StatusTab; label: string }[] = [
  { value: 'submitted', label: '待审核' },
  { value: 'needs_info', label: '待补充' },
  { value: 'approved', label: '已通过' },
  { value: 'disbursed', label: '已发放' },
  { value: 'rejected', label: '未通过' },
  { value: 'all', label: '全部' },
]

const townshipColumns = [[{ label: '全部乡镇', value: '' }, ...hukouOptions.map((t) => ({ label: t, value: t }))]]

/**
 * 审核队列 (`?programId=&orgId=`): filter by status, tier and township; first submitted first. The
 * decisions (通过 / 驳回 / 需补充) are taken on the application itself, where the evidence is, so
 * the shared queue here lists and opens; every application opened is logged.
 */
export default function AidReviewQueuePage() {
  const { programId = '', orgId = '' } = useRouter().params
  const [program, setProgram] = useState<AidProgramView | null>(null)
  const [isAdmin, setIsAdmin] = useState(false)
  const [tier, setTier] = useState('')
  const [township, setTownship] = useState('')
  const [picker, setPicker] = useState<'township' | 'tier' | null>(null)
  const [exporting, setExporting] = useState(false)
  const [exported, setExported] = useState<{ url: string; fileName: string; count: number; totalYuan: number } | null>(null)

  useDidShow(() => {
    void listAidPrograms().then((all) => setProgram(all.find((p) => p.programId === programId) ?? null), () => undefined)
    if (orgId) void getOrg(orgId).then((org) => setIsAdmin(org.myRole === 'admin'), () => undefined)
  })

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

  const tierColumns = [[{ label: '全部档次', value: '' }, ...(program?.tiers ?? []).map((t) => ({ label: t.label, value: t.code }))]]
  const tierLabel = program?.tiers.find((t) => t.code === tier)?.label

  const header = (
    <>
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
    </>
  )

  const filters = (
    <View className='gy-aid-queue__filters'>
      <Text className='gy-aid-queue__filter' {...pressable({ label: `按档次筛选：${tierLabel ?? '全部档次'}` })} onClick={() => setPicker('tier')}>
        {tierLabel ?? '全部档次'} ▾
      </Text>
      <Text className='gy-aid-queue__filter' {...pressable({ label: `按户籍乡镇筛选：${township || '全部乡镇'}` })} onClick={() => setPicker('township')}>
        {township || '全部乡镇'} ▾
      </Text>
    </View>
  )

  return (
    <>
      <ReviewQueue<AidApplicationView, StatusTab>
        className='gy-aid-queue'
        title={program ? `${program.year}年${program.name}` : '救助申请审核'}
        intro='身份证号已脱敏；打开申请查看证明材料时会记入查阅记录。'
        header={header}
        tabs={{ label: '申请状态', items: statusTabs }}
        filters={filters}
        filterKey={`${tier}|${township}`}
        load={({ status, cursor }) =>
          listAidQueue({ programId, ...(status && status !== 'all' ? { status } : {}), ...(tier ? { tier } : {}), ...(township ? { township } : {}), ...(cursor ? { cursor } : {}) })
        }
        keyOf={(a) => a.applicationId}
        renderItem={(a) => (
          <View
            className='gy-aid-queue__card gy-aid-queue__item'
            {...pressable({ role: 'link', label: `${a.applicant.name}，${aidStatusLabels[a.status]}，打开申请` })}
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
        )}
        empty={() => ({ illustration: 'coming-soon', title: '没有符合条件的申请', description: '换个状态、档次或乡镇看看。' })}
        errorTitle='审核队列加载失败'
        denied={{ signedOut: '请先登录。', forbidden: '仅项目所属组织的工作人员可以审核申请。', notFound: '项目不存在。' }}
      />

      <Picker title='按档次筛选' visible={picker === 'tier'} options={tierColumns} popupProps={pickerPopupProps} value={[tier]} onConfirm={(_o, selected) => setTier(String(selected[0] ?? ''))} onClose={() => setPicker(null)} />
      <Picker title='按户籍乡镇筛选' visible={picker === 'township'} options={townshipColumns} popupProps={pickerPopupProps} value={[township]} onConfirm={(_o, selected) => setTownship(String(selected[0] ?? ''))} onClose={() => setPicker(null)} />
    </>
  )
}
