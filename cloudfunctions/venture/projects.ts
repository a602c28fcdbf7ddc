import { randomBytes } from 'node:crypto'
import { access } from '../core/access'
import { AppError, invalidArgument } from '../core/errors'
import { callerOpenid, defineAction, type ActionContext, type ActionTable } from '../core/handler'
import { temporaryUrls } from '../core/storage.store'
import {
  completionBlocker,
  currentMilestone,
  followUpDateBlocker,
  MAX_FOLLOW_UPS,
  MIN_FOLLOW_UPS,
  reviewBlocker,
  submitBlocker,
  type MilestoneDoc,
  type ProjectDoc,
} from '../core/venture/project.rules'
import { projectPhotoFolder } from '../core/venture/project.photos'
import { followUpInput, fundedListInput, orgProjectsInput, projectIdInput, projectQueueInput, reviewMilestoneInput, submitMilestoneInput } from '../core/venture/project.schema'
import { changeProject, findProject, listOrgProjects, listProjects } from '../core/venture/project.store'

/**
 * 资助项目: what a published award becomes. Milestones with a report and photos, the platform's
 * acceptance releasing that milestone's tranche in the same transaction, at least three follow-ups
 * before the project may close; the progress page is public and carries no personal data.
 */

/** The storage path inside a CloudBase file ID: `cloud://<env>.<bucket>/<path>` → `<path>`. */
const pathOf = (fileId: string) => /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId)?.[1] ?? null

const PHOTO_LINK_SECONDS = 3600

/** Temporary links for the photos of the reports a view shows, by file ID. */
async function photoLinks(fileIds: string[]): Promise<Map<string, string>> {
  const urls = await temporaryUrls(fileIds, PHOTO_LINK_SECONDS)
  return new Map(fileIds.flatMap((id, i) => (urls[i] ? [[id, urls[i] as string] as [string, string]] : [])))
}

const summaryView = (p: ProjectDoc) => {
  const current = currentMilestone(p)
  return {
    projectId: p._id,
    contestId: p.contestId,
    contestName: p.contestName,
    year: p.year,
    orgId: p.orgId,
    orgName: p.orgName,
    title: p.title,
    field: p.field,
    amountYuan: p.amountYuan,
    releasedYuan: p.releasedYuan,
    status: p.status,
    milestonesTotal: p.milestones.length,
    milestonesAccepted: p.milestones.filter((m) => m.status === 'accepted').length,
    currentMilestone: current ? { seq: current.seq, name: current.name, status: current.status, dueDate: current.dueDate } : null,
    followUpCount: p.followUps.length,
    followUpsRequired: MIN_FOLLOW_UPS,
    publishedAt: p.publishedAt,
  }
}
export type FundedSummaryView = ReturnType<typeof summaryView>

/**
 * Who sees what: `public` — reports of accepted milestones only, follow-ups as date and method, no
 * person named; `full` (the organization's staff, the platform admin) — the current report too, the
 * reasons it was returned, the follow-up notes.
 */
type Audience = 'public' | 'full'

const milestoneView = (m: MilestoneDoc, audience: Audience, links: Map<string, string>) => {
  const showReport = m.report && (audience === 'full' || m.status === 'accepted')
  return {
    seq: m.seq,
    name: m.name,
    trancheYuan: m.trancheYuan,
    dueDate: m.dueDate,
    status: m.status,
    released: m.releasedAt !== null,
    releasedAt: m.releasedAt,
    acceptedAt: m.acceptedAt,
    report: showReport && m.report
      ? { text: m.report.text, photos: m.report.photoFileIds.flatMap((id) => (links.has(id) ? [links.get(id) as string] : [])), submittedAt: m.report.submittedAt }
      : null,
    returnReason: audience === 'full' && m.status === 'returned' ? (m.returns[m.returns.length - 1]?.reason ?? null) : null,
  }
}

