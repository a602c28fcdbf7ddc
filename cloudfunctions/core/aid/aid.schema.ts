import { z } from 'zod'
import { isIdCardNo } from '../identity/identity.rules'
import { cursorSchema, listLimitSchema } from '../org/org.schema'
import { phoneSchema, realNameSchema } from '../user/user.schema'
import {
  AID_CONSENT_VERSION,
  AID_MAX_ATTACHMENTS,
  AID_RETENTION_DAYS_DEFAULT,
  aidDecisions,
  aidRuleKinds,
  aidStatuses,
  familyStatuses,
  hukouOptions,
  type AidDecision,
  type AidRuleKind,
  type AidStatus,
  type FamilyStatus,
} from './aid.constants'
import { normalizeIdCardNo, type AidEventKind, type AidTier } from './aid.rules'

const idSchema = (what: string) => z.string({ error: `缺少${what}` }).trim().min(1, { error: `缺少${what}` }).max(64, { error: `${what}编号不正确` })
const programIdSchema = idSchema('救助项目')
const applicationIdSchema = idSchema('申请')
const isoSchema = (what: string) => z.iso.datetime({ offset: true, error: `${what}须为带时区的时间` })

const tierSchema = z.object({
  code: z.string({ error: '请填写档次代码' }).trim().regex(/^[a-z][a-z0-9_]{0,31}$/, { error: '档次代码为小写字母、数字和下划线' }),
  label: z.string({ error: '请填写档次名称' }).trim().min(2, { error: '档次名称为2–30个字' }).max(30, { error: '档次名称为2–30个字' }),
  amountYuan: z.number({ error: '金额须为数字' }).int({ error: '金额须为整数（元）' }).min(1, { error: '金额为1–100000元' }).max(100_000, { error: '金额为1–100000元' }),
  familyStatuses: z.array(z.enum(familyStatuses, { error: '家庭情况不正确' })).max(familyStatuses.length).default([]),
})

export const createProgramInput = z
  .object({
    orgId: idSchema('组织'),
    name: z.string({ error: '请填写项目名称' }).trim().min(4, { error: '项目名称为4–40个字' }).max(40, { error: '项目名称为4–40个字' }),
    year: z.number({ error: '年度须为数字' }).int({ error: '年度须为整数' }).min(2000, { error: '年度不正确' }).max(2100, { error: '年度不正确' }),
    opensAt: isoSchema('开始时间'),
    closesAt: isoSchema('截止时间'),
    tiers: z.array(tierSchema, { error: '请设置资助档次' }).min(1, { error: '请设置1–6个资助档次' }).max(6, { error: '请设置1–6个资助档次' }),
    rules: z.array(z.object({ kind: z.enum(aidRuleKinds, { error: '申请条件不正确' }) }), { error: '请设置申请条件' }).max(aidRuleKinds.length),
    description: z.string({ error: '项目说明须为文字' }).trim().max(1000, { error: '项目说明不超过1000个字' }).default(''),
    retentionDays: z.number({ error: '保留天数须为数字' }).int({ error: '保留天数须为整数' }).min(30, { error: '保留天数为30–3650天' }).max(3650, { error: '保留天数为30–3650天' }).default(AID_RETENTION_DAYS_DEFAULT),
  })
  .superRefine((input, ctx) => {
    if (new Date(input.closesAt).getTime() <= new Date(input.opensAt).getTime()) ctx.addIssue({ code: 'custom', path: ['closesAt'], message: '截止时间须晚于开始时间' })
    const codes = input.tiers.map((t) => t.code)
    codes.forEach((code, i) => {
      if (codes.indexOf(code) !== i) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'code'], message: '档次代码不能重复' })
    })
    const kinds = input.rules.map((r) => r.kind)
    kinds.forEach((kind, i) => {
      if (kinds.indexOf(kind) !== i) ctx.addIssue({ code: 'custom', path: ['rules', i, 'kind'], message: '申请条件不能重复' })
    })
  })
export type CreateProgramInput = z.input<typeof createProgramInput>

export const listProgramsInput = z.object({ orgId: idSchema('组织').optional() })

const idCardNoSchema = z
  .string({ error: '请填写身份证号' })
  .transform(normalizeIdCardNo)
  .refine(isIdCardNo, { error: '身份证号不正确，请核对（校验位不符）' })

const applicantFields = {
  name: realNameSchema,
  phone: phoneSchema,
  hukouTownship: z.enum(hukouOptions, { error: '请选择户籍所在乡镇（或“县外”）' }),
  university: z.string({ error: '请填写录取院校' }).trim().min(2, { error: '录取院校为2–40个字' }).max(40, { error: '录取院校为2–40个字' }),
  admissionYear: z.number({ error: '录取年份须为数字' }).int({ error: '录取年份须为整数' }).min(2000, { error: '录取年份不正确' }).max(2100, { error: '录取年份不正确' }),
  inPairedSponsorship: z.boolean({ error: '请选择是否已在结对助学中' }),
  familyStatus: z.enum(familyStatuses, { error: '请选择家庭情况' }),
}

