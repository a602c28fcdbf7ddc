import type { ActivityDoc, AgendaEntry, SignUpDoc } from '../../cloudfunctions/core/activity/activity.rules'
import type { Database } from '../../cloudfunctions/core/cloudbase'
import type { UserDoc } from '../../cloudfunctions/core/user/user.store'

/**
 * What must hold for an activity once nothing is under way: the counters equal the sign-up
 * documents, no place is oversold, nothing is left half-done, and every volunteer's agenda lists
 * exactly their active sign-ups. Returns the list of what does not hold (empty when all is well).
 */
export async function activityProblems(db: Database, activityId: string): Promise<string[]> {
  const activity = (await db.collection('activities').doc(activityId).get()).data[0] as ActivityDoc
  const { data } = await db.collection('activity_signups').where({ activityId }).limit(1000).get()
  const signUps = data as SignUpDoc[]
  const confirmed = signUps.filter((s) => s.status === 'confirmed')
  const waitlisted = signUps.filter((s) => s.status === 'waitlisted')
  const problems: string[] = []
  if (activity.confirmedCount !== confirmed.length) problems.push(`confirmedCount ${activity.confirmedCount} ≠ ${confirmed.length} confirmed documents`)
  if (activity.waitlistedCount !== waitlisted.length) problems.push(`waitlistedCount ${activity.waitlistedCount} ≠ ${waitlisted.length} waitlisted documents`)
  if (activity.placesLeft !== activity.capacity - confirmed.length) problems.push(`placesLeft ${activity.placesLeft} ≠ capacity ${activity.capacity} − ${confirmed.length}`)
  if (confirmed.length > activity.capacity) problems.push(`oversold: ${confirmed.length} confirmed for ${activity.capacity} places`)
  const stuck = signUps.filter((s) => !['confirmed', 'waitlisted', 'cancelled', 'released'].includes(s.status))
  if (stuck.length) problems.push(`sign-ups in status ${stuck.map((s) => s.status).join(', ')}`)
  if (activity.status === 'published' && activity.placesLeft > 0 && waitlisted.length > 0) problems.push(`${activity.placesLeft} free places while ${waitlisted.length} wait`)

  const openids = [...new Set(signUps.map((s) => s.openid))]
  for (let i = 0; i < openids.length; i += 500) {
    const { data: users } = await db.collection('users').where({ _id: db.command.in(openids.slice(i, i + 500)) }).limit(500).get()
    for (const user of users as UserDoc[]) {
      const entry: AgendaEntry | undefined = (user.agenda ?? []).find((e) => e.activityId === activityId)
      const signUp = signUps.find((s) => s.openid === user._id)
      const active = signUp?.status === 'confirmed' || signUp?.status === 'waitlisted'
      if (active && entry?.status !== signUp?.status) problems.push(`${user._id}: agenda says ${entry?.status ?? 'nothing'}, sign-up says ${signUp?.status}`)
      if (!active && entry) problems.push(`${user._id}: agenda lists an activity they hold no place for`)
    }
  }
  return problems
}
