import type { Database } from '../core/cloudbase'
import type { ActivityDoc, SignUpDoc } from '../core/activity/activity.rules'
import { activityReminder, rideNotice, wishNotice } from '../core/message/message.events'
import { hoursAfter, tomorrowInBeijing, WISH_CLAIM_REMINDER_HOURS, type NewNotification } from '../core/message/message.rules'
import { notifyEach } from '../core/message/message.store'
import type { BookingDoc } from '../core/ride/ride.rules'
import type { WishDoc } from '../core/wish/wish.store'

export interface RemindReport {
  activity: number
  ride: number
  wishClaim: number
}

/** The most of each kind one run reads (a county's day has far fewer; the next run would take the rest). */
const LIMIT = 1000

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
  const _ = db.command
  const at = now.toISOString()
  const tomorrow = tomorrowInBeijing(now)

  const activities = (await db.collection('activities').where({ status: 'published', startAt: _.and(_.gte(tomorrow.from), _.lt(tomorrow.to)) }).limit(LIMIT).get()).data as ActivityDoc[]
  const activityNotices: NewNotification[] = []
  for (const activity of activities) {
    const { data } = await db.collection('activity_signups').where({ activityId: activity._id, status: 'confirmed' }).limit(LIMIT).get()
    for (const signUp of data as SignUpDoc[]) activityNotices.push(activityReminder(activity, signUp.openid))
  }

  const bookings = (await db.collection('ride_bookings').where({ status: 'assigned', date: tomorrow.date }).limit(LIMIT).get()).data as BookingDoc[]
  const rideNotices = bookings.filter((b) => b.driver).map((booking) => rideNotice('reminder.ride', booking, at))

  const claims = (await db.collection('wishes').where({ status: 'claimed', claimExpiresAt: _.and(_.gt(at), _.lte(hoursAfter(now, WISH_CLAIM_REMINDER_HOURS))) }).limit(LIMIT).get()).data as WishDoc[]
  const wishNotices = claims.filter((w) => w.claimedBy && w.claimExpiresAt).map((wish) => wishNotice('reminder.wishClaim', wish, wish.claimedBy as string, Date.parse(wish.claimExpiresAt as string)))

  return {
    activity: await notifyEach(db, activityNotices, at),
    ride: await notifyEach(db, rideNotices, at),
    wishClaim: await notifyEach(db, wishNotices, at),
  }
}
