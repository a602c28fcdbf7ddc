/**
 * Organization kinds and statuses with their labels. Plain values, no zod: pages import
 * them from here (the weapp main package must not carry zod); org.schema.ts builds its schemas
 * from them and re-exports them for the functions.
 */

/** Kinds of social organization (社会组织类型). `community` is 社区社会组织, registered by 备案. */
export const orgKinds = ['social_group', 'private_non_enterprise', 'foundation', 'community'] as const
export type OrgKind = (typeof orgKinds)[number]

export const orgKindLabels: Record<OrgKind, string> = {
  social_group: '社会团体',
  private_non_enterprise: '民办非企业单位',
  foundation: '基金会',
  community: '社区社会组织',
}

export const orgStatuses = ['pending', 'verified', 'rejected'] as const
export type OrgStatus = (typeof orgStatuses)[number]

export const orgStatusLabels: Record<OrgStatus, string> = {
  pending: '待审核',
  verified: '已认证',
  rejected: '未通过',
}
