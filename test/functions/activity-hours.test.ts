import { main as activity } from '../../cloudfunctions/activity/index'
import { setClock } from '../../cloudfunctions/core/clock'
import type { ActivityView, AttendanceView, CheckInCodeView, HoursView, RosterEntry, ServiceRecordView } from '../../cloudfunctions/core/activity/activity.schema'
import { seedDemoData } from '../../local/seed'
import { buildActivityInput } from '../builders/activity'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'
import { startFaultyWire, type FaultyWire } from '../support/faulty-wire'
import { addVolunteers } from '../support/people'

/** Check-in and check-out, service hours with the 60% rule, corrections, the record and the export. */
let stack: Awaited<ReturnType<typeof startTestCloudbase>>
/** The functions reach the database through a wire that can fail the Nth write. */
let wire: FaultyWire
const db = () => stack.app.database()
const staff = () => caller(activity, 'demo-org-staff')
const CENTRE = 'org-volunteer-centre'
const MINUTE = 60_000

beforeAll(async () => {
  stack = await startTestCloudbase()
  wire = await startFaultyWire(stack)
  process.env.TCB_SERVICE_URL = wire.serviceUrl
  await seedDemoData(db())
})
afterAll(async () => {
  await wire.close()
  await stack.close()
})

let restoreClock: (() => void) | null = null
afterEach(() => {
  restoreClock?.()
  restoreClock = null
})
/** Moves the functions' clock to `minutes` after the activity's start. */
const at = (act: ActivityView, minutes: number) => {
  restoreClock?.()
  const instant = new Date(new Date(act.startAt).getTime() + minutes * MINUTE)
  restoreClock = setClock(() => instant)
}

/** A published 3-hour activity (capacity 10) and `n` volunteers with confirmed places. */
async function activityWithVolunteers(n: number) {
  const { activity: draft } = expectOk(await staff()<{ activity: ActivityView }>('create', buildActivityInput(CENTRE, { capacity: 10, title: '望里镇河道巡查' })))
  const { activity: act } = expectOk(await staff()<{ activity: ActivityView }>('publish', { activityId: draft.activityId }))
  const volunteers = await addVolunteers(db(), n)
  for (const openid of volunteers) expectOk(await caller(activity, openid)('signUp', { activityId: act.activityId }))
  return { act, volunteers }
}

const codeNow = async (act: ActivityView) => expectOk(await staff()<CheckInCodeView>('checkInCode', { activityId: act.activityId })).code

describe('check-in code', () => {
  test('when staff ask for the code, then it is 6 digits, lives a minute and changes in the next window', async () => {
    const { act } = await activityWithVolunteers(0)
    at(act, -20)
    const first = expectOk(await staff()<CheckInCodeView>('checkInCode', { activityId: act.activityId }))
    expect(first.code).toMatch(/^\d{6}$/)
    expect(new Date(first.expiresAt).getTime() - (new Date(act.startAt).getTime() - 20 * MINUTE)).toBeLessThanOrEqual(60_000)
    expect(first.qrPayload).toBe(`gycn:checkin:${act.activityId}:${first.code}`)
    at(act, -18)
    expect(await codeNow(act)).not.toBe(first.code)
  })
})

