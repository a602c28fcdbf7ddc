import { budgetTotalYuan, countOpenNeeds, teamSize, toNeedView, unanswerableNeeds } from '../../cloudfunctions/core/needs/needs.rules'
import type { NeedDoc } from '../../cloudfunctions/core/needs/needs.store'

const need = (overrides: Partial<NeedDoc>): NeedDoc => ({
  _id: 'n', orgId: null, township: '灵溪镇', community: '城东社区', field: '为老服务', beneficiaries: '独居老人', beneficiaryCount: 3, content: '需要上门陪伴。',
  status: 'open', projectCount: 0, postedBy: 'x', createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', ...overrides,
})

describe('needs rules', () => {
  test('when a budget and a team are summed, then every line counts once', () => {
    expect(budgetTotalYuan([{ amountYuan: 3000 }, { amountYuan: 2500 }])).toBe(5500)
    expect(teamSize([{ count: 1 }, { count: 20 }])).toBe(21)
  })

  test('when needs are missing or closed, then they are named; when all are open, then null', () => {
    const found = [need({ _id: 'a' }), need({ _id: 'b', status: 'closed' })]
    expect(unanswerableNeeds(['a', 'b', 'c'], found)).toEqual({ missing: ['c'], closed: ['b'] })
    expect(unanswerableNeeds(['a'], found)).toBeNull()
  })

  test('when open needs are counted, then by township in the county order and by field, closed ones left out', () => {
    const counts = countOpenNeeds([
      need({ township: '钱库镇', field: '应急救援' }),
      need({ township: '灵溪镇', field: '健康服务' }),
      need({ township: '灵溪镇', field: '为老服务' }),
      need({ township: '灵溪镇', field: '为老服务' }),
      need({ township: '马站镇', status: 'closed' }),
    ])
    expect(counts).toEqual({
      openTotal: 4,
      openByTownship: [
        { township: '灵溪镇', total: 3, byField: { 为老服务: 2, 健康服务: 1 } },
        { township: '钱库镇', total: 1, byField: { 应急救援: 1 } },
      ],
    })
    expect(Object.keys(counts.openByTownship[0]?.byField ?? {})).toEqual(['为老服务', '健康服务'])
  })

  test('when a stored need holds a phone number (written before the check), then its public view hides it', () => {
    const view = toNeedView(need({ content: '联系 13812345678 王阿姨' }), null)
    expect(view.content).not.toContain('13812345678')
    expect(view.content).toContain('（号码已隐藏）')
  })
})
