import { z } from 'zod'
import { townshipSchema } from '../user/user.schema'
import { cursorSchema, listLimitSchema } from '../org/org.schema'
import { wishCategories, type WishCategory, type BeneficiaryGroup, type WishStatus } from './wish.constants'
import { wishIdSchema } from './wish.form-schema'

// The forms pages check with are zod/mini schemas (wish.form-schema.ts); re-exported for the functions.
export { confirmWishInput, createWishInput, fulfilWishInput } from './wish.form-schema'
export type { CreateWishInput } from './wish.form-schema'

export { wishCategories, beneficiaryGroups, beneficiaryGroupLabels, wishStatuses, wishStatusLabels } from './wish.constants'
export type { WishCategory, BeneficiaryGroup, WishStatus } from './wish.constants'

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
  township: z.optional(townshipSchema),
  category: z.enum(wishCategories, { error: '心愿类别不正确' }).optional(),
  /** `fulfilled` includes the confirmed ones (已圆梦). */
  status: z.enum(['open', 'claimed', 'fulfilled'], { error: '心愿状态不正确' }).optional(),
  cursor: cursorSchema,
  limit: listLimitSchema,
})

export const reviewQueueInput = z.object({ cursor: cursorSchema, limit: listLimitSchema })

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