describe('activity.checkIn / checkOut', () => {
  test('when a volunteer checks in with the current code 20 minutes early and out at the end, then both are recorded', async () => {
    const { act, volunteers } = await activityWithVolunteers(1)
    const me = caller(activity, volunteers[0] as string)
    at(act, -20)
    const checkedIn = expectOk(await me<{ attendance: AttendanceView }>('checkIn', { activityId: act.activityId, code: await codeNow(act) }))
    expect(checkedIn.attendance).toMatchObject({ markedByStaff: false, checkOutAt: null })
    at(act, 180)
    const out = expectOk(await me<{ attendance: AttendanceView }>('checkOut', { activityId: act.activityId, code: await codeNow(act) }))
    expect(out.attendance.checkOutAt).not.toBeNull()
  })

  test('when the code is from the window before, then it is still accepted; two windows old, it is not', async () => {
    const { act, volunteers } = await activityWithVolunteers(2)
    at(act, -10)
    const code = await codeNow(act)
    at(act, -9)
    expectOk(await caller(activity, volunteers[0] as string)('checkIn', { activityId: act.activityId, code }))
    at(act, -7)
    const error = expectError(await caller(activity, volunteers[1] as string)('checkIn', { activityId: act.activityId, code }))
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', fields: [{ path: 'code', message: '签到码不正确或已过期，请扫描现场最新的签到码' }] })
  })

  test('when checking in 31 minutes before the start, then OUTSIDE_WINDOW', async () => {
    const { act, volunteers } = await activityWithVolunteers(1)
    at(act, -31)
    expect(expectError(await caller(activity, volunteers[0] as string)('checkIn', { activityId: act.activityId, code: await codeNow(act) })).code).toBe('OUTSIDE_WINDOW')
  })

  test('when checking out more than 2 hours after the end, then OUTSIDE_WINDOW', async () => {
    const { act, volunteers } = await activityWithVolunteers(1)
    at(act, 0)
    expectOk(await caller(activity, volunteers[0] as string)('checkIn', { activityId: act.activityId, code: await codeNow(act) }))
    at(act, 180 + 121)
    expect(expectError(await caller(activity, volunteers[0] as string)('checkOut', { activityId: act.activityId, code: await codeNow(act) })).code).toBe('OUTSIDE_WINDOW')
  })

  test('when checking in twice or out before in, then ALREADY_EXISTS and INVALID_STATE', async () => {
    const { act, volunteers } = await activityWithVolunteers(2)
    at(act, 5)
    const code = await codeNow(act)
    expectOk(await caller(activity, volunteers[0] as string)('checkIn', { activityId: act.activityId, code }))
    expect(expectError(await caller(activity, volunteers[0] as string)('checkIn', { activityId: act.activityId, code })).code).toBe('ALREADY_EXISTS')
    expect(expectError(await caller(activity, volunteers[1] as string)('checkOut', { activityId: act.activityId, code })).code).toBe('INVALID_STATE')
  })

  test('when a volunteer without a place uses the code, then INVALID_STATE', async () => {
    const { act } = await activityWithVolunteers(0)
    const [stranger] = await addVolunteers(db(), 1)
    at(act, 0)
    expect(expectError(await caller(activity, stranger as string)('checkIn', { activityId: act.activityId, code: await codeNow(act) })).code).toBe('INVALID_STATE')
  })

  test('when staff mark a walk-in by hand with a reason, then it is recorded as marked by staff with the reason and shows on the roster', async () => {
    const { act } = await activityWithVolunteers(0)
    const [walkIn] = await addVolunteers(db(), 1)
    at(act, 10)
    const { attendance } = expectOk(await staff()<{ attendance: AttendanceView }>('checkIn', { activityId: act.activityId, openid: walkIn, reason: '社区推荐的志愿者，现场补充人手' }))
    expect(attendance).toMatchObject({ markedByStaff: true, onSiteReason: '社区推荐的志愿者，现场补充人手' })
    const { items } = expectOk(await staff()<{ items: RosterEntry[] }>('roster', { activityId: act.activityId }))
    expect(items.find((i) => i.openid === walkIn)).toMatchObject({ status: 'walk_in', checkOutAt: null, onSiteReason: '社区推荐的志愿者，现场补充人手' })
  })

  test('when staff add a volunteer without a place and give no reason, then INVALID_ARGUMENT names the reason and nothing is recorded', async () => {
    const { act } = await activityWithVolunteers(0)
    const [walkIn] = await addVolunteers(db(), 1)
    at(act, 10)
    const error = expectError(await staff()('checkIn', { activityId: act.activityId, openid: walkIn }))
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', fields: [{ path: 'reason', message: '该志愿者未报名本活动，现场加入请填写原因（2–200个字）' }] })
    const { total } = await db().collection('activity_attendance').where({ activityId: act.activityId }).count()
    expect(total).toBe(0)
  })

  test('when staff mark a volunteer who holds a confirmed place, then no reason is needed and none is kept', async () => {
    const { act, volunteers } = await activityWithVolunteers(1)
    at(act, 10)
    const { attendance } = expectOk(await staff()<{ attendance: AttendanceView }>('checkIn', { activityId: act.activityId, openid: volunteers[0] }))
    expect(attendance).toMatchObject({ markedByStaff: true, onSiteReason: null })
  })

  test('when a volunteer tries to mark someone else, then FORBIDDEN', async () => {
    const { act, volunteers } = await activityWithVolunteers(2)
    at(act, 0)
    const error = expectError(await caller(activity, volunteers[0] as string)('checkIn', { activityId: act.activityId, openid: volunteers[1] }))
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: '仅本组织工作人员可以代为签到' })
  })
})

