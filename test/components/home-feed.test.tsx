import { act, fireEvent, render, waitFor } from '@testing-library/react'
import { useReachBottom } from '@tarojs/taro'
import type { ActivityView } from '../../cloudfunctions/core/activity/activity.schema'
import HomePage from '../../src/pages/home/index'
import { resetTaroMock } from '../mocks/taro'
import { asPlatform, okReply } from './support'
import { postJson } from '../../src/services/http'

jest.mock('../../src/services/http')

const request = postJson as unknown as jest.Mock

const activity = (id: string, title: string): ActivityView => ({
  activityId: id,
  orgId: 'org-volunteer-centre',
  orgName: '苍南县志愿者协会',
  title,
  category: '扶老',
  description: '陪伴敬老院老人聊天、读报、剪指甲，并协助午餐。',
  township: '灵溪镇',
  address: '灵溪镇敬老院（春晖路88号）',
  startAt: '2099-06-13T01:00:00.000Z',
  endAt: '2099-06-13T03:30:00.000Z',
  signUpDeadline: '2099-06-12T12:00:00.000Z',
  capacity: 20,
  signedUp: 1,
  waitlisted: 0,
  placesLeft: 19,
  waitlist: true,
  status: 'published',
  cancelReason: null,
  publishedAt: '2099-06-01T02:00:00.000Z',
  mySignUp: null,
})

/** What the page sent to `activity.list`, call by call. */
const listCalls = () => request.mock.calls.map(([options]) => (options as { data: { action: string; data: Record<string, unknown> } }).data.data)

/** The latest callback the page registered with useReachBottom. */
const reachBottom = () => {
  const calls = (useReachBottom as unknown as jest.Mock).mock.calls
  return calls[calls.length - 1][0] as () => void
}

describe('首页 activity feed', () => {
  asPlatform('h5')
  beforeEach(() => resetTaroMock())

  it('when the first page has a cursor, then reaching the bottom loads the next one with it and the footer ends on 没有更多了', async () => {
    request
      .mockResolvedValueOnce(okReply({ items: [activity('a1', '灵溪镇敬老院陪伴日')], nextCursor: 'cursor-1' }))
      .mockResolvedValueOnce(okReply({ items: [activity('a2', '钱库镇河道清洁与巡河')], nextCursor: null }))
    const { container } = render(<HomePage />)

    await waitFor(() => expect(container.querySelectorAll('.gy-activity-card')).toHaveLength(1))
    expect(container.querySelector('.gy-home__footer')).toHaveTextContent('加载更多')

    await act(async () => reachBottom()())

    await waitFor(() => expect(container.querySelectorAll('.gy-activity-card')).toHaveLength(2))
    expect(container.querySelector('.gy-home__footer')).toHaveTextContent('没有更多了')
    const [first, second] = listCalls()
    expect(first).toMatchObject({ limit: 10 })
    expect(first).not.toHaveProperty('cursor')
    expect(second).toMatchObject({ cursor: 'cursor-1', from: first?.from })
  })

  it('when a category chip is chosen and nothing matches, then the list is asked with it and says 暂无符合条件的活动', async () => {
    request.mockResolvedValueOnce(okReply({ items: [activity('a1', '灵溪镇敬老院陪伴日')], nextCursor: null })).mockResolvedValueOnce(okReply({ items: [], nextCursor: null }))
    const { container, findByText } = render(<HomePage />)
    await waitFor(() => expect(container.querySelectorAll('.gy-activity-card')).toHaveLength(1))

    const chip = Array.from(container.querySelectorAll('.gy-feed-filters__chip')).find((element) => element.textContent === '助学')
    fireEvent.click(chip as Element)

    expect(await findByText('暂无符合条件的活动')).toBeInTheDocument()
    expect(listCalls()[1]).toMatchObject({ category: '助学' })
  })

  it('when 本周 is chosen, then the list is bounded by the end of this week', async () => {
    request.mockResolvedValue(okReply({ items: [], nextCursor: null }))
    const { container, findByText } = render(<HomePage />)
    expect(await findByText('暂无活动')).toBeInTheDocument()

    const week = Array.from(container.querySelectorAll('.gy-feed-filters__segment')).find((element) => element.textContent === '本周')
    fireEvent.click(week as Element)

    await waitFor(() => expect(listCalls()).toHaveLength(2))
    const { from, to } = listCalls()[1] as { from: string; to: string }
    expect(to > from).toBe(true)
    expect(new Date(to).getTime() - new Date(from).getTime()).toBeLessThanOrEqual(7 * 24 * 3600 * 1000)
  })
})
