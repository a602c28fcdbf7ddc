/** A valid 发布需求 form for `orgId` (leave it out for the platform admin). */
export const buildNeedInput = (overrides: Record<string, unknown> = {}) => ({
  township: '宜山镇',
  community: '宜山社区',
  field: '为老服务',
  beneficiaries: '社区独居老人',
  beneficiaryCount: 20,
  content: '老人需要每周一次上门陪伴和血压测量。',
  ...overrides,
})

/** A valid 设计项目 form of `orgId` answering `needIds`. */
export const buildProjectInput = (orgId: string, needIds: string[], overrides: Record<string, unknown> = {}) => ({
  orgId,
  needIds,
  title: '银龄陪伴计划',
  goals: '一年内为社区独居老人提供每周一次的陪伴和健康监测。',
  plan: '招募志愿者二十名，分组结对，每周上门一次，每月组织一次集体活动。',
  budgetLines: [
    { item: '志愿者培训', amountYuan: 3000 },
    { item: '血压计与耗材', amountYuan: 2000 },
  ],
  team: [
    { role: '项目主管', count: 1 },
    { role: '志愿者', count: 20 },
  ],
  durationMonths: 12,
  ...overrides,
})

/** A valid 资源清单 entry. */
export const buildResourceInput = (overrides: Record<string, unknown> = {}) => ({
  provider: { name: '苍南县宜山镇中心卫生院', kind: 'department' },
  offers: ['venue', 'professional_service'],
  township: '宜山镇',
  description: '每月一次义诊，可提供50人会议室。',
  contact: { name: '陈医生', phone: '13967712345' },
  ...overrides,
})
