import type { Page } from 'playwright-core'
import { becomeCaller, confirmPicker, openRoute, screenshot, expectAccessible, expectButtonsLevel, callFunction, useStackAndBrowser } from './support'

/**
 * A volunteer activity from posting to hours, end to end in Debian's Chromium against `npm start`:
 * staff publish an activity, a volunteer signs up, staff show the check-in code, the volunteer
 * checks in and out with it, staff confirm the hours, and the volunteer sees them on 我的. The
 * functions' clock is moved with the local stack's dev clock to reach the check-in windows.
 */
jest.setTimeout(300_000)

const e2e = useStackAndBrowser({ ALLOW_DEV_CLOCK: '1' })

const run = Date.now().toString(36)
const TITLE = `望里镇河道巡查${run.slice(-4)}`
const VOLUNTEER = `e2e-${run}-vol`

async function setClock(at: string) {
  const response = await fetch(`${e2e.stack.url}/api/dev/clock`, { method: 'POST', body: JSON.stringify({ at }) })
  expect(((await response.json()) as { ok: boolean }).ok).toBe(true)
  // the pages read the device clock for the check-in window: move the browser's along
  await e2e.browser.page.clock.setFixedTime(new Date(at))
}

async function readCode(page: Page, activityId: string): Promise<string> {
  await openRoute(page, e2e.stack.url, `packages/org/check-in-code/index?activityId=${activityId}`)
  const digits = page.locator('.gy-check-in-code__digits').first()
  await digits.waitFor({ state: 'visible', timeout: 15_000 })
  return (await digits.innerText()).replace(/\s+/g, '')
}

