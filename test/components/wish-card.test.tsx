import { fireEvent, render } from '@testing-library/react'
import type { WishCardView, WishDetailView } from '../../cloudfunctions/core/wish/wish.schema'
import { WishCard } from '../../src/pages/wishes/components/wish-card'
import { wishBarOf } from '../../src/utils/wish-state'
import { resetTaroMock } from '../mocks/taro'

/** An open wish on the wall, as `wish.list` returns it (the name already masked by the server). */
const buildWishCardView = (overrides: Partial<WishCardView> = {}): WishCardView => ({
  wishId: 'wish-schoolbag',
  title: '想要一个新书包和一套文具',
  content: '五年级的小雨父母在外打工，跟奶奶生活，书包已经背了四年，拉链坏了。',
  category: '学习用品',
  estimatedYuan: 150,
  township: '马站镇',
  community: '马站社区',
  beneficiaryName: '王*雨',
  beneficiaryGroup: 'left_behind_child',
  status: 'open',
  createdAt: '2026-11-20T02:00:00.000Z',
  claimedAt: null,
  fulfilledAt: null,
  confirmedAt: null,
  thanks: null,
  ...overrides,
})

/** The same wish as `wish.get` returns it to a stranger; a test overrides what decides its outcome. */
const buildWishDetailView = (overrides: Partial<WishDetailView> = {}): WishDetailView => ({
  ...buildWishCardView(),
  myRelation: null,
  onBehalf: true,
  beneficiaryFullName: null,
  contactPhone: null,
  claimExpiresAt: null,
  claimedByMe: false,
  review: null,
  fulfilment: null,
  ...overrides,
})

describe('WishCard (心愿墙)', () => {
  beforeEach(() => resetTaroMock())

  it('when rendered, then title, category, masked name with group, township · community and amount show, and a tap opens it', () => {
    const onClick = jest.fn()
    const wish = buildWishCardView()
    const { container } = render(<WishCard wish={wish} onClick={onClick} />)

    expect(container.querySelector('.gy-wish-card__title')).toHaveTextContent('想要一个新书包和一套文具')
    expect(container.querySelector('.gy-wish-card__category')).toHaveTextContent('学习用品')
    expect(container.querySelector('.gy-wish-card__beneficiary')).toHaveTextContent('王*雨 · 留守儿童')
    expect(container.querySelector('.gy-wish-card__place')).toHaveTextContent('马站镇 · 马站社区')
    expect(container.querySelector('.gy-wish-card__amount')).toHaveTextContent('¥150')

    fireEvent.click(container.querySelector('.gy-wish-card') as Element)
    expect(onClick).toHaveBeenCalledWith(wish)
  })

  it('when given a detail view with the full name and phone, then the card still shows only the masked name', () => {
    const wish = buildWishDetailView({ beneficiaryFullName: '王小雨', contactPhone: '13800577001', myRelation: 'submitter' })
    const { container } = render(<WishCard wish={wish} />)

    expect(container.textContent).toContain('王*雨')
    expect(container.textContent).not.toContain('王小雨')
    expect(container.textContent).not.toContain('13800577001')
  })

  it.each([
    ['open', '待认领', 'open'],
    ['claimed', '已认领', 'claimed'],
    ['fulfilled', '已送达', 'delivered'],
    ['confirmed', '已圆梦', 'done'],
  ] as const)('when the wish is %s, then the status tag reads %s', (status, label, tone) => {
    const { container } = render(<WishCard wish={buildWishCardView({ status })} />)

    expect(container.querySelector('.gy-wish-card__status')).toHaveTextContent(label)
    expect(container.querySelector('.gy-wish-card')).toHaveClass(`gy-wish-card--${tone}`)
  })

  it('when the wish came true with a thank-you, then 已圆梦 is highlighted and the thanks are quoted', () => {
    const { container } = render(<WishCard wish={buildWishCardView({ status: 'confirmed', thanks: '谢谢志愿者！', confirmedAt: '2026-11-22T02:00:00.000Z' })} />)

    expect(container.querySelector('.gy-wish-card__status')).toHaveClass('gy-wish-card__status--done')
    expect(container.querySelector('.gy-wish-card__thanks-text')).toHaveTextContent('“谢谢志愿者！”')
  })

  it('when the wish is not yet fulfilled, then there is no thank-you line', () => {
    const { container } = render(<WishCard wish={buildWishCardView({ status: 'claimed' })} />)

    expect(container.querySelector('.gy-wish-card__thanks')).toBeNull()
  })
})

