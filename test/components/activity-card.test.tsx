import { fireEvent, render } from '@testing-library/react'
import type { ActivityView, MySignUpView } from '../../cloudfunctions/core/activity/activity.schema'
import { ActivityCard } from '../../src/pages/home/components/activity-card'
import { myActivityStatusOf, myActivityTabOf, signUpButtonOf } from '../../src/utils/activity-state'
import { resetTaroMock } from '../mocks/taro'

/** Saturday 6 June 2026, 10:00 in Beijing: the activity below is a week later. */
const NOW = new Date('2026-06-06T02:00:00.000Z')

/** A published activity (Sat 13 June, 09:00–11:30 Beijing) with places left; a test overrides what decides its outcome. */
const buildActivityView = (overrides: Partial<ActivityView> = {}): ActivityView => ({
  activityId: 'act-elder-visit',
  orgId: 'org-volunteer-centre',
  orgName: '苍南县志愿者协会',
  title: '灵溪镇敬老院陪伴日',
  category: '扶老',
  description: '陪伴敬老院老人聊天、读报、剪指甲，并协助午餐。',
  township: '灵溪镇',
  address: '灵溪镇敬老院（春晖路88号）',
  startAt: '2026-06-13T01:00:00.000Z',
  endAt: '2026-06-13T03:30:00.000Z',
  signUpDeadline: '2026-06-12T12:00:00.000Z',
  capacity: 20,
  signedUp: 5,
  waitlisted: 0,
  placesLeft: 15,
  waitlist: true,
  status: 'published',
  cancelReason: null,
  publishedAt: '2026-06-01T02:00:00.000Z',
  mySignUp: null,
  ...overrides,
})

const mine = (overrides: Partial<MySignUpView>): MySignUpView => ({ status: 'confirmed', waitlistPosition: null, signedUpAt: '2026-06-05T02:00:00.000Z', ...overrides })

describe('ActivityCard (首页 feed)', () => {
  beforeEach(() => resetTaroMock())

  it('when places are left, then it reads 剩余 N 个名额 and the bar shows the share taken', () => {
    const { container } = render(<ActivityCard activity={buildActivityView({ signedUp: 5, placesLeft: 15 })} />)

    expect(container.querySelector('.gy-activity-card__places')).toHaveTextContent('剩余 15 个名额')
    expect(container.querySelector('.gy-activity-card')).toHaveClass('gy-activity-card--open')
    expect(container.querySelector<HTMLElement>('.gy-activity-card__progress-bar')?.style.width).toBe('25%')
    expect(container.querySelector('.gy-activity-card__count')).toHaveTextContent('5/20')
  })

  it('when it is full and takes a waitlist, then it reads 已满 · 可候补', () => {
    const { container } = render(<ActivityCard activity={buildActivityView({ signedUp: 20, placesLeft: 0, waitlist: true, waitlisted: 2 })} />)

    expect(container.querySelector('.gy-activity-card__places')).toHaveTextContent('已满 · 可候补')
    expect(container.querySelector('.gy-activity-card')).toHaveClass('gy-activity-card--waitlist')
    expect(container.querySelector<HTMLElement>('.gy-activity-card__progress-bar')?.style.width).toBe('100%')
  })

  it('when it is full without a waitlist, then it reads 已满 only', () => {
    const { container } = render(<ActivityCard activity={buildActivityView({ capacity: 3, signedUp: 3, placesLeft: 0, waitlist: false })} />)

    expect(container.querySelector('.gy-activity-card__places')?.textContent).toBe('已满')
    expect(container.querySelector('.gy-activity-card')).toHaveClass('gy-activity-card--full')
  })

  it('when rendered, then title, category, organization, Beijing-time range and township · address show, and a tap opens it', () => {
    const onClick = jest.fn()
    const activity = buildActivityView()
    const { container } = render(<ActivityCard activity={activity} onClick={onClick} />)

    expect(container.querySelector('.gy-activity-card__title')).toHaveTextContent('灵溪镇敬老院陪伴日')
    expect(container.querySelector('.gy-activity-card__category')).toHaveTextContent('扶老')
    expect(container.querySelector('.gy-activity-card__org')).toHaveTextContent('苍南县志愿者协会')
    expect(container.querySelector('.gy-activity-card__time')).toHaveTextContent('6月13日 周六 09:00–11:30')
    expect(container.querySelector('.gy-activity-card__place')).toHaveTextContent('灵溪镇 · 灵溪镇敬老院（春晖路88号）')

    fireEvent.click(container.querySelector('.gy-activity-card') as Element)
    expect(onClick).toHaveBeenCalledWith(activity)
  })
})

