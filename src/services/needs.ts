import type {
  AddResourceInput,
  CloseNeedInput,
  CountyView,
  MatchSide,
  MatchStatus,
  MatchView,
  NeedField,
  NeedView,
  PostNeedInput,
  ProjectView,
  ProposeProjectInput,
  ResourceOffer,
  ResourceView,
} from '../../cloudfunctions/core/needs/needs.schema'
import type { Page } from '../../cloudfunctions/core/org/org.schema'
import { callFunction, type CallOptions } from './cloud'

/** The `needs` cloud function (issue #16: 需求清单 / 资源清单, cloudfunctions/needs/README.md): the public reads. */

export function getCountyView(): Promise<CountyView> {
  return callFunction<CountyView>('needs', 'countyView', {})
}

export interface NeedsQuery {
  township?: string
  orgId?: string
  field?: NeedField
  open?: boolean
  cursor?: string
  limit?: number
}

/** 需求清单: newest first. */
export function listNeeds(query: NeedsQuery = {}): Promise<Page<NeedView>> {
  return callFunction<Page<NeedView>>('needs', 'needs', query)
}

export interface ResourcesQuery {
  township?: string
  offer?: ResourceOffer
  cursor?: string
  limit?: number
}

/** 资源清单: recently updated first; contacts masked for everyone but the platform admin. */
export function listResources(query: ResourcesQuery = {}): Promise<Page<ResourceView>> {
  return callFunction<Page<ResourceView>>('needs', 'resources', query)
}

/** Marks the organization's 需求与项目 lists stale (a project proposed, a need posted): they reload when shown again. */
export const ORG_NEEDS_CHANGED_EVENT = 'org-needs:changed'

/** 需求详情: the need, the projects answering it, the confirmed matches on it (who is on it). */
export function getNeed(needId: string): Promise<{ need: NeedView; projects: ProjectView[]; matches: MatchView[] }> {
  return callFunction('needs', 'need', { needId })
}

/** 发布需求 (社区社会组织 staff or the platform admin). */
export async function postNeed(input: PostNeedInput, options?: CallOptions): Promise<NeedView> {
  return (await callFunction<{ need: NeedView }>('needs', 'postNeed', input, options)).need
}

/** 关闭需求: 已满足, or 已撤回 with a reason. */
export async function closeNeed(input: CloseNeedInput, options?: CallOptions): Promise<NeedView> {
  return (await callFunction<{ need: NeedView }>('needs', 'closeNeed', input, options)).need
}

/** 设计项目 against open needs. */
export async function proposeProject(input: ProposeProjectInput, options?: CallOptions): Promise<ProjectView> {
  return (await callFunction<{ project: ProjectView }>('needs', 'proposeProject', input, options)).project
}

/** 项目清单: one need's, or one organization's, newest first. */
export function listProjects(query: { needId?: string; orgId?: string; cursor?: string; limit?: number }): Promise<Page<ProjectView>> {
  return callFunction<Page<ProjectView>>('needs', 'projects', query)
}

/** 对接: one project's, one organization's (as the project's organization or undertaker), or all (platform admin). */
export function listMatches(query: { projectId?: string; orgId?: string; status?: MatchStatus; cursor?: string; limit?: number }): Promise<Page<MatchView>> {
  return callFunction<Page<MatchView>>('needs', 'matches', query)
}

export async function proposeMatch(input: { projectId: string; providerIds: string[]; undertakerOrgId: string }, options?: CallOptions): Promise<MatchView> {
  return (await callFunction<{ match: MatchView }>('needs', 'proposeMatch', input, options)).match
}

export async function confirmMatch(matchId: string, side: MatchSide, options?: CallOptions): Promise<MatchView> {
  return (await callFunction<{ match: MatchView }>('needs', 'confirmMatch', { matchId, side }, options)).match
}

/** 资源清单 (platform admin): a new provider. */
export async function addResource(input: AddResourceInput, options?: CallOptions): Promise<ResourceView> {
  return (await callFunction<{ resource: ResourceView }>('needs', 'addResource', input, options)).resource
}

/** 资源清单 (platform admin): the given fields replace the stored ones. */
export async function updateResource(input: { resourceId: string } & Partial<AddResourceInput>, options?: CallOptions): Promise<ResourceView> {
  return (await callFunction<{ resource: ResourceView }>('needs', 'updateResource', input, options)).resource
}
