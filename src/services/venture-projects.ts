import type { FollowUpInput, SubmitMilestoneInput } from '../../cloudfunctions/core/venture/project.schema'
import type { Page } from '../../cloudfunctions/core/org/org.schema'
import type { FundedSummaryView, ProjectView } from '../../cloudfunctions/venture/projects'
import { callFunction, type CallOptions } from './cloud'

/** The funded projects of 公益创投 (资助项目, cloudfunctions/venture/README.md): progress, milestones, follow-ups. */

export type { FundedSummaryView, ProjectView }
/** A project as its organization's staff see it, with the folder this member uploads report photos to. */
export type OrgProjectView = ProjectView & { photoFolder: string }

type ProjectReply = { project: ProjectView }

/** 资助项目: newest first, optionally of one contest. */
export function listFundedProjects(query: { contestId?: string; cursor?: string; limit?: number } = {}): Promise<Page<FundedSummaryView>> {
  return callFunction<Page<FundedSummaryView>>('venture', 'funded', query)
}

/** 项目进展 (public). */
export async function getFundedProject(projectId: string): Promise<ProjectView> {
  return (await callFunction<ProjectReply>('venture', 'project', { projectId })).project
}

/** 我们的资助项目 (organization staff). */
export function listOrgProjects(orgId: string): Promise<Page<OrgProjectView>> {
  return callFunction<Page<OrgProjectView>>('venture', 'orgProjects', { orgId })
}

/** 资助项目管理 (platform admin): `pending` — a report awaits review. */
export function listProjectQueue(query: { filter?: 'pending' | 'active' | 'all'; cursor?: string; limit?: number } = {}): Promise<Page<ProjectView>> {
  return callFunction<Page<ProjectView>>('venture', 'projectQueue', query)
}

export async function submitMilestone(input: SubmitMilestoneInput, options?: CallOptions): Promise<ProjectView> {
  return (await callFunction<ProjectReply>('venture', 'submitMilestone', input, options)).project
}

export async function reviewMilestone(input: { projectId: string; seq: number; accept: boolean; reason?: string }, options?: CallOptions): Promise<ProjectView> {
  return (await callFunction<ProjectReply>('venture', 'reviewMilestone', input, options)).project
}

export async function recordFollowUp(input: FollowUpInput, options?: CallOptions): Promise<ProjectView> {
  return (await callFunction<ProjectReply>('venture', 'followUp', input, options)).project
}

export async function completeProject(projectId: string, options?: CallOptions): Promise<ProjectView> {
  return (await callFunction<ProjectReply>('venture', 'completeProject', { projectId }, options)).project
}
