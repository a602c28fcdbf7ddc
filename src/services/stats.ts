import type { ActivityIndexSettings } from '../../cloudfunctions/core/settings/activity-index'
import type { CountySummary, OrgActivityRow } from '../../cloudfunctions/core/stats/stats.rules'
import type { OverviewView } from '../../cloudfunctions/core/stats/stats.schema'
import { callFunction } from './cloud'

/** The `stats` cloud function (数据概览 and 活跃指数, shared/api.md): one verb-first function per action. */

export type { ActivityIndexSettings, CountySummary, OrgActivityRow, OverviewView }
export type Quarter = 1 | 2 | 3 | 4

export interface OrgActivityReply {
  rows: OrgActivityRow[]
  county: CountySummary
  /** the published formula's weights and targets (core/settings/activity-index.ts) */
  formula: ActivityIndexSettings
}

export interface OrgActivityFilter {
  year: number
  /** one organization: its own staff may ask only for it */
  orgId?: string
  kind?: string
  township?: string
}

export interface ExportedFile {
  url: string
  fileName: string
}

/** Platform admin: the county's figures for a year, or one quarter of it, and each township's. */
export function loadOverview(year: number, quarter?: Quarter | null): Promise<OverviewView> {
  return callFunction<OverviewView>('stats', 'overview', quarter ? { year, quarter } : { year })
}

/** 活跃指数: every verified organization (platform admin) or the caller's own (`orgId`, org staff), ranked by index. */
export function loadOrgActivity(filter: OrgActivityFilter): Promise<OrgActivityReply> {
  return callFunction<OrgActivityReply>('stats', 'orgActivity', filter)
}

/** Platform admin: the year's ranking as an .xlsx file behind a temporary link. */
export async function exportOrgActivity(year: number): Promise<ExportedFile> {
  const { url, fileName } = await callFunction<ExportedFile & { fileID?: string }>('stats', 'exportOrgActivity', { year })
  return { url, fileName }
}
