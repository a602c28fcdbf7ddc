import { z } from 'zod'
import { townshipSchema } from '../user/user.schema'
import { cursorSchema, listLimitSchema } from '../org/org.schema'
import { isPublicSafe, personalNumberMessage } from '../privacy/public-text.rules'
import { MAX_NEEDS_PER_PROJECT, needClosures, matchStatuses, needFields, providerKinds, resourceOffers, type NeedClosure, type NeedField, type NeedStatus, type ProviderKind, type ResourceOffer } from './needs.constants'

export { needFields, needStatuses, needStatusLabels, needClosures, needClosureLabels, needStatusText, matchStatusLabels, MAX_NEEDS_PER_PROJECT } from './needs.constants'
export type { NeedClosure, NeedField, NeedStatus, ProviderKind, ResourceOffer, MatchSide, MatchStatus } from './needs.constants'
import { matchSides, type MatchSide, type MatchStatus } from './needs.constants'
export { providerKinds, providerKindLabels, resourceOffers, resourceOfferLabels } from './needs.constants'

/** A public text field of `min`–`max` characters, named `label` in its messages. */
const publicText = (label: string, min: number, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, { error: `${label}为${min}–${max}个字` })
    .max(max, { error: `${label}为${min}–${max}个字` })
    .refine(isPublicSafe, { error: personalNumberMessage(label) })

const idSchema = (what: string) => z.string({ error: `缺少${what}` }).trim().min(1, { error: `缺少${what}` }).max(64, { error: `${what}编号不正确` })

export const needIdSchema = idSchema('需求')
export const orgIdSchema = idSchema('组织')

export const postNeedInput = z.object({
  /** The community organization posting it; the platform admin may leave it out. */
  orgId: orgIdSchema.optional(),
  township: townshipSchema,
  community: publicText('社区（村）', 2, 30),
  field: z.enum(needFields, { error: '请选择服务领域' }),
  /** Who benefits, as a group (独居老人, 留守儿童), never a person's name. */
  beneficiaries: publicText('服务对象', 2, 50),
  beneficiaryCount: z.number({ error: '受益人数须为数字' }).int({ error: '受益人数须为整数' }).min(1, { error: '受益人数为1–100000' }).max(100_000, { error: '受益人数为1–100000' }),
  content: publicText('需求内容', 10, 500),
})
export type PostNeedInput = z.infer<typeof postNeedInput>

export const listNeedsInput = z.object({
  township: z.optional(townshipSchema),
  /** The needs one community organization posted (its staff close them from the workbench). */
  orgId: orgIdSchema.optional(),
  field: z.enum(needFields, { error: '服务领域不正确' }).optional(),
  /** true: only the needs still looking for projects. */
  open: z.boolean({ error: 'open 须为是或否' }).optional(),
  cursor: cursorSchema,
  limit: listLimitSchema,
})

export const needIdInput = z.object({ needId: needIdSchema })

/** 关闭需求: `fulfilled` needs a project answering it or a confirmed match; `withdrawn` needs a public reason. */
export const closeNeedInput = z
  .object({
    needId: needIdSchema,
    outcome: z.enum(needClosures, { error: '请选择关闭原因' }),
    reason: publicText('关闭原因', 2, 200).optional(),
  })
  .refine((input) => input.outcome !== 'withdrawn' || !!input.reason, { error: '撤回需求请填写原因', path: ['reason'] })
export type CloseNeedInput = z.infer<typeof closeNeedInput>

const yuan = (label: string) =>
  z.number({ error: `${label}须为数字` }).int({ error: `${label}须为整数（元）` }).min(1, { error: `${label}为1–10000000元` }).max(10_000_000, { error: `${label}为1–10000000元` })

export const proposeProjectInput = z.object({
  orgId: orgIdSchema,
  needIds: z
    .array(needIdSchema, { error: '请选择项目回应的需求' })
    .min(1, { error: `请选择1–${MAX_NEEDS_PER_PROJECT}条需求` })
    .max(MAX_NEEDS_PER_PROJECT, { error: `请选择1–${MAX_NEEDS_PER_PROJECT}条需求` })
    .refine((ids) => new Set(ids).size === ids.length, { error: '需求不能重复选择' }),
  title: publicText('项目名称', 4, 40),
  goals: publicText('项目目标', 10, 500),
  plan: publicText('实施计划', 10, 2000),
  budgetLines: z
    .array(z.object({ item: publicText('预算科目', 2, 30), amountYuan: yuan('预算金额') }, { error: '预算明细不正确' }), { error: '请填写预算明细' })
    .min(1, { error: '预算明细为1–30项' })
    .max(30, { error: '预算明细为1–30项' }),
  team: z
    .array(
      z.object(
        {
          role: publicText('团队岗位', 2, 20),
          count: z.number({ error: '人数须为数字' }).int({ error: '人数须为整数' }).min(1, { error: '人数为1–999' }).max(999, { error: '人数为1–999' }),
        },
        { error: '团队构成不正确' },
      ),
      { error: '请填写团队构成' },
    )
    .min(1, { error: '团队构成为1–20项' })
    .max(20, { error: '团队构成为1–20项' }),
  durationMonths: z.number({ error: '项目周期须为数字' }).int({ error: '项目周期须为整数（月）' }).min(1, { error: '项目周期为1–36个月' }).max(36, { error: '项目周期为1–36个月' }),
})
export type ProposeProjectInput = z.infer<typeof proposeProjectInput>

