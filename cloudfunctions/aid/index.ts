import { z } from 'zod'
import { aidNotice } from '../core/message/message.events'
import { notifyInTx } from '../core/message/message.store'
import { access } from '../core/access'
import { AID_ATTACHMENT_LINK_SECONDS, AID_CONSENT_TEXT, AID_CONSENT_VERSION, aidAttachmentFolder, aidStatusLabels, undecidedStatuses } from '../core/aid/aid.constants'
import { encryptIdCardNo, idCardClaimKey } from '../core/aid/aid-crypto'
import {
  checkEligibility,
  maskedIdCardNo,
  retentionCutoff,
  retentionExpired,
  statusAfter,
  toApplicationView,
  toProgramView,
  windowState,
  type AidApplicationDoc,
  type AidProgramDoc,
} from '../core/aid/aid.rules'
import {
  accessLogInput,
  applicationIdInput,
  applyInput,
  createProgramInput,
  disburseInput,
  listProgramsInput,
  programIdInput,
  queueInput,
  reviewInput,
  updateApplicationInput,
  type AidAccessView,
  type AidApplicationView,
  type AidProgramView,
} from '../core/aid/aid.schema'
import {
  accessPage,
  changeApplication,
  findApplication,
  findApplicationsByIds,
  findProgram,
  insertProgram,
  listEvents,
  listMyApplications,
  listPrograms,
  listByStatus,
  newApplicationId,
  newProgramId,
  purgeCandidates,
  queuePage,
  recordAccess,
  releaseClaim,
  submitApplication,
} from '../core/aid/aid.store'
import { AppError, invalidArgument } from '../core/errors'
import { callerOpenid, defineAction, handler, type ActionContext, type ActionTable } from '../core/handler'
import { findOrg } from '../core/org/org.store'
import type { Page } from '../core/org/org.schema'
import { deleteFiles, storeExport, temporaryUrls } from '../core/storage.store'
import { findUsersByIds } from '../core/user/user.store'
import { fromFileId } from '../wish/file-id'

const programOrg = async (input: { programId: string }, ctx: ActionContext) => (await findProgram(ctx.db, input.programId))?.orgId ?? null
const applicationOrg = async (input: { applicationId: string }, ctx: ActionContext) => (await findApplication(ctx.db, input.applicationId))?.orgId ?? null

async function programOrThrow(ctx: ActionContext, programId: string): Promise<AidProgramDoc> {
  const program = await findProgram(ctx.db, programId)
  if (!program) throw new AppError('NOT_FOUND', '救助项目不存在')
  return program
}

async function applicationOrThrow(ctx: ActionContext, applicationId: string): Promise<AidApplicationDoc> {
  const application = await findApplication(ctx.db, applicationId)
  if (!application) throw new AppError('NOT_FOUND', '申请不存在')
  return application
}

/** How the caller stands to an application: its applicant, a reviewer (programme org staff, platform admin), or neither. */
async function relationTo(ctx: ActionContext, application: AidApplicationDoc): Promise<'applicant' | 'reviewer' | null> {
  const openid = callerOpenid(ctx)
  if (application.openid === openid) return 'applicant'
  const profile = await ctx.profile()
  if (profile?.roles.includes('platform_admin')) return 'reviewer'
  if (profile?.memberships.some((m) => m.orgId === application.orgId)) return 'reviewer'
  return null
}

/** Attachments must be the applicant's own uploads in their folder under the programme, and exist. */
async function checkAttachments(fileIds: string[], programId: string, openid: string, path = 'attachmentFileIds') {
  const folder = aidAttachmentFolder(programId, openid)
  const bad = fileIds.findIndex((id) => !fromFileId(id)?.startsWith(folder))
  if (bad >= 0) throw invalidArgument([{ path: `${path}.${bad}`, message: '附件须由申请人本人为本项目上传' }])
  const missing = (await temporaryUrls(fileIds, 60)).findIndex((url) => url === null)
  if (missing >= 0) throw invalidArgument([{ path: `${path}.${missing}`, message: '附件不存在，请重新上传' }])
}

function notNow(application: AidApplicationDoc, step: string): AppError {
  return new AppError('INVALID_STATE', `申请当前为“${aidStatusLabels[application.status]}”，不能${step}`)
}

