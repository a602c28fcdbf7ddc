/** The service entries shown on 首页 and 服务: where each one lives and how it is introduced. */
export type ServiceKey = 'ride' | 'aid' | 'org' | 'needs' | 'venture'

export interface ServiceEntry {
  key: ServiceKey
  title: string
  /** One character shown in the entry's round icon. */
  glyph: string
  summary: string
  url: string
  /** false while the service is still being built (shown as 即将上线). */
  live: boolean
}

export const serviceEntries: ServiceEntry[] = [
  {
    key: 'ride',
    title: '爱心送考',
    glyph: '送',
    summary: '高考、中考期间，爱心车队免费接送考生往返考场',
    url: '/packages/ride/booking/index',
    live: true,
  },
  {
    key: 'aid',
    title: '救助申请',
    glyph: '助',
    summary: '困难大学新生慈善助学等救助项目的在线申请',
    url: '/packages/aid/apply/index',
    live: true,
  },
  {
    key: 'org',
    title: '组织入驻',
    glyph: '组',
    summary: '社会组织认证入驻，发布志愿活动、审核微心愿',
    url: '/packages/org/register/index',
    live: true,
  },
  {
    key: 'needs',
    title: '需求与资源',
    glyph: '需',
    summary: '各乡镇社区的服务需求清单和可对接的资源清单',
    url: '/packages/needs/index/index',
    live: true,
  },
  {
    key: 'venture',
    title: '公益创投',
    glyph: '创',
    summary: '公益创投大赛：组织报名项目，专家评审，公布资助结果',
    url: '/packages/venture/index/index',
    live: true,
  },
]