async function projectView(p: ProjectDoc, audience: Audience) {
  const shown = p.milestones.filter((m) => m.report && (audience === 'full' || m.status === 'accepted'))
  const links = await photoLinks(shown.flatMap((m) => m.report?.photoFileIds ?? []))
  return {
    ...summaryView(p),
    summary: p.summary,
    durationMonths: p.durationMonths,
    rank: p.rank,
    completedAt: p.completedAt,
    milestones: p.milestones.map((m) => milestoneView(m, audience, links)),
    followUps: p.followUps
      .slice()
      .sort((a, b) => (a.date === b.date ? a.recordedAt.localeCompare(b.recordedAt) : a.date.localeCompare(b.date)))
      .map((f) => ({ followUpId: f.followUpId, date: f.date, method: f.method, note: audience === 'full' ? f.note : null })),
    completionBlocker: p.status === 'active' ? completionBlocker(p) : null,
  }
}
export type ProjectView = Awaited<ReturnType<typeof projectView>>

async function projectOrThrow(ctx: ActionContext, projectId: string): Promise<ProjectDoc> {
  const project = await findProject(ctx.db, projectId)
  if (!project) throw new AppError('NOT_FOUND', '资助项目不存在')
  return project
}

/** The organization a project belongs to (the access rule of its staff's actions). */
const orgOfProject = async (input: { projectId: string }, ctx: ActionContext) => (await findProject(ctx.db, input.projectId))?.orgId ?? null

