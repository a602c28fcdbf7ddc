import { useEffect } from 'react'
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { ReviewQueue, type ReviewQueuePage, type ReviewQueueProps } from '../../src/components/review-queue'
import { CloudError } from '../../src/services/cloud'
import { resetTaroMock } from '../mocks/taro'
import { click } from './support'

/** An item of a made-up queue: only what the component needs to be told apart. */
interface Item {
  id: string
  name: string
}
type Status = 'pending' | 'approved'

const showModal = jest.fn()
;(Taro as unknown as { showModal: typeof showModal }).showModal = showModal

beforeEach(() => {
  resetTaroMock()
  showModal.mockReset().mockResolvedValue({ confirm: true, cancel: false })
  // the page lifecycle as Taro runs it: shown once on mount
  ;(useDidShow as jest.Mock).mockImplementation((callback: () => void) => {
    useEffect(() => callback(), [])
  })
})

const page = (items: Item[], nextCursor: string | null = null): ReviewQueuePage<Item> => ({ items, nextCursor })
const forbidden = () => new CloudError({ code: 'FORBIDDEN', message: '仅该组织的工作人员可以进行此操作' })

function renderQueue(overrides: Partial<ReviewQueueProps<Item, Status>> = {}) {
  const props: ReviewQueueProps<Item, Status> = {
    className: 'gy-test-queue',
    title: '测试审核',
    intro: '核对信息后通过或驳回。',
    tabs: { label: '审核状态', items: [{ value: 'pending', label: '待审核' }, { value: 'approved', label: '已通过' }] },
    load: jest.fn(async () => page([{ id: 'a', name: '张三' }, { id: 'b', name: '李四' }])),
    keyOf: (item) => item.id,
    renderItem: (item, controls) => (
      <View className={`gy-test-item gy-test-item--${item.id}`}>
        <Text>{item.name}</Text>
        <Button className='gy-test-item__approve' disabled={controls.disabled} onClick={controls.approve}>
          {controls.deciding === 'approve' ? '通过中' : '通过'}
        </Button>
        <Button className='gy-test-item__reject' disabled={controls.disabled} onClick={controls.reject}>
          驳回
        </Button>
      </View>
    ),
    approval: { confirm: (item) => ({ title: '通过', content: `确定通过${item.name}？` }), decide: jest.fn(async () => undefined), done: '已通过' },
    rejection: {
      title: '驳回报名',
      subject: (item) => item.name,
      hint: '请写明原因。',
      placeholder: '例如：材料不全',
      emptyMessage: '请填写驳回原因，报名人会看到它',
      decide: jest.fn(async () => undefined),
      done: '已驳回',
    },
    empty: (status) => ({ title: status === 'approved' ? '暂无已通过' : '暂无待审核', description: '新的会出现在这里。' }),
    errorTitle: '列表加载失败',
    denied: { signedOut: '请先登录。', forbidden: '仅本组织的工作人员可以审核。', notFound: '页面不存在。' },
    ...overrides,
  }
  const view = render(<ReviewQueue {...props} />)
  return { ...view, props }
}

const items = (container: HTMLElement) => Array.from(container.querySelectorAll('.gy-test-item')).map((el) => el.textContent?.replace(/通过.*|驳回.*/g, ''))

