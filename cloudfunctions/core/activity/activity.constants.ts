/**
 * Service categories and the statuses of activities and sign-ups, with labels. Plain values, no
 * zod: pages import them from here (the weapp main package must not carry zod); activity.schema.ts
 * builds its schemas from them and re-exports them for the functions.
 */

/** Fields of volunteer service (服务领域), as the county's activities are classified. */
export const activityCategories = ['扶老', '助残', '救孤', '济困', '救灾', '环境保护', '五水共治', '平安建设', '应急救援', '文化', '党建', '助学', '其他'] as const
export type ActivityCategory = (typeof activityCategories)[number]

export const activityStatuses = ['draft', 'published', 'cancelled'] as const
export type ActivityStatus = (typeof activityStatuses)[number]

export const activityStatusLabels: Record<ActivityStatus, string> = { draft: '草稿', published: '报名中', cancelled: '已取消' }

/**
 * A sign-up's state: `pending` for the instant between holding the sign-up and taking a place;
 * `released` when the organization cancelled the activity.
 */
export const signUpStatuses = ['pending', 'confirmed', 'waitlisted', 'cancelled', 'released'] as const
export type SignUpStatus = (typeof signUpStatuses)[number]
