import type { ActivityView } from '../../cloudfunctions/core/activity/activity.schema'

/**
 * What the 首页 feed reads off an activity. Separate from activity-state.ts (the detail and 我的活动
 * pages' states, with the sign-up rules) so that the tab pages in the weapp main package do not carry
 * those rules; activity-state.ts re-exports all of this.
 */

/** `open`: places left; `waitlist`: full, the waitlist takes more; `full`: full, no waitlist. */
export type PlacesTone = 'open' | 'waitlist' | 'full'

export interface PlacesState {
  tone: PlacesTone
  /** `剩余 N 个名额` / `已满 · 可候补` / `已满` */
  text: string
  /** Confirmed sign-ups as a share of capacity, 0–100, for the progress bar. */
  percent: number
}

export function placesOf(activity: Pick<ActivityView, 'capacity' | 'signedUp' | 'placesLeft' | 'waitlist'>): PlacesState {
  const percent = activity.capacity > 0 ? Math.min(100, Math.round((activity.signedUp / activity.capacity) * 100)) : 100
  if (activity.placesLeft > 0) return { tone: 'open', text: `剩余 ${activity.placesLeft} 个名额`, percent }
  if (activity.waitlist) return { tone: 'waitlist', text: '已满 · 可候补', percent }
  return { tone: 'full', text: '已满', percent }
}

/** Taro.eventCenter event: a sign-up changed (`activityId`), so lists showing places should reload when shown again. */
export const ACTIVITY_CHANGED_EVENT = 'gy:activity-changed'
