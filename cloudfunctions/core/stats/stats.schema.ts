import { z } from 'zod'
import { orgKinds } from '../org/org.schema'
import { townships } from '../settings/townships'

/** Inputs of the `stats` function (数据概览 and 活跃指数). */
const yearSchema = z.number({ error: '年份须为数字' }).int({ error: '年份须为整数' }).min(2020, { error: '年份须在2020–2100之间' }).max(2100, { error: '年份须在2020–2100之间' })
const quarterSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: '季度须为1–4' })

export const overviewInput = z.object({
  year: yearSchema,
  quarter: quarterSchema.optional(),
})
export type OverviewInput = z.infer<typeof overviewInput>

export const orgActivityInput = z.object({
  year: yearSchema,
  /** one organization (its own staff may ask only for it); the platform admin may leave it out */
  orgId: z.string({ error: '组织编号须为文字' }).min(1).max(64).optional(),
  kind: z.enum(orgKinds, { error: '组织类型不正确' }).optional(),
  township: z.enum(townships, { error: '请从列表中选择乡镇' }).optional(),
})
export type OrgActivityInput = z.infer<typeof orgActivityInput>

export interface StatusCounts {
  [status: string]: number
}

export interface OverviewTotals {
  orgs: { byStatus: StatusCounts; byKind: StatusCounts }
  volunteers: number
  activities: { held: number; upcoming: number }
  serviceHours: number
  wishes: StatusCounts
  rides: StatusCounts
  aid: StatusCounts
}

export interface OverviewView {
  period: { year: number; quarter: number | null; from: string; to: string }
  county: OverviewTotals
  townships: ({ township: string } & OverviewTotals)[]
}