describe('wishBarOf (心愿详情 bottom bar)', () => {
  it('when the wish is open and the caller is not the submitter, then 我来认领 claims it', () => {
    const bar = wishBarOf(buildWishDetailView({ status: 'open', myRelation: null }))

    expect(bar.kind).toBe('claim')
    expect(bar.buttons).toEqual([{ action: 'claim', label: '我来认领', tone: 'primary' }])
    expect(bar.hint).toContain('7天内')
  })

  it('when the wish is open and a reviewer looks, then they may claim it too', () => {
    expect(wishBarOf(buildWishDetailView({ status: 'open', myRelation: 'reviewer' })).kind).toBe('claim')
  })

  it('when the wish is open and the caller submitted it, then only 等待认领 shows', () => {
    const bar = wishBarOf(buildWishDetailView({ status: 'open', myRelation: 'submitter' }))

    expect(bar).toMatchObject({ kind: 'readonly', buttons: [], label: '等待认领' })
  })

  it('when the caller holds the claim, then 上传圆梦照片 and 放弃认领 are offered with the deadline', () => {
    const bar = wishBarOf(buildWishDetailView({ status: 'claimed', myRelation: 'claimer', claimedByMe: true, claimExpiresAt: '2026-11-27T02:00:00.000Z' }))

    expect(bar.kind).toBe('claimer')
    expect(bar.buttons.map((button) => button.action).sort()).toEqual(['fulfil', 'release'])
    expect(bar.buttons.find((button) => button.action === 'fulfil')).toMatchObject({ label: '上传圆梦照片', tone: 'primary' })
    expect(bar.buttons.find((button) => button.action === 'release')).toMatchObject({ label: '放弃认领', tone: 'secondary' })
    expect(bar.hint).toContain('11月27日 周五 10:00')
  })

  it('when someone else holds the claim, then 已被认领 is read-only, for strangers and the submitter alike', () => {
    expect(wishBarOf(buildWishDetailView({ status: 'claimed', myRelation: null }))).toMatchObject({ kind: 'readonly', label: '已被认领', buttons: [] })
    expect(wishBarOf(buildWishDetailView({ status: 'claimed', myRelation: 'submitter' }))).toMatchObject({ kind: 'readonly', label: '已被认领' })
  })

  it('when the wish is delivered, then the submitter or a reviewer may 确认收到', () => {
    for (const myRelation of ['submitter', 'reviewer'] as const) {
      const bar = wishBarOf(buildWishDetailView({ status: 'fulfilled', myRelation }))
      expect(bar.kind).toBe('confirm')
      expect(bar.buttons).toEqual([{ action: 'confirm', label: '确认收到', tone: 'primary' }])
    }
  })

  it('when the wish is delivered, then the claimer and strangers only read 已送达', () => {
    expect(wishBarOf(buildWishDetailView({ status: 'fulfilled', myRelation: 'claimer', claimedByMe: true }))).toMatchObject({ kind: 'readonly', label: '已送达' })
    expect(wishBarOf(buildWishDetailView({ status: 'fulfilled', myRelation: null }))).toMatchObject({ kind: 'readonly', label: '已送达' })
  })

  it('when the wish was confirmed, then everyone reads 已圆梦', () => {
    for (const myRelation of [null, 'submitter', 'claimer', 'reviewer'] as const) {
      expect(wishBarOf(buildWishDetailView({ status: 'confirmed', myRelation }))).toMatchObject({ kind: 'readonly', label: '已圆梦', buttons: [] })
    }
  })

  it('when the wish awaits review or was rejected, then the submitter reads 待审核 / 未通过审核 and nothing can be done', () => {
    expect(wishBarOf(buildWishDetailView({ status: 'pending_review', myRelation: 'submitter' }))).toMatchObject({ kind: 'readonly', label: '待审核' })
    expect(wishBarOf(buildWishDetailView({ status: 'rejected', myRelation: 'submitter' }))).toMatchObject({ kind: 'readonly', label: '未通过审核' })
  })
})
