import { useState } from 'react'
import Taro, { useLoad } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, Picker } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import type { DriverView } from '../../../../cloudfunctions/core/ride/ride.rules'
import { FormField, FormSelect, pickerPopupProps } from '../../../components/form-field'
import { confirmedValue, pickerRows } from '../../../components/option-picker/rows'
import { ResultCard } from '../../../components/result-card'
import { useFormFields } from '../../../hooks/use-form-fields'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../services/cloud'
import { listOrgs } from '../../../services/org'
import { registerDriver } from '../../../services/ride'
import { toastError } from '../../../utils/toast'
import { checkDriver, type DriverField, toDriverInput } from './checks'
import './index.scss'

const seatOptions = ['1', '2', '3', '4', '5', '6'].map((n) => ({ label: `${n}座（不含司机）`, value: n }))

/** 司机报名: a volunteer driver registers with a fleet; the fleet's staff approve them. */
export default function RideDriverPage() {
  const { values, errors, setErrors, setField, bind } = useFormFields<DriverField>({ orgId: '', realName: '', phone: '', plateNo: '', vehicle: '', seats: '' })
  const [fleets, setFleets] = useState<{ label: string; value: string }[]>([])
  const [picker, setPicker] = useState<'orgId' | 'seats' | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const [registered, setRegistered] = useState<DriverView | null>(null)
  const idempotency = useIdempotencyKey()

  useLoad((params: Record<string, string | undefined>) => {
    void listOrgs({ limit: 50 })
      .then(({ items }) => {
        // fleets (车队) first; any verified organization may run one
        const sorted = [...items].sort((a, b) => Number(b.name.includes('车队')) - Number(a.name.includes('车队')))
        setFleets(sorted.map((org) => ({ label: org.name, value: org.orgId })))
        const wanted = params.orgId ? decodeURIComponent(params.orgId) : sorted.find((org) => org.name.includes('车队'))?.orgId
        if (wanted) setField('orgId', wanted)
      })
      .catch(toastError)
  })

  const submit = async () => {
    if (submitting) return
    const found = checkDriver(values)
    setErrors(found)
    if (Object.keys(found).length) return
    const input = toDriverInput(values)
    setSubmitting(true)
    try {
      setRegistered(await registerDriver(input, { idempotencyKey: idempotency.keyFor(input) }))
      idempotency.forget()
    } catch (error) {
      idempotency.forgetUnlessLost(error)
      if (isCloudError(error) && error.code === 'UNAUTHENTICATED') setErrors({ _form: '你还没有登录，登录后才能报名。' })
      else if (isCloudError(error) && error.code !== 'INTERNAL') {
        const next: Record<string, string> = { _form: error.message }
        for (const { path, message } of error.fields) if (!next[path]) next[path] = message
        setErrors(next)
      } else toastError(error)
    } finally {
      setSubmitting(false)
    }
  }

  if (registered) {
    return (
      <View className='gy-page gy-ride-driver'>
        <ResultCard
          title={registered.status === 'approved' ? '已是车队司机' : '报名已提交，等待车队审核'}
          name={`${registered.realName} · ${registered.plateNo}`}
          tags={[{ text: registered.orgName, tone: 'neutral' }]}
          text='审核通过后，车队会在考试期间为你安排接送行程，行程可在「我的行程」查看。'
        >
          <Button className='gy-ride-driver__trips' type='primary' block size='large' onClick={() => void Taro.redirectTo({ url: '/packages/ride/trips/index' })}>
            查看我的行程
          </Button>
        </ResultCard>
      </View>
    )
  }

  const fleetName = fleets.find((f) => f.value === values.orgId)?.label ?? ''
  return (
    <View className='gy-page gy-ride-driver'>
      <View className='gy-ride-driver__card'>
        <Text className='gy-ride-driver__title'>报名爱心送考司机</Text>
        <Text className='gy-ride-driver__lead'>考试期间免费接送考生。请如实填写，车队审核通过后会联系你。</Text>
        {errors._form ? <Text className='gy-ride-driver__form-error'>{errors._form}</Text> : null}
        <FormField label='车队' mark='required' error={errors.orgId}>
          <FormSelect className='gy-ride-driver__fleet' value={fleetName} placeholder='请选择车队' onClick={() => setPicker('orgId')} />
        </FormField>
        <FormField label='真实姓名' mark='required' error={errors.realName}>
          <Input className='gy-ride-driver__name' placeholder='与驾驶证一致' maxLength={20} {...bind('realName')} />
        </FormField>
        <FormField label='手机号' mark='required' error={errors.phone} hint='考生家长只能看到隐藏中间四位的号码'>
          <Input className='gy-ride-driver__phone' type='tel' placeholder='11位手机号' maxLength={11} {...bind('phone')} />
        </FormField>
        <FormField label='车牌号' mark='required' error={errors.plateNo}>
          <Input className='gy-ride-driver__plate' placeholder='如：浙C12345' maxLength={10} {...bind('plateNo')} />
        </FormField>
        <FormField label='车型' mark='required' error={errors.vehicle}>
          <Input className='gy-ride-driver__vehicle' placeholder='颜色和车型，如：白色大众朗逸' maxLength={30} {...bind('vehicle')} />
        </FormField>
        <FormField label='可载座位数' mark='required' error={errors.seats}>
          <FormSelect className='gy-ride-driver__seats' value={seatOptions.find((o) => o.value === values.seats)?.label ?? ''} placeholder='请选择' onClick={() => setPicker('seats')} />
        </FormField>
        <Button className='gy-ride-driver__submit' type='primary' block size='large' disabled={submitting} onClick={() => void submit()}>
          {submitting ? '提交中…' : '提交报名'}
        </Button>
      </View>
      {picker ? (
        <Picker
          title={picker === 'orgId' ? '选择车队' : '可载座位数'}
          visible
          options={[pickerRows(picker === 'orgId' ? fleets : seatOptions, values[picker], picker === 'orgId' ? '请选择车队' : '请选择可载座位数')]}
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