describe('signUpButtonOf (活动详情 报名 button)', () => {
  it('when places are left and the caller has not signed up, then 立即报名 signs up', () => {
    const button = signUpButtonOf(buildActivityView(), NOW)
    expect(button).toMatchObject({ label: '立即报名', action: 'signUp', tone: 'primary' })
    expect(button.hint).toBe('报名截止：6月12日 周五 20:00')
  })

  it('when the caller holds a place, then 已报名 · 取消报名 cancels', () => {
    expect(signUpButtonOf(buildActivityView({ mySignUp: mine({ status: 'confirmed' }) }), NOW)).toMatchObject({ label: '已报名 · 取消报名', action: 'cancel', tone: 'secondary' })
  })

  it('when the caller is waitlisted, then it shows their place and 取消候补 cancels', () => {
    const activity = buildActivityView({ placesLeft: 0, signedUp: 20, waitlisted: 3, mySignUp: mine({ status: 'waitlisted', waitlistPosition: 2 }) })
    expect(signUpButtonOf(activity, NOW)).toMatchObject({ label: '候补第 2 位 · 取消候补', action: 'cancel' })
  })

  it('when it is full with a waitlist, then 加入候补 signs up', () => {
    expect(signUpButtonOf(buildActivityView({ placesLeft: 0, signedUp: 20, waitlist: true }), NOW)).toMatchObject({ label: '加入候补', action: 'signUp', tone: 'primary' })
  })

  it('when it is full without a waitlist, then 已满 is disabled', () => {
    expect(signUpButtonOf(buildActivityView({ placesLeft: 0, signedUp: 20, waitlist: false }), NOW)).toMatchObject({ label: '已满', action: null, tone: 'disabled' })
  })

  it('when the deadline has passed, then 报名已截止 is disabled, even with places left', () => {
    const afterDeadline = new Date('2026-06-12T12:00:01.000Z')
    expect(signUpButtonOf(buildActivityView(), afterDeadline)).toMatchObject({ label: '报名已截止', action: null })
  })

  it('when the caller holds a place and the activity has started, then cancelling is no longer offered', () => {
    const started = new Date('2026-06-13T01:30:00.000Z')
    expect(signUpButtonOf(buildActivityView({ mySignUp: mine({ status: 'confirmed' }) }), started)).toMatchObject({ label: '已报名', action: null })
  })

  it('when the organization cancelled it, then 活动已取消 is disabled and the reason is the hint, whatever the caller held', () => {
    const activity = buildActivityView({ status: 'cancelled', cancelReason: '台风预警，活动取消', mySignUp: mine({ status: 'released' }) })
    expect(signUpButtonOf(activity, NOW)).toEqual({ label: '活动已取消', action: null, tone: 'disabled', hint: '取消原因：台风预警，活动取消' })
  })

  it('when the caller cancelled earlier and places are left, then 立即报名 is offered again', () => {
    expect(signUpButtonOf(buildActivityView({ mySignUp: mine({ status: 'cancelled' }) }), NOW)).toMatchObject({ label: '立即报名', action: 'signUp' })
  })
})

describe('我的活动 tabs', () => {
  const item = { startAt: '2026-06-13T01:00:00.000Z', endAt: '2026-06-13T03:30:00.000Z', waitlistPosition: null }

  it('when a sign-up is confirmed or waitlisted and not over, then it is 即将参加', () => {
    expect(myActivityTabOf({ ...item, status: 'confirmed' }, NOW)).toBe('upcoming')
    expect(myActivityTabOf({ ...item, status: 'waitlisted' }, NOW)).toBe('upcoming')
    expect(myActivityStatusOf({ ...item, status: 'waitlisted', waitlistPosition: 3 }, NOW).text).toBe('候补第 3 位')
  })

  it('when the activity has ended, then a confirmed sign-up is 已结束', () => {
    const later = new Date('2026-06-13T04:00:00.000Z')
    expect(myActivityTabOf({ ...item, status: 'confirmed' }, later)).toBe('ended')
  })

  it('when the volunteer cancelled or the organization released it, then it is 已取消', () => {
    expect(myActivityTabOf({ ...item, status: 'cancelled' }, NOW)).toBe('cancelled')
    expect(myActivityTabOf({ ...item, status: 'released' }, NOW)).toBe('cancelled')
    expect(myActivityStatusOf({ ...item, status: 'released' }, NOW)).toEqual({ text: '活动已取消', tone: 'released' })
  })
})
