import type { ActivityDoc, SignUpDoc } from '../activity/activity.rules'
import type { AidApplicationDoc } from '../aid/aid.rules'
import type { BookingDoc, DriverDoc } from '../ride/ride.rules'
import type { WishDoc } from '../wish/wish.store'
import type { MessageKind } from './message.kinds'
import { hoursText, messageDate, messageTime, reasonText, type NewNotification } from './message.rules'

/**
 * The notifications of each area's events, built from its documents: who hears it, what it is
 * about (its id's subject and version) and the params its texts are made from.
 */

const placeOf = (activity: Pick<ActivityDoc, 'township' | 'address'>) => (activity.address.startsWith(activity.township) ? activity.address : `${activity.township}${activity.address}`)

const activityParams = (activity: Pick<ActivityDoc, '_id' | 'title' | 'startAt' | 'township' | 'address'>) => ({
  activityId: activity._id,
  activityTitle: activity.title,
  startAt: messageTime(activity.startAt),
  place: placeOf(activity),
})

/** A sign-up's version: the moment it was made (a volunteer may cancel and sign up again). */
const signUpVersion = (signUp: Pick<SignUpDoc, 'intentAt' | 'createdAt'>) => Date.parse(signUp.intentAt ?? signUp.createdAt)

export const signUpNotice = (kind: 'activity.confirmed' | 'activity.promoted', activity: ActivityDoc, signUp: SignUpDoc): NewNotification => ({
  kind,
  openid: signUp.openid,
  subjectId: activity._id,
  version: signUpVersion(signUp),
  params: activityParams(activity),
})

/** `activity.changed` / `activity.cancelled` to one volunteer; `rev` numbers the organization's announcements of this activity. */
export const activityAnnouncement = (kind: 'activity.changed' | 'activity.cancelled', activity: ActivityDoc, openid: string, rev: number): NewNotification => ({
  kind,
  openid,
  subjectId: activity._id,
  version: rev,
  params: { ...activityParams(activity), reason: reasonText(activity.cancelReason) },
})

export const activityReminder = (activity: ActivityDoc, openid: string): NewNotification => ({
  kind: 'reminder.activity',
  openid,
  subjectId: activity._id,
  version: Date.parse(activity.startAt),
  params: activityParams(activity),
})

/** A record written for the first time is `hours.confirmed`; a correction of a stored one is `hours.corrected` (numbered by corrections). */
export function hoursNotice(record: { _id: string; openid: string; activityTitle: string; minutes: number; corrections: { fromMinutes: number; note: string }[] }, corrected: boolean): NewNotification {
  const last = record.corrections[record.corrections.length - 1]
  return {
    kind: corrected ? 'hours.corrected' : 'hours.confirmed',
    openid: record.openid,
    subjectId: record._id,
    version: corrected ? record.corrections.length : undefined,
    params: { activityTitle: record.activityTitle, hours: hoursText(record.minutes), fromHours: last ? hoursText(last.fromMinutes) : '', note: last?.note ?? '' },
  }
}

/** A wish event to `openid`; `version` tells apart the same event happening again (a second claim). */
export const wishNotice = (kind: Extract<MessageKind, `wish.${string}`> | 'reminder.wishClaim', wish: WishDoc, openid: string, version: string | number, reason?: string | null): NewNotification => ({
  kind,
  openid,
  subjectId: wish._id,
  version,
  params: { wishId: wish._id, wishTitle: wish.title, claimExpiresAt: wish.claimExpiresAt ? messageTime(wish.claimExpiresAt) : '', reason: reasonText(reason) },
})

const directionText = (booking: Pick<BookingDoc, 'direction'>) => (booking.direction === 'to_exam' ? '送考' : '接考')

function rideParams(booking: BookingDoc) {
  return {
    bookingId: booking._id,
    studentName: booking.studentName,
    dateText: `${messageDate(booking.date)}${directionText(booking)}`,
    driverName: booking.driver?.realName ?? '',
    plateNo: booking.driver?.plateNo ?? '',
    pickupAt: messageTime(booking.pickupAt),
    pickupAddress: booking.pickupAddress,
    siteName: booking.siteName,
  }
}

/** A ride event: assigned / changed / completed go to the booker, cancelled to the driver who had it. */
export function rideNotice(kind: 'ride.assigned' | 'ride.changed' | 'ride.completed' | 'ride.cancelled' | 'reminder.ride', booking: BookingDoc, at: string): NewNotification {
  const toDriver = kind === 'ride.cancelled'
  const version = kind === 'ride.assigned' || kind === 'ride.changed' ? Date.parse(booking.assignedAt ?? at) : kind === 'reminder.ride' ? Date.parse(booking.pickupAt) : undefined
  return {
    kind,
    openid: toDriver ? (booking.driver?.openid as string) : booking.bookedBy,
    subjectId: booking._id,
    version,
    params: { ...rideParams(booking), completedAt: messageTime(at) },
  }
}

export const driverApproved = (driver: DriverDoc): NewNotification => ({
  kind: 'ride.driverApproved',
  openid: driver.openid,
  subjectId: driver._id,
  version: Date.parse(driver.createdAt),
  params: { orgName: driver.orgName, plateNo: driver.plateNo },
})

const aidKinds = { approve: 'aid.approved', reject: 'aid.rejected', needs_info: 'aid.needsInfo', disbursed: 'aid.disbursed' } as const

/** An aid decision or payment, to the applicant; `version` is the trail's moment of it (a second 补充材料 is a new message). */
export const aidNotice = (step: keyof typeof aidKinds, application: AidApplicationDoc, reason: string | null, at: string): NewNotification => ({
  kind: aidKinds[step],
  openid: application.openid,
  subjectId: application._id,
  version: Date.parse(at),
  params: { programName: application.programName, amountYuan: application.amountYuan ?? '', reason: reason ?? '' },
})
