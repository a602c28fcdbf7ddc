import { becomeCaller, becomeDemoCaller, confirmPicker, openRoute, screenshot, expectAccessible, useStackAndBrowser } from './support'

/**
 * An organization comes on board, end to end in Debian's Chromium against `npm start`: a new
 * person registers it through 组织入驻, the platform admin approves it in 平台管理, the new admin
 * opens 组织工作台 and makes an invite code, and a second person joins with that code.
 */
jest.setTimeout(300_000)

const e2e = useStackAndBrowser()

const run = Date.now().toString(36)
const FOUNDER = `e2e-${run}-founder`
const JOINER = `e2e-${run}-joiner`
const ORG_NAME = `苍南县青年志愿者协会`
// GB 32100 check character computed by hand for this run's code (see test/builders/org.ts for the rule)
const CREDIT_CODE = '52330327MJ89990035'

test('when a new organization is registered, approved, and invites someone, then that person joins it', async () => {
  const { page } = e2e.browser

  // 1. a newcomer registers the organization through 服务 → 组织入驻, with one bad credit code on the way
  await becomeCaller(page, e2e.stack.url, FOUNDER)
  await openRoute(page, e2e.stack.url, 'pages/services/index')
  await page.locator('.gy-service-entry--org').first().click()
  const form = page.locator('.gy-org-register-form').first()
  await form.waitFor({ state: 'visible' })
  await form.locator('.gy-org-register-form__name input').fill(ORG_NAME)
  await confirmPicker(page, '.gy-org-register-form__kind')
  await form.locator('.gy-org-register-form__credit-code input').fill(CREDIT_CODE.slice(0, 17) + '6')
  await form.locator('.gy-form-field__error', { hasText: '校验位不正确' }).first().waitFor({ state: 'visible' })
  await screenshot(page, 'org-register-bad-credit-code')
  await expectAccessible(page, 'org-register-bad-credit-code')
  await form.locator('.gy-org-register-form__credit-code input').fill(CREDIT_CODE.toLowerCase())
  await form.locator('.gy-form-field__hint--ok').first().waitFor({ state: 'visible' })
  await confirmPicker(page, '.gy-org-register-form__township')
  await form.locator('.gy-org-register-form__contact-name input').fill('林晓燕')
  await form.locator('.gy-org-register-form__contact-phone input').fill('0577-64761234')
  await form.locator('.gy-org-register-form__submit').click()
  await page.locator('.gy-org-register__result', { hasText: ORG_NAME }).first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'org-register-submitted')
  await expectAccessible(page, 'org-register-submitted')

  // 我的 now lists it, waiting for verification
  await openRoute(page, e2e.stack.url, 'pages/mine/index')
  const entry = page.locator('.gy-role-entries__org', { hasText: ORG_NAME }).first()
  await entry.waitFor({ state: 'visible' })
  expect(await entry.innerText()).toContain('待审核')
  await screenshot(page, 'mine-org-pending')
  await expectAccessible(page, 'mine-org-pending')

  // 2. the platform admin approves it in 平台管理
  await becomeDemoCaller(page, e2e.stack.url, 'demo-platform-admin')
  await page.locator('.gy-role-entries__entry--org-review').first().click()
  const card = page.locator('.gy-org-review-card', { hasText: ORG_NAME }).first()
  await card.waitFor({ state: 'visible' })
  expect(await card.innerText()).toContain(CREDIT_CODE)
  await screenshot(page, 'admin-review-queue')
  await expectAccessible(page, 'admin-review-queue')
  await card.locator('.gy-org-review-card__approve').click()
  await page.locator('.taro-model__confirm:visible').first().click()
  await card.waitFor({ state: 'detached', timeout: 15_000 })

  // 3. the founder, now admin of a verified organization, opens the workbench and makes an invite
  await becomeCaller(page, e2e.stack.url, FOUNDER)
  const verifiedEntry = page.locator('.gy-role-entries__org', { hasText: ORG_NAME }).first()
  await verifiedEntry.locator('text=已认证').first().waitFor({ state: 'visible' })
  await verifiedEntry.click()
  await page.locator('.gy-org-profile', { hasText: ORG_NAME }).first().waitFor({ state: 'visible' })
  await page.locator('.gy-invite-panel__generate').first().click()
  const code = page.locator('.gy-invite-panel__code').first()
  await code.waitFor({ state: 'visible', timeout: 15_000 })
  const inviteCode = (await code.innerText()).replace(/\s+/g, '')
  expect(inviteCode).toMatch(/^[A-HJ-KM-NP-Z2-9]{8}$/)
  expect(await page.locator('.gy-qr-code').count()).toBeGreaterThan(0)
  await screenshot(page, 'org-workbench-invite')
  await expectAccessible(page, 'org-workbench-invite')

  // 4. a second person joins with the code, typed in lower case
  await becomeCaller(page, e2e.stack.url, JOINER)
  await page.locator('.gy-role-entries__link', { hasText: '加入组织' }).first().click()
  await page.locator('.gy-org-join__code input').first().fill(inviteCode.toLowerCase())
  await page.locator('.gy-org-join__submit').first().click()
  await page.locator('.gy-org-join__result', { hasText: ORG_NAME }).first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'org-join-success')
  await expectAccessible(page, 'org-join-success')
  await page.locator('.gy-org-join__workbench').first().click()
  const members = page.locator('.gy-member-list').first()
  await members.locator('text=共 2 人').first().waitFor({ state: 'visible' })
  await screenshot(page, 'org-workbench-staff')
  await expectAccessible(page, 'org-workbench-staff')

  // the join reached the database: the joiner is staff of the new organization
  const reply = await fetch(`${e2e.stack.url}/api/functions/user`, { method: 'POST', headers: { 'X-Dev-Openid': JOINER }, body: JSON.stringify({ action: 'me' }) })
  const body = (await reply.json()) as { data: { user: { orgs: { name: string; role: string; status: string }[] } } }
  expect(body.data.user.orgs).toEqual([expect.objectContaining({ name: ORG_NAME, role: 'staff', status: 'verified' })])
  expect(e2e.browser.errors).toEqual([])
})
