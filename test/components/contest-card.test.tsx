import { fireEvent, render } from '@testing-library/react'
import { Text } from '@tarojs/components'
import type { ContestView } from '../../src/services/venture-contest'
import { resetTaroMock } from '../mocks/taro'

// as the browser build: utils/a11y reads TARO_ENV once, when it loads, to choose role/aria-* attributes
const previousTaroEnv = process.env.TARO_ENV
process.env.TARO_ENV = 'h5'
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ContestCard } = require('../../src/components/contest-card') as typeof import('../../src/components/contest-card')
afterAll(() => {
  if (previousTaroEnv === undefined) delete process.env.TARO_ENV
  else process.env.TARO_ENV = previousTaroEnv
})

/** A contest as `venture.listContests` returns it; a test overrides what decides its outcome. */
const buildContestView = (overrides: Partial<ContestView> = {}): ContestView => ({
  contestId: 'vc-2027',
  name: '2027年苍南县公益创投大赛',
  year: 2027,
  fields: ['为老服务', '助残服务'],
  budgetYuan: 400000,
  minYuan: 10000,
  maxYuan: 50000,
  opensAt: '2027-03-01T00:00:00+08:00',
  closesAt: '2027-03-31T23:59:59+08:00',
  window: 'open',
  maxEntriesPerOrg: 1,
  status: 'open',
  rounds: [],
  ...overrides,
} as ContestView)

describe('ContestCard (公益创投)', () => {
  beforeEach(() => resetTaroMock())

  it('when a list gives it onOpen, then it is a link named with the contest and its phase, shows the page\'s lines, and a tap opens it', () => {
    const onOpen = jest.fn()
    const { container, getByRole } = render(
      <ContestCard contest={buildContestView()} className='gy-vc-contest' onOpen={onOpen}>
        <Text className='gy-vc__meta'>总预算 ¥400,000</Text>
      </ContestCard>,
    )

    const card = getByRole('link', { name: '2027年苍南县公益创投大赛，报名中' })
    expect(card).toHaveClass('gy-vc__card', 'gy-vc-contest')
    expect(container.querySelector('.gy-vc__name')).toHaveTextContent('2027年苍南县公益创投大赛')
    expect(container.querySelector('.gy-vc__badge')).toHaveClass('gy-vc__badge--open')
    expect(container.querySelector('.gy-vc__meta')).toHaveTextContent('总预算 ¥400,000')
    fireEvent.click(card)
    expect(onOpen).toHaveBeenCalledTimes(1)
  })

  it('when the results are published and no onOpen is given, then the badge says 已公布 and the card is not a link', () => {
    const { container, queryByRole } = render(<ContestCard contest={buildContestView({ window: 'closed', status: 'published' })} />)

    expect(container.querySelector('.gy-vc__badge')).toHaveTextContent('已公布')
    expect(container.querySelector('.gy-vc__badge')).toHaveClass('gy-vc__badge--done')
    expect(queryByRole('link')).toBeNull()
    expect(container.querySelector('.gy-vc__card')).not.toHaveAttribute('tabindex')
  })
})
