import type { Database } from '../core/cloudbase'
import { activitiesStartingBetween, confirmedSignUpsOf } from '../core/activity/activity.store'
import { activityReminder, rideNotice, wishNotice } from '../core/message/message.events'
import { hoursAfter, tomorrowInBeijing, WISH_CLAIM_REMINDER_HOURS } from '../core/message/message.rules'
import { notifyEach } from '../core/message/message.store'
import { assignedBookingsOn } from '../core/ride/ride.store'
import { claimsEndingBetween } from '../core/wish/wish.store'

export interface RemindReport {
  activity: number
  ride: number
  wishClaim: number
}

/** Activities whose sign-ups one query reads (`in` over this many ids). */
const ACTIVITIES_PER_QUERY = 100

/**
 * Reminders (timer trigger `remind`, hourly; the local host runs it on an interval). Each is a
 * notification with an id derived from what it reminds of, written create-if-absent, so any number
 * of runs sends each reminder once:
 * - an activity tomorrow (Beijing), to each volunteer with a confirmed place (`reminder.activity`);
 * - an exam ride tomorrow, to the booker, with driver, plate and pickup time (`reminder.ride`);
 * - a wish claim ending within 24 hours, to its claimer (`reminder.wishClaim`).
 * A moved activity or a new claim has a new id (the start or the deadline is its version): reminded again.
 */
export async function sendReminders(db: Database, now: Date): Promise<RemindReport> {
  const at = now.toISOString()
  const tomorrow = tomorrowInBeijing(now)
  const report: RemindReport = { activity: 0, ride: 0, wishClaim: 0 }

  // every page of tomorrow's activities, and their confirmed sign-ups a page of activities at a time
  for await (const activities of activitiesStartingBetween(db, tomorrow.from, tomorrow.to)) {
    for (let i = 0; i < activities.length; i += ACTIVITIES_PER_QUERY) {
      const batch = activities.slice(i, i + ACTIVITIES_PER_QUERY)
      const byId = new Map(batch.map((activity) => [activity._id, activity]))
      for await (const signUps of confirmedSignUpsOf(db, [...byId.keys()])) {
        report.activity += await notifyEach(db, signUps.map((signUp) => activityReminder(byId.get(signUp.activityId)!, signUp.openid)), at)
      }
    }
  }

  for await (const bookings of assignedBookingsOn(db, tomorrow.date)) {
    report.ride += await notifyEach(db, bookings.filter((b) => b.driver).map((booking) => rideNotice('reminder.ride', booking, at)), at)
  }

  for await (const claims of claimsEndingBetween(db, at, hoursAfter(now, WISH_CLAIM_REMINDER_HOURS))) {
    const claimed = claims.filter((w) => w.claimedBy && w.claimExpiresAt)
    report.wishClaim += await notifyEach(db, claimed.map((wish) => wishNotice('reminder.wishClaim', wish, wish.claimedBy as string, Date.parse(wish.claimExpiresAt as string))), at)
  }
  return report
}
