/**
 * The demo identities of shared/api.md, seeded by the local stack and offered by the H5 build's
 * 演示身份 switcher. Never used by production code paths.
 */
export interface DemoIdentity {
  openid: string
  label: string
  description: string
}

export const demoIdentities: DemoIdentity[] = [
  { openid: 'demo-resident', label: '居民', description: '灵溪镇居民，未注册志愿者' },
  { openid: 'demo-volunteer', label: '志愿者', description: '已实名注册的志愿者' },
  { openid: 'demo-org-admin', label: '组织管理员', description: '苍南县慈善总会 管理员' },
  { openid: 'demo-org-staff', label: '组织工作人员', description: '苍南县志愿服务中心 工作人员' },
  { openid: 'demo-driver', label: '爱心司机', description: '已通过审核的送考司机' },
  { openid: 'demo-fleet-staff', label: '车队调度', description: '苍南县爱心送考车队 工作人员' },
  { openid: 'demo-platform-admin', label: '平台管理员', description: '县社会组织服务中心' },
]
