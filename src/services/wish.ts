import type { z } from 'zod'
import type { Page } from '../../cloudfunctions/core/org/org.schema'
import type { createWishInput, listWishesInput, MyWishesView, WishCardView, WishDetailView } from '../../cloudfunctions/core/wish/wish.schema'
import { callFunction, type CallOptions } from './cloud'

/** The `wish` cloud function (微心愿, shared/api.md): one verb-first function per action. */

interface WishReply {
  wish: WishDetailView
}

/** The wall: open, claimed and fulfilled wishes, newest first; plus how many came true this year. */
export function listWishes(filter: Partial<z.input<typeof listWishesInput>> = {}): Promise<Page<WishCardView> & { fulfilledThisYear: number }> {
  return callFunction<Page<WishCardView> & { fulfilledThisYear: number }>('wish', 'list', filter)
}

/** One wish, with what the caller's relation to it entitles them to see. */
export async function getWish(wishId: string): Promise<WishDetailView> {
  const { wish } = await callFunction<WishReply>('wish', 'get', { wishId })
  return wish
}

/** 发布心愿 (status `pending_review`). */
export async function createWish(input: z.input<typeof createWishInput>, options?: CallOptions): Promise<WishDetailView> {
  const { wish } = await callFunction<WishReply>('wish', 'create', input, options)
  return wish
}

/** Reviewers: the pending wishes in the townships they serve. */
export function listReviewQueue(cursor?: string): Promise<Page<WishDetailView>> {
  return callFunction<Page<WishDetailView>>('wish', 'reviewQueue', cursor ? { cursor } : {})
}

export async function reviewWish(wishId: string, approve: boolean, reason?: string, options?: CallOptions): Promise<WishDetailView> {
  const { wish } = await callFunction<WishReply>('wish', 'review', { wishId, approve, reason }, options)
  return wish
}

/** 认领: INVALID_STATE when someone else was first. */
export async function claimWish(wishId: string, options?: CallOptions): Promise<WishDetailView> {
  const { wish } = await callFunction<WishReply>('wish', 'claim', { wishId }, options)
  return wish
}

export async function releaseWish(wishId: string, options?: CallOptions): Promise<WishDetailView> {
  const { wish } = await callFunction<WishReply>('wish', 'release', { wishId }, options)
  return wish
}

/** 上传圆梦照片: photos first uploaded with `uploadWishPhoto` (services/files.ts). */
export async function fulfilWish(wishId: string, note: string, photoFileIds: string[], options?: CallOptions): Promise<WishDetailView> {
  const { wish } = await callFunction<WishReply>('wish', 'fulfil', { wishId, note, photoFileIds }, options)
  return wish
}

/** 确认收到, with an optional thank-you. */
export async function confirmWish(wishId: string, thanks?: string, options?: CallOptions): Promise<WishDetailView> {
  const { wish } = await callFunction<WishReply>('wish', 'confirm', { wishId, thanks }, options)
  return wish
}

/** 我的心愿. */
export function listMyWishes(): Promise<MyWishesView> {
  return callFunction<MyWishesView>('wish', 'mine', {})
}
