import { beneficiaryGroupLabels, wishStatusLabels, type WishStatus } from '../../cloudfunctions/core/wish/wish.constants'
import type { WishCardView } from '../../cloudfunctions/core/wish/wish.schema'

/**
 * What the 微心愿 wall reads off a wish. Separate from wish-state.ts (the detail page's bar) so that
 * the tab page in the weapp main package does not carry it; wish-state.ts re-exports all of this.
 */

/** Fired with the wishId after a claim, release, fulfilment or confirmation: the wall reloads when shown again. */
export const WISH_CHANGED_EVENT = 'wish:changed'

/** `open` 待认领, `claimed` 已认领, `delivered` 已送达 (awaiting confirmation), `done` 已圆梦 (highlighted), `review` 待审核/未通过. */
export type WishStatusTone = 'open' | 'claimed' | 'delivered' | 'done' | 'review'

const tones: Record<WishStatus, WishStatusTone> = {
  pending_review: 'review',
  rejected: 'review',
  open: 'open',
  claimed: 'claimed',
  fulfilled: 'delivered',
  confirmed: 'done',
}

export function wishStatusOf(wish: Pick<WishCardView, 'status'>): { text: string; tone: WishStatusTone } {
  return { text: wishStatusLabels[wish.status], tone: tones[wish.status] }
}

/** `王*雨 · 留守儿童`: the public (masked) name and the group. */
export function beneficiaryLineOf(wish: Pick<WishCardView, 'beneficiaryName' | 'beneficiaryGroup'>): string {
  return `${wish.beneficiaryName} · ${beneficiaryGroupLabels[wish.beneficiaryGroup]}`
}

/** `马站镇 · 马站社区` (township only when there is no community). */
export function placeOf(wish: Pick<WishCardView, 'township' | 'community'>): string {
  return wish.community ? `${wish.township} · ${wish.community}` : wish.township
}

/** What a bottom-bar button does. */
