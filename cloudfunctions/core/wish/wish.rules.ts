import { maskName } from '../privacy/privacy.rules'
import { hidePersonalNumbers, maskNameInText } from '../privacy/public-text.rules'
import type { WishCardView, WishDetailView } from './wish.schema'
import type { WishDoc } from './wish.store'

/** Pure rules of 微心愿: what each viewer may see. */

export type WishRelation = WishDetailView['myRelation']

/** The submitter, the current claimer, a reviewer (staff of a serving verified org, or the platform admin), or nobody. */
export function relationOf(wish: WishDoc, openid: string | null, isReviewer: boolean): WishRelation {
  if (openid && wish.submittedBy === openid) return 'submitter'
  if (openid && wish.claimedBy === openid) return 'claimer'
  return isReviewer ? 'reviewer' : null
}

/** The statuses the public wall shows. */
export const wallStatuses = ['open', 'claimed', 'fulfilled', 'confirmed'] as const

/** Free text as the public sees it: the beneficiary's name masked, any phone or ID number hidden. */
const forPublic = (text: string, wish: WishDoc) => hidePersonalNumbers(maskNameInText(text, wish.beneficiary.name))

/**
 * The public card, field by field: the beneficiary's name masked (in the name field and wherever it
 * was typed into the title, content or thanks), no phone, no address finer than community.
 */
export function toWishCard(wish: WishDoc): WishCardView {
  const masked = (text: string) => forPublic(text, wish)
  return {
    wishId: wish._id,
    title: masked(wish.title),
    content: masked(wish.content),
    category: wish.category,
    estimatedYuan: wish.estimatedYuan,
    township: wish.township,
    community: wish.community,
    beneficiaryName: maskName(wish.beneficiary.name),
    beneficiaryGroup: wish.beneficiary.group,
    status: wish.status,
    createdAt: wish.createdAt,
    claimedAt: wish.claimedAt,
    fulfilledAt: wish.fulfilledAt,
    confirmedAt: wish.confirmedAt,
    thanks: wish.thanks === null ? null : masked(wish.thanks),
  }
}

export function toWishDetail(wish: WishDoc, relation: WishRelation, photoUrls: string[]): WishDetailView {
  const insider = relation === 'submitter' || relation === 'reviewer'
  // the submitter and reviewers see the text as written; everyone else, the name masked
  const shown = (text: string) => (insider ? text : forPublic(text, wish))
  return {
    ...toWishCard(wish),
    ...(insider ? { title: wish.title, content: wish.content, thanks: wish.thanks } : {}),
    myRelation: relation,
    onBehalf: wish.onBehalf,
    beneficiaryFullName: insider ? wish.beneficiary.name : null,
    contactPhone: relation !== null ? wish.contactPhone : null,
    claimExpiresAt: relation !== null ? wish.claimExpiresAt : null,
    claimedByMe: relation === 'claimer',
    review: relation === 'submitter' || relation === 'reviewer' ? (wish.review ? { approved: wish.review.approved, reason: wish.review.reason, reviewedAt: wish.review.reviewedAt } : null) : null,
    fulfilment: wish.fulfilment ? { note: shown(wish.fulfilment.note), photoUrls: relation !== null ? photoUrls : [], at: wish.fulfilment.at } : null,
  }
}

/** Where a claimer's or fulfiller's photos must live: their own folder under the wish. */
export const photoFolder = (wishId: string, openid: string) => `wishes/${wishId}/${openid}/`
