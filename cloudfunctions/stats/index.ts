import { access } from '../core/access'
import { AppError } from '../core/errors'
import { storeExport } from '../core/storage.store'
import { defineAction, handler, type ActionContext, type ActionTable } from '../core/handler'
import { activityIndexSettings } from '../core/settings/activity-index'
import { countySummary, orgActivityRows, periodOf, type OrgActivityRow } from '../core/stats/stats.rules'
import { orgActivityInput, overviewInput, type OrgActivityInput } from '../core/stats/stats.schema'
import { listOrgsInScope, orgFiguresByQuarter } from '../core/stats/stats.store'
import { buildOverview } from './overview'

/** The organizations the caller may see the index of: any for the platform admin, their own for staff. */
async function scopeFor(ctx: ActionContext, input: OrgActivityInput): Promise<string[] | null> {
  const profile = await ctx.profile()
  if (profile?.roles.includes('platform_admin')) return input.orgId ? [input.orgId] : null
  const own = profile?.memberships.map((m) => m.orgId) ?? []
  if (!input.orgId) return own
  if (own.includes(input.orgId)) return [input.orgId]
  throw new AppError('FORBIDDEN', '只能查看本组织的活跃指数')
}

async function orgActivity(ctx: ActionContext, input: OrgActivityInput): Promise<{ rows: OrgActivityRow[]; county: ReturnType<typeof countySummary> }> {
  const orgIds = await scopeFor(ctx, input)
  const orgs = await listOrgsInScope(ctx.db, { orgIds, kind: input.kind, township: input.township })
  if (input.orgId && orgs.length === 0) throw new AppError('NOT_FOUND', '组织不存在或尚未通过认证')
  const { byQuarter, yearParticipants } = await orgFiguresByQuarter(ctx.db, input.year, ctx.now, orgIds)
  const rows = orgActivityRows(orgs, byQuarter, yearParticipants).sort((a, b) => b.year.index - a.year.index || a.orgName.localeCompare(b.orgName, 'zh-CN'))
  return { rows, county: countySummary(rows, input.year, ctx.now) }
}

export const actions = {
  /** 数据概览: the county's figures for a year or a quarter, and each township's. */
  overview: defineAction({
    access: access.platformAdmin,
    input: overviewInput,
    mutates: false,
    run: async (ctx, input) => buildOverview(ctx.db, periodOf(input.year, input.quarter ?? null), ctx.now),
  }),

  /**
   * 活跃指数: per organization and quarter — activities held, distinct participants, confirmed hours,
   * wishes fulfilled, the active flags and the index — with the county against the plan's targets.
   */
  orgActivity: defineAction({
    access: access.anyOf(access.platformAdmin, access.verifiedOrgMember),
    input: orgActivityInput,
    mutates: false,
    run: async (ctx, input) => ({ ...(await orgActivity(ctx, input)), formula: activityIndexSettings }),
  }),

  /** The ranking as an .xlsx file for the platform admin (exceljs, loaded only when an export runs). */
  exportOrgActivity: defineAction({
    access: access.platformAdmin,
    input: orgActivityInput,
    mutates: false,
    run: async (ctx, input) => {
      const { rows, county } = await orgActivity(ctx, input)
      const { orgActivityWorkbook } = await import('./org-activity-workbook')
      const { content, fileName } = await orgActivityWorkbook(ctx.now, input.year, rows, county)
      const { fileID, url } = await storeExport(`exports/stats/${input.year}-${ctx.now.getTime()}.xlsx`, content)
      return { fileID, url, fileName }
    },
  }),
} satisfies ActionTable

export const main = handler('stats', actions)