describe('ReviewQueue', () => {
  test('when shown, then the first tab loads and each item is drawn by renderItem; another tab loads its status and says when it is empty', async () => {
    const load = jest.fn(async ({ status }: { status: Status | undefined }) => (status === 'pending' ? page([{ id: 'a', name: '张三' }]) : page([])))
    const { container } = renderQueue({ load })
    await waitFor(() => expect(items(container)).toEqual(['张三']))
    expect(load).toHaveBeenLastCalledWith({ status: 'pending' })
    expect(container.querySelector('.gy-review-queue__tab--pending')).toHaveAttribute('aria-selected', 'true')

    click(container, '.gy-review-queue__tab--approved')
    await screen.findByText('暂无已通过')
    expect(load).toHaveBeenLastCalledWith({ status: 'approved' })
    expect(container.querySelector('.gy-review-queue__tab--approved')).toHaveAttribute('aria-selected', 'true')
    expect(container.querySelector('.gy-test-item')).toBeNull()
  })

  test('when an item is approved after the confirmation, then decide gets it with an idempotency key and it leaves the list; cancelling the confirmation sends nothing', async () => {
    const { container, props } = renderQueue()
    await waitFor(() => expect(items(container)).toEqual(['张三', '李四']))

    showModal.mockResolvedValueOnce({ confirm: false, cancel: true })
    click(container, '.gy-test-item--a .gy-test-item__approve')
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1))
    expect(showModal.mock.calls[0][0]).toEqual(expect.objectContaining({ title: '通过', content: '确定通过张三？' }))
    expect(props.approval?.decide).not.toHaveBeenCalled()

    click(container, '.gy-test-item--a .gy-test-item__approve')
    await waitFor(() => expect(items(container)).toEqual(['李四']))
    expect(props.approval?.decide).toHaveBeenCalledWith({ id: 'a', name: '张三' }, expect.stringMatching(/\S{8,}/))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已通过' }))
  })

  test('when someone else decided first (INVALID_STATE), then the message shows and the list loads again', async () => {
    const load = jest.fn().mockResolvedValueOnce(page([{ id: 'a', name: '张三' }])).mockResolvedValueOnce(page([]))
    const decide = jest.fn().mockRejectedValue(new CloudError({ code: 'INVALID_STATE', message: '该登记已审核' }))
    const { container } = renderQueue({ load, approval: { confirm: () => ({ title: '通过', content: '确定？' }), decide, done: '已通过' } })
    await waitFor(() => expect(items(container)).toEqual(['张三']))
    click(container, '.gy-test-item__approve')
    await screen.findByText('暂无待审核')
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该登记已审核' }))
    expect(load).toHaveBeenCalledTimes(2)
  })

  test('when an item is rejected, then the reason dialog insists on a reason, sends it and the item leaves the list', async () => {
    const { container, props } = renderQueue()
    await waitFor(() => expect(items(container)).toEqual(['张三', '李四']))
    click(container, '.gy-test-item--b .gy-test-item__reject')
    const dialog = await waitFor(() => {
      const found = document.querySelector('.gy-reason-dialog')
      if (!found) throw new Error('no dialog yet')
      return found as HTMLElement
    })
    expect(dialog).toHaveTextContent('驳回报名')
    expect(dialog).toHaveTextContent('李四')

    const ok = () => document.querySelector('.nut-dialog-footer-ok') as HTMLElement
    fireEvent.click(ok())
    await screen.findByText('请填写驳回原因，报名人会看到它')
    expect(props.rejection?.decide).not.toHaveBeenCalled()

    const textarea = document.querySelector('.gy-reason-dialog textarea, .gy-reason-dialog taro-textarea-core') as HTMLElement
    act(() => {
      if (textarea.tagName.toLowerCase() === 'textarea') fireEvent.change(textarea, { target: { value: '车牌号与行驶证不一致' } })
      else textarea.dispatchEvent(new CustomEvent('input', { detail: { value: '车牌号与行驶证不一致' } }))
    })
    fireEvent.click(ok())
    await waitFor(() => expect(items(container)).toEqual(['张三']))
    expect(props.rejection?.decide).toHaveBeenCalledWith({ id: 'b', name: '李四' }, '车牌号与行驶证不一致', expect.any(String))
  })

  test('when the list has more, then 加载更多 asks for the next cursor and appends without duplicates', async () => {
    const load = jest
      .fn()
      .mockResolvedValueOnce(page([{ id: 'a', name: '张三' }], 'c1'))
      .mockResolvedValueOnce(page([{ id: 'a', name: '张三' }, { id: 'c', name: '王五' }], null))
    const { container } = renderQueue({ load })
    await waitFor(() => expect(items(container)).toEqual(['张三']))
    click(container, '.gy-review-queue__more')
    await waitFor(() => expect(items(container)).toEqual(['张三', '王五']))
    expect(load).toHaveBeenLastCalledWith({ status: 'pending', cursor: 'c1' })
    expect(container.querySelector('.gy-review-queue__end')).toHaveTextContent('没有更多了')
  })

  test('when the caller may not see the queue, then the queue\'s own words say so; when loading fails, then 重新加载 tries again', async () => {
    const denied = renderQueue({ load: jest.fn().mockRejectedValue(forbidden()) })
    await screen.findByText('仅本组织的工作人员可以审核。')
    denied.unmount()

    const load = jest.fn().mockRejectedValueOnce(new CloudError({ code: 'INTERNAL', message: '系统繁忙' })).mockResolvedValueOnce(page([{ id: 'a', name: '张三' }]))
    const { container } = renderQueue({ load })
    await screen.findByText('列表加载失败')
    click(container, '.gy-page-state__retry')
    await waitFor(() => expect(items(container)).toEqual(['张三']))
  })

  test('when pulled down, then the list loads again and the refresh indicator stops', async () => {
    const load = jest.fn().mockResolvedValueOnce(page([{ id: 'a', name: '张三' }])).mockResolvedValueOnce(page([{ id: 'a', name: '张三' }, { id: 'b', name: '李四' }]))
    const { container } = renderQueue({ load })
    await waitFor(() => expect(items(container)).toEqual(['张三']))
    const onPull = (usePullDownRefresh as jest.Mock).mock.calls.at(-1)?.[0] as () => void
    act(() => onPull())
    await waitFor(() => expect(items(container)).toEqual(['张三', '李四']))
    expect(Taro.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('when the page\'s filters change (filterKey), then the first page loads again', async () => {
    const load = jest.fn(async () => page([{ id: 'a', name: '张三' }]))
    const { container, rerender, props } = renderQueue({ load, filterKey: 'tier=' })
    await waitFor(() => expect(items(container)).toEqual(['张三']))
    expect(load).toHaveBeenCalledTimes(1)
    rerender(<ReviewQueue {...props} filterKey='tier=dibao' />)
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2))
  })
})
