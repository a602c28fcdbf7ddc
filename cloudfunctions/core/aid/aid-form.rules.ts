import { isIdCardNo, isMobile, isRealName } from '../identity/identity.rules'
import { AID_MAX_ATTACHMENTS, hukouOptions, type FamilyStatus } from './aid.constants'
import { normalizeIdCardNo } from './aid.rules'

/**
 * The application form's checks before it is sent, zod-free for the pages (the server checks again
 * with aid.schema.ts). Messages match the server's.
 */
export interface AidFormValues {
  tier: string
  name: string
  idCardNo: string
  phone: string
  hukouTownship: string
  university: string
  admissionYear: string
  inPairedSponsorship: boolean | null
  familyStatus: FamilyStatus | ''
  statement: string
  attachments: number
}

export type AidFormField = keyof AidFormValues

export function aidFormProblems(values: AidFormValues): Partial<Record<AidFormField, string>> {
  const problems: Partial<Record<AidFormField, string>> = {}
  if (!values.tier) problems.tier = '请选择资助档次'
  if (!values.name.trim()) problems.name = '请填写真实姓名'
  else if (!isRealName(values.name.trim())) problems.name = '姓名须为2–20个汉字（可含·）'
  if (!values.idCardNo.trim()) problems.idCardNo = '请填写身份证号'
  else if (!isIdCardNo(normalizeIdCardNo(values.idCardNo))) problems.idCardNo = '身份证号不正确，请核对（校验位不符）'
  if (!values.phone.trim()) problems.phone = '请填写手机号'
  else if (!isMobile(values.phone.trim())) problems.phone = '手机号格式不正确'
  if (!(hukouOptions as readonly string[]).includes(values.hukouTownship)) problems.hukouTownship = '请选择户籍所在乡镇（或“县外”）'
  const university = values.university.trim()
  if (university.length < 2 || university.length > 40) problems.university = university ? '录取院校为2–40个字' : '请填写录取院校'
  if (!/^\d{4}$/.test(values.admissionYear.trim())) problems.admissionYear = '请填写四位数的录取年份'
  if (values.inPairedSponsorship === null) problems.inPairedSponsorship = '请选择是否已在结对助学中'
  if (!values.familyStatus) problems.familyStatus = '请选择家庭情况'
  const statement = values.statement.trim()
  if (statement.length < 10 || statement.length > 1000) problems.statement = statement ? '申请说明为10–1000个字' : '请填写申请说明'
  if (values.attachments < 1 || values.attachments > AID_MAX_ATTACHMENTS) problems.attachments = `请上传1–${AID_MAX_ATTACHMENTS}个附件（录取通知书、困难证明）`
  return problems
}

/** `330327200801011234` → `330327********1234`, for the review step before submitting (the server masks the same way). */
export function maskForReview(idCardNo: string): string {
  const value = normalizeIdCardNo(idCardNo)
  return value.length === 18 ? `${value.slice(0, 6)}********${value.slice(-4)}` : '****'
}
