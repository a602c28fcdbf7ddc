import type { Database } from '../../cloudfunctions/core/cloudbase'
import { scheduleProblems, type BookingDoc, type ScheduleDoc } from '../../cloudfunctions/core/ride/ride.rules'

async function all<D>(db: Database, collection: string, where: object): Promise<D[]> {
  const { data } = await db.collection(collection).where(where).limit(1000).get()
  return data as D[]
}

/**
 * Everything that must hold for the rides of a session, whatever happened: no trip over its seats,
 * no overlapping trips for a driver, each booking in at most one trip and exactly in the trip it
 * names, every booking that holds a seat assigned to that driver, and one live claim per live
 * booking. Returns the problems found (empty: none).
 */
export async function rideProblems(db: Database, sessionId: string): Promise<string[]> {
  const bookings = await all<BookingDoc>(db, 'ride_bookings', { sessionId })
  const byId = new Map(bookings.map((b) => [b._id, b]))
  const dates = [...new Set(bookings.map((b) => b.date))]
  const schedules = (await Promise.all(dates.map((date) => all<ScheduleDoc>(db, 'ride_schedules', { date })))).flat()
  const problems: string[] = []
  const seatOf = new Map<string, { schedule: string; tripId: string; driverId: string }>()
  for (const schedule of schedules) {
    problems.push(...scheduleProblems(schedule.trips).map((p) => `${schedule._id}: ${p}`))
    for (const trip of schedule.trips) {
      for (const stop of trip.stops) {
        if (seatOf.has(stop.bookingId)) problems.push(`${stop.bookingId} sits in two schedules`)
        seatOf.set(stop.bookingId, { schedule: schedule._id, tripId: trip.tripId, driverId: trip.driverId })
      }
    }
  }
  for (const [bookingId, seat] of seatOf) {
    const booking = byId.get(bookingId)
    if (!booking) continue // another session's booking on the same day
    if (booking.status === 'pending' || booking.status === 'cancelled') problems.push(`${bookingId} is ${booking.status} but holds a seat`)
    else if (booking.tripId !== seat.tripId || booking.driver?.driverId !== seat.driverId) problems.push(`${bookingId} names another trip or driver`)
  }
  for (const booking of bookings) {
    const holds = booking.status !== 'pending' && booking.status !== 'cancelled'
    if (holds && !seatOf.has(booking._id)) problems.push(`${booking._id} is ${booking.status} without a seat`)
    const claim = (await db.collection('ride_ticket_claims').doc(booking.claimId).get()).data[0] as { bookingId: string } | undefined
    if (booking.status !== 'cancelled' && claim?.bookingId !== booking._id) problems.push(`${booking._id} has no claim on its ticket`)
  }
  return problems
}
