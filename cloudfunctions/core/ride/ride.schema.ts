import { z } from 'zod'
import { isRealName } from '../identity/identity.rules'
import { phoneSchema, townshipSchema } from '../user/user.schema'
import { isPlateNo, normalizePlate, TICKET_PATTERN } from './ride.rules'

/** Inputs of the `ride` function (爱心送考). Messages name the field for the person filling the form. */

const DATE = /^\d{4}-\d{2}-\d{2}$/

export const dateSchema = z.string({ error: '请选择日期' }).regex(DATE, { error: '日期格式应为 YYYY-MM-DD' })
/** An ISO-8601 instant with an offset or Z (`2027-06-07T07:30:00+08:00`), stored as UTC. */
export const instantSchema = z
  .string({ error: '请选择时间' })
  .refine((value) => /T\d{2}:\d{2}/.test(value) && /(Z|[+-]\d{2}:?\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)), { error: '时间格式不正确' })
  .transform((value) => new Date(value).toISOString())

const idSchema = (label: string) => z.string({ error: `缺少${label}` }).trim().min(1, { error: `缺少${label}` }).max(120, { error: `${label}不正确` })

export const examSchema = z.enum(['gaokao', 'zhongkao'], { error: '考试须为高考或中考' })
export const directionSchema = z.enum(['to_exam', 'from_exam'], { error: '请选择送考或接考' })

export const siteInput = z.object({
  name: z.string({ error: '请填写考点名称' }).trim().min(2, { error: '考点名称至少2个字' }).max(40, { error: '考点名称不超过40个字' }),
  address: z.string({ error: '请填写考点地址' }).trim().min(4, { error: '考点地址至少4个字' }).max(80, { error: '考点地址不超过80个字' }),
  township: townshipSchema,
})

export const createSessionInput = z
  .object({
    /** the organization defining it (omit when the platform admin does) */
    orgId: idSchema('组织').optional(),
    name: z.string({ error: '请填写场次名称' }).trim().min(2, { error: '场次名称至少2个字' }).max(40, { error: '场次名称不超过40个字' }),
    exam: examSchema,
    days: z.array(dateSchema, { error: '请选择考试日期' }).min(1, { error: '至少一个考试日' }).max(5, { error: '考试日最多5天' }),
    bookingOpensAt: instantSchema,
    bookingClosesAt: instantSchema,
    sites: z.array(siteInput, { error: '请填写考点' }).min(1, { error: '至少一个考点' }).max(50, { error: '考点最多50个' }),
  })
  .superRefine((input, ctx) => {
    if (input.bookingClosesAt <= input.bookingOpensAt) ctx.addIssue({ code: 'custom', path: ['bookingClosesAt'], message: '预约截止时间须晚于开始时间' })
    if (new Set(input.days).size !== input.days.length) ctx.addIssue({ code: 'custom', path: ['days'], message: '考试日期不能重复' })
  })
export type CreateSessionInput = z.infer<typeof createSessionInput>

export const plateSchema = z
  .string({ error: '请填写车牌号' })
  .transform(normalizePlate)
  .refine(isPlateNo, { error: '车牌号格式不正确（如 浙C12345 或新能源 浙CD12345）' })

export const registerDriverInput = z.object({
  orgId: idSchema('车队'),
  realName: z.string({ error: '请填写真实姓名' }).trim().refine(isRealName, { error: '姓名须为2–20个汉字（可含·）' }),
  phone: phoneSchema,
  plateNo: plateSchema,
  vehicle: z.string({ error: '请填写车型' }).trim().min(2, { error: '车型至少2个字' }).max(30, { error: '车型不超过30个字' }),
  seats: z.number({ error: '请填写可载座位数' }).int({ error: '座位数须为整数' }).min(1, { error: '座位数为1–6' }).max(6, { error: '座位数为1–6' }),
})
export type RegisterDriverInput = z.infer<typeof registerDriverInput>

export const approveDriverInput = z
  .object({
    driverId: idSchema('司机'),
    approve: z.boolean({ error: '请选择通过或不通过' }),
    reason: z.string().trim().max(200, { error: '理由不超过200字' }).optional(),
  })
  .refine((input) => input.approve || (input.reason && input.reason.length > 0), { path: ['reason'], message: '不通过时请填写理由' })

export const driversInput = z.object({
  orgId: idSchema('车队'),
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
})

export const bookInput = z.object({
  sessionId: idSchema('场次'),
  date: dateSchema,
  direction: directionSchema,
  ticketNo: z.string({ error: '请填写准考证号' }).trim().regex(TICKET_PATTERN, { error: '准考证号为6–20位字母或数字' }),
  studentName: z.string({ error: '请填写考生姓名' }).trim().refine(isRealName, { error: '考生姓名须为2–20个汉字（可含·）' }),
  pickupAddress: z.string({ error: '请填写接送地址' }).trim().min(4, { error: '接送地址至少4个字' }).max(80, { error: '接送地址不超过80个字' }),
  township: townshipSchema,
  examSite: idSchema('考点'),
  pickupAt: instantSchema,
  riders: z.number({ error: '请填写乘车人数' }).int({ error: '乘车人数须为整数' }).min(1, { error: '乘车人数为1–2（考生及至多一名陪同）' }).max(2, { error: '乘车人数为1–2（考生及至多一名陪同）' }),
  contactPhone: phoneSchema,
})
export type BookInput = z.infer<typeof bookInput>

export const bookingIdInput = z.object({ bookingId: idSchema('预约') })

export const offerInput = z
  .object({
    sessionId: idSchema('场次'),
    date: dateSchema,
    from: instantSchema,
    to: instantSchema,
    seats: z.number({ error: '请填写座位数' }).int({ error: '座位数须为整数' }).min(1, { error: '座位数为1–6' }).max(6, { error: '座位数为1–6' }),
    /** which of the driver's fleets (needed only when they drive for more than one) */
    orgId: idSchema('车队').optional(),
  })
  .refine((input) => input.to > input.from, { path: ['to'], message: '结束时间须晚于开始时间' })

export const assignInput = z.object({ bookingId: idSchema('预约'), driverId: idSchema('司机') })

export const autoAssignInput = z.object({ orgId: idSchema('车队'), sessionId: idSchema('场次'), date: dateSchema })

/** 当日看板: a fleet's drivers on one exam day. */
export const boardInput = z.object({ orgId: idSchema('车队'), date: dateSchema })

export const openBookingsInput = z.object({ sessionId: idSchema('场次'), date: dateSchema, direction: directionSchema.optional() })

export const updateTripInput = z.object({
  bookingId: idSchema('预约'),
  status: z.enum(['picked_up', 'completed', 'no_show'], { error: '状态须为已接到、已送达或未接到考生' }),
})
