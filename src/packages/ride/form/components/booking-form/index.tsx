import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, Picker } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import type { BookingView, Direction, SessionView } from '../../../../../../cloudfunctions/core/ride/ride.rules'
import { townships } from '../../../../../../cloudfunctions/core/settings/townships'
import { FormField, FormSelect, pickerPopupProps } from '../../../../../components/form-field'
import { confirmedValue, pickerRows } from '../../../../../components/option-picker/rows'
import { useFormFields } from '../../../../../hooks/use-form-fields'
import { useIdempotencyKey } from '../../../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../../../services/cloud'
import { bookRide } from '../../../../../services/ride'
import { formatDateTime, formatMonthDayWeekday } from '../../../../../utils/time'
import { toastError } from '../../../../../utils/toast'
import { type BookingField, checkBooking, directionLabels, emptyBooking, pickupTimes, toBookInput } from './checks'
import { askSubscription } from '../../../../../utils/subscribe'
import './index.scss'

export interface BookingFormProps {
  session: SessionView
  onBooked?: (booking: BookingView) => void
}

type PickerField = 'date' | 'direction' | 'examSite' | 'township' | 'pickupTime' | 'riders'

const dayLabel = (day: string) => formatMonthDayWeekday(`${day}T12:00:00+08:00`)

/** 预约送考: fill in, check, review, then submit; the server's refusals (预约尚未开始 …) shown above the form. */
export function BookingForm({ session, onBooked }: BookingFormProps) {
  const { values, errors, setErrors, setField, bind } = useFormFields<BookingField>(emptyBooking)
  const [step, setStep] = useState<'edit' | 'review'>('edit')
  const [picker, setPicker] = useState<PickerField | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const idempotency = useIdempotencyKey()

  const site = session.sites.find((s) => s.siteId === values.examSite)
  const options: Record<PickerField, { label: string; value: string }[]> = {
    date: session.days.map((day) => ({ label: dayLabel(day), value: day })),
    direction: (['to_exam', 'from_exam'] as Direction[]).map((d) => ({ label: directionLabels[d], value: d })),
    examSite: session.sites.map((s) => ({ label: s.name, value: s.siteId })),
    township: townships.map((t) => ({ label: t, value: t })),
    pickupTime: pickupTimes.map((t) => ({ label: t, value: t })),
    riders: [{ label: '1人（仅考生）', value: '1' }, { label: '2人（考生和一名陪同）', value: '2' }],
  }
  const labelOf = (field: PickerField) => options[field].find((o) => o.value === values[field])?.label ?? ''
  const titles: Record<PickerField, string> = { date: '选择考试日', direction: '送考还是接考', examSite: '选择考点', township: '选择所在乡镇', pickupTime: '选择接送时间', riders: '乘车人数' }
  // the row each picker opens on while nothing is chosen: 确认 on it leaves the field empty
  const placeholders: Record<PickerField, string> = { date: '请选择考试日', direction: '请选择送考或接考', examSite: '请选择考点', township: '请选择所在乡镇', pickupTime: '请选择时间', riders: '请选择乘车人数' }

  const review = () => {
    const found = checkBooking(values, session)
    setErrors(found)
    if (Object.keys(found).length === 0) {
      setStep('review')
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
    }
  }

  const submit = async () => {
    if (submitting) return
    void askSubscription('rideBook') // on the tap itself; never awaited
    const input = toBookInput(session.sessionId, values)
    setSubmitting(true)
    try {
      const booking = await bookRide(input, { idempotencyKey: idempotency.keyFor(input) })
      idempotency.forget()
      onBooked?.(booking)
    } catch (error) {
      idempotency.forgetUnlessLost(error)
      setStep('edit')
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
      if (isCloudError(error) && error.code === 'OUTSIDE_WINDOW') {
        setErrors({ _form: `${error.message}：本场次预约时间为 ${formatDateTime(session.bookingOpensAt)} 至 ${formatDateTime(session.bookingClosesAt)}，请在此期间提交。` })
      } else if (isCloudError(error) && error.code === 'UNAUTHENTICATED') {
        setErrors({ _form: '你还没有登录，登录后才能预约送考。' })
      } else if (isCloudError(error) && (error.fields.length || error.code === 'ALREADY_EXISTS' || error.code === 'INVALID_STATE')) {
        const next: Record<string, string> = { _form: error.message }
        for (const { path, message } of error.fields) {
          const field = path === 'pickupAt' ? 'pickupTime' : path
          if (field in emptyBooking && !next[field]) next[field] = message
        }
        setErrors(next)
      } else {
        toastError(error)
      }
    } finally {
      setSubmitting(false)
    }
  }

  if (step === 'review') {
    const rows: [string, string][] = [
      ['场次', session.name],
      ['考生姓名', values.studentName.trim()],
      ['准考证号', values.ticketNo.trim()],
      ['考试日', dayLabel(values.date)],
      ['方向', labelOf('direction')],
      ['考点', site ? `${site.name}（${site.address}）` : ''],
      ['接送地址', `${values.township} ${values.pickupAddress.trim()}`],
      ['接送时间', values.pickupTime],
      ['乘车人数', labelOf('riders')],
      ['联系电话', values.contactPhone.trim()],
    ]
    return (
      <View className='gy-booking-form gy-booking-form--review'>
        <Text className='gy-booking-form__section'>请核对预约信息</Text>
        {rows.map(([label, value]) => (
          <View key={label} className='gy-booking-form__row'>
            <Text className='gy-booking-form__row-label'>{label}</Text>
            <Text className='gy-booking-form__row-value'>{value}</Text>
          </View>
        ))}
        <Button className='gy-booking-form__submit' type='primary' block size='large' disabled={submitting} onClick={() => void submit()}>
          {submitting ? '提交中…' : '确认提交'}
        </Button>
        <Button className='gy-booking-form__back' block size='large' disabled={submitting} onClick={() => setStep('edit')}>
          返回修改
        </Button>
      </View>
    )
  }

  return (
    <View className='gy-booking-form'>
      {errors._form ? <Text className='gy-booking-form__form-error'>{errors._form}</Text> : null}

      <Text className='gy-booking-form__section'>考生信息</Text>
      <FormField className='gy-booking-form__field--name' label='考生姓名' mark='required' error={errors.studentName}>
        <Input className='gy-booking-form__name' placeholder='考生的真实姓名' maxLength={20} {...bind('studentName')} />
      </FormField>
      <FormField
        className='gy-booking-form__field--ticket'
        label='准考证号'
        mark='required'
        error={errors.ticketNo}
        hint='印在准考证正面顶部（“准考证号”一栏），6–20位字母或数字；也可在考试院网站打印准考证后查看。号码加密保存，只显示后4位。'
      >
        <Input className='gy-booking-form__ticket' placeholder='如：2733270101' maxLength={20} {...bind('ticketNo')} />
      </FormField>

      <Text className='gy-booking-form__section'>接送安排</Text>
      <FormField className='gy-booking-form__field--date' label='考试日' mark='required' error={errors.date}>
        <FormSelect className='gy-booking-form__date' value={labelOf('date')} placeholder='请选择考试日' onClick={() => setPicker('date')} />
      </FormField>
      <FormField className='gy-booking-form__field--direction' label='送考 / 接考' mark='required' error={errors.direction}>
        <FormSelect className='gy-booking-form__direction' value={labelOf('direction')} placeholder='请选择送考或接考' onClick={() => setPicker('direction')} />
      </FormField>
      <FormField className='gy-booking-form__field--site' label='考点' mark='required' error={errors.examSite} hint={site ? site.address : undefined}>
        <FormSelect className='gy-booking-form__site' value={labelOf('examSite')} placeholder='请选择考点' onClick={() => setPicker('examSite')} />
      </FormField>
      <FormField className='gy-booking-form__field--township' label='所在乡镇' mark='required' error={errors.township}>
        <FormSelect className='gy-booking-form__township' value={values.township} placeholder='请选择上车地点所在乡镇' onClick={() => setPicker('township')} />
      </FormField>
      <FormField className='gy-booking-form__field--address' label={values.direction === 'from_exam' ? '送达地址' : '上车地址'} mark='required' error={errors.pickupAddress}>
        <Input className='gy-booking-form__address' placeholder='村/小区、楼号，方便司机找到' maxLength={80} {...bind('pickupAddress')} />
      </FormField>
      <FormField
        className='gy-booking-form__field--time'
        label={values.direction === 'from_exam' ? '考点接人时间' : '上车时间'}
        mark='required'
        error={errors.pickupTime}
        hint='考试当天的时间，请预留路上时间'
      >
        <FormSelect className='gy-booking-form__time' value={values.pickupTime} placeholder='请选择时间' onClick={() => setPicker('pickupTime')} />
      </FormField>
      <FormField className='gy-booking-form__field--riders' label='乘车人数' mark='required' error={errors.riders}>
        <FormSelect className='gy-booking-form__riders' value={labelOf('riders')} placeholder='请选择' onClick={() => setPicker('riders')} />
      </FormField>
      <FormField className='gy-booking-form__field--phone' label='联系电话' mark='required' error={errors.contactPhone} hint='司机将通过此电话联系你'>
        <Input className='gy-booking-form__phone' type='tel' placeholder='11位手机号' maxLength={11} {...bind('contactPhone')} />
      </FormField>

      <Button className='gy-booking-form__next' type='primary' block size='large' onClick={review}>
        下一步：核对信息
      </Button>

      {picker ? (
        <Picker
          title={titles[picker]}
          visible
          options={[pickerRows(options[picker], values[picker], placeholders[picker])]}
          popupProps={pickerPopupProps}
          value={[values[picker]]}
          onConfirm={(_options, selected) => {
            const picked = confirmedValue(selected)
            if (picked !== null) setField(picker, picked)
          }}
          onClose={() => setPicker(null)}
        />
      ) : null}
    </View>
  )
}

export default BookingForm