export const projectActions = {
  /** 资助项目 (anyone): funded projects with a progress summary, newest first, optionally of one contest. */
  funded: defineAction({
    access: access.anyone,
    input: fundedListInput,
    mutates: false,
    run: async (ctx, input) => {
      const page = await listProjects(ctx.db, { contestId: input.contestId }, input)
      return { items: page.items.map(summaryView), nextCursor: page.nextCursor }
    },
  }),

  /** 项目进展 (anyone): milestones, tranches released, accepted reports with photos, follow-ups (date and method). */
  project: defineAction({
    access: access.anyone,
    input: projectIdInput,
    mutates: false,
    run: async (ctx, input) => ({ project: await projectView(await projectOrThrow(ctx, input.projectId), 'public') }),
  }),

  /** 我们的资助项目 (the organization's staff): its funded projects in full (returned reports and reasons too). */
  orgProjects: defineAction({
    access: access.orgStaff((input: { orgId: string }) => input.orgId),
    input: orgProjectsInput,
    mutates: false,
    run: async (ctx, input) => {
      const openid = callerOpenid(ctx)
      const projects = await listOrgProjects(ctx.db, input.orgId)
      // where this member uploads the photos of a report
      return { items: await Promise.all(projects.map(async (p) => ({ ...(await projectView(p, 'full')), photoFolder: projectPhotoFolder(p._id, openid) }))), nextCursor: null }
    },
  }),

  /** 资助项目管理 (platform admin): projects awaiting a milestone review (`pending`), still running (`active`) or all, in full. */
  projectQueue: defineAction({
    access: access.platformAdmin,
    input: projectQueueInput,
    mutates: false,
    run: async (ctx, input) => {
      const filter = input.filter === 'pending' ? { pendingReview: true } : input.filter === 'active' ? { status: 'active' as const } : {}
      const page = await listProjects(ctx.db, filter, input)
      return { items: await Promise.all(page.items.map((p) => projectView(p, 'full'))), nextCursor: page.nextCursor }
    },
  }),

  /** 提交节点报告 (the organization's staff): the current milestone only, report text and photos they uploaded for this project. */
  submitMilestone: defineAction({
    access: access.orgStaff(orgOfProject),
    input: submitMilestoneInput,
    mutates: true,
    run: async (ctx, input) => {
      const openid = callerOpenid(ctx)
      const before = await projectOrThrow(ctx, input.projectId)
      const early = submitBlocker(before, input.seq)
      if (early) throw new AppError('INVALID_STATE', early)
      const folder = projectPhotoFolder(before._id, openid)
      const foreign = input.photoFileIds.findIndex((id) => !pathOf(id)?.startsWith(folder))
      if (foreign >= 0) throw invalidArgument([{ path: `photoFileIds.${foreign}`, message: '照片须由本人为本项目上传' }])
      const missing = (await temporaryUrls(input.photoFileIds, 60)).findIndex((url) => url === null)
      if (missing >= 0) throw invalidArgument([{ path: `photoFileIds.${missing}`, message: '照片不存在，请重新上传' }])
      const at = ctx.now.toISOString()
      const project = await changeProject(ctx.db, before._id, (p) => {
        const blocker = submitBlocker(p, input.seq)
        if (blocker) throw new AppError('INVALID_STATE', blocker)
        const milestones = p.milestones.map((m) =>
          m.seq === input.seq ? { ...m, status: 'submitted' as const, report: { text: input.text, photoFileIds: input.photoFileIds, submittedBy: openid, submittedAt: at } } : m,
        )
        return { milestones, pendingReview: true, updatedAt: at }
      })
      return { project: await projectView(project, 'full') }
    },
  }),

  /**
   * 节点验收 (platform admin): accept — the milestone's tranche is released in the same transaction,
   * exactly once — or return it with a reason for the organization to submit again.
   */
  reviewMilestone: defineAction({
    access: access.platformAdmin,
    input: reviewMilestoneInput,
    mutates: true,
    run: async (ctx, input) => {
      const openid = callerOpenid(ctx)
      await projectOrThrow(ctx, input.projectId)
      const at = ctx.now.toISOString()
      const project = await changeProject(ctx.db, input.projectId, (p) => {
        const blocker = reviewBlocker(p, input.seq)
        if (blocker) throw new AppError('INVALID_STATE', blocker)
        let released = 0
        const milestones = p.milestones.map((m): MilestoneDoc => {
          if (m.seq !== input.seq) return m
          if (!input.accept) return { ...m, status: 'returned', returns: [...m.returns, { reason: input.reason ?? '', by: openid, at }] }
          if (m.releasedAt === null) released = m.trancheYuan
          return { ...m, status: 'accepted', acceptedAt: at, acceptedBy: openid, releasedAt: m.releasedAt ?? at }
        })
        return { milestones, releasedYuan: p.releasedYuan + released, pendingReview: false, updatedAt: at }
      })
      return { project: await projectView(project, 'full') }
    },
  }),

  /** 跟踪回访 (platform admin): a follow-up in the project's cycle — date, method, note. */
  followUp: defineAction({
    access: access.platformAdmin,
    input: followUpInput,
    mutates: true,
    run: async (ctx, input) => {
      const openid = callerOpenid(ctx)
      const before = await projectOrThrow(ctx, input.projectId)
      const dateProblem = followUpDateBlocker(before, input.date, ctx.now)
      if (dateProblem) throw invalidArgument([{ path: 'date', message: dateProblem }])
      const at = ctx.now.toISOString()
      const followUpId = ctx.keyedId('followUp') ?? `fu-${randomBytes(6).toString('hex')}`
      const project = await changeProject(ctx.db, before._id, (p) => {
        if (p.status === 'completed') throw new AppError('INVALID_STATE', '项目已结项，不能再添加回访记录')
        if (p.followUps.length >= MAX_FOLLOW_UPS) throw new AppError('INVALID_STATE', `回访记录最多${MAX_FOLLOW_UPS}条`)
        if (p.followUps.some((f) => f.followUpId === followUpId)) return { updatedAt: at }
        return { followUps: [...p.followUps, { followUpId, date: input.date, method: input.method, note: input.note, recordedBy: openid, recordedAt: at }], updatedAt: at }
      })
      return { project: await projectView(project, 'full') }
    },
  }),

  /** 结项 (platform admin): only when the final milestone is accepted and at least three follow-ups are recorded. */
  completeProject: defineAction({
    access: access.platformAdmin,
    input: projectIdInput,
    mutates: true,
    run: async (ctx, input) => {
      await projectOrThrow(ctx, input.projectId)
      const at = ctx.now.toISOString()
      const project = await changeProject(ctx.db, input.projectId, (p) => {
        const blocker = completionBlocker(p)
        if (blocker) throw new AppError('INVALID_STATE', blocker)
        return { status: 'completed', completedAt: at, completedBy: callerOpenid(ctx), pendingReview: false, updatedAt: at }
      })
      return { project: await projectView(project, 'full') }
    },
  }),
} satisfies ActionTable
