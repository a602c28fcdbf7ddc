/** A valid 公益创投 contest: entries open from an hour ago for a day; two rounds (初审 online, 复审 roadshow). */
export const buildContestInput = (overrides: Record<string, unknown> = {}, now = Date.now()) => ({
  name: '2027年苍南县公益创投大赛',
  year: 2027,
  budgetYuan: 400_000,
  minYuan: 10_000,
  maxYuan: 50_000,
  opensAt: new Date(now - 3600_000).toISOString(),
  closesAt: new Date(now + 24 * 3600_000).toISOString(),
  rounds: [
    { name: '初审', mode: 'online', criteria: [{ name: '需求分析', weight: 30 }, { name: '项目设计', weight: 40 }, { name: '团队能力', weight: 30 }], advanceCount: 2 },
    { name: '复审', mode: 'roadshow', criteria: [{ name: '路演表现', weight: 50 }, { name: '可行性', weight: 50 }], advanceCount: 2 },
  ],
  ...overrides,
})

/** A valid entry: ¥30,000 in two budget lines. */
export const buildEntryInput = (contestId: string, orgId: string, overrides: Record<string, unknown> = {}) => ({
  contestId,
  orgId,
  title: '银龄互助·居家养老陪伴计划',
  field: '为老服务',
  summary: '为灵溪镇独居老人提供每周上门陪伴、健康监测和应急呼叫服务，培育低龄老人互助小组。',
  requestedYuan: 30_000,
  budgetLines: [{ item: '志愿者培训', yuan: 10_000 }, { item: '上门服务物资', yuan: 20_000 }],
  team: [{ name: '林晓燕', role: '项目负责人' }, { name: '陈志明', role: '社工督导' }],
  durationMonths: 12,
  ...overrides,
})