describe('activity.confirmHours and the 60% rule', () => {
  /** Checks volunteers in and out at the given minutes after the start. */
  async function attend(act: ActivityView, openid: string, inAt: number, outAt: number | null) {
    at(act, inAt)
    expectOk(await staff()('checkIn', { activityId: act.activityId, openid }))
    if (outAt !== null) {
      at(act, outAt)
      expectOk(await staff()('checkOut', { activityId: act.activityId, openid }))
    }
  }

  test('when hours are confirmed, then minutes are the overlap with the activity and count only from 60% of it', async () => {
    const { act, volunteers } = await activityWithVolunteers(4)
    const [full, early, partial, noOut] = volunteers as [string, string, string, string]
    await attend(act, full, -25, 200) // whole activity: 180
    await attend(act, early, 0, 108) // exactly 60%: 108
    await attend(act, partial, 60, 167) // 107 < 108: not counted
    await attend(act, noOut, 0, null) // never checked out
    at(act, 200)
    const { records } = expectOk(await staff()<{ records: ServiceRecordView[] }>('confirmHours', { activityId: act.activityId }))
    const byName = new Map(records.map((r) => [r.computedMinutes, r]))
    expect(records.map((r) => r.minutes).sort((a, b) => a - b)).toEqual([0, 0, 108, 180])
    expect(byName.get(180)).toMatchObject({ activityTitle: '望里镇河道巡查', orgName: '苍南县志愿服务中心', place: '灵溪镇敬老院（春晖路88号）', recorderName: '郑晓东', volunteerName: '陈志愿' })
    expect(byName.get(180)?.content).toMatch(/^扶老：/)
  })

  test('when hours are confirmed before the end, then INVALID_STATE', async () => {
    const { act } = await activityWithVolunteers(0)
    at(act, 170)
    expect(expectError(await staff()('confirmHours', { activityId: act.activityId })).code).toBe('INVALID_STATE')
  })

  test('when staff correct an entry with a note, then the minutes change and the original is kept', async () => {
    const { act, volunteers } = await activityWithVolunteers(1)
    const openid = volunteers[0] as string
    await attend(act, openid, 0, 100) // below 60%: 0
    at(act, 200)
    expectOk(await staff()('confirmHours', { activityId: act.activityId }))
    const { records } = expectOk(await staff()<{ records: ServiceRecordView[] }>('confirmHours', { activityId: act.activityId, entries: [{ openid, minutes: 150, note: '手机没电，现场签退晚于实际离开时间，负责人核实后补录' }] }))
    expect(records[0]).toMatchObject({ openid, minutes: 150, computedMinutes: 0, corrections: [{ fromMinutes: 0, toMinutes: 150, byName: '郑晓东' }] })
    const { records: listed } = expectOk(await staff()<{ records: ServiceRecordView[] }>('records', { activityId: act.activityId }))
    expect(listed).toEqual(records)
    const { totalMinutes } = expectOk(await caller(activity, openid)<HoursView>('hours'))
    expect(totalMinutes).toBe(150)
  })

  test('when a correction has no note, then INVALID_ARGUMENT names the note and nothing changes', async () => {
    const { act, volunteers } = await activityWithVolunteers(1)
    const openid = volunteers[0] as string
    await attend(act, openid, 0, 180)
    at(act, 200)
    expectOk(await staff()('confirmHours', { activityId: act.activityId }))
    const error = expectError(await staff()('confirmHours', { activityId: act.activityId, entries: [{ openid, minutes: 60 }] }))
    expect(error.fields).toEqual([{ path: 'entries.0.note', message: '修改时长须填写说明（至少2个字）' }])
    expect(expectOk(await caller(activity, openid)<HoursView>('hours')).totalMinutes).toBe(180)
  })

  test('when hours are confirmed twice, then records are not duplicated', async () => {
    const { act, volunteers } = await activityWithVolunteers(1)
    await attend(act, volunteers[0] as string, 0, 180)
    at(act, 200)
    expectOk(await staff()('confirmHours', { activityId: act.activityId }))
    expectOk(await staff()('confirmHours', { activityId: act.activityId }))
    const { total } = await db().collection('service_records').where({ activityId: act.activityId }).count()
    expect(total).toBe(1)
  })
})

