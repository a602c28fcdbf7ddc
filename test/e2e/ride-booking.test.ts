import { becomeDemoCaller, confirmPicker, openRoute, screenshot, callFunction, useStackAndBrowser } from './support'

/**
 * 爱心送考 end to end in Debian's Chromium against `npm start`: a resident books a ride for a
 * candidate — refused with OUTSIDE_WINDOW before the demo session's booking window opens
 * (2027-05-20), accepted once the dev clock is inside it — sees it in 我的送考预约 with the driver
 * once demo-driver takes it, and the driver sees it in 我的行程 and marks 已接到.
 */
jest.setTimeout(300_000)

const e2e = useStackAndBrowser({ ALLOW_DEV_CLOCK: '1' })

async function setClock(at: string) {
  const response = await fetch(`${e2e.stack.url}/api/dev/clock`, { method: 'POST', body: JSON.stringify({ at }) })
  expect(((await response.json()) as { ok: boolean }).ok).toBe(true)
}

test('when a resident books a ride inside the booking window and a driver takes it, then both see it: 我的送考预约 with the driver, 我的行程 with the stop', async () => {
  const { page } = e2e.browser
  await setClock('2027-05-10T10:00:00+08:00') // before the window opens

  // 1. 服务 → 爱心送考: the session, its days, sites and booking window
  await becomeDemoCaller(page, e2e.stack.url, 'demo-resident')
  await openRoute(page, e2e.stack.url, 'packages/ride/booking/index')
  await page.locator('.gy-ride__session').first().waitFor({ state: 'visible', timeout: 30_000 })
  await expect(page.locator('.gy-ride__window').first().innerText()).resolves.toContain('2027-05-20')
  await screenshot(page, 'ride-01-booking')

  // 2. the form: sent empty, each field says what is missing
  await page.locator('.gy-ride__book').first().click()
  const form = page.locator('.gy-booking-form').first()
  await form.waitFor({ state: 'visible' })
  await page.locator('.gy-booking-form__next').first().click()
  await page.locator('.gy-booking-form__field--ticket .gy-form-field__error', { hasText: '请填写准考证号' }).waitFor({ state: 'visible' })
  await screenshot(page, 'ride-02-form-errors')

  // 3. filled in and reviewed; the server refuses: the window has not opened
  await form.locator('.gy-booking-form__name input').fill('林小雨')
  await form.locator('.gy-booking-form__ticket input').fill('2733270101')
  await confirmPicker(page, '.gy-booking-form__date')
  await confirmPicker(page, '.gy-booking-form__direction')
  await confirmPicker(page, '.gy-booking-form__site')
  await confirmPicker(page, '.gy-booking-form__township')
  await form.locator('.gy-booking-form__address input').fill('灵溪镇江滨小区3幢')
  await confirmPicker(page, '.gy-booking-form__time')
  await form.locator('.gy-booking-form__phone input').fill('13800001234')
  await page.locator('.gy-booking-form__next').first().click()
  await page.locator('.gy-booking-form--review').first().waitFor({ state: 'visible' })
  await screenshot(page, 'ride-03-review')
  await page.locator('.gy-booking-form__submit').first().click()
  await page.locator('.gy-booking-form__form-error', { hasText: '预约尚未开始' }).waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'ride-04-outside-window')

  // 4. inside the window the same booking goes through
  await setClock('2027-05-21T10:00:00+08:00')
  await page.locator('.gy-booking-form__next').first().click()
  await page.locator('.gy-booking-form__submit').first().click()
  await page.locator('.gy-ride-form__mine').first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'ride-05-booked')

  // 5. 我的送考预约: waiting for a car
  await page.locator('.gy-ride-form__mine').first().click()
  const card = page.locator('.gy-ride-mine__card', { hasText: '林小雨' }).first()
  await card.waitFor({ state: 'visible', timeout: 15_000 })
  await expect(card.innerText()).resolves.toContain('待派车')

  // 6. demo-driver takes it (接单); the booker sees the driver, the plate and a masked phone
  const mine = await callFunction(e2e.stack.url, 'ride', 'demo-resident', 'mine', {})
  const bookingId = mine.data.bookings[0].bookingId as string
  const accepted = await callFunction(e2e.stack.url, 'ride', 'demo-driver', 'accept', { bookingId })
  expect(accepted.ok).toBe(true)
  await openRoute(page, e2e.stack.url, 'packages/ride/mine/index')
  const assigned = page.locator('.gy-ride-mine__card', { hasText: '黄建国' }).first()
  await assigned.waitFor({ state: 'visible', timeout: 15_000 })
  const text = await assigned.innerText()
  expect(text).toContain('浙C3E721')
  expect(text).toContain('138****7005')
  await expect(page.locator('.gy-ride-mine__call').count()).resolves.toBe(1)
  await screenshot(page, 'ride-06-mine-assigned')

  // 7. the driver's day: the stop, then 已接到
  await becomeDemoCaller(page, e2e.stack.url, 'demo-driver')
  await openRoute(page, e2e.stack.url, 'packages/ride/trips/index')
  const stop = page.locator('.gy-ride-trips__stop', { hasText: '林小雨' }).first()
  await stop.waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'ride-07-trips')
  await stop.locator('.gy-ride-trips__action--picked_up').click()
  await page.locator('.taro-model__confirm').first().click()
  await page.locator('.gy-ride-trips__status', { hasText: '已接到' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'ride-08-picked-up')

  // 8. 司机报名 renders for a new driver
  await openRoute(page, e2e.stack.url, 'packages/ride/driver/index')
  await page.locator('.gy-ride-driver__submit').first().click()
  await page.locator('.gy-form-field__error', { hasText: '请填写车牌号' }).first().waitFor({ state: 'visible' })
  await screenshot(page, 'ride-09-driver-register')

  expect(e2e.browser.errors).toEqual([])
})
