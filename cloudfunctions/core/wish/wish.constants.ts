/**
 * Wish categories, beneficiary groups and statuses with their labels. Plain values, no zod: pages import
 * them from here (the weapp main package must not carry zod); wish.schema.ts builds its schemas
 * from them and re-exports them for the functions.
 */

/** 微心愿: a small, concrete wish of a person in difficulty. */
export const wishCategories = ['学习用品', '生活物资', '衣物被褥', '医疗康复', '陪伴探访', '维修帮忙', '其他'] as const
export type WishCategory = (typeof wishCategories)[number]

export const beneficiaryGroups = ['dibao', 'tekun', 'elderly_alone', 'left_behind_child', 'child_in_difficulty', 'disabled', 'migrant_family', 'other'] as const
export type BeneficiaryGroup = (typeof beneficiaryGroups)[number]

export const beneficiaryGroupLabels: Record<BeneficiaryGroup, string> = {
  dibao: '低保对象',
  tekun: '特困人员',
  elderly_alone: '空巢老人',
  left_behind_child: '留守儿童',
  child_in_difficulty: '困境儿童',
  disabled: '残疾人',
  migrant_family: '外来务工家庭',
  other: '其他',
}

/** pending_review → open | rejected; open → claimed; claimed → open (release, expiry) | fulfilled; fulfilled → confirmed. */
export const wishStatuses = ['pending_review', 'rejected', 'open', 'claimed', 'fulfilled', 'confirmed'] as const
export type WishStatus = (typeof wishStatuses)[number]

export const wishStatusLabels: Record<WishStatus, string> = {
  pending_review: '待审核',
  rejected: '未通过',
  open: '待认领',
  claimed: '已认领',
  fulfilled: '已送达',
  confirmed: '已圆梦',
}
