import { access } from '../core/access'
import { AppError } from '../core/errors'
import { callerOpenid, defineAction, handler, type ActionContext, type ActionTable } from '../core/handler'
import { findOrg, findOrgsByIds, type OrgDoc } from '../core/org/org.store'
import type { Page } from '../core/org/org.schema'
import { countOpenNeeds, toMatchView, toNeedView, toProjectView, toResourceView } from '../core/needs/needs.rules'
import {
  addResourceInput,
  closeNeedInput,
  listMatchesInput,
  confirmMatchInput,
  proposeMatchInput,
  type MatchView,
  countyViewInput,
  listNeedsInput,
  listResourcesInput,
  updateResourceInput,
  type ResourceView,
  listProjectsInput,
  needIdInput,
  postNeedInput,
  proposeProjectInput,
  type CountyView,
  type NeedView,
  type ProjectView,
} from '../core/needs/needs.schema'
import {
  allOpenNeeds,
  closeNeedDoc,
  confirmedMatchesOfNeed,
  listMatches,
  needHasConfirmedMatch,
  confirmSide,
  findMatch,
  findResourcesByIds,
  insertMatch,
  newMatchId,
  type MatchDoc,
  findNeed,
  findProject,
  findResource,
  insertNeed,
  insertProject,
  insertResource,
  listNeeds,
  listProjects,
  listResources,
  newNeedId,
  newProjectId,
  newResourceId,
  updateResource,
  type NeedDoc,
  type ProjectDoc,
  type ResourceDoc,
} from '../core/needs/needs.store'

/** The names of the organizations behind these documents, by id. */
async function orgNames(ctx: ActionContext, orgIds: (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(orgIds.filter((id): id is string => id !== null))]
  return new Map((await findOrgsByIds(ctx.db, ids)).map((org) => [org._id, org.name]))
}

async function needViews(ctx: ActionContext, needs: NeedDoc[]): Promise<NeedView[]> {
  const names = await orgNames(ctx, needs.map((n) => n.orgId))
  return needs.map((need) => toNeedView(need, need.orgId ? (names.get(need.orgId) ?? null) : null))
}

async function projectViews(ctx: ActionContext, projects: ProjectDoc[]): Promise<ProjectView[]> {
  const names = await orgNames(ctx, projects.map((p) => p.orgId))
  return projects.map((project) => toProjectView(project, names.get(project.orgId) ?? ''))
}

/** An organization that may post needs: verified, and a community organization (社区社会组织). */
function requireCommunityOrg(org: OrgDoc | null): OrgDoc {
  if (!org) throw new AppError('NOT_FOUND', '组织不存在')
  if (org.status !== 'verified') throw new AppError('FORBIDDEN', '组织通过认证后才能发布需求')
  if (org.kind !== 'community') throw new AppError('FORBIDDEN', '仅社区社会组织可以发布需求')
  return org
}

/** How many projects the need page shows. */
const PROJECTS_ON_NEED = 50
/** How many unanswered needs the county view lists (oldest first). */
const UNANSWERED_SHOWN = 100

