import { act, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { WishDetailView } from '../../cloudfunctions/core/wish/wish.schema'
import { WishForm } from '../../src/packages/wish/create/components/wish-form'
import { resetTaroMock } from '../mocks/taro'
import { asPlatform, click, errorReply, okReply, pickRow, typeInto } from './support'
import { postJson } from '../../src/services/http'

jest.mock('../../src/services/http')

// choosing in a picker drags its wheel as slowly as a finger that stops where it lets go (~0.4 s each)
jest.setTimeout(30_000)

const request = postJson as unknown as jest.Mock
const showToast = Taro.showToast as unknown as jest.Mock

const CONTENT = '孩子今年上三年级，书包已经破了好几个洞，希望能有一个新书包。'

const field = (container: HTMLElement, name: string) => {
  const element = container.querySelector<HTMLElement>(`.gy-wish-form__field--${name}`)
  if (!element) throw new Error(`no field ${name}`)
  return element
}
const errorUnder = (container: HTMLElement, name: string) => field(container, name).querySelector('.gy-form-field__error')?.textContent ?? null
const labelOf = (container: HTMLElement, name: string) => field(container, name).querySelector('.gy-form-field__label')?.textContent ?? null

/** Types into a NutUI TextArea the way Taro H5's <taro-textarea-core> reports it. */
function typeIntoTextArea(container: HTMLElement, selector: string, value: string) {
  const textarea = container.querySelector(`${selector} taro-textarea-core`)
  if (!textarea) throw new Error(`no textarea under ${selector}`)
  act(() => {
    textarea.dispatchEvent(new CustomEvent('input', { detail: { value } }))
  })
}

async function fillValid(container: HTMLElement) {
  typeInto(container, '.gy-wish-form__title', '一个新书包')
  typeIntoTextArea(container, '.gy-wish-form__content', CONTENT)
  await pickRow(container, '.gy-wish-form__category', 1, '学习用品')
  typeInto(container, '.gy-wish-form__amount', '150')
  await pickRow(container, '.gy-wish-form__township', 1, '灵溪镇')
  typeInto(container, '.gy-wish-form__name', '张小明')
  await pickRow(container, '.gy-wish-form__group', 1, '低保对象')
}

const buildWish = (overrides: Partial<WishDetailView> = {}): WishDetailView => ({
  wishId: 'wish-new-1',
  title: '一个新书包',
  content: CONTENT,
  category: '学习用品',
  estimatedYuan: 150,
  township: '灵溪镇',
  community: null,
  beneficiaryName: '张*明',
  beneficiaryGroup: 'dibao',
  status: 'pending_review',
  createdAt: '2026-11-20T01:00:00.000Z',
  claimedAt: null,
  fulfilledAt: null,
  confirmedAt: null,
  thanks: null,
  myRelation: 'submitter',
  onBehalf: true,
  beneficiaryFullName: '张小明',
  contactPhone: '13800001234',
  claimExpiresAt: null,
  claimedByMe: false,
  review: null,
  fulfilment: null,
  ...overrides,
})

describe('WishForm (发布心愿)', () => {
  asPlatform('h5')
  beforeEach(() => resetTaroMock())

  it('when the form is submitted empty, then each required field says what to fill in and nothing is sent', () => {
    const { container } = render(<WishForm />)

    click(container, '.gy-wish-form__submit')

    expect(errorUnder(container, 'title')).toBe('请填写心愿标题')
    expect(errorUnder(container, 'content')).toBe('请描述心愿')
    expect(errorUnder(container, 'category')).toBe('请选择心愿类别')
    expect(errorUnder(container, 'amount')).toBe('请填写预估金额')
    expect(errorUnder(container, 'township')).toBe('请选择所在乡镇')
    expect(errorUnder(container, 'name')).toBe('请填写你的真实姓名')
    expect(errorUnder(container, 'group')).toBe('请选择你的类别')
    expect(errorUnder(container, 'community')).toBeNull()
    expect(errorUnder(container, 'phone')).toBeNull()
    expect(request).not.toHaveBeenCalled()
  })

  it('when the title is too short and the amount too high, then the schema’s own messages show', () => {
    const { container } = render(<WishForm />)
    typeInto(container, '.gy-wish-form__title', '书包')
    typeInto(container, '.gy-wish-form__amount', '5000')

    click(container, '.gy-wish-form__submit')

    expect(errorUnder(container, 'title')).toBe('心愿标题为4–30个字')
    expect(errorUnder(container, 'amount')).toBe('预估金额为1–2000元')
    expect(request).not.toHaveBeenCalled()
  })

  it('when 代为发布 is switched on, then the person fields speak of 受助人', () => {
    const { container } = render(<WishForm />)
    expect(labelOf(container, 'name')).toContain('你的姓名')

    click(container, '.gy-wish-form__on-behalf')

    expect(labelOf(container, 'name')).toContain('受助人姓名')
    expect(labelOf(container, 'group')).toContain('受助人类别')
  })

  it('when a valid form is posted on behalf of someone, then wish.create is sent once with onBehalf and the beneficiary, and the wish is handed back', async () => {
    const wish = buildWish()
    request.mockResolvedValue(okReply({ wish }))
    const onCreated = jest.fn()
    const { container } = render(<WishForm onCreated={onCreated} />)
    click(container, '.gy-wish-form__on-behalf')
    await fillValid(container)
    typeInto(container, '.gy-wish-form__phone', '13800001234')

    click(container, '.gy-wish-form__submit')

    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(wish))
    expect(request).toHaveBeenCalledTimes(1)
    expect(request.mock.calls[0][0]).toMatchObject({
      url: '/api/functions/wish',
      data: {
        action: 'create',
        data: {
          title: '一个新书包',
          content: CONTENT,
          category: '学习用品',
          estimatedYuan: 150,
          township: '灵溪镇',
          beneficiary: { name: '张小明', group: 'dibao' },
          onBehalf: true,
          contactPhone: '13800001234',
        },
        idempotencyKey: expect.any(String),
      },
    })
  })

  it('when the description holds a phone number, then the message shows under 心愿描述 and nothing is sent', async () => {
    const { container } = render(<WishForm />)
    await fillValid(container)
    typeIntoTextArea(container, '.gy-wish-form__content', `${CONTENT}有事请打 138 5771 2345`)

    click(container, '.gy-wish-form__submit')

    expect(errorUnder(container, 'content')).toBe('心愿描述中不能包含手机号或身份证号，请删除后再提交')
    expect(request).not.toHaveBeenCalled()
  })

  it('when the title holds an ID number, then the message shows under 心愿标题 and nothing is sent', async () => {
    const { container } = render(<WishForm />)
    await fillValid(container)
    typeInto(container, '.gy-wish-form__title', '书包330327199001011232')

    click(container, '.gy-wish-form__submit')

    expect(errorUnder(container, 'title')).toBe('心愿标题中不能包含手机号或身份证号，请删除后再提交')
    expect(request).not.toHaveBeenCalled()
  })

  it('when the server refuses a phone number in the description, then its message shows under 心愿描述', async () => {
    const message = '心愿描述中不能包含手机号或身份证号，请删除后再提交'
    request.mockResolvedValue(errorReply({ code: 'INVALID_ARGUMENT', message, fields: [{ path: 'content', message }] }))
    const { container } = render(<WishForm />)
    await fillValid(container)

    click(container, '.gy-wish-form__submit')

    await waitFor(() => expect(errorUnder(container, 'content')).toBe(message))
    expect(showToast).not.toHaveBeenCalled()
  })

  it('when the server’s content check refuses the description, then its message shows under 心愿描述, not as a toast', async () => {
    request.mockResolvedValue(
      errorReply({ code: 'INVALID_ARGUMENT', message: '心愿描述含有不适宜的内容，请修改', fields: [{ path: 'content', message: '心愿描述含有不适宜的内容，请修改' }] }),
    )
    const onCreated = jest.fn()
    const { container } = render(<WishForm onCreated={onCreated} />)
    await fillValid(container)

    click(container, '.gy-wish-form__submit')

    await waitFor(() => expect(errorUnder(container, 'content')).toBe('心愿描述含有不适宜的内容，请修改'))
    expect(showToast).not.toHaveBeenCalled()
    expect(onCreated).not.toHaveBeenCalled()
  })
})
