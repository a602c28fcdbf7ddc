import { confirmPicker, screenshot, expectAccessible, useStackAndBrowser } from './support'

/**
 * A newcomer's first visit, end to end: `npm start` with a fresh DATA_DIR, Debian's Chromium, the
 * H5 build. Every tab is opened and photographed; a new identity registers as a volunteer through
 * the form, one rejected input on the way, and ends up with the volunteer badge on 我的.
 */
jest.setTimeout(240_000)

const e2e = useStackAndBrowser()

const tab = (text: string) => e2e.browser.page.locator('.weui-tabbar__item', { hasText: text })

test('when a newcomer opens the app, then every tab shows its page', async () => {
  const { page } = e2e.browser
  await page.goto(e2e.stack.url)
  await page.locator('.gy-home').first().waitFor({ state: 'visible', timeout: 60_000 })
  // the local stack seeds upcoming activities: the feed shows them
  await page.locator('.gy-activity-card').first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'tab-home')
  await expectAccessible(page, 'tab-home')

  await tab('微心愿').click()
  await page.locator('.gy-wishes').first().waitFor({ state: 'visible' })
  await screenshot(page, 'tab-wishes')
  await expectAccessible(page, 'tab-wishes')

  await tab('服务').click()
  await page.locator('.gy-services').first().waitFor({ state: 'visible' })
  for (const entry of ['爱心送考', '救助申请', '组织入驻']) {
    await page.locator('.gy-services', { hasText: entry }).first().waitFor({ state: 'visible' })
  }
  await screenshot(page, 'tab-services')
  await expectAccessible(page, 'tab-services')

  await tab('我的').click()
  await page.locator('.gy-identity-switcher').first().waitFor({ state: 'visible' })
  // a first visit in the browser carries no identity: a calm signed-out state, not an error
  await page.getByText('尚未登录').first().waitFor({ state: 'visible' })
  expect(await page.locator('.gy-mine__error').count()).toBe(0)
  await screenshot(page, 'tab-mine')
  await expectAccessible(page, 'tab-mine')
  expect(e2e.browser.errors).toEqual([])
})

test('when a new identity registers as a volunteer, then a bad phone is rejected and the badge appears after fixing it', async () => {
  const { page } = e2e.browser
  await tab('我的').click()
  await page.locator('.gy-identity-switcher__generate').first().click()
  const form = page.locator('.gy-volunteer-form').first()
  await form.waitFor({ state: 'visible' })
  expect(await page.locator('.gy-badge--volunteer').count()).toBe(0)

  await form.locator('.gy-volunteer-form__real-name input').fill('陈晓明')
  await form.locator('.gy-volunteer-form__phone input').fill('1385771234')
  await confirmPicker(page, '.gy-volunteer-form__township')
  await form.locator('.gy-volunteer-form__submit').click()

  const phoneError = form.locator('.gy-form-field__error', { hasText: '手机号格式不正确' })
  await phoneError.waitFor({ state: 'visible' })
  await phoneError.scrollIntoViewIfNeeded()
  await screenshot(page, 'mine-registration-rejected')
  await expectAccessible(page, 'mine-registration-rejected')

  await form.locator('.gy-volunteer-form__phone input').fill('13857712345')
  await form.locator('.gy-volunteer-form__submit').click()
  const badge = page.locator('.gy-badge--volunteer').first()
  await badge.waitFor({ state: 'visible', timeout: 15_000 })
  expect(await badge.innerText()).toContain('志愿者')
  await page.locator('.gy-volunteer-form').first().waitFor({ state: 'detached' })
  await screenshot(page, 'mine-volunteer')
  await expectAccessible(page, 'mine-volunteer')

  // the registration reached the database behind the stack, through the function host
  const openid = await page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i += 1) {
      const value = localStorage.getItem(localStorage.key(i) ?? '') ?? ''
      const match = /new-user-[a-z0-9]+/.exec(value)
      if (match) return match[0]
    }
    return null
  })
  expect(openid).not.toBeNull()
  const reply = await fetch(`${e2e.stack.url}/api/functions/user`, { method: 'POST', headers: { 'X-Dev-Openid': openid as string }, body: JSON.stringify({ action: 'me' }) })
  const body = (await reply.json()) as { ok: boolean; data: { user: { roles: string[]; volunteer: { realName: string } } } }
  expect(body.data.user.roles).toContain('volunteer')
  expect(body.data.user.volunteer.realName).toBe('陈晓明')
  expect(e2e.browser.errors).toEqual([])
})
