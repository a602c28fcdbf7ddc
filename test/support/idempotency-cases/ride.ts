import type { BookingView, DriverView, ScheduleDoc, SessionView } from '../../../cloudfunctions/core/ride/ride.rules'
import { main as ride } from '../../../cloudfunctions/ride/index'
import { addDrivers, at, buildBookingInput, buildDriverRegistration, buildSessionInput, FLEET } from '../../builders/ride'
import { caller, expectOk } from '../call'
import { addVolunteers } from '../people'
import type { IdempotencyCase, IdempotencyKit } from './kit'

/** The seeded 2027 高考 session (sites include site-cangnan-high) and a moment inside its booking window. */
const SESSION = 'ses-demo-gaokao-2027'
const SITE = 'site-cangnan-high'
const DAY = '2027-06-07'
const IN_WINDOW = new Date('2027-06-01T10:00:00+08:00')
const STAFF = 'demo-driver' // staff of the fleet
const ADMIN = 'demo-platform-admin'

/** Cases for every mutating action of `ride`: each arranges a fresh situation in which the action succeeds once. */
export function rideCases(kit: IdempotencyKit): Record<string, IdempotencyCase> {
  const as = (openid: string) => caller(ride, openid)
  let minute = 0
  /** A pickup time on `date` not used by another case of this run (fresh drivers never clash anyway). */
  const pickup = (date = DAY) => {
    const m = 6 * 60 + (minute++ % 600)
    return at(date, `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`)
  }
  const ticketNo = () => `2733${kit.fresh('t').replace(/[^0-9a-z]/gi, '').slice(-14)}`.slice(0, 20).toUpperCase()

  /** A pending booking by a fresh booker (the clock is moved inside the booking window). */
  async function pendingBooking(overrides: Record<string, unknown> = {}, sessionId = SESSION, siteId = SITE) {
    kit.clockAt(IN_WINDOW)
    const booker = kit.fresh('idem-booker')
    const date = (overrides.date as string | undefined) ?? DAY
    const input = buildBookingInput(sessionId, siteId, { ticketNo: ticketNo(), pickupAt: pickup(date), ...overrides })
    const { booking } = expectOk(await as(booker)<{ booking: BookingView }>('book', input))
    return { booker, booking }
  }
  /** A fresh approved driver of the fleet, written straight to the database. */
  const freshDriver = async () => (await addDrivers(kit.db(), 1, 4, 'idem-drv'))[0]
  const schedule = async (openid: string, date: string) =>
    ((await kit.db().collection('ride_schedules').doc(`${openid}:${date}`).get()).data[0] as ScheduleDoc | undefined) ?? null
  /** How many of the driver's trips on `date` carry the booking (1 once placed, never more). */
  const stopsOf = async (openid: string, date: string, bookingId: string) =>
    ((await schedule(openid, date))?.trips ?? []).flatMap((t) => t.stops).filter((s) => s.bookingId === bookingId).length

  return {
    createSession: {
      arrange: async () => {
        const name = kit.fresh('幂等送考').slice(0, 40)
        return { openid: ADMIN, input: buildSessionInput({ name }), effect: () => kit.count('ride_sessions', { name }) }
      },
    },
    registerDriver: {
      arrange: async () => {
        const [openid] = (await addVolunteers(kit.db(), 1, 'idem-newdrv')) as [string]
        return { openid, input: buildDriverRegistration(), effect: () => kit.count('ride_drivers', { openid, orgId: FLEET }) }
      },
    },
    approveDriver: {
      arrange: async () => {
        const [volunteer] = (await addVolunteers(kit.db(), 1, 'idem-appdrv')) as [string]
        const { driver } = expectOk(await as(volunteer)<{ driver: DriverView }>('registerDriver', buildDriverRegistration()))
        return {
          openid: STAFF,
          input: { driverId: driver.driverId, approve: true },
          effect: () => kit.count('ride_drivers', { _id: driver.driverId, status: 'approved' }),
        }
      },
    },
    book: {
      arrange: async () => {
        kit.clockAt(IN_WINDOW)
        const openid = kit.fresh('idem-booker')
        return { openid, input: buildBookingInput(SESSION, SITE, { ticketNo: ticketNo(), pickupAt: pickup() }), effect: () => kit.count('ride_bookings', { bookedBy: openid }) }
      },
    },
    cancel: {
      arrange: async () => {
        const { booker, booking } = await pendingBooking()
        return {
          openid: booker,
          input: { bookingId: booking.bookingId },
          effect: () => kit.count('ride_bookings', { bookedBy: booker, status: 'cancelled' }),
        }
      },
    },
    offer: {
      arrange: async () => {
        kit.clockAt(IN_WINDOW)
        const driver = await freshDriver()
        return {
          openid: driver.openid,
          input: { sessionId: SESSION, date: DAY, from: at(DAY, '06:00'), to: at(DAY, '10:00'), seats: 4 },
          effect: async () => (await schedule(driver.openid, DAY))?.offers.length ?? 0,
        }
      },
    },
    assign: {
      arrange: async () => {
        const { booking } = await pendingBooking()
        const driver = await freshDriver()
        return {
          openid: STAFF,
          input: { bookingId: booking.bookingId, driverId: driver._id },
          effect: () => stopsOf(driver.openid, DAY, booking.bookingId),
        }
      },
    },
    accept: {
      arrange: async () => {
        const { booking } = await pendingBooking()
        const driver = await freshDriver()
        return { openid: driver.openid, input: { bookingId: booking.bookingId }, effect: () => stopsOf(driver.openid, DAY, booking.bookingId) }
      },
    },
    autoAssign: {
      arrange: async () => {
        // a session of its own on a day no other case uses, so only this case's booking and offer take part
        kit.clockAt(IN_WINDOW)
        const date = '2027-07-15'
        const { session } = expectOk(await as(ADMIN)<{ session: SessionView }>('createSession', buildSessionInput({
          name: kit.fresh('幂等派车').slice(0, 40), days: [date], bookingClosesAt: at('2027-07-14', '20:00'),
        })))
        const siteId = session.sites[0]?.siteId as string
        const driver = await freshDriver()
        expectOk(await as(driver.openid)('offer', { sessionId: session.sessionId, date, from: at(date, '06:00'), to: at(date, '10:00'), seats: 4 }))
        const { booking } = await pendingBooking({ date, pickupAt: at(date, '07:30') }, session.sessionId, siteId)
        return {
          openid: STAFF,
          input: { orgId: FLEET, sessionId: session.sessionId, date },
          effect: () => stopsOf(driver.openid, date, booking.bookingId),
        }
      },
    },
    updateTrip: {
      arrange: async () => {
        const { booking } = await pendingBooking()
        const driver = await freshDriver()
        expectOk(await as(driver.openid)('accept', { bookingId: booking.bookingId }))
        return {
          openid: driver.openid,
          input: { bookingId: booking.bookingId, status: 'picked_up' },
          effect: () => kit.count('ride_bookings', { _id: booking.bookingId, status: 'picked_up' }),
        }
      },
    },
  }
}
