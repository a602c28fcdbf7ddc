import { fireEvent, render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { RoleEntries } from '../../src/pages/mine/components/role-entries'
import { resetTaroMock } from '../mocks/taro'
import { buildUserView, click } from './support'

const volunteer = { realName: '陈志杰', township: '灵溪镇', skills: [], idCardNo: null, registeredAt: '2026-03-01T01:00:00.000Z' }

describe('RoleEntries (我的, by role)', () => {
  beforeEach(() => resetTaroMock())

  it('when the caller is a plain resident, then only their own records and the ways into an organization show', () => {
    const { container } = render(<RoleEntries user={buildUserView()} />)

    expect(container).toHaveTextContent('我的心愿')
    expect(container).toHaveTextContent('送考预约')
    expect(container).toHaveTextContent('我的申请')
    expect(container).not.toHaveTextContent('服务时长')
    expect(container).not.toHaveTextContent('平台管理')
    expect(container.querySelectorAll('.gy-role-entries__org')).toHaveLength(0)
    expect(container).toHaveTextContent('你还没有加入任何社会组织')
    expect(container.querySelector('.gy-role-entries__wish-review')).toBeNull()
  })

  it('when the caller opens 我的心愿, then their own wishes page opens', () => {
    const { container } = render(<RoleEntries user={buildUserView()} />)

    click(container, '.gy-role-entries__entry--wishes')

    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/wish/mine/index' })
  })

  it('when the caller is a volunteer, then 我的活动 and 服务时长 show, with the hours once loaded', () => {
    const user = buildUserView({ roles: ['resident', 'volunteer'], volunteer })
    const { container, rerender } = render(<RoleEntries user={user} />)

    expect(container.querySelector('.gy-role-entries__entry--activities')).toHaveTextContent('我的活动')
    expect(container.querySelector('.gy-role-entries__entry--hours')).toHaveTextContent('服务时长查看')
    rerender(<RoleEntries user={user} hours={{ totalMinutes: 150, starLevel: 0, hoursToNextStar: 98, records: [] }} />)
    expect(container.querySelector('.gy-role-entries__entry--hours')).toHaveTextContent('服务时长2.5 小时')
    click(container, '.gy-role-entries__entry--hours')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/activity/record/index' })
  })

  it('when the caller belongs to organizations, then each has a workbench entry with role and status, and opens it', () => {
    const user = buildUserView({
      orgs: [
        { orgId: 'org-a', name: '苍南县慈善总会', role: 'admin', status: 'verified' },
        { orgId: 'org-b', name: '苍南县心理健康协会', role: 'staff', status: 'pending' },
      ],
    })
    const { container } = render(<RoleEntries user={user} />)

    const rows = container.querySelectorAll('.gy-role-entries__org')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toHaveTextContent('苍南县慈善总会')
    expect(rows[0]).toHaveTextContent('组织管理员')
    expect(rows[0]).toHaveTextContent('已认证')
    expect(rows[1]).toHaveTextContent('组织工作人员')
    expect(rows[1]).toHaveTextContent('待审核')

    fireEvent.click(rows[1] as Element)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/org/workbench/index?orgId=org-b' })
  })

  it('when the caller belongs to an organization, then 心愿审核 shows and opens the wish review queue', () => {
    const user = buildUserView({ orgs: [{ orgId: 'org-a', name: '苍南县慈善总会', role: 'staff', status: 'verified' }] })
    const { container } = render(<RoleEntries user={user} />)

    expect(container.querySelector('.gy-role-entries__wish-review')).toHaveTextContent('心愿审核')
    click(container, '.gy-role-entries__wish-review')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/org/wish-review/index' })
  })

  it('when the caller is the platform admin, then 数据概览 shows and opens the county statistics', () => {
    const { container } = render(<RoleEntries user={buildUserView({ roles: ['resident', 'platform_admin'] })} />)

    click(container, '.gy-role-entries__entry--stats')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/admin/stats/index' })
  })

  it('when the caller is not the platform admin, then there is no 数据概览', () => {
    const { container } = render(<RoleEntries user={buildUserView({ orgs: [{ orgId: 'org-a', name: '苍南县慈善总会', role: 'staff', status: 'verified' }] })} />)

    expect(container.querySelector('.gy-role-entries__entry--stats')).toBeNull()
    expect(container.querySelector('.gy-role-entries__entry--venture')).toBeNull()
  })

  it('when the caller is the platform admin, then 公益创投管理 shows and opens the contests', () => {
    const { container } = render(<RoleEntries user={buildUserView({ roles: ['resident', 'platform_admin'] })} />)

    expect(container.querySelector('.gy-role-entries__entry--venture')).toHaveTextContent('公益创投')
    click(container, '.gy-role-entries__entry--venture')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/admin/venture/index' })
  })

  it('when the caller is the platform admin, then 平台管理 shows and opens the verification queue', () => {
    const { container } = render(<RoleEntries user={buildUserView({ roles: ['resident', 'platform_admin'] })} />)

    click(container, '.gy-role-entries__entry--org-review')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/admin/review/index' })
    expect(container.querySelector('.gy-role-entries__wish-review')).toHaveTextContent('心愿审核')
  })
})
