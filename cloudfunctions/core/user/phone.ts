import { z } from 'zod'
import { getApp } from '../cloudbase'
import { AppError } from '../errors'
import { phoneSchema } from './user.schema'

/**
 * 手机号快速验证: the mini-program's `open-type="getPhoneNumber"` button gives a one-time code;
 * WeChat's OpenAPI `phonenumber.getPhoneNumber` (POST /wxa/business/getuserphonenumber), called
 * through CloudBase's `callWxOpenApi`, turns it into the number WeChat has verified.
 */
export const verifyPhoneInput = z.object({
  code: z.string({ error: '缺少手机号授权码' }).trim().min(1, { error: '缺少手机号授权码' }).max(256),
})
export type VerifyPhoneInput = z.infer<typeof verifyPhoneInput>

const wechatReply = z.object({
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
  phone_info: z.object({ purePhoneNumber: z.string(), countryCode: z.string().optional() }).optional(),
})

const REFUSED = '微信未能验证该手机号，请重试或手动填写'
const UNAVAILABLE = '暂时无法通过微信验证手机号，请手动填写'

export async function decodePhoneCode(code: string): Promise<string> {
  let reply: Awaited<ReturnType<ReturnType<typeof getApp>['callWxOpenApi']>>
  try {
    reply = await getApp().callWxOpenApi({ apiName: '/wxa/business/getuserphonenumber', requestData: { code } })
  } catch (error) {
    throw new AppError('INVALID_STATE', UNAVAILABLE, { details: { openapi: error instanceof Error ? error.message : String(error) } })
  }
  // CloudBase reports its own failures (no WeChat behind it, as on the local stack) with a code
  const failed = reply as { code?: string; message?: string }
  if (failed.code) throw new AppError('INVALID_STATE', UNAVAILABLE, { details: { openapi: failed.code, message: failed.message } })
  const parsed = wechatReply.safeParse(reply.result)
  // errcode 40029: the code is invalid or already used (a code is good for one call, five minutes)
  if (!parsed.success || (parsed.data.errcode ?? 0) !== 0 || !parsed.data.phone_info) throw new AppError('INVALID_ARGUMENT', REFUSED)
  const phone = phoneSchema.safeParse(parsed.data.phone_info.purePhoneNumber)
  // only mainland mobile numbers are accepted elsewhere (registration, bookings)
  if (!phone.success || (parsed.data.phone_info.countryCode ?? '86') !== '86') throw new AppError('INVALID_ARGUMENT', '仅支持中国大陆手机号，请手动填写')
  return phone.data
}
