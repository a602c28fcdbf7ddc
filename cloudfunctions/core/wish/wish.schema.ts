import { z } from 'zod'
import { phoneSchema, townshipSchema } from '../user/user.schema'
import { cursorSchema, listLimitSchema } from '../org/org.schema'
import { isRealName } from '../identity/identity.rules'
import { containsPersonalNumber, personalNumberMessage } from '../privacy/public-text.rules'
import { wishCategories, beneficiaryGroups, type WishCategory, type BeneficiaryGroup, type WishStatus } from './wish.constants'

export { wishCategories, beneficiaryGroups, beneficiaryGroupLabels, wishStatuses, wishStatusLabels } from './wish.constants'
export type { WishCategory, BeneficiaryGroup, WishStatus } from './wish.constants'

/** Public free text (the wall, the detail page) holds no phone or ID number. */
const isPublicSafe = (text: string) => !containsPersonalNumber(text)

const wishIdSchema = z.string({ error: '缺少心愿' }).trim().min(1, { error: '缺少心愿' }).max(64, { error: '心愿编号不正确' })

export const createWishInput = z.object({
  title: z.string({ error: '请填写心愿标题' }).trim().min(4, { error: '心愿标题为4–30个字' }).max(30, { error: '心愿标题为4–30个字' }).refine(isPublicSafe, { error: personalNumberMessage('心愿标题') }),
  content: z.string({ error: '请描述心愿' }).trim().min(10, { error: '心愿描述为10–500个字' }).max(500, { error: '心愿描述为10–500个字' }).refine(isPublicSafe, { error: personalNumberMessage('心愿描述') }),
  category: z.enum(wishCategories, { error: '请选择心愿类别' }),
  estimatedYuan: z.number({ error: '预估金额须为数字' }).int({ error: '预估金额须为整数（元）' }).min(1, { error: '预估金额为1–2000元' }).max(2000, { error: '预估金额为1–2000元' }),
  township: townshipSchema,
  community: z.string({ error: '社区须为文字' }).trim().max(30, { error: '社区不超过30个字' }).optional().transform((v) => (v ? v : undefined)),
  beneficiary: z.object(
    {
      name: z.string({ error: '请填写受助人姓名' }).trim().refine(isRealName, { error: '受助人姓名须为2–20个汉字' }),
      group: z.enum(beneficiaryGroups, { error: '请选择受助人类别' }),
    },
    { error: '请填写受助人信息' },
  ),
  /** Posted by a community liaison for someone else (代为发布). */
  onBehalf: z.boolean({ error: '请选择是否代为发布' }),
  /** How the claimer reaches the submitter; the profile's phone when left out. The beneficiary's phone is never collected. */
  contactPhone: phoneSchema.optional(),
})
export type CreateWishInput = z.infer<typeof createWishInput>

export const reviewWishInput = z
  .object({
    wishId: wishIdSchema,
    approve: z.boolean({ error: '请选择通过或驳回' }),
    reason: z.string({ error: '原因须为文字' }).trim().max(200, { error: '原因不超过200个字' }).optional(),
  })
  .superRefine((input, ctx) => {
    if (!input.approve && (!input.reason || input.reason.length < 2)) ctx.addIssue({ code: 'custom', path: ['reason'], message: '驳回时请填写原因（至少2个字）' })
  })

export const wishIdInput = z.object({ wishId: wishIdSchema })

export const listWishesInput = z.object({
  township: townshipSchema.optional(),
  category: z.enum(wishCategories, { error: '心愿类别不正确' }).optional(),
  /** `fulfilled` includes the confirmed ones (已圆梦). */
  status: z.enum(['open', 'claimed', 'fulfilled'], { error: '心愿状态不正确' }).optional(),
  cursor: cursorSchema,
  limit: listLimitSchema,
})

export const reviewQueueInput = z.object({ cursor: cursorSchema, limit: listLimitSchema })

export const fulfilWishInput = z.object({
  wishId: wishIdSchema,
  note: z.string({ error: '请填写圆梦说明' }).trim().min(2, { error: '圆梦说明为2–200个字' }).max(200, { error: '圆梦说明为2–200个字' }).refine(isPublicSafe, { error: personalNumberMessage('圆梦说明') }),
  photoFileIds: z
    .array(z.string({ error: '照片不正确' }).trim().min(1, { error: '照片不正确' }).max(300, { error: '照片不正确' }), { error: '请上传圆梦照片' })
    .min(1, { error: '请上传1–9张圆梦照片' })
    .max(9, { error: '请上传1–9张圆梦照片' }),
})

export const confirmWishInput = z.object({
  wishId: wishIdSchema,
  thanks: z.string({ error: '感谢语须为文字' }).trim().max(200, { error: '感谢语不超过200个字' }).refine(isPublicSafe, { error: personalNumberMessage('感谢语') }).optional(),
})

/** What anyone sees on the wall: no full name, no phone, nothing finer than township/community. */
export interface WishCardView {
  wishId: string
  title: string
  content: string
  category: WishCategory
  estimatedYuan: number
  township: string
  community: string | null
  /** Masked: `张*明`. */
  beneficiaryName: string
  beneficiaryGroup: BeneficiaryGroup
  status: WishStatus
  createdAt: string
  claimedAt: string | null
  fulfilledAt: string | null
  confirmedAt: string | null
  thanks: string | null
}

/** The detail: the wall's fields, plus what the viewer's relation to the wish entitles them to. */
export interface WishDetailView extends WishCardView {
  /** submitter / claimer / reviewer / null */
  myRelation: 'submitter' | 'claimer' | 'reviewer' | null
  onBehalf: boolean
  /** Full name: submitter and reviewers only. */
  beneficiaryFullName: string | null
  /** The submitter's phone: for the claimer (to arrange delivery), the submitter and reviewers. */
  contactPhone: string | null
  claimExpiresAt: string | null
  /** Whether a claim is held (by anyone); who holds it only for the people above. */
  claimedByMe: boolean
  review: { approved: boolean; reason: string | null; reviewedAt: string } | null
  fulfilment: { note: string; photoUrls: string[]; at: string } | null
}

export interface WishNoticeView {
  text: string
  wishId: string
  createdAt: string
}

export interface MyWishesView {
  submitted: WishDetailView[]
  claimed: WishDetailView[]
  notices: WishNoticeView[]
}
