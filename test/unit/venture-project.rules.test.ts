import { seededRandom } from '../../scripts/seeded-random'
import { completionBlocker, currentMilestone, DEFAULT_PLAN, followUpDateBlocker, newProject, splitTranches, submitBlocker, type ProjectDoc } from '../../cloudfunctions/core/venture/project.rules'
import { buildClosedContest } from '../builders/venture-project'

const percents = DEFAULT_PLAN.map((m) => m.percent)

describe('splitTranches', () => {
  test('when an award is split 40/30/30, then the tranches are whole yuan and the last takes the remainder', () => {
    expect(splitTranches(40_000, percents)).toEqual([16_000, 12_000, 12_000])
    expect(splitTranches(33_333, percents)).toEqual([13_333, 9_999, 10_001])
    expect(splitTranches(1, percents)).toEqual([0, 0, 1])
  })

  test('when random awards are split by random plans, then the tranches always sum to the award exactly and none is negative', () => {
    const random = seededRandom(16)
    for (let i = 0; i < 500; i++) {
      const amount = 1 + Math.floor(random() * 1_000_000)
      const a = Math.floor(random() * 60)
      const b = Math.floor(random() * (100 - a))
      const tranches = splitTranches(amount, [a, b, 100 - a - b])
      expect(tranches.reduce((s, t) => s + t, 0)).toBe(amount)
      expect(tranches.every((t) => Number.isInteger(t) && t >= 0)).toBe(true)
    }
  })
})

function project(): ProjectDoc {
  const { contest, entries } = buildClosedContest([{ orgId: 'org-a', orgName: 'A' }])
  return newProject(contest, { ...entries[0], durationMonths: 12 }, { entryId: entries[0]._id, orgId: 'org-a', orgName: 'A', title: 't', field: '为老服务', rank: 1, amountYuan: 30_000 }, '2027-03-01T02:00:00.000Z')
}

describe('milestones', () => {
  test('when a project is created, then its milestones are due one month in, half-way and at the end (Beijing dates)', () => {
    expect(project().milestones.map((m) => [m.name, m.dueDate])).toEqual([['启动', '2027-04-01'], ['中期', '2027-09-01'], ['结项', '2028-03-01']])
  })

  test('when the first milestone is accepted, then the second is current and only it may be submitted', () => {
    const p = project()
    p.milestones[0] = { ...p.milestones[0], status: 'accepted' }
    expect(currentMilestone(p)?.seq).toBe(2)
    expect(submitBlocker(p, 1)).toBe('当前应提交“中期”节点报告')
    expect(submitBlocker(p, 2)).toBeNull()
    p.milestones[1] = { ...p.milestones[1], status: 'returned' }
    expect(submitBlocker(p, 2)).toBeNull()
  })

  test('when closing, then the final acceptance and three follow-ups are both required', () => {
    const p = project()
    p.milestones = p.milestones.map((m) => ({ ...m, status: 'accepted' }))
    const followUp = (i: number) => ({ followUpId: `f${i}`, date: '2027-05-01', method: '电话回访' as const, note: '正常', recordedBy: 'x', recordedAt: '2027-05-01T00:00:00Z' })
    p.followUps = [followUp(1), followUp(2)]
    expect(completionBlocker(p)).toBe('跟踪回访须至少3次（现有2次），不能结项')
    p.followUps.push(followUp(3))
    expect(completionBlocker(p)).toBeNull()
  })

  test('when a follow-up date is outside the cycle, then it is refused; Beijing dates decide', () => {
    const p = project()
    const now = new Date('2027-03-10T17:00:00Z') // 2027-03-11 01:00 in Beijing
    expect(followUpDateBlocker(p, '2027-03-11', now)).toBeNull()
    expect(followUpDateBlocker(p, '2027-03-12', now)).toBe('回访日期不能晚于今天')
    expect(followUpDateBlocker(p, '2027-02-28', now)).toBe('回访日期不能早于项目立项')
  })
})
