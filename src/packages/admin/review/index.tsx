import { orgStatusLabels, type OrgStatus } from '../../../../cloudfunctions/core/org/org.constants'
import type { OrgView } from '../../../../cloudfunctions/core/org/org.schema'
import { ReviewQueue } from '../../../components/review-queue'
import { listOrgs, verifyOrg } from '../../../services/org'
import { OrgReviewCard } from './components/org-review-card'

const tabs: OrgStatus[] = ['pending', 'verified', 'rejected']

const emptyTexts: Record<OrgStatus, { title: string; description: string }> = {
  pending: { title: '暂无待审核的组织', description: '新的组织入驻申请会出现在这里。' },
  verified: { title: '暂无已认证的组织', description: '通过认证的组织会出现在这里。' },
  rejected: { title: '暂无未通过的组织', description: '被驳回的申请会出现在这里。' },
}

/** 平台管理 · 组织认证: the platform admin approves or rejects organizations waiting for verification. */
export default function AdminReviewPage() {
  return (
    <ReviewQueue<OrgView, OrgStatus>
      className='gy-review'
      title='组织认证'
      intro='核对组织名称、统一社会信用代码与登记证书是否一致，社区社会组织核对备案社区。'
      tabs={{ label: '认证状态', items: tabs.map((status) => ({ value: status, label: orgStatusLabels[status] })) }}
      load={({ status, cursor }) => listOrgs({ status, ...(cursor ? { cursor } : {}) })}
      keyOf={(org) => org.orgId}
      renderItem={(org, controls) => (
        <OrgReviewCard org={org} deciding={controls.deciding} disabled={controls.disabled} onApprove={controls.approve} onReject={controls.reject} />
      )}
      approval={{
        confirm: (org) => ({ title: '通过认证', content: `确定通过「${org.name}」的认证？通过后该组织即可发布活动、审核微心愿。` }),
        decide: (org, idempotencyKey) => verifyOrg({ orgId: org.orgId, approve: true }, { idempotencyKey }),
        done: '已通过认证',
      }}
      rejection={{
        title: '驳回认证申请',
        subject: (org) => org.name,
        hint: '请写明需要补充或更正的材料，组织管理员会在工作台看到驳回原因。',
        placeholder: '例如：统一社会信用代码与登记证书不一致，请核对后重新提交',
        emptyMessage: '请填写驳回原因，组织管理员会看到它',
        decide: (org, reason, idempotencyKey) => verifyOrg({ orgId: org.orgId, approve: false, reason }, { idempotencyKey }),
        done: '已驳回',
      }}
      empty={(status) => emptyTexts[status ?? 'pending']}
      errorTitle='列表加载失败'
      denied={{
        signedOut: '请先登录平台管理员账号。',
        forbidden: '仅县社会组织服务中心（平台管理员）可以审核组织认证',
        notFound: '页面不存在。',
      }}
    />
  )
}
