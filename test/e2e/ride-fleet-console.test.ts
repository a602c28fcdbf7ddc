import type { Page } from 'playwright-core'
import { becomeDemoCaller, confirmPicker, expectAccessible, expectButtonsLevel, openRoute, screenshot, callFunction, useStackAndBrowser } from './support'

/**
 * 爱心送考 through the fleet console, end to end in Debian's Chromium against `npm start`: fleet
 * staff (demo-fleet-staff) turn down a driver application in 司机审核; demo-driver offers a window
 * in 出车时段; a parent books; staff press 一键自动派车 in 预约派车 and read why the other bookings
 * could not be placed, and a manual assign that clashes says so in Chinese; 当日看板 picks up the
 * driver's 已接到 by itself; the driver completes the trip in 我的行程 and the parent sees 已送达.
 */
jest.setTimeout(400_000)

const e2e = useStackAndBrowser({ ALLOW_DEV_CLOCK: '1' })

const SESSION = 'ses-demo-gaokao-2027'
const FLEET_NAME = '苍南县爱心送考车队'

async function setClock(at: string) {
  const response = await fetch(`${e2e.stack.url}/api/dev/clock`, { method: 'POST', body: JSON.stringify({ at }) })
  expect(((await response.json()) as { ok: boolean }).ok).toBe(true)
}

/** 我的 → the fleet's 组织工作台 → one of the 爱心送考车队 buttons. */
async function openConsole(page: Page, which: 'drivers' | 'bookings' | 'board') {
  await becomeDemoCaller(page, e2e.stack.url, 'demo-fleet-staff')
  await page.locator('.gy-role-entries__org', { hasText: FLEET_NAME }).first().click()
  await page.locator(`.gy-fleet-entry__go--${which}`).first().waitFor({ state: 'visible' })
  // 司机审核 (outline), 预约派车 (solid) and 当日看板 (outline) stand level in their row
  await expectButtonsLevel(page, '.gy-fleet-entry__go[class*="gy-fleet-entry__go--"]', 3)
  await page.locator(`.gy-fleet-entry__go--${which}`).first().click()
}