const statementSchema = z.string({ error: '请填写申请说明' }).trim().min(10, { error: '申请说明为10–1000个字' }).max(1000, { error: '申请说明为10–1000个字' })
const attachmentsSchema = z
  .array(z.string({ error: '附件不正确' }).trim().min(1, { error: '附件不正确' }).max(300, { error: '附件不正确' }), { error: '请上传录取通知书和困难证明' })
  .min(1, { error: `请上传1–${AID_MAX_ATTACHMENTS}个附件（录取通知书、困难证明）` })
  .max(AID_MAX_ATTACHMENTS, { error: `请上传1–${AID_MAX_ATTACHMENTS}个附件（录取通知书、困难证明）` })

export const applyInput = z.object({
  programId: programIdSchema,
  tier: z.string({ error: '请选择资助档次' }).trim().min(1, { error: '请选择资助档次' }).max(32, { error: '资助档次不正确' }),
  applicant: z.object({ ...applicantFields, idCardNo: idCardNoSchema }, { error: '请填写申请人信息' }),
  statement: statementSchema,
  attachmentFileIds: attachmentsSchema,
  /** Separate, explicit consent to processing sensitive personal information. */
  consent: z.object(
    {
      sensitiveInfo: z.literal(true, { error: '请阅读并单独同意处理敏感个人信息' }),
      version: z.literal(AID_CONSENT_VERSION, { error: '同意书已更新，请重新阅读并同意' }).optional(),
    },
    { error: '请阅读并单独同意处理敏感个人信息' },
  ),
})
export type ApplyInput = z.input<typeof applyInput>

/** The applicant answers 需补充材料: any of the fields (not the ID number), and a note to the reviewer. */
export const updateApplicationInput = z.object({
  applicationId: applicationIdSchema,
  tier: z.string({ error: '资助档次不正确' }).trim().min(1).max(32).optional(),
  applicant: z.object(applicantFields, { error: '申请人信息不正确' }).partial().optional(),
  statement: statementSchema.optional(),
  attachmentFileIds: attachmentsSchema.optional(),
  note: z.string({ error: '补充说明须为文字' }).trim().min(2, { error: '补充说明为2–200个字' }).max(200, { error: '补充说明为2–200个字' }),
})

export const applicationIdInput = z.object({ applicationId: applicationIdSchema })

export const queueInput = z.object({
  programId: programIdSchema,
  status: z.enum(aidStatuses, { error: '申请状态不正确' }).optional(),
  tier: z.string({ error: '资助档次不正确' }).trim().min(1).max(32).optional(),
  township: z.enum(hukouOptions, { error: '乡镇不正确' }).optional(),
  cursor: cursorSchema,
  limit: listLimitSchema,
})

export const reviewInput = z.object({
  applicationId: applicationIdSchema,
  decision: z.enum(aidDecisions, { error: '请选择通过、不通过或需补充材料' }),
  reason: z.string({ error: '请填写理由' }).trim().min(2, { error: '理由为2–200个字' }).max(200, { error: '理由为2–200个字' }),
})

export const disburseInput = z.object({
  applicationId: applicationIdSchema,
  reference: z.string({ error: '请填写发放凭证号' }).trim().min(4, { error: '发放凭证号为4–64个字符' }).max(64, { error: '发放凭证号为4–64个字符' }),
})

export const programIdInput = z.object({ programId: programIdSchema })

export const accessLogInput = z.object({
  programId: programIdSchema,
  applicationId: applicationIdSchema.optional(),
  cursor: cursorSchema,
  limit: listLimitSchema,
})

/** Views: built field by field (aid.view.ts); the ID number is always the mask. */
export interface AidProgramView {
  programId: string
  orgId: string
  orgName: string
  name: string
  year: number
  opensAt: string
  closesAt: string
  window: 'upcoming' | 'open' | 'closed'
  tiers: AidTier[]
  rules: { kind: AidRuleKind }[]
  rulesText: string[]
  description: string
  retentionDays: number
}

export interface AidEventView {
  kind: AidEventKind
  role: 'applicant' | 'reviewer' | 'admin' | 'system'
  reason: string | null
  at: string
}

export interface AidApplicationView {
  applicationId: string
  programId: string
  programName: string
  orgId: string
  status: AidStatus
  tier: string
  tierLabel: string
  amountYuan: number | null
  applicant: {
    name: string
    /** Masked for everyone: `330327********1234`. */
    idCardNo: string
    phone: string
    hukouTownship: string
    university: string
    admissionYear: number
    inPairedSponsorship: boolean
    familyStatus: FamilyStatus
  }
  statement: string
  /** The attachments; short-lived links only in `get` (null elsewhere); none after the retention purge. */
  attachments: { fileId: string; url: string | null }[]
  attachmentCount: number
  consent: { version: string; agreedAt: string }
  lastDecision: { decision: AidDecision; reason: string; at: string } | null
  disbursement: { reference: string; at: string } | null
  timeline: AidEventView[]
  submittedAt: string
  updatedAt: string
  purged: boolean
  /** What the viewer may do now. */
  canWithdraw: boolean
  canUpdate: boolean
}

export interface AidAccessView {
  applicationId: string
  applicantName: string
  openid: string
  viewerName: string
  via: 'get' | 'queue' | 'export'
  at: string
}

export type { AidDecision, AidStatus, FamilyStatus }
