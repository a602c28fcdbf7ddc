import { act, render, waitFor } from '@testing-library/react'
import { View } from '@tarojs/components'
import { OptionPicker } from '../../src/components/option-picker'
import { confirmedValue, pickerRows, UNCHOSEN } from '../../src/components/option-picker/rows'
import { WishForm } from '../../src/packages/wish/create/components/wish-form'
import { ActivityForm } from '../../src/packages/org/activity-editor/components/activity-form'
import { resetTaroMock } from '../mocks/taro'
import { asPlatform, click, confirmUnmoved, openPicker, pickerLabels, pickRow } from './support'

// choosing in a picker drags its wheel as slowly as a finger that stops where it lets go (~0.4 s each)
jest.setTimeout(30_000)

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)))

describe('picker rows', () => {
  test('when nothing is chosen, then the picker opens on a 请选择 row that 确认 leaves unchosen', () => {
    const rows = pickerRows(['灵溪镇', '宜山镇'], '', '请选择所在乡镇')

    expect(rows.map((row) => row.label)).toEqual(['请选择所在乡镇', '灵溪镇', '宜山镇'])
    expect(confirmedValue([rows[0].value])).toBeNull()
    expect(confirmedValue([rows[1].value])).toBe('灵溪镇')
  })

  test('when an option is chosen, then there is no 请选择 row and labels stay apart from values', () => {
    const rows = pickerRows([{ label: '低保对象', value: 'dibao' }, { label: '特困人员', value: 'tekun' }], 'tekun', '请选择')

    expect(rows).toEqual([{ label: '低保对象', value: 'dibao' }, { label: '特困人员', value: 'tekun' }])
  })

  test('when the value is not among the options, then it counts as unchosen', () => {
    expect(pickerRows(['灵溪镇'], '上海', '请选择')[0].value).toBe(UNCHOSEN)
    expect(confirmedValue([])).toBeNull()
    expect(confirmedValue([null])).toBeNull()
  })
})

describe('OptionPicker (H5)', () => {
  asPlatform('h5')
  beforeEach(() => resetTaroMock())

  test('when opened with nothing chosen and confirmed without moving, then onConfirm is not called', async () => {
    const onConfirm = jest.fn()
    const { container } = render(
      <OptionPicker title='选择乡镇' options={['灵溪镇', '宜山镇']} value='' placeholder='请选择所在乡镇' onConfirm={onConfirm}>
        <View className='trigger'>乡镇</View>
      </OptionPicker>,
    )

    const popup = await openPicker(container, '.trigger')
    await waitFor(() => expect(pickerLabels(popup)).toEqual(['请选择所在乡镇', '灵溪镇', '宜山镇']))
    confirmUnmoved(popup)
    await settle()

    expect(onConfirm).not.toHaveBeenCalled()
  })

  test('when opened on a chosen option and confirmed without moving, then that option is kept', async () => {
    const onConfirm = jest.fn()
    const { container } = render(
      <OptionPicker title='选择乡镇' options={['灵溪镇', '宜山镇']} value='宜山镇' onConfirm={onConfirm}>
        <View className='trigger'>宜山镇</View>
      </OptionPicker>,
    )

    const popup = await openPicker(container, '.trigger')
    await waitFor(() => expect(pickerLabels(popup)).toEqual(['灵溪镇', '宜山镇']))
    confirmUnmoved(popup)
    await settle()

    expect(onConfirm).toHaveBeenCalledWith('宜山镇')
  })
})

describe('the forms start their pickers empty and ask for a choice', () => {
  asPlatform('h5')
  beforeEach(() => resetTaroMock())
  const errorIn = (container: HTMLElement, field: string) => container.querySelector(`${field} .gy-form-field__error`)?.textContent ?? null

  test('when 发布心愿 is submitted after an unmoved 确认 on 心愿类别 and 所在乡镇, then both still ask to be chosen', async () => {
    const { container } = render(<WishForm />)

    for (const trigger of ['.gy-wish-form__category', '.gy-wish-form__township', '.gy-wish-form__group']) {
      const popup = await openPicker(container, trigger)
      expect(pickerLabels(popup)[0]).toMatch(/^请选择/)
      confirmUnmoved(popup)
      await settle()
    }
    click(container, '.gy-wish-form__submit')

    expect(container.querySelector('.gy-wish-form__category')).toHaveTextContent('请选择心愿类别')
    expect(errorIn(container, '.gy-wish-form__field--category')).toBe('请选择心愿类别')
    expect(errorIn(container, '.gy-wish-form__field--township')).toBe('请选择所在乡镇')
    expect(errorIn(container, '.gy-wish-form__field--group')).toBe('请选择你的类别')
  })

  test('when 服务类别 is left unchosen in the activity editor, then saving names it', async () => {
    const { container } = render(<ActivityForm orgId='org-volunteer-centre' />)

    const popup = await openPicker(container, '.gy-activity-form__category')
    confirmUnmoved(popup)
    await settle()
    click(container, '.gy-activity-form__save')

    expect(errorIn(container, '.gy-activity-form__field--category')).toBe('请选择服务类别')
  })

  test('when the 所在乡镇 wheel is moved to 宜山镇, then 宜山镇 is chosen', async () => {
    const { container } = render(<WishForm />)

    await pickRow(container, '.gy-wish-form__township', 2, '宜山镇')

    expect(container.querySelector('.gy-wish-form__township')).toHaveTextContent('宜山镇')
  })
})
