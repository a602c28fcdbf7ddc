import { becomeCaller, expectAccessible, openRoute, screenshot, callFunction, useStackAndBrowser } from './support'

/**
 * 消息 end to end in Debian's Chromium against `npm start`: a volunteer joins the waitlist of a full
 * activity from its page (the subscribe-message request is a no-op in the browser and must not get
 * in the way), the volunteer holding the place cancels, and the waitlisted one finds 候补成功 in
 * 我的 → 消息, opens the activity from it, and marks everything read.
 */
jest.setTimeout(300_000)

const e2e = useStackAndBrowser()

const run = Date.now().toString(36)
const TITLE = `矾山镇老街清扫${run.slice(-4)}`
const HOLDER = `e2e-${run}-holder`
const WAITING = `e2e-${run}-waiting`

const inDays = (days: number, hour: number) => {
  const at = new Date(Date.now() + days * 24 * 3600_000)
  const date = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  return `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`
}

test('when a waitlisted volunteer is promoted because someone cancels, then 候补成功 shows in 我的 → 消息 and opens the activity', async () => {
  const { page } = e2e.browser

  // an activity with one place and a waitlist; two volunteers
  const created = await callFunction(e2e.stack.url, 'activity', 'demo-org-staff', 'create', {
    orgId: 'org-volunteer-centre', title: TITLE, category: '环境保护', description: '清扫矾山镇老街石板路和排水沟，提供扫帚和手套。', township: '矾山镇',
    address: '矾山镇老街入口集合', startAt: inDays(5, 8), endAt: inDays(5, 11), signUpDeadline: inDays(4, 20), capacity: 1, waitlist: true,
  })
  expect(created.ok).toBe(true)
  const activityId = created.data.activity.activityId as string
  expect((await callFunction(e2e.stack.url, 'activity', 'demo-org-staff', 'publish', { activityId })).ok).toBe(true)
  for (const [openid, name, phone] of [[HOLDER, '周建国', '13857712301'], [WAITING, '陈美玲', '13857712302']] as const) {
    expect((await callFunction(e2e.stack.url, 'user', openid, 'registerVolunteer', { realName: name, phone, township: '矾山镇' })).ok).toBe(true)
  }
  expect((await callFunction(e2e.stack.url, 'activity', HOLDER, 'signUp', { activityId })).data.signUp.status).toBe('confirmed')

  // the second volunteer taps 立即报名 on the full activity: a waitlist ticket
  await becomeCaller(page, e2e.stack.url, WAITING)
  await openRoute(page, e2e.stack.url, `packages/activity/detail/index?activityId=${activityId}`)
  await page.locator('.gy-activity-detail__action', { hasText: '候补' }).first().click()
  await page.locator('.gy-activity-detail__action', { hasText: '取消候补' }).first().waitFor({ state: 'visible', timeout: 15_000 })

  // the first cancels: the place goes to the waitlist, with its message
  expect((await callFunction(e2e.stack.url, 'activity', HOLDER, 'cancelSignUp', { activityId })).data.promoted).toBe(1)

  // 我的: the entry counts one unread message, and the 我的 tab carries the badge
  await openRoute(page, e2e.stack.url, 'pages/mine/index')
  const entry = page.locator('.gy-message-entry').first()
  await entry.locator('.gy-message-entry__count', { hasText: '1' }).waitFor({ state: 'visible', timeout: 15_000 })
  await page.locator('.taro-tabbar-badge', { hasText: '1' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'messages-mine-entry')

  await entry.click()
  const item = page.locator('.gy-messages__item', { hasText: '候补成功' }).first()
  await item.waitFor({ state: 'visible', timeout: 15_000 })
  await expect(item.innerText()).resolves.toContain(`你已从候补转为正式报名“${TITLE}”`)
  expect(await page.locator('.gy-messages__item--unread').count()).toBe(1)
  await screenshot(page, 'messages-list-promoted')
  await expectAccessible(page, 'messages-list-promoted')

  // a tap marks it read and opens the activity, where the place is now theirs
  await item.click()
  await page.locator('.gy-activity-detail__action', { hasText: '取消报名' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  const unread = await callFunction(e2e.stack.url, 'message', WAITING, 'unread', {})
  expect(unread.data.count).toBe(0)

  await openRoute(page, e2e.stack.url, 'packages/message/list/index')
  await page.locator('.gy-messages__item', { hasText: '候补成功' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  expect(await page.locator('.gy-messages__item--unread').count()).toBe(0)
  await page.locator('.gy-messages__summary', { hasText: '没有未读消息' }).first().waitFor({ state: 'visible' })
  expect(e2e.browser.errors).toEqual([])
})

test('when a new caller has no messages, then 消息 shows its empty state', async () => {
  const { page } = e2e.browser
  await becomeCaller(page, e2e.stack.url, `e2e-${run}-nobody`)
  await openRoute(page, e2e.stack.url, 'packages/message/list/index')
  await page.locator('.gy-messages__empty', { hasText: '暂无消息' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'messages-empty')
  await expectAccessible(page, 'messages-empty')
})