test('when staff auto-assign a parent\'s booking in the fleet console, then the driver completes the trip and the parent sees it done', async () => {
  const { page } = e2e.browser
  await setClock('2027-05-21T10:00:00+08:00') // inside the demo session's booking window

  // 1. 司机审核: the seeded application waits; staff turn it down with a reason
  await openConsole(page, 'drivers')
  const application = page.locator('.gy-driver-review-card', { hasText: '吴志强' }).first()
  await application.waitFor({ state: 'visible', timeout: 30_000 })
  expect(await application.innerText()).toContain('浙CT2086')
  await expectButtonsLevel(page, '.gy-driver-review-card__actions .nut-button', 2)
  await screenshot(page, 'fleet-01-driver-queue')
  await expectAccessible(page, 'fleet-driver-queue')
  await application.locator('.gy-driver-review-card__reject').click()
  await page.locator('.nut-dialog textarea:visible').first().fill('行驶证照片不清晰，请补拍后重新报名')
  await screenshot(page, 'fleet-02-driver-reject-dialog')
  await page.locator('.nut-dialog-footer-ok:visible').first().click()
  await application.waitFor({ state: 'detached', timeout: 15_000 })
  await page.locator('.gy-review-queue__tab--rejected').first().click()
  const rejected = page.locator('.gy-driver-review-card--rejected', { hasText: '吴志强' }).first()
  await rejected.waitFor({ state: 'visible', timeout: 15_000 })
  expect(await rejected.innerText()).toContain('行驶证照片不清晰')

  // 2. 出车时段: demo-driver offers the morning of 7 June with 4 seats
  await becomeDemoCaller(page, e2e.stack.url, 'demo-driver')
  await openRoute(page, e2e.stack.url, 'packages/ride/trips/index')
  await page.locator('.gy-ride-trips__offer').first().click()
  await page.locator('.gy-ride-offer__submit').first().waitFor({ state: 'visible', timeout: 30_000 })
  expect(await page.locator('.gy-ride-offer__day.gy-ride-offer__chip--active').first().innerText()).toContain('6月7日')
  await page.locator('.gy-ride-offer__submit').first().click()
  await page.locator('.gy-ride-offer__window', { hasText: '05:30–09:30 · 4座' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'fleet-03-driver-offer')
  await expectAccessible(page, 'ride-offer')

  // 3. a parent books a ride to the exam at 05:30 (the pickers' first choices)
  await becomeDemoCaller(page, e2e.stack.url, 'demo-resident')
  await openRoute(page, e2e.stack.url, `packages/ride/form/index?sessionId=${SESSION}`)
  const form = page.locator('.gy-booking-form').first()
  await form.waitFor({ state: 'visible', timeout: 30_000 })
  await form.locator('.gy-booking-form__name input').fill('林小雨')
  await form.locator('.gy-booking-form__ticket input').fill('2733270199')
  await confirmPicker(page, '.gy-booking-form__date')
  await confirmPicker(page, '.gy-booking-form__direction')
  await confirmPicker(page, '.gy-booking-form__site')
  await confirmPicker(page, '.gy-booking-form__township')
  await form.locator('.gy-booking-form__address input').fill('灵溪镇江滨小区3幢')
  await confirmPicker(page, '.gy-booking-form__time')
  await form.locator('.gy-booking-form__phone input').fill('13800001234')
  await page.locator('.gy-booking-form__next').first().click()
  await page.locator('.gy-booking-form__submit').first().click()
  await page.locator('.gy-ride-form__mine').first().waitFor({ state: 'visible', timeout: 15_000 })
  const mine = await callFunction(e2e.stack.url, 'ride', 'demo-resident', 'mine', {})
  const parentBooking = mine.data.bookings.find((b: { studentName: string }) => b.studentName === '林小雨')
  expect(parentBooking?.pickupAt).toBe('2027-06-07T05:30:00+08:00')

  // two more bookings of the day (setup through the function): one nobody drives at, one that clashes with the parent's trip
  const other = (ticketNo: string, studentName: string, direction: string, examSite: string, time: string, township: string) =>
    callFunction(e2e.stack.url, 'ride', 'e2e-fleet-parent-2', 'book', {
      sessionId: SESSION, date: '2027-06-07', direction, ticketNo, studentName, pickupAddress: `${township}人民路88号`, township,
      examSite, pickupAt: `2027-06-07T${time}:00+08:00`, riders: 1, contactPhone: '13900002222',
    })
  const afternoon = await other('2733270301', '陈可欣', 'from_exam', 'site-qianku-high', '15:00', '钱库镇')
  const clashing = await other('2733270302', '王子涵', 'to_exam', 'site-lingxi-high', '05:50', '宜山镇')
  expect([afternoon.ok, clashing.ok]).toEqual([true, true])

  // 4. 预约派车: by township, unassigned first; 一键自动派车 places the parent's booking and says why not the others
  await openConsole(page, 'bookings')
  const summary = page.locator('.gy-fleet-bookings__summary').first()
  await summary.waitFor({ state: 'visible', timeout: 30_000 })
  expect(await summary.innerText()).toContain('待派车 3')
  const townships = await page.locator('.gy-fleet-bookings__township').allInnerTexts()
  expect(townships).toEqual(expect.arrayContaining(['宜山镇', '钱库镇']))
  expect(await page.locator('.gy-fleet-bookings__booking', { hasText: '林*雨' }).first().innerText()).toContain('138****1234')
  await screenshot(page, 'fleet-04-bookings')
  await expectAccessible(page, 'fleet-bookings')
  await page.locator('.gy-fleet-bookings__auto').first().click()
  await page.locator('.taro-model__confirm:visible').first().click()
  const report = page.locator('.gy-fleet-bookings__report').first()
  await report.waitFor({ state: 'visible', timeout: 30_000 })
  const reportText = await report.innerText()
  expect(reportText).toContain('已派 1 个，未能派车 2 个')
  expect(reportText).toContain('该时段没有司机出车')
  expect(reportText).toContain('所有出车司机在该时段都已有行程')
  const placed = page.locator('.gy-fleet-bookings__booking', { hasText: '林*雨' }).first()
  await placed.locator('.gy-fleet-bookings__status', { hasText: '已派车' }).waitFor({ state: 'visible', timeout: 15_000 })
  expect(await placed.innerText()).toContain('黄建国')
  await screenshot(page, 'fleet-05-auto-assigned')
  await expectAccessible(page, 'fleet-bookings-report')

  // the clashing booking, assigned by hand to the same driver: the function's reason, in Chinese
  const clash = page.locator('.gy-fleet-bookings__booking', { hasText: '王*涵' }).first()
  await clash.locator('.gy-fleet-bookings__assign').click()
  await clash.locator('.gy-fleet-bookings__option', { hasText: '黄建国' }).first().click()
  await clash.locator('.gy-fleet-bookings__error', { hasText: '与司机已有的行程时间冲突' }).waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'fleet-06-assign-clash')
  await expectAccessible(page, 'fleet-bookings-assign')

  // 5. 当日看板: the trip with its rider; the driver's 已接到 shows up without touching the page
  await page.locator('.gy-fleet-bookings__board').first().click()
  const driverCard = page.locator('.gy-fleet-board__driver', { hasText: '黄建国' }).first()
  await driverCard.waitFor({ state: 'visible', timeout: 30_000 })
  expect(await driverCard.innerText()).toContain('林*雨')
  expect(await driverCard.innerText()).toContain('出车 05:30–09:30 · 4座')
  await screenshot(page, 'fleet-07-board')
  await expectAccessible(page, 'fleet-board')
  expect((await callFunction(e2e.stack.url, 'ride', 'demo-driver', 'updateTrip', { bookingId: parentBooking.bookingId, status: 'picked_up' })).ok).toBe(true)
  await driverCard.locator('.gy-fleet-board__badge--picked_up', { hasText: '已接到' }).waitFor({ state: 'visible', timeout: 40_000 })
  await screenshot(page, 'fleet-08-board-refreshed')

  // 6. the driver's day: the stop in full, then 已送达
  await becomeDemoCaller(page, e2e.stack.url, 'demo-driver')
  await openRoute(page, e2e.stack.url, 'packages/ride/trips/index')
  const stop = page.locator('.gy-ride-trips__stop', { hasText: '林小雨' }).first()
  await stop.waitFor({ state: 'visible', timeout: 15_000 })
  expect(await stop.innerText()).toContain('13800001234')
  await stop.locator('.gy-ride-trips__action--completed').click()
  await page.locator('.taro-model__confirm:visible').first().click()
  await stop.locator('.gy-ride-trips__status', { hasText: '已送达' }).waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'fleet-09-driver-completed')

  // 7. the parent sees it done
  await becomeDemoCaller(page, e2e.stack.url, 'demo-resident')
  await openRoute(page, e2e.stack.url, 'packages/ride/mine/index')
  const done = page.locator('.gy-ride-mine__card', { hasText: '林小雨' }).first()
  await done.waitFor({ state: 'visible', timeout: 15_000 })
  await done.locator('text=已送达').first().waitFor({ state: 'visible', timeout: 15_000 })
  // the driver is still named, but a finished trip offers no call (the function refuses the number)
  expect(await done.locator('.gy-ride-mine__driver').textContent()).toContain('司机：')
  expect(await done.locator('.gy-ride-mine__call').count()).toBe(0)
  await screenshot(page, 'fleet-10-parent-done')

  expect(e2e.browser.errors).toEqual([])
})
