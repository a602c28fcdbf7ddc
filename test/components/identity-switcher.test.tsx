import { render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { demoIdentities } from '../../cloudfunctions/core/settings/demo-identities'
import { IdentitySwitcher } from '../../src/components/identity-switcher'
import { callFunction } from '../../src/services/cloud'
import { DEV_OPENID_STORAGE_KEY } from '../../src/services/dev-identity'
import { resetTaroMock } from '../mocks/taro'
import { asPlatform, click, okReply, typeInto } from './support'
import { postJson } from '../../src/services/http'

jest.mock('../../src/services/http')


const request = postJson as unknown as jest.Mock
const sentOpenid = () => request.mock.calls.at(-1)?.[0].header['X-Dev-Openid']

describe('IdentitySwitcher', () => {
  asPlatform('h5')
  beforeEach(() => {
    resetTaroMock()
    request.mockResolvedValue(okReply({}))
  })

  it('lists every demo identity and says the caller is anonymous when none is stored', () => {
    const { container } = render(<IdentitySwitcher />)

    for (const identity of demoIdentities) {
      expect(container.querySelector(`.gy-identity-switcher__item--${identity.openid}`)).toHaveTextContent(identity.label)
    }
    expect(container.querySelector('.gy-identity-switcher__current-value')).toHaveTextContent('匿名访客')
    expect(container.querySelector('.gy-identity-switcher__anonymous')).toHaveClass('gy-identity-switcher__item--active')
  })

  it('when a demo identity is chosen, then it is stored, reported, marked and sent with the next call', async () => {
    const onChange = jest.fn()
    const { container } = render(<IdentitySwitcher onChange={onChange} />)

    click(container, '.gy-identity-switcher__item--demo-volunteer')
    await callFunction('user', 'login')

    expect(Taro.getStorageSync(DEV_OPENID_STORAGE_KEY)).toBe('demo-volunteer')
    expect(onChange).toHaveBeenCalledWith('demo-volunteer')
    expect(container.querySelector('.gy-identity-switcher__item--demo-volunteer')).toHaveClass('gy-identity-switcher__item--active')
    expect(container.querySelector('.gy-identity-switcher__current-value')).toHaveTextContent('志愿者（demo-volunteer）')
    expect(sentOpenid()).toBe('demo-volunteer')
  })

  it('when an identity was stored earlier, then it shows as current', () => {
    Taro.setStorageSync(DEV_OPENID_STORAGE_KEY, 'demo-org-admin')

    const { container } = render(<IdentitySwitcher />)

    expect(container.querySelector('.gy-identity-switcher__item--demo-org-admin')).toHaveClass('gy-identity-switcher__item--active')
  })

  it('when 生成一个新用户 is tapped, then a fresh new-user-… openid is stored', () => {
    const onChange = jest.fn()
    const { container } = render(<IdentitySwitcher onChange={onChange} />)

    click(container, '.gy-identity-switcher__generate')

    const stored = Taro.getStorageSync(DEV_OPENID_STORAGE_KEY)
    expect(stored).toMatch(/^new-user-[0-9a-z]{6}$/)
    expect(onChange).toHaveBeenCalledWith(stored)
    expect(container.querySelector('.gy-identity-switcher__current-value')).toHaveTextContent(`新用户（${stored}）`)
  })

  it('when a typed openid is used, then it becomes the caller', async () => {
    const { container } = render(<IdentitySwitcher />)

    typeInto(container, '.gy-identity-switcher__custom-input', ' tester-01 ')
    click(container, '.gy-identity-switcher__custom-submit')
    await callFunction('user', 'login')

    expect(sentOpenid()).toBe('tester-01')
  })

  it('when a typed openid has spaces or symbols inside, then it is refused with a Chinese message and nothing changes', () => {
    Taro.setStorageSync(DEV_OPENID_STORAGE_KEY, 'demo-resident')
    const onChange = jest.fn()
    const { container } = render(<IdentitySwitcher onChange={onChange} />)

    typeInto(container, '.gy-identity-switcher__custom-input', '张 三!')
    click(container, '.gy-identity-switcher__custom-submit')

    expect(screen.getByText('openid 只能包含字母、数字、- 和 _，最长64位')).toBeInTheDocument()
    expect(onChange).not.toHaveBeenCalled()
    expect(Taro.getStorageSync(DEV_OPENID_STORAGE_KEY)).toBe('demo-resident')
  })

  it('when 匿名访客 is chosen, then the stored identity is removed and no header is sent', async () => {
    Taro.setStorageSync(DEV_OPENID_STORAGE_KEY, 'demo-driver')
    const { container } = render(<IdentitySwitcher />)

    click(container, '.gy-identity-switcher__anonymous')
    await callFunction('user', 'login')

    expect(Taro.getStorageSync(DEV_OPENID_STORAGE_KEY)).toBe('')
    expect(sentOpenid()).toBeUndefined()
  })
})
