import { isMobile, isRealName } from '../../../../cloudfunctions/core/identity/identity.rules'
import { isPlateNo, normalizePlate } from '../../../../cloudfunctions/core/ride/ride.rules'
import type { RegisterDriverInput } from '../../../services/ride'

/** 司机报名's fields, as text. */
export type DriverField = 'orgId' | 'realName' | 'phone' | 'plateNo' | 'vehicle' | 'seats'
export type DriverValues = Record<DriverField, string>
export type DriverErrors = Partial<Record<DriverField | '_form', string>>

/** The same checks as the server's `registerDriverInput`, in the form's words. */
export function checkDriver(values: DriverValues): DriverErrors {
  const errors: DriverErrors = {}
  if (!values.orgId) errors.orgId = '请选择车队'
  const name = values.realName.trim()
  if (!name) errors.realName = '请填写真实姓名'
  else if (!isRealName(name)) errors.realName = '姓名须为2–20个汉字（可含·）'
  const phone = values.phone.trim()
  if (!phone) errors.phone = '请填写手机号'
  else if (!isMobile(phone)) errors.phone = '请填写11位手机号'
  const plate = normalizePlate(values.plateNo)
  if (!plate) errors.plateNo = '请填写车牌号'
  else if (!isPlateNo(plate)) errors.plateNo = '车牌号格式不正确（如 浙C12345 或新能源 浙CD12345）'
  const vehicle = values.vehicle.trim()
  if (vehicle.length < 2) errors.vehicle = vehicle ? '车型至少2个字' : '请填写车型'
  else if (vehicle.length > 30) errors.vehicle = '车型不超过30个字'
  const seats = Number(values.seats)
  if (!values.seats) errors.seats = '请选择可载座位数'
  else if (!Number.isInteger(seats) || seats < 1 || seats > 6) errors.seats = '座位数为1–6'
  return errors
}

export const toDriverInput = (values: DriverValues): RegisterDriverInput => ({
  orgId: values.orgId,
  realName: values.realName.trim(),
  phone: values.phone.trim(),
  plateNo: normalizePlate(values.plateNo),
  vehicle: values.vehicle.trim(),
  seats: Number(values.seats),
})