export const actions = {
  /** 发布需求 (需求清单): a community organization's staff, or the platform admin. Public, no personal data. */
  postNeed: defineAction({
    access: access.anyOf(access.platformAdmin, access.orgStaff<{ orgId?: string }>((input) => input.orgId ?? null)),
    input: postNeedInput,
    mutates: true,
    run: async (ctx, input): Promise<{ need: NeedView }> => {
      const openid = callerOpenid(ctx)
      const org = input.orgId ? requireCommunityOrg(await findOrg(ctx.db, input.orgId)) : null
      const keyedId = ctx.keyedId('need')
      if (keyedId) {
        const earlier = await findNeed(ctx.db, `need-${keyedId}`)
        if (earlier && earlier.postedBy === openid) return { need: toNeedView(earlier, org?.name ?? null) }
      }
      const at = ctx.now.toISOString()
      const need: NeedDoc = {
        _id: keyedId ? `need-${keyedId}` : newNeedId(),
        orgId: org?._id ?? null,
        township: input.township,
        community: input.community,
        field: input.field,
        beneficiaries: input.beneficiaries,
        beneficiaryCount: input.beneficiaryCount,
        content: input.content,
        status: 'open',
        projectCount: 0,
        postedBy: openid,
        createdAt: at,
        updatedAt: at,
      }
      await insertNeed(ctx.db, need)
      return { need: toNeedView(need, org?.name ?? null) }
    },
  }),

  /** The needs list, newest first: by township, field, and open only. */
  needs: defineAction({
    access: access.anyone,
    input: listNeedsInput,
    mutates: false,
    run: async (ctx, input): Promise<Page<NeedView>> => {
      const page = await listNeeds(ctx.db, { township: input.township, field: input.field, orgId: input.orgId, status: input.open ? 'open' : undefined }, input)
      return { items: await needViews(ctx, page.items), nextCursor: page.nextCursor }
    },
  }),

  /** One need with the projects that answer it and the confirmed matches on it: who is on it (newest first, up to 50 each). */
  need: defineAction({
    access: access.anyone,
    input: needIdInput,
    mutates: false,
    run: async (ctx, input): Promise<{ need: NeedView; projects: ProjectView[]; matches: MatchView[] }> => {
      const need = await findNeed(ctx.db, input.needId)
      if (!need) throw new AppError('NOT_FOUND', '需求不存在')
      const [projects, matches] = await Promise.all([
        listProjects(ctx.db, { needId: need._id }, { limit: PROJECTS_ON_NEED }),
        confirmedMatchesOfNeed(ctx.db, need._id, PROJECTS_ON_NEED),
      ])
      const providerIds = [...new Set(matches.flatMap((m) => m.providers.map((p) => p.resourceId)))]
      const [[view], projectList, resources, caller] = await Promise.all([
        needViews(ctx, [need]),
        projectViews(ctx, projects.items),
        findResourcesByIds(ctx.db, providerIds),
        ctx.caller.openid ? ctx.user() : Promise.resolve(null),
      ])
      // who is on it: each provider's contact, masked but for the platform admin (the same rule as the resource list)
      const isAdmin = caller?.roles.includes('platform_admin') ?? false
      const contacts = new Map(resources.map((r) => [r._id, toResourceView(r, isAdmin).contact]))
      const matchViews = matches.map((m) => {
        const match = toMatchView(m)
        return { ...match, providers: match.providers.map((p) => (contacts.has(p.resourceId) ? { ...p, contact: contacts.get(p.resourceId) } : p)) }
      })
      return { need: view, projects: projectList, matches: matchViews }
    },
  }),

  /**
   * 关闭需求: staff of the organization that posted it, or the platform admin. `fulfilled` (已满足) when a
   * project answers it or a match on it is confirmed; `withdrawn` (已撤回) with a reason. One transaction.
   */
  closeNeed: defineAction({
    access: access.anyOf(access.platformAdmin, access.orgStaff<{ needId: string }>(async (input, ctx) => (await findNeed(ctx.db, input.needId))?.orgId ?? null)),
    input: closeNeedInput,
    mutates: true,
    run: async (ctx, input): Promise<{ need: NeedView }> => {
      const existing = await findNeed(ctx.db, input.needId)
      if (!existing) throw new AppError('NOT_FOUND', '需求不存在')
      const reason = input.reason ?? null
      const closed = await closeNeedDoc(
        ctx.db,
        input.needId,
        { outcome: input.outcome, reason, by: callerOpenid(ctx), at: ctx.now.toISOString() },
        input.outcome === 'fulfilled' ? await needHasConfirmedMatch(ctx.db, input.needId) : false,
      )
      const [view] = await needViews(ctx, [closed])
      return { need: view }
    },
  }),

  /** 设计项目 (项目清单): staff of a verified organization, against 1–10 open needs. */
  proposeProject: defineAction({
    access: access.orgStaff<{ orgId: string }>((input) => input.orgId),
    input: proposeProjectInput,
    mutates: true,
    run: async (ctx, input): Promise<{ project: ProjectView }> => {
      const openid = callerOpenid(ctx)
      const org = await findOrg(ctx.db, input.orgId)
      if (!org) throw new AppError('NOT_FOUND', '组织不存在')
      if (org.status !== 'verified') throw new AppError('FORBIDDEN', '组织通过认证后才能设计项目')
      const keyedId = ctx.keyedId('project')
      if (keyedId) {
        const earlier = await findProject(ctx.db, `proj-${keyedId}`)
        if (earlier && earlier.proposedBy === openid) return { project: toProjectView(earlier, org.name) }
      }
      const at = ctx.now.toISOString()
      const project: ProjectDoc = {
        _id: keyedId ? `proj-${keyedId}` : newProjectId(),
        orgId: org._id,
        needIds: input.needIds,
        title: input.title,
        goals: input.goals,
        plan: input.plan,
        budgetLines: input.budgetLines,
        team: input.team,
        durationMonths: input.durationMonths,
        proposedBy: openid,
        createdAt: at,
        updatedAt: at,
      }
      await insertProject(ctx.db, project)
      return { project: toProjectView(project, org.name) }
    },
  }),

  /** The project list, newest first: those answering one need, or one organization's. */
  projects: defineAction({
    access: access.anyone,
    input: listProjectsInput,
    mutates: false,
    run: async (ctx, input): Promise<Page<ProjectView>> => {
      const page = await listProjects(ctx.db, { needId: input.needId, orgId: input.orgId }, input)
      return { items: await projectViews(ctx, page.items), nextCursor: page.nextCursor }
    },
  }),

  /** The county view: open needs by township and field, and the open needs no project answers yet. */
  countyView: defineAction({
    access: access.anyone,
    input: countyViewInput,
    mutates: false,
    run: async (ctx): Promise<CountyView> => {
      const open = await allOpenNeeds(ctx.db)
      const unanswered = open
        .filter((need) => need.projectCount === 0)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a._id.localeCompare(b._id))
        .slice(0, UNANSWERED_SHOWN)
      return { ...countOpenNeeds(open), unanswered: await needViews(ctx, unanswered) }
    },
  }),

  /** 资源清单: the platform admin adds a provider and what it offers. */
  addResource: defineAction({
    access: access.platformAdmin,
    input: addResourceInput,
    mutates: true,
    run: async (ctx, input): Promise<{ resource: ResourceView }> => {
      const openid = callerOpenid(ctx)
      const keyedId = ctx.keyedId('resource')
      if (keyedId) {
        const earlier = await findResource(ctx.db, `res-${keyedId}`)
        if (earlier) return { resource: toResourceView(earlier, true) }
      }
      const at = ctx.now.toISOString()
      const resource: ResourceDoc = {
        _id: keyedId ? `res-${keyedId}` : newResourceId(),
        provider: input.provider,
        offers: input.offers,
        township: input.township,
        description: input.description,
        contact: input.contact,
        createdBy: openid,
        createdAt: at,
        updatedBy: openid,
        updatedAt: at,
      }
      await insertResource(ctx.db, resource)
      return { resource: toResourceView(resource, true) }
    },
  }),

  /** The platform admin changes a resource: the fields given replace the stored ones. */
  updateResource: defineAction({
    access: access.platformAdmin,
    input: updateResourceInput,
    mutates: true,
    run: async (ctx, input): Promise<{ resource: ResourceView }> => {
      const { resourceId, ...patch } = input
      const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
      const found = await updateResource(ctx.db, resourceId, { ...given, updatedBy: callerOpenid(ctx), updatedAt: ctx.now.toISOString() })
      const resource = found ? await findResource(ctx.db, resourceId) : null
      if (!resource) throw new AppError('NOT_FOUND', '资源不存在')
      return { resource: toResourceView(resource, true) }
    },
  }),

  /** The resource list, recently updated first: by township and by what is offered. Contacts masked but for the platform admin. */
  resources: defineAction({
    access: access.anyone,
    input: listResourcesInput,
    mutates: false,
    run: async (ctx, input): Promise<Page<ResourceView>> => {
      const page = await listResources(ctx.db, { township: input.township, offer: input.offer }, input)
      const isAdmin = (await ctx.user())?.roles.includes('platform_admin') ?? false
      return { items: page.items.map((resource) => toResourceView(resource, isAdmin)), nextCursor: page.nextCursor }
    },
  }),

  /** 对接: the platform admin or the project's organization proposes providers and an undertaker; pending until every side confirms. */
  proposeMatch: defineAction({
    access: access.anyOf(access.platformAdmin, access.orgStaff<{ projectId: string }>(async (input, ctx) => (await findProject(ctx.db, input.projectId))?.orgId ?? null)),
    input: proposeMatchInput,
    mutates: true,
    run: async (ctx, input): Promise<{ match: MatchView }> => {
      const openid = callerOpenid(ctx)
      const keyedId = ctx.keyedId('match')
      if (keyedId) {
        const earlier = await findMatch(ctx.db, `match-${keyedId}`)
        if (earlier && earlier.proposedBy === openid) return { match: toMatchView(earlier) }
      }
      const [project, undertaker, providers] = await Promise.all([
        findProject(ctx.db, input.projectId),
        findOrg(ctx.db, input.undertakerOrgId),
        findResourcesByIds(ctx.db, input.providerIds),
      ])
      if (!project) throw new AppError('NOT_FOUND', '项目不存在', { fields: [{ path: 'projectId', message: '项目不存在' }] })
      if (!undertaker) throw new AppError('NOT_FOUND', '承接组织不存在', { fields: [{ path: 'undertakerOrgId', message: '承接组织不存在' }] })
      if (undertaker.status !== 'verified') throw new AppError('INVALID_STATE', '承接组织尚未通过认证', { fields: [{ path: 'undertakerOrgId', message: '承接组织尚未通过认证' }] })
      const byId = new Map(providers.map((r) => [r._id, r]))
      if (input.providerIds.some((id) => !byId.has(id))) throw new AppError('NOT_FOUND', '所选资源不存在', { fields: [{ path: 'providerIds', message: '所选资源不存在或已删除' }] })
      const at = ctx.now.toISOString()
      const match: MatchDoc = {
        _id: keyedId ? `match-${keyedId}` : newMatchId(),
        projectId: project._id,
        projectTitle: project.title,
        needIds: project.needIds,
        projectOrgId: project.orgId,
        undertaker: { orgId: undertaker._id, orgName: undertaker.name },
        providers: input.providerIds.map((id) => {
          const resource = byId.get(id) as ResourceDoc
          return { resourceId: id, name: resource.provider.name, kind: resource.provider.kind }
        }),
        status: 'pending',
        confirmations: { undertaker: null, providers: null },
        proposedBy: openid,
        createdAt: at,
        updatedAt: at,
        confirmedAt: null,
      }
      await insertMatch(ctx.db, match)
      return { match: toMatchView(match) }
    },
  }),

  /**
   * The matches list, newest first: the platform admin sees any; an organization's staff see the ones
   * their organization is on (`orgId`: as the project's organization or the undertaker) or one of
   * their projects' (`projectId`).
   */
  matches: defineAction({
    access: access.anyOf(
      access.platformAdmin,
      access.orgStaff<{ orgId?: string; projectId?: string }>(async (input, ctx) => input.orgId ?? (input.projectId ? ((await findProject(ctx.db, input.projectId))?.orgId ?? null) : null)),
    ),
    input: listMatchesInput,
    mutates: false,
    run: async (ctx, input): Promise<Page<MatchView>> => {
      const page = await listMatches(ctx.db, { projectId: input.projectId, orgId: input.orgId, status: input.status }, input)
      return { items: page.items.map(toMatchView), nextCursor: page.nextCursor }
    },
  }),

  /** One side confirms a match: `undertaker` by its organization's staff, `providers` by the platform admin on their behalf. */
  confirmMatch: defineAction({
    access: access.anyOf(access.platformAdmin, access.orgStaff<{ matchId: string }>(async (input, ctx) => (await findMatch(ctx.db, input.matchId))?.undertaker.orgId ?? null)),
    input: confirmMatchInput,
    mutates: true,
    run: async (ctx, input): Promise<{ match: MatchView }> => {
      const openid = callerOpenid(ctx)
      const existing = await findMatch(ctx.db, input.matchId)
      if (!existing) throw new AppError('NOT_FOUND', '对接不存在')
      if (input.side === 'providers' && !(await ctx.user())?.roles.includes('platform_admin')) {
        throw new AppError('FORBIDDEN', '资源方的确认由平台管理员代为登记')
      }
      if (input.side === 'undertaker' && !(await ctx.profile())?.memberships.some((m) => m.orgId === existing.undertaker.orgId)) {
        throw new AppError('FORBIDDEN', '仅承接组织的工作人员可以确认承接')
      }
      const match = await confirmSide(ctx.db, input.matchId, input.side, openid, ctx.now.toISOString())
      if (!match) throw new AppError('NOT_FOUND', '对接不存在')
      return { match: toMatchView(match) }
    },
  }),
} satisfies ActionTable

export const main = handler('needs', actions)
