import { useRouter } from '@tarojs/taro'
import type { DriverStatus, DriverView } from '../../../../cloudfunctions/core/ride/ride.rules'
import { ReviewQueue } from '../../../components/review-queue'
import { approveDriver, listFleetDrivers } from '../../../services/ride'
import { DriverReviewCard, driverStatusLabels } from './components/driver-review-card'

const tabs: DriverStatus[] = ['pending', 'approved', 'rejected']

const emptyTexts: Record<DriverStatus, { title: string; description: string }> = {
  pending: { title: '暂无待审核的司机', description: '志愿者在「司机报名」选择本车队后，会出现在这里。' },
  approved: { title: '还没有通过审核的司机', description: '通过审核的司机可以登记出车时段、接受派车。' },
  rejected: { title: '暂无未通过的报名', description: '被驳回的报名会出现在这里。' },
}

/** 司机审核 (`?orgId=`): fleet staff approve volunteer drivers, or turn them down with a reason. */
export default function FleetDriversPage() {
  const orgId = decodeURIComponent(useRouter().params.orgId ?? '')
  return (
    <ReviewQueue<DriverView, DriverStatus>
      className='gy-fleet-drivers'
      title='司机审核'
      intro='核对驾驶人姓名、车牌号与行驶证是否一致，座位数不含司机。通过后司机才能登记出车、接受派车。'
      tabs={{ label: '审核状态', items: tabs.map((status) => ({ value: status, label: driverStatusLabels[status] })) }}
      load={async ({ status }) => ({ items: await listFleetDrivers(orgId, status), nextCursor: null })}
      keyOf={(driver) => driver.driverId}
      renderItem={(driver, controls) => (
        <DriverReviewCard driver={driver} deciding={controls.deciding} disabled={controls.disabled} onApprove={controls.approve} onReject={controls.reject} />
      )}
      approval={{
        confirm: (driver) => ({ title: '通过司机报名', content: `确定通过「${driver.realName} ${driver.plateNo}」？通过后可登记出车时段、接受派车。` }),
        decide: (driver, idempotencyKey) => approveDriver(driver.driverId, true, undefined, { idempotencyKey }),
        done: '已通过',
      }}
      rejection={{
        title: '驳回司机报名',
        subject: (driver) => `${driver.realName} · ${driver.plateNo}`,
        hint: '请写明不通过的原因，报名人会看到它，改正后可重新报名。',
        placeholder: '例如：车牌号与行驶证不一致，请核对后重新报名',
        emptyMessage: '请填写驳回原因，报名人会看到它',
        decide: (driver, reason, idempotencyKey) => approveDriver(driver.driverId, false, reason, { idempotencyKey }),
        done: '已驳回',
      }}
      empty={(status) => emptyTexts[status ?? 'pending']}
      errorTitle='司机列表加载失败'
      denied={{ signedOut: '登录后才能审核司机。', forbidden: '仅本车队所属组织的工作人员可以审核司机。', notFound: '车队不存在。' }}
    />
  )
}