describe('activity.confirmHours: who may get hours, and all or nothing', () => {
  async function attend(act: ActivityView, openid: string, inAt: number, outAt: number, reason?: string) {
    at(act, inAt)
    expectOk(await staff()('checkIn', { activityId: act.activityId, openid, reason }))
    at(act, outAt)
    expectOk(await staff()('checkOut', { activityId: act.activityId, openid }))
  }
  const note = '负责人现场核实后调整'
  const recordsOf = async (act: ActivityView) =>
    ((await db().collection('service_records').where({ activityId: act.activityId }).limit(1000).get()).data as { openid: string; minutes: number; corrections: unknown[] }[])
      .map((r) => ({ openid: r.openid, minutes: r.minutes, corrections: r.corrections.length }))
      .sort((a, b) => a.openid.localeCompare(b.openid))
  /** Swallows the INTERNAL log line an injected failure produces. */
  const quietly = async <T>(work: () => Promise<T>) => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      return await work()
    } finally {
      spy.mockRestore()
    }
  }

  test('when the same volunteer appears twice in entries, then INVALID_ARGUMENT names the second and the first is not applied', async () => {
    const { act, volunteers } = await activityWithVolunteers(1)
    const openid = volunteers[0] as string
    await attend(act, openid, 0, 60) // below 60%: 0
    at(act, 200)
    expectOk(await staff()('confirmHours', { activityId: act.activityId }))
    const error = expectError(await staff()('confirmHours', { activityId: act.activityId, entries: [{ openid, minutes: 100, note }, { openid, minutes: 120, note }] }))
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', fields: [{ path: 'entries.1.openid', message: '同一志愿者只能出现一次，请合并后再提交' }] })
    expect(await recordsOf(act)).toEqual([{ openid, minutes: 0, corrections: 0 }])
  })

  test('when an entry names a volunteer who neither signed up nor was added on site, then INVALID_ARGUMENT names it and no entry is applied', async () => {
    const { act, volunteers } = await activityWithVolunteers(1)
    const member = volunteers[0] as string
    const [outsider] = await addVolunteers(db(), 1)
    at(act, 200)
    const error = expectError(await staff()('confirmHours', { activityId: act.activityId, entries: [{ openid: member, minutes: 100, note }, { openid: outsider, minutes: 1440, note }] }))
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', fields: [{ path: 'entries.1.openid', message: '该志愿者未报名本活动，也未由工作人员现场登记，不能确认时长' }] })
    expect(await recordsOf(act)).toEqual([])
    expect(expectOk(await caller(activity, outsider as string)<HoursView>('hours')).totalMinutes).toBe(0)
  })

  test('when a volunteer with a confirmed place never checked in, then staff may still record their minutes with a note', async () => {
    const { act, volunteers } = await activityWithVolunteers(1)
    const openid = volunteers[0] as string
    at(act, 200)
    const { records } = expectOk(await staff()<{ records: ServiceRecordView[] }>('confirmHours', { activityId: act.activityId, entries: [{ openid, minutes: 90, note: '手机丢失未能签到，负责人证明全程在场' }] }))
    expect(records).toEqual([expect.objectContaining({ openid, minutes: 90, computedMinutes: 0, onSiteReason: null })])
  })

  test('when staff added a volunteer on site with a reason, then their service record keeps the reason', async () => {
    const { act } = await activityWithVolunteers(0)
    const [walkIn] = await addVolunteers(db(), 1)
    await attend(act, walkIn as string, 0, 180, '临时增援搬运物资')
    at(act, 200)
    const { records } = expectOk(await staff()<{ records: ServiceRecordView[] }>('confirmHours', { activityId: act.activityId }))
    expect(records).toEqual([expect.objectContaining({ openid: walkIn, minutes: 180, onSiteReason: '临时增援搬运物资' })])
    expect(expectOk(await caller(activity, walkIn as string)<HoursView>('hours')).records[0]?.onSiteReason).toBe('临时增援搬运物资')
  })

  test('when staff confirm the same corrections five times at once, then each record is written once with one correction', async () => {
    const { act, volunteers } = await activityWithVolunteers(3)
    for (const openid of volunteers) await attend(act, openid, 0, 180)
    at(act, 200)
    const input = { activityId: act.activityId, entries: volunteers.map((openid) => ({ openid, minutes: 150, note })) }
    const replies = await Promise.all(Array.from({ length: 5 }, () => staff()('confirmHours', input)))
    for (const reply of replies) expectOk(reply)
    expect(await recordsOf(act)).toEqual(volunteers.map((openid) => ({ openid, minutes: 150, corrections: 1 })).sort((x, y) => x.openid.localeCompare(y.openid)))
  })

  test('when any one write of a first confirmation fails, then no record is written; the retry writes them all', async () => {
    const { act, volunteers } = await activityWithVolunteers(3)
    const [a, b, c] = volunteers as [string, string, string]
    await attend(act, a, 0, 180)
    await attend(act, b, 0, 180)
    at(act, 200)
    const input = { activityId: act.activityId, entries: [{ openid: a, minutes: 100, note }, { openid: c, minutes: 60, note }] }
    let failures = 0
    for (let n = 1; n <= 20; n++) {
      wire.failWrite(n)
      const reply = await quietly(() => staff()('confirmHours', input))
      if (reply.ok) break
      failures += 1
      expect(expectError(reply).code).toBe('INTERNAL')
      expect(await recordsOf(act)).toEqual([])
    }
    wire.countWrites()
    expect(failures).toBeGreaterThanOrEqual(4) // three records and the commit
    expect(await recordsOf(act)).toEqual([{ openid: a, minutes: 100, corrections: 1 }, { openid: b, minutes: 180, corrections: 0 }, { openid: c, minutes: 60, corrections: 1 }].sort((x, y) => x.openid.localeCompare(y.openid)))
  })

  test('when any one write of a batch of corrections fails, then every record keeps its minutes and corrections', async () => {
    const { act, volunteers } = await activityWithVolunteers(3)
    for (const openid of volunteers) await attend(act, openid, 0, 180)
    at(act, 200)
    expectOk(await staff()('confirmHours', { activityId: act.activityId }))
    const before = await recordsOf(act)
    const input = { activityId: act.activityId, entries: volunteers.map((openid, i) => ({ openid, minutes: 150 + i, note })) }
    let failures = 0
    for (let n = 1; n <= 20; n++) {
      wire.failWrite(n)
      const reply = await quietly(() => staff()('confirmHours', input))
      if (reply.ok) break
      failures += 1
      expect(await recordsOf(act)).toEqual(before)
    }
    wire.countWrites()
    expect(failures).toBeGreaterThanOrEqual(4)
    expect((await recordsOf(act)).map((r) => r.corrections)).toEqual([1, 1, 1])
  })
})

