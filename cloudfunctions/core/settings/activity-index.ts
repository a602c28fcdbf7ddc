/**
 * The organization activity index (活跃指数), 0–100, as published on 数据概览 and in the README.
 * The municipal plan names its inputs — how often an organization holds activities (活动频次), how
 * many residents take part (居民参与人数) and how far they take part (居民参与程度) — and leaves the
 * weights to the county: these are settings, not code.
 *
 *   index = 100 × ( wFrequency × min(1, activities held ÷ targetActivities)
 *                 + wReach     × min(1, distinct participants ÷ targetParticipants)
 *                 + wDepth     × min(1, service hours per participant ÷ targetHoursPerParticipant) )
 *
 * Targets are for a year; for one quarter they are a quarter of it.
 */
export interface ActivityIndexSettings {
  weights: { frequency: number; reach: number; depth: number }
  yearTargets: { activities: number; participants: number; hoursPerParticipant: number }
  targets: { activeShareEachQuarter: number; averageIndex2022: number; averageIndex2023: number }
}

export const activityIndexSettings: ActivityIndexSettings = {
  weights: { frequency: 0.4, reach: 0.35, depth: 0.25 },
  yearTargets: { activities: 12, participants: 60, hoursPerParticipant: 8 },
  /** The plan's targets: share of community organizations active in every quarter, and the county's average index. */
  targets: { activeShareEachQuarter: 0.3, averageIndex2022: 50, averageIndex2023: 60 },
}
