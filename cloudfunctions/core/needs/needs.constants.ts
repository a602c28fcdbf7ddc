/**
 * Fields of service and need statuses with their labels (需求清单 / 项目清单). Plain values, no zod:
 * pages may import them; needs.schema.ts builds its schemas from them.
 */

/** The service fields of the county's needs and projects (seed 001: the 2022 contest's fields). */
export const needFields = ['为老服务', '青少年服务', '助残服务', '健康服务', '乡村振兴', '应急救援', '共同富裕', '其他'] as const
export type NeedField = (typeof needFields)[number]

/** `open`: looking for projects; `closed`: the community needs nothing more. */
export const needStatuses = ['open', 'closed'] as const
export type NeedStatus = (typeof needStatuses)[number]

export const needStatusLabels: Record<NeedStatus, string> = { open: '征集中', closed: '已关闭' }

/** How many needs one project may answer. */
export const MAX_NEEDS_PER_PROJECT = 10
