import { render } from '@testing-library/react'
import { PhotoPicker } from '../../src/components/photo-picker'
import { resetTaroMock } from '../mocks/taro'
import { click } from './support'

describe('PhotoPicker (圆梦照片, 现场照片)', () => {
  beforeEach(() => resetTaroMock())

  it('when fewer photos than the most are chosen, then each shows with its own remove control and 添加照片 adds', () => {
    const onAdd = jest.fn()
    const onRemove = jest.fn()
    const { container } = render(<PhotoPicker photos={['/tmp/a.jpg', '/tmp/b.jpg']} max={3} onAdd={onAdd} onRemove={onRemove} />)

    expect(container.querySelectorAll('.gy-photo-picker__thumb')).toHaveLength(2)
    click(container, '.gy-photo-picker__thumb:nth-child(2) .gy-photo-picker__remove')
    expect(onRemove).toHaveBeenCalledWith('/tmp/b.jpg')
    click(container, '.gy-photo-picker__add')
    expect(onAdd).toHaveBeenCalledTimes(1)
  })

  it('when the most are chosen, then there is no 添加照片 tile', () => {
    const { container } = render(<PhotoPicker photos={['/tmp/a.jpg', '/tmp/b.jpg']} max={2} onAdd={jest.fn()} onRemove={jest.fn()} />)

    expect(container.querySelector('.gy-photo-picker__add')).toBeNull()
  })

  it('when an upload is under way, then nothing can be added or removed', () => {
    const onAdd = jest.fn()
    const onRemove = jest.fn()
    const { container } = render(<PhotoPicker photos={['/tmp/a.jpg']} max={9} busy onAdd={onAdd} onRemove={onRemove} />)

    click(container, '.gy-photo-picker__remove')
    click(container, '.gy-photo-picker__add')
    expect(onRemove).not.toHaveBeenCalled()
    expect(onAdd).not.toHaveBeenCalled()
    expect(container.querySelector('.gy-photo-picker__add')).toHaveAttribute('aria-disabled', 'true')
  })
})