test('when staff publish an activity, a volunteer signs up, checks in and out, and staff confirm hours, then the volunteer sees them on 我的', async () => {
  const { page } = e2e.browser

  // 1. staff of the volunteer centre publish an activity through 组织工作台 → 活动管理
  await becomeCaller(page, e2e.stack.url, 'demo-org-staff')
  await openRoute(page, e2e.stack.url, 'packages/org/workbench/index?orgId=org-volunteer-centre')
  await page.locator('.gy-activity-entry__go').first().click()
  await page.locator('.gy-org-activities__create').first().click()
  const form = page.locator('.gy-activity-form').first()
  await form.waitFor({ state: 'visible' })
  await form.locator('.gy-activity-form__title input').fill(TITLE)
  await confirmPicker(page, '.gy-activity-form__category')
  await form.locator('.gy-activity-form__description textarea').fill('沿望里河巡查排污口、清理漂浮垃圾，提供手套和救生衣。')
  await confirmPicker(page, '.gy-activity-form__township')
  await form.locator('.gy-activity-form__address input').fill('望里镇望里河大桥东侧集合')
  await confirmPicker(page, '.gy-activity-form__start-at')
  await confirmPicker(page, '.gy-activity-form__end-at')
  await confirmPicker(page, '.gy-activity-form__deadline')
  await form.locator('.gy-activity-form__capacity input').fill('10')
  // 保存草稿 (outline) and 保存并发布 (solid) stand level
  await expectButtonsLevel(page, '.gy-activity-form__actions .nut-button', 2)
  await screenshot(page, 'activity-editor-filled')
  await expectAccessible(page, 'activity-editor-filled')
  await form.locator('.gy-activity-form__publish').click()
  const card = page.locator('.gy-org-activity-card', { hasText: TITLE }).first()
  await card.waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'org-activities-published')
  await expectAccessible(page, 'org-activities-published')

  const listed = await callFunction(e2e.stack.url, 'activity', 'demo-org-staff', 'list', { orgId: 'org-volunteer-centre', limit: 50 })
  const activity = (listed.data.items as { activityId: string; title: string; startAt: string; endAt: string }[]).find((a) => a.title === TITLE)
  expect(activity).toBeDefined()
  const { activityId, startAt, endAt } = activity as { activityId: string; startAt: string; endAt: string }

  // 2. a volunteer finds it on 首页 and signs up
  expect((await callFunction(e2e.stack.url, 'user', VOLUNTEER, 'registerVolunteer', { realName: '林晓燕', phone: '13857712399', township: '灵溪镇' })).ok).toBe(true)
  await becomeCaller(page, e2e.stack.url, VOLUNTEER)
  await openRoute(page, e2e.stack.url, 'pages/home/index')
  await page.locator('.gy-activity-card', { hasText: TITLE }).first().click()
  await page.locator('.gy-activity-detail__action', { hasText: '立即报名' }).first().click()
  await page.locator('.gy-activity-detail__action', { hasText: '已报名' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'activity-detail-signed-up')
  await expectAccessible(page, 'activity-detail-signed-up')

  // 2b. days before: 签到签退 and 现场签到码 say when they open, and the buttons stay disabled
  await openRoute(page, e2e.stack.url, `packages/activity/check-in/index?activityId=${activityId}`)
  await page.locator('.gy-check-in-form__closed', { hasText: '签到将于' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  expect(await page.locator('.gy-check-in-form__action--check-in').first().getAttribute('aria-disabled')).toBe('true')
  await expectAccessible(page, 'volunteer-check-in-not-yet')
  await becomeCaller(page, e2e.stack.url, 'demo-org-staff')
  await openRoute(page, e2e.stack.url, `packages/org/check-in-code/index?activityId=${activityId}`)
  await page.locator('.gy-check-in-code__not-yet', { hasText: '签到码尚未开放' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  expect(await page.locator('.gy-check-in-code__digits').count()).toBe(0)
  await expectAccessible(page, 'org-check-in-code-not-yet')

  // 3. on the day: staff show the code, the volunteer checks in with it
  await setClock(new Date(new Date(startAt).getTime() - 10 * 60_000).toISOString())
  await becomeCaller(page, e2e.stack.url, 'demo-org-staff')
  const inCode = await readCode(page, activityId)
  expect(inCode).toMatch(/^\d{6}$/)
  await screenshot(page, 'org-check-in-code')
  await expectAccessible(page, 'org-check-in-code')
  await becomeCaller(page, e2e.stack.url, VOLUNTEER)
  await openRoute(page, e2e.stack.url, `packages/activity/check-in/index?activityId=${activityId}`)
  await page.locator('.gy-check-in-form__input input').first().fill(inCode)
  await page.locator('.gy-check-in-form__action--check-in').first().click()
  await page.locator('.gy-check-in-form__success', { hasText: '签到成功' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'volunteer-checked-in')
  await expectAccessible(page, 'volunteer-checked-in')

  // 4. at the end: a fresh code, the volunteer checks out
  await setClock(new Date(new Date(endAt).getTime() + 5 * 60_000).toISOString())
  await becomeCaller(page, e2e.stack.url, 'demo-org-staff')
  const outCode = await readCode(page, activityId)
  await becomeCaller(page, e2e.stack.url, VOLUNTEER)
  await openRoute(page, e2e.stack.url, `packages/activity/check-in/index?activityId=${activityId}`)
  await page.locator('.gy-check-in-form__input input').first().fill(outCode)
  await page.locator('.gy-check-in-form__action--check-out').first().click()
  await page.locator('.gy-check-in-form__success', { hasText: '签退成功' }).first().waitFor({ state: 'visible', timeout: 15_000 })

  // 5. staff confirm the hours
  await becomeCaller(page, e2e.stack.url, 'demo-org-staff')
  await openRoute(page, e2e.stack.url, `packages/org/hours/index?activityId=${activityId}`)
  await page.locator('.gy-hours__confirm').first().click()
  await page.locator('.taro-model__confirm:visible').first().waitFor({ state: 'visible' })
  await expectAccessible(page, 'org-hours-confirm-dialog')
  await page.locator('.taro-model__confirm:visible').first().click()
  await page.locator('.gy-hours__row', { hasText: '林晓燕' }).locator('text=已记录').first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'org-hours-confirmed')
  await expectAccessible(page, 'org-hours-confirmed')

  // 6. the volunteer sees the hours on 我的 and in the record (the activity ran 2 hours: all of it counts)
  await becomeCaller(page, e2e.stack.url, VOLUNTEER)
  const hoursEntry = page.locator('.gy-role-entries__entry--hours').first()
  await hoursEntry.locator('text=2 小时').first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'mine-volunteer-hours')
  await expectAccessible(page, 'mine-volunteer-hours')
  await hoursEntry.click()
  await page.locator('text=' + TITLE).first().waitFor({ state: 'visible' })
  await screenshot(page, 'volunteer-record')
  await expectAccessible(page, 'volunteer-record')

  const hours = await callFunction(e2e.stack.url, 'activity', VOLUNTEER, 'hours', {})
  expect(hours.data.totalMinutes).toBe(Math.round((new Date(endAt).getTime() - new Date(startAt).getTime()) / 60_000))
  expect(e2e.browser.errors).toEqual([])
})