async function viewOf(ctx: ActionContext, application: AidApplicationDoc, viewer: 'applicant' | 'reviewer', withLinks = false): Promise<AidApplicationView> {
  const events = await listEvents(ctx.db, [application._id])
  const links = withLinks ? await temporaryUrls(application.attachmentFileIds, AID_ATTACHMENT_LINK_SECONDS) : []
  return toApplicationView(application, viewer, events, links)
}

/** Every read of an application by someone other than its applicant leaves a record. */
async function logReads(ctx: ActionContext, applications: AidApplicationDoc[], via: 'get' | 'queue' | 'export') {
  const openid = callerOpenid(ctx)
  const at = ctx.now.toISOString()
  await recordAccess(ctx.db, applications.map((a) => ({ applicationId: a._id, programId: a.programId, orgId: a.orgId, openid, via, at })))
}

type ApplicationReply = { application: AidApplicationView }

export const actions = {
  /** 开设救助项目: an admin of a verified organization. */
  createProgram: defineAction({
    access: access.orgAdmin((input: { orgId: string }) => input.orgId),
    input: createProgramInput,
    mutates: true,
    run: async (ctx, input): Promise<{ program: AidProgramView }> => {
      const org = await findOrg(ctx.db, input.orgId)
      if (!org) throw new AppError('NOT_FOUND', '组织不存在')
      if (org.status !== 'verified') throw new AppError('FORBIDDEN', '组织通过认证后才能开设救助项目')
      const at = ctx.now.toISOString()
      const program: AidProgramDoc = {
        _id: newProgramId(),
        orgId: org._id,
        orgName: org.name,
        name: input.name,
        year: input.year,
        opensAt: new Date(input.opensAt).toISOString(),
        closesAt: new Date(input.closesAt).toISOString(),
        tiers: input.tiers.map((t) => ({ code: t.code, label: t.label, amountYuan: t.amountYuan, familyStatuses: t.familyStatuses })),
        rules: input.rules.map((r) => ({ kind: r.kind })),
        description: input.description,
        retentionDays: input.retentionDays,
        createdBy: callerOpenid(ctx),
        createdAt: at,
        updatedAt: at,
      }
      await insertProgram(ctx.db, program)
      return { program: toProgramView(program, ctx.now) }
    },
  }),

  /** The programmes, open ones first (then upcoming, then closed), each with tiers and rules in plain words. */
  programs: defineAction({
    access: access.anyone,
    input: listProgramsInput,
    mutates: false,
    run: async (ctx, input): Promise<{ items: AidProgramView[] }> => {
      const order = { open: 0, upcoming: 1, closed: 2 }
      const views = (await listPrograms(ctx.db, input.orgId)).map((p) => toProgramView(p, ctx.now))
      return { items: views.sort((a, b) => order[a.window] - order[b.window]) }
    },
  }),

  /** 提交申请: inside the window, eligible, with separate consent; one per ID number per programme. */
  apply: defineAction({
    access: access.signedIn,
    input: applyInput,
    mutates: true,
    run: async (ctx, input): Promise<ApplicationReply> => {
      const openid = callerOpenid(ctx)
      const program = await programOrThrow(ctx, input.programId)
      if (windowState(program, ctx.now) !== 'open') throw new AppError('OUTSIDE_WINDOW', windowState(program, ctx.now) === 'upcoming' ? '项目尚未开始受理申请' : '项目申请已截止')
      const tier = program.tiers.find((t) => t.code === input.tier)
      if (!tier) throw invalidArgument([{ path: 'tier', message: '请选择本项目的资助档次' }])
      const failed = checkEligibility(program, tier.code, input.applicant)
      if (failed) throw new AppError('NOT_ELIGIBLE', failed.message, { details: { rule: failed.rule } })
      await checkAttachments(input.attachmentFileIds, program._id, openid)
      const at = ctx.now.toISOString()
      const idCardNo = input.applicant.idCardNo
      const application: AidApplicationDoc = {
        _id: newApplicationId(),
        programId: program._id,
        orgId: program.orgId,
        programName: program.name,
        openid,
        claimId: idCardClaimKey(program._id, idCardNo),
        status: 'submitted',
        tier: tier.code,
        tierLabel: tier.label,
        amountYuan: null,
        applicant: {
          name: input.applicant.name,
          idCardCipher: encryptIdCardNo(idCardNo),
          idCardMasked: maskedIdCardNo(idCardNo),
          phone: input.applicant.phone,
          hukouTownship: input.applicant.hukouTownship,
          university: input.applicant.university,
          admissionYear: input.applicant.admissionYear,
          inPairedSponsorship: input.applicant.inPairedSponsorship,
          familyStatus: input.applicant.familyStatus,
        },
        statement: input.statement,
        attachmentFileIds: input.attachmentFileIds,
        consent: { sensitiveInfo: true, version: AID_CONSENT_VERSION, text: AID_CONSENT_TEXT, agreedAt: at },
        lastDecision: null,
        disbursement: null,
        submittedAt: at,
        finalAt: null,
        purgedAt: null,
        createdAt: at,
        updatedAt: at,
      }
      await submitApplication(ctx.db, application, { applicationId: application._id, programId: program._id, kind: 'submitted', by: openid, role: 'applicant', reason: null, at })
      return { application: await viewOf(ctx, application, 'applicant') }
    },
  }),

  /** 补充材料: the applicant answers 需补充材料; the application goes back to the queue. */
  update: defineAction({
    access: access.signedIn,
    input: updateApplicationInput,
    mutates: true,
    run: async (ctx, input): Promise<ApplicationReply> => {
      const openid = callerOpenid(ctx)
      const current = await applicationOrThrow(ctx, input.applicationId)
      if (current.openid !== openid) throw new AppError('FORBIDDEN', '只有申请人本人可以补充材料')
      const program = await programOrThrow(ctx, current.programId)
      const tier = program.tiers.find((t) => t.code === (input.tier ?? current.tier))
      if (!tier) throw invalidArgument([{ path: 'tier', message: '请选择本项目的资助档次' }])
      const merged = { ...current.applicant, ...(input.applicant ?? {}) }
      const failed = checkEligibility(program, tier.code, merged)
      if (failed) throw new AppError('NOT_ELIGIBLE', failed.message, { details: { rule: failed.rule } })
      if (input.attachmentFileIds) await checkAttachments(input.attachmentFileIds, program._id, openid)
      const at = ctx.now.toISOString()
      const updated = await changeApplication(ctx.db, current._id, (application) => {
        if (application.status !== 'needs_info') throw notNow(application, '补充材料')
        return {
          patch: {
            status: 'submitted',
            tier: tier.code,
            tierLabel: tier.label,
            applicant: { ...application.applicant, ...(input.applicant ?? {}) },
            statement: input.statement ?? application.statement,
            attachmentFileIds: input.attachmentFileIds ?? application.attachmentFileIds,
            updatedAt: at,
          },
          event: { applicationId: application._id, programId: application.programId, kind: 'updated', by: openid, role: 'applicant', reason: input.note, at },
        }
      })
      return { application: await viewOf(ctx, updated, 'applicant') }
    },
  }),

  /** 我的申请: status over time, with each decision's reason. */
  mine: defineAction({
    access: access.signedIn,
    input: z.object({}),
    mutates: false,
    run: async (ctx): Promise<{ items: AidApplicationView[] }> => {
      const applications = await listMyApplications(ctx.db, callerOpenid(ctx))
      const events = await listEvents(ctx.db, applications.map((a) => a._id))
      return { items: applications.map((a) => toApplicationView(a, 'applicant', events)) }
    },
  }),

  /** One application with short-lived attachment links: the applicant, the programme's org staff, the platform admin. Reviewer reads are logged. */
  get: defineAction({
    access: access.signedIn,
    input: applicationIdInput,
    mutates: false,
    run: async (ctx, input): Promise<ApplicationReply> => {
      const application = await applicationOrThrow(ctx, input.applicationId)
      const relation = await relationTo(ctx, application)
      if (!relation) throw new AppError('FORBIDDEN', '只有申请人和项目审核人员可以查看申请')
      if (relation === 'reviewer') await logReads(ctx, [application], 'get')
      return { application: await viewOf(ctx, application, relation, true) }
    },
  }),

  /** 审核队列: filters by status, tier and township; first submitted first. Every application shown is logged as read. */
  queue: defineAction({
    access: access.orgStaff(programOrg),
    input: queueInput,
    mutates: false,
    run: async (ctx, input): Promise<Page<AidApplicationView>> => {
      const page = await queuePage(ctx.db, { programId: input.programId, status: input.status, tier: input.tier, township: input.township }, input)
      await logReads(ctx, page.items, 'queue')
      const events = await listEvents(ctx.db, page.items.map((a) => a._id))
      return { items: page.items.map((a) => toApplicationView(a, 'reviewer', events)), nextCursor: page.nextCursor }
    },
  }),

  /** 审核: approve (the amount from the tier), reject or ask for more; each decision joins the trail. */
  review: defineAction({
    access: access.orgStaff(applicationOrg),
    input: reviewInput,
    mutates: true,
    run: async (ctx, input): Promise<ApplicationReply> => {
      const openid = callerOpenid(ctx)
      const program = await programOrThrow(ctx, (await applicationOrThrow(ctx, input.applicationId)).programId)
      const at = ctx.now.toISOString()
      const updated = await changeApplication(ctx.db, input.applicationId, (application) => {
        if (application.status !== 'submitted') throw notNow(application, '审核')
        const status = statusAfter(input.decision)
        const tier = program.tiers.find((t) => t.code === application.tier)
        if (input.decision === 'approve' && !tier) throw new AppError('INVALID_STATE', '申请的资助档次已不在项目中，无法确定金额')
        return {
          patch: {
            status,
            amountYuan: input.decision === 'approve' && tier ? tier.amountYuan : null,
            lastDecision: { decision: input.decision, reason: input.reason, at },
            finalAt: status === 'rejected' ? at : null,
            updatedAt: at,
          },
          event: { applicationId: application._id, programId: application.programId, kind: input.decision, by: openid, role: 'reviewer', reason: input.reason, at },
          // the applicant is told in the same transaction as the decision
          also: (tx) => notifyInTx(tx, aidNotice(input.decision, { ...application, amountYuan: input.decision === 'approve' && tier ? tier.amountYuan : null }, input.reason, at), at),
        }
      })
      await logReads(ctx, [updated], 'get')
      return { application: await viewOf(ctx, updated, 'reviewer') }
    },
  }),

  /** 发放: the programme's admin records the payment with its reference. */
  disburse: defineAction({
    access: access.orgAdmin(applicationOrg),
    input: disburseInput,
    mutates: true,
    run: async (ctx, input): Promise<ApplicationReply> => {
      const openid = callerOpenid(ctx)
      const at = ctx.now.toISOString()
      const updated = await changeApplication(ctx.db, input.applicationId, (application) => {
        if (application.status !== 'approved') throw notNow(application, '登记发放')
        return {
          patch: { status: 'disbursed', disbursement: { reference: input.reference, at, by: openid }, updatedAt: at },
          event: { applicationId: application._id, programId: application.programId, kind: 'disbursed', by: openid, role: 'admin', reason: `发放凭证：${input.reference}`, at },
          also: (tx) => notifyInTx(tx, aidNotice('disbursed', application, null, at), at),
        }
      })
      await logReads(ctx, [updated], 'get')
      return { application: await viewOf(ctx, updated, 'reviewer') }
    },
  }),

  /** 撤回: the applicant, while not yet decided; the ID number may then apply again. */
  withdraw: defineAction({
    access: access.signedIn,
    input: applicationIdInput,
    mutates: true,
    run: async (ctx, input): Promise<ApplicationReply> => {
      const openid = callerOpenid(ctx)
      const current = await applicationOrThrow(ctx, input.applicationId)
      if (current.openid !== openid) throw new AppError('FORBIDDEN', '只有申请人本人可以撤回申请')
      const at = ctx.now.toISOString()
      const updated = await changeApplication(ctx.db, current._id, (application) => {
        if (!undecidedStatuses.includes(application.status)) throw notNow(application, '撤回')
        return {
          patch: { status: 'withdrawn', finalAt: at, updatedAt: at },
          event: { applicationId: application._id, programId: application.programId, kind: 'withdrawn', by: openid, role: 'applicant', reason: null, at },
          also: (tx) => releaseClaim(tx, application.claimId),
        }
      })
      return { application: await viewOf(ctx, updated, 'applicant') }
    },
  }),

  /** 查阅记录: who read which application when; the programme's admin. */
  accessLog: defineAction({
    access: access.orgAdmin(programOrg),
    input: accessLogInput,
    mutates: false,
    run: async (ctx, input): Promise<Page<AidAccessView>> => {
      const page = await accessPage(ctx.db, { programId: input.programId, applicationId: input.applicationId }, input)
      const [applications, users] = await Promise.all([
        findApplicationsByIds(ctx.db, [...new Set(page.items.map((e) => e.applicationId))]),
        findUsersByIds(ctx.db, [...new Set(page.items.map((e) => e.openid))]),
      ])
      const nameOf = new Map(applications.map((a) => [a._id, a.applicant.name]))
      const userOf = new Map(users.map((u) => [u._id, u.volunteer?.realName ?? u.nickname]))
      return {
        items: page.items.map((e) => ({ applicationId: e.applicationId, applicantName: nameOf.get(e.applicationId) ?? '', openid: e.openid, viewerName: userOf.get(e.openid) ?? e.openid, via: e.via, at: e.at })),
        nextCursor: page.nextCursor,
      }
    },
  }),

  /** 导出发放名单 (.xlsx, ID numbers masked): the approved applications, for the payment run. */
  exportApproved: defineAction({
    access: access.orgAdmin(programOrg),
    input: programIdInput,
    mutates: false,
    run: async (ctx, input) => {
      const program = await programOrThrow(ctx, input.programId)
      const applications = await listByStatus(ctx.db, program._id, ['approved', 'disbursed'])
      await logReads(ctx, applications, 'export')
      const { approvedWorkbook } = await import('./approved-workbook')
      const { content, fileName, totalYuan } = await approvedWorkbook(program, applications, ctx.now)
      const { fileID, url } = await storeExport(`exports/aid/${program._id}/${ctx.now.getTime()}.xlsx`, content)
      return { fileID, url, fileName, count: applications.length, totalYuan }
    },
  }),

  /**
   * Retention: attachments and the encrypted ID number of rejected and withdrawn applications are
   * deleted once the programme's retention period after the final decision has run out; the
   * decision trail stays. CloudBase timer trigger; the local host runs it on an interval. Idempotent.
   */
  purgeExpired: defineAction({
    access: access.anyone,
    input: z.object({}),
    mutates: false,
    run: async (ctx) => {
      const candidates = await purgeCandidates(ctx.db, retentionCutoff(30, ctx.now))
      const programs = new Map<string, AidProgramDoc | null>()
      let purged = 0
      for (const candidate of candidates) {
        if (!programs.has(candidate.programId)) programs.set(candidate.programId, await findProgram(ctx.db, candidate.programId))
        const retentionDays = programs.get(candidate.programId)?.retentionDays ?? 180
        if (!retentionExpired(candidate, retentionDays, ctx.now)) continue
        const at = ctx.now.toISOString()
        let files: string[] = []
        await changeApplication(ctx.db, candidate._id, (application) => {
          if (!retentionExpired(application, retentionDays, ctx.now)) throw new AppError('INVALID_STATE')
          files = application.attachmentFileIds
          return {
            patch: { applicant: { ...application.applicant, idCardCipher: null }, attachmentFileIds: [], purgedAt: at, updatedAt: at },
            event: { applicationId: application._id, programId: application.programId, kind: 'purged', by: 'system', role: 'system', reason: `保留期（${retentionDays}天）届满，已删除证明材料和加密身份证号`, at },
          }
        }).then(
          async () => {
            purged++
            // the files go after the record no longer points at them; a failure here leaves orphans, never dangling links
            await deleteFiles(files).catch(() => undefined)
          },
          (error: unknown) => {
            if (!(error instanceof AppError)) throw error
          },
        )
      }
      return { purged }
    },
  }),
} satisfies ActionTable

const handle = handler('aid', actions)

/** A CloudBase timer trigger calls `main` with `{ Type: 'Timer', TriggerName }`: that runs the retention purge. */
export const main = (event: unknown, context: unknown) => {
  const timer = typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer'
  return handle(timer ? { action: 'purgeExpired' } : event, context)
}
