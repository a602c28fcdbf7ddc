import type {
  AidAccessView,
  AidApplicationView,
  AidProgramView,
  ApplyInput,
  CreateProgramInput,
} from '../../cloudfunctions/core/aid/aid.schema'
import type { Page } from '../../cloudfunctions/core/org/org.schema'
import { callFunction, type CallOptions } from './cloud'

/** The `aid` cloud function (救助申请, shared/api.md): one verb-first function per action. */

interface ApplicationReply {
  application: AidApplicationView
}

export async function listAidPrograms(orgId?: string): Promise<AidProgramView[]> {
  const { items } = await callFunction<{ items: AidProgramView[] }>('aid', 'programs', orgId ? { orgId } : {})
  return items
}

export async function createAidProgram(input: CreateProgramInput, options?: CallOptions): Promise<AidProgramView> {
  const { program } = await callFunction<{ program: AidProgramView }>('aid', 'createProgram', input, options)
  return program
}

/** 提交申请: NOT_ELIGIBLE names the rule; ALREADY_EXISTS for a second application by the same ID number. */
export async function applyForAid(input: ApplyInput, options?: CallOptions): Promise<AidApplicationView> {
  const { application } = await callFunction<ApplicationReply>('aid', 'apply', input, options)
  return application
}

export interface UpdateApplicationInput {
  applicationId: string
  note: string
  statement?: string
  attachmentFileIds?: string[]
}

/** 补充材料 (answers 需补充材料): back to the queue. */
export async function updateAidApplication(input: UpdateApplicationInput, options?: CallOptions): Promise<AidApplicationView> {
  const { application } = await callFunction<ApplicationReply>('aid', 'update', input, options)
  return application
}

export async function listMyAidApplications(): Promise<AidApplicationView[]> {
  const { items } = await callFunction<{ items: AidApplicationView[] }>('aid', 'mine', {})
  return items
}

export async function getAidApplication(applicationId: string): Promise<AidApplicationView> {
  const { application } = await callFunction<ApplicationReply>('aid', 'get', { applicationId })
  return application
}

export async function withdrawAidApplication(applicationId: string, options?: CallOptions): Promise<AidApplicationView> {
  const { application } = await callFunction<ApplicationReply>('aid', 'withdraw', { applicationId }, options)
  return application
}

export interface AidQueueFilter {
  programId: string
  status?: string
  tier?: string
  township?: string
  cursor?: string
}

export function listAidQueue(filter: AidQueueFilter): Promise<Page<AidApplicationView>> {
  return callFunction<Page<AidApplicationView>>('aid', 'queue', filter)
}

export async function reviewAidApplication(applicationId: string, decision: 'approve' | 'reject' | 'needs_info', reason: string, options?: CallOptions): Promise<AidApplicationView> {
  const { application } = await callFunction<ApplicationReply>('aid', 'review', { applicationId, decision, reason }, options)
  return application
}

export async function disburseAid(applicationId: string, reference: string, options?: CallOptions): Promise<AidApplicationView> {
  const { application } = await callFunction<ApplicationReply>('aid', 'disburse', { applicationId, reference }, options)
  return application
}

export function listAidAccessLog(programId: string, cursor?: string): Promise<Page<AidAccessView>> {
  return callFunction<Page<AidAccessView>>('aid', 'accessLog', cursor ? { programId, cursor } : { programId })
}

export function exportAidApproved(programId: string): Promise<{ url: string; fileName: string; count: number; totalYuan: number }> {
  return callFunction('aid', 'exportApproved', { programId })
}