export const listProjectsInput = z.object({
  needId: needIdSchema.optional(),
  orgId: orgIdSchema.optional(),
  cursor: cursorSchema,
  limit: listLimitSchema,
})

export const countyViewInput = z.object({})

/** What anyone sees of a need: no person, nothing finer than the community. */
export interface NeedView {
  needId: string
  orgId: string | null
  orgName: string | null
  township: string
  community: string
  field: NeedField
  beneficiaries: string
  beneficiaryCount: number
  content: string
  status: NeedStatus
  /** How many projects answer it. */
  projectCount: number
  /** Set once closed: 已满足 or 已撤回, and the reason given (public). */
  closedAs: NeedClosure | null
  closeReason: string | null
  closedAt: string | null
  createdAt: string
}

export interface ProjectView {
  projectId: string
  orgId: string
  orgName: string
  needIds: string[]
  title: string
  goals: string
  plan: string
  budgetLines: { item: string; amountYuan: number }[]
  budgetTotalYuan: number
  team: { role: string; count: number }[]
  teamSize: number
  durationMonths: number
  createdAt: string
}

export interface CountyView {
  /** Open needs by township, then by field (only non-zero counts). */
  openByTownship: { township: string; total: number; byField: Partial<Record<NeedField, number>> }[]
  openTotal: number
  /** Open needs that no project answers yet, oldest first. */
  unanswered: NeedView[]
}

/** A contact number: a mainland mobile, or a landline with its area code (departments answer on those). */
const CONTACT_PHONE = /^(?:1[3-9]\d{9}|0\d{2,3}-?[2-9]\d{6,7})$/

const resourceFields = {
  provider: z.object(
    {
      name: publicText('提供方名称', 2, 40),
      kind: z.enum(providerKinds, { error: '请选择提供方类型' }),
    },
    { error: '请填写提供方' },
  ),
  offers: z
    .array(z.enum(resourceOffers, { error: '资源类型不正确' }), { error: '请选择可提供的资源' })
    .min(1, { error: '请至少选择一类资源' })
    .max(resourceOffers.length, { error: '资源类型不能重复' })
    .refine((offers) => new Set(offers).size === offers.length, { error: '资源类型不能重复' }),
  township: townshipSchema,
  /** Public: what exactly is on offer (a hall for 50 people, 20 volunteers on weekends). */
  description: publicText('资源说明', 4, 300),
  /** Never shown in full to anyone but the platform admin. */
  contact: z.object(
    {
      name: z.string({ error: '请填写联系人' }).trim().min(2, { error: '联系人为2–20个字' }).max(20, { error: '联系人为2–20个字' }),
      phone: z.string({ error: '请填写联系电话' }).trim().regex(CONTACT_PHONE, { error: '联系电话须为手机号或带区号的座机号' }),
    },
    { error: '请填写联系人' },
  ),
}

export const addResourceInput = z.object(resourceFields)
export type AddResourceInput = z.infer<typeof addResourceInput>

export const resourceIdSchema = idSchema('资源')

/** The fields given are replaced; at least one. */
export const updateResourceInput = z
  .object({ resourceId: resourceIdSchema, ...z.object(resourceFields).partial().shape })
  .refine((input) => Object.keys(input).some((key) => key !== 'resourceId'), { error: '请至少修改一项', path: ['resourceId'] })

export const listResourcesInput = z.object({
  township: z.optional(townshipSchema),
  offer: z.enum(resourceOffers, { error: '资源类型不正确' }).optional(),
  cursor: cursorSchema,
  limit: listLimitSchema,
})

export interface ResourceView {
  resourceId: string
  provider: { name: string; kind: ProviderKind }
  offers: ResourceOffer[]
  township: string
  description: string
  /** In full for the platform admin; name and phone masked for everyone else. */
  contact: { name: string; phone: string }
  updatedAt: string
}

export const proposeMatchInput = z.object({
  projectId: idSchema('项目'),
  providerIds: z
    .array(resourceIdSchema, { error: '请选择资源提供方' })
    .min(1, { error: '请选择1–10个资源提供方' })
    .max(10, { error: '请选择1–10个资源提供方' })
    .refine((ids) => new Set(ids).size === ids.length, { error: '资源提供方不能重复选择' }),
  undertakerOrgId: orgIdSchema,
})

/**
 * The matches list: one project's (its organization's staff), the ones an organization is on, as the
 * project's organization or the undertaker (its staff), or any (the platform admin); newest first.
 */
export const listMatchesInput = z.object({
  projectId: idSchema('项目').optional(),
  orgId: orgIdSchema.optional(),
  status: z.enum(matchStatuses, { error: '对接状态不正确' }).optional(),
  cursor: cursorSchema,
  limit: listLimitSchema,
})

export const confirmMatchInput = z.object({
  matchId: idSchema('对接'),
  /** `undertaker`: the undertaker organization's staff; `providers`: the platform admin on the providers' behalf. */
  side: z.enum(matchSides, { error: '请选择确认方' }),
})

export interface MatchView {
  matchId: string
  projectId: string
  projectTitle: string
  needIds: string[]
  undertaker: { orgId: string; orgName: string }
  /** `contact` only on `need` (masked but for the platform admin). */
  providers: { resourceId: string; name: string; kind: ProviderKind; contact?: { name: string; phone: string } }[]
  status: MatchStatus
  confirmed: Record<MatchSide, boolean>
  confirmedAt: string | null
  createdAt: string
}
