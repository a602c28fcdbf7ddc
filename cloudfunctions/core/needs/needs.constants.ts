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

/** Why a need was closed: `fulfilled` (已满足: a project answers it or a match is confirmed on it), `withdrawn` (已撤回, with a reason). */
export const needClosures = ['fulfilled', 'withdrawn'] as const
export type NeedClosure = (typeof needClosures)[number]
export const needClosureLabels: Record<NeedClosure, string> = { fulfilled: '已满足', withdrawn: '已撤回' }

/** How many needs one project may answer. */
export const MAX_NEEDS_PER_PROJECT = 10

/** Who provides a resource (资源清单): 部门, 企业, 社会组织, 个人. */
export const providerKinds = ['department', 'enterprise', 'organization', 'individual'] as const
export type ProviderKind = (typeof providerKinds)[number]
export const providerKindLabels: Record<ProviderKind, string> = { department: '政府部门', enterprise: '企业', organization: '社会组织', individual: '个人' }

/** What a provider offers. */
export const resourceOffers = ['venue', 'funds', 'goods', 'professional_service', 'volunteers'] as const
export type ResourceOffer = (typeof resourceOffers)[number]
export const resourceOfferLabels: Record<ResourceOffer, string> = { venue: '场地', funds: '资金', goods: '物资', professional_service: '专业服务', volunteers: '志愿者' }

/** A match (对接) is `pending` until every side confirmed it: the undertaker organization and the providers. */
export const matchStatuses = ['pending', 'confirmed'] as const
export type MatchStatus = (typeof matchStatuses)[number]
export const matchSides = ['undertaker', 'providers'] as const
export type MatchSide = (typeof matchSides)[number]
export const matchStatusLabels: Record<MatchStatus, string> = { pending: '待确认', confirmed: '已对接' }

/** A need's status in words: 征集中, or 已满足 / 已撤回 once closed (已关闭 when the reason is unknown). */
export const needStatusText = (need: { status: NeedStatus; closedAs: NeedClosure | null }): string =>
  need.status === 'closed' && need.closedAs ? needClosureLabels[need.closedAs] : needStatusLabels[need.status]