describe('activity.hours (the volunteer record)', () => {
  test('when a volunteer has records, then the total, star level and next threshold follow the settings', async () => {
    const [openid] = await addVolunteers(db(), 1)
    const base = { activityId: 'x', openid, volunteerName: '陈志愿', volunteerIdCardNo: '330327199001011232', activityTitle: '长期服务', orgId: CENTRE, orgName: '苍南县志愿服务中心', date: '2026-01-01', place: '灵溪镇', content: '扶老', computedMinutes: 0, corrections: [], recordedBy: 'demo-org-staff', recorderName: '郑晓东', recordedAt: '2026-01-01T00:00:00.000Z' }
    await db().collection('service_records').add([
      { ...base, _id: `a:${openid}`, activityId: 'a', minutes: 250 * 60 },
      { ...base, _id: `b:${openid}`, activityId: 'b', minutes: 60 * 60 },
    ])
    const hours = expectOk(await caller(activity, openid as string)<HoursView>('hours'))
    expect(hours).toMatchObject({ totalMinutes: 310 * 60, starLevel: 2, hoursToNextStar: 290 })
    expect(hours.records[0]?.volunteerIdCardNo).toBe('330327********1232')
  })
})

describe('activity.exportRoster', () => {
  test('when staff export the roster, then an .xlsx with every volunteer is stored and its link downloads', async () => {
    const { act } = await activityWithVolunteers(3)
    const { url, fileID } = expectOk(await staff()<{ url: string; fileID: string }>('exportRoster', { activityId: act.activityId }))
    expect(fileID).toContain(`exports/rosters/${act.activityId}/`)
    const response = await fetch(url)
    expect(response.status).toBe(200)
    const ExcelJS = (await import('exceljs')).default
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as never)
    const sheet = book.getWorksheet('报名名单')
    expect(sheet?.getRow(1).getCell(1).value).toBe('望里镇河道巡查')
    expect(sheet?.getRow(4).values).toEqual([undefined, '序号', '姓名', '手机号', '报名状态', '签到时间', '签退时间', '服务时长（分钟）', '时长已确认'])
    expect(sheet?.rowCount).toBe(7)
    expect(String(sheet?.getRow(5).getCell(3).value)).toMatch(/^138\*\*\*\*\d{4}$/)
  })
})
