import type { Database } from '../../cloudfunctions/core/cloudbase'
import type { DriverDoc } from '../../cloudfunctions/core/ride/ride.rules'
import type { UserDoc } from '../../cloudfunctions/core/user/user.store'

/** The fleet seeded by local/seed.ts (its staff: demo-driver and demo-fleet-staff; admin: seed-fleet-captain). */
export const FLEET = 'org-exam-fleet'

/** A Beijing wall-clock time on a date, as the client sends it: `at('2027-06-07', '07:30')`. */
export const at = (date: string, time: string) => `${date}T${time}:00+08:00`

/** A valid session (高考, three days, booking open 20 May – 6 June 2027); a test overrides what decides its outcome. */
export const buildSessionInput = (overrides: Record<string, unknown> = {}) => ({
  name: '测试高考送考',
  exam: 'gaokao',
  days: ['2027-06-07', '2027-06-08', '2027-06-09'],
  bookingOpensAt: at('2027-05-20', '08:00'),
  bookingClosesAt: at('2027-06-06', '20:00'),
  sites: [
    { name: '苍南中学', address: '灵溪镇春晖路苍南中学', township: '灵溪镇' },
    { name: '灵溪中学', address: '灵溪镇建兴西路灵溪中学', township: '灵溪镇' },
    { name: '钱库高级中学', address: '钱库镇新兴路钱库高级中学', township: '钱库镇' },
  ],
  ...overrides,
})

let ticketSeq = 0
/** A fresh admission ticket number per call. */
export const nextTicketNo = () => `2733${String(Date.now() % 1_000_000).padStart(6, '0')}${String(++ticketSeq).padStart(4, '0')}`

export const buildBookingInput = (sessionId: string, siteId: string, overrides: Record<string, unknown> = {}) => ({
  sessionId,
  date: '2027-06-07',
  direction: 'to_exam',
  ticketNo: nextTicketNo(),
  studentName: '陈思远',
  pickupAddress: '灵溪镇城东社区建兴东路12号',
  township: '灵溪镇',
  examSite: siteId,
  pickupAt: at('2027-06-07', '07:30'),
  riders: 1,
  contactPhone: '13906771234',
  ...overrides,
})

export const buildDriverRegistration = (overrides: Record<string, unknown> = {}) => ({
  orgId: FLEET,
  realName: '王建华',
  phone: '13857798765',
  plateNo: '浙C12345',
  vehicle: '银色丰田卡罗拉',
  seats: 4,
  ...overrides,
})

let driverSeq = 0
/** Approved drivers of the fleet written straight to the database (fast setup for crowds). */
export async function addDrivers(db: Database, count: number, seats = 4, prefix = 'drv'): Promise<DriverDoc[]> {
  const now = new Date().toISOString()
  const run = `${prefix}-${Date.now().toString(36)}-${++driverSeq}`
  const drivers: DriverDoc[] = []
  const users: UserDoc[] = []
  for (let i = 0; i < count; i++) {
    const openid = `${run}-${i}`
    const phone = `139${String(10_000_000 + i).slice(-8)}`
    users.push({
      _id: openid, openid, nickname: `司机${i}`, township: '灵溪镇', phone, roles: ['resident', 'volunteer', 'driver'],
      volunteer: { realName: '张师傅', phone, township: '灵溪镇', skills: ['驾驶'], idCardNo: null, registeredAt: now }, createdAt: now, updatedAt: now,
    })
    drivers.push({
      _id: `${FLEET}:${openid}`, orgId: FLEET, orgName: '苍南县爱心送考车队', openid, realName: '张建军', phone, plateNo: `浙C${String(10000 + i).slice(-5)}`,
      vehicle: '白色轿车', seats, status: 'approved', review: { approved: true, reason: null, reviewedBy: 'seed-fleet-captain', reviewedAt: now }, createdAt: now, updatedAt: now,
    })
  }
  for (let i = 0; i < users.length; i += 500) await db.collection('users').add(users.slice(i, i + 500))
  for (let i = 0; i < drivers.length; i += 500) await db.collection('ride_drivers').add(drivers.slice(i, i + 500))
  return drivers
}
