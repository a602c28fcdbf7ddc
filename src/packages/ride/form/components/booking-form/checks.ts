import { isMobile, isRealName } from '../../../../../../cloudfunctions/core/identity/identity.rules'
import type { Direction, SessionView } from '../../../../../../cloudfunctions/core/ride/ride.rules'
import { TICKET_PATTERN } from '../../../../../../cloudfunctions/core/ride/ride.rules'
import type { BookRideInput } from '../../../../../services/ride'

/** The booking form's fields, all as text (送考预约). */
export type BookingField = 'studentName' | 'ticketNo' | 'date' | 'direction' | 'examSite' | 'pickupAddress' | 'township' | 'pickupTime' | 'riders' | 'contactPhone'
export type BookingValues = Record<BookingField, string>
export type BookingErrors = Partial<Record<BookingField | '_form', string>>

export const directionLabels: Record<Direction, string> = { to_exam: '送考（家 → 考点）', from_exam: '接考（考点 → 家）' }

export const emptyBooking: BookingValues = {
  studentName: '', ticketNo: '', date: '', direction: '', examSite: '', pickupAddress: '', township: '', pickupTime: '', riders: '1', contactPhone: '',
}

/** Pickup times offered in the picker: 05:30 to 21:00 every 10 minutes. */
export const pickupTimes: string[] = Array.from({ length: (21 * 60 - 5 * 60 - 30) / 10 + 1 }, (_, i) => {
  const total = 5 * 60 + 30 + i * 10
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`
})

/** The same checks as the server's `bookInput`, in the form's words; an empty object when all pass. */
export function checkBooking(values: BookingValues, session: Pick<SessionView, 'days' | 'sites'>): BookingErrors {
  const errors: BookingErrors = {}
  const name = values.studentName.trim()
  if (!name) errors.studentName = '请填写考生姓名'
  else if (!isRealName(name)) errors.studentName = '考生姓名须为2–20个汉字（可含·）'
  const ticket = values.ticketNo.trim()
  if (!ticket) errors.ticketNo = '请填写准考证号'
  else if (!TICKET_PATTERN.test(ticket)) errors.ticketNo = '准考证号为6–20位字母或数字'
  if (!values.date) errors.date = '请选择考试日'
  else if (!session.days.includes(values.date)) errors.date = '所选日期不是本场次的考试日'
  if (values.direction !== 'to_exam' && values.direction !== 'from_exam') errors.direction = '请选择送考或接考'
  if (!values.examSite) errors.examSite = '请选择考点'
  else if (!session.sites.some((s) => s.siteId === values.examSite)) errors.examSite = '请从列表中选择考点'
  const address = values.pickupAddress.trim()
  if (!address) errors.pickupAddress = '请填写接送地址'
  else if (address.length < 4) errors.pickupAddress = '接送地址至少4个字'
  else if (address.length > 80) errors.pickupAddress = '接送地址不超过80个字'
  if (!values.township) errors.township = '请选择所在乡镇'
  if (!values.pickupTime) errors.pickupTime = '请选择接送时间'
  else if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(values.pickupTime)) errors.pickupTime = '接送时间格式不正确'
  if (values.riders !== '1' && values.riders !== '2') errors.riders = '乘车人数为1–2（考生及至多一名陪同）'
  const phone = values.contactPhone.trim()
  if (!phone) errors.contactPhone = '请填写联系电话'
  else if (!isMobile(phone)) errors.contactPhone = '请填写11位手机号'
  return errors
}

/** The checked form → the `book` action's input (pickup time on the chosen day, Beijing time). */
export function toBookInput(sessionId: string, values: BookingValues): BookRideInput {
  return {
    sessionId,
    date: values.date,
    direction: values.direction as Direction,
    ticketNo: values.ticketNo.trim(),
    studentName: values.studentName.trim(),
    pickupAddress: values.pickupAddress.trim(),
    township: values.township,
    examSite: values.examSite,
    pickupAt: `${values.date}T${values.pickupTime}:00+08:00`,
    riders: Number(values.riders),
    contactPhone: values.contactPhone.trim(),
  }
}
