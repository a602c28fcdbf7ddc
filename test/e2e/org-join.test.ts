import { becomeCaller, expectAccessible, openRoute, screenshot, callFunction, useStackAndBrowser } from './support'

/**
 * 加入组织 on its own, end to end in Debian's Chromium against `npm start`: a newcomer given an
 * admin invite of 苍南县慈善总会 mistypes the code twice (too short, then a code nobody issued),
 * joins with the right one, and opening the invite link again is told they are already a member.
 * (organization-onboarding.test.ts joins a new organization as staff with a typed code.)
 */
jest.setTimeout(300_000)

const e2e = useStackAndBrowser()

const run = Date.now().toString(36)
const JOINER = `e2e-${run}-join`
const FEDERATION = 'org-charity-federation'
const FEDERATION_NAME = '苍南县慈善总会'

test('when a newcomer mistypes an admin invite code and then types it right, then they join as admin, and the invite link again says they already are a member', async () => {
  const { page } = e2e.browser
  // the federation's admin made an admin invite and shared it
  const made = await callFunction<{ inviteCode: string; qrPayload: string; role: string }>(e2e.stack.url, 'org', 'demo-org-admin', 'createInvite', { orgId: FEDERATION, role: 'admin' })
  expect(made.ok).toBe(true)
  const { inviteCode, qrPayload } = made.data

  // 我的 → 输入邀请码加入组织
  await becomeCaller(page, e2e.stack.url, JOINER)
  await page.locator('.gy-role-entries__link', { hasText: '加入组织' }).first().click()
  const input = page.locator('.gy-org-join__code input').first()
  await input.waitFor({ state: 'visible' })

  // 1. six characters: the form says how long a code is and sends nothing
  await input.fill(inviteCode.slice(0, 6))
  await page.locator('.gy-org-join__hint', { hasText: '已输入6/8位' }).first().waitFor({ state: 'visible' })
  await page.locator('.gy-org-join__submit').first().click()
  await page.locator('.gy-org-join__error', { hasText: '邀请码为8位字符' }).first().waitFor({ state: 'visible' })
  expect(await page.locator('.gy-org-join__field--invalid').count()).toBe(1)
  await screenshot(page, 'org-join-too-short')
  await expectAccessible(page, 'org-join-too-short')

  // 2. eight characters nobody issued, typed in lower case with a space: the function turns it down
  await input.fill('zzzz 9999')
  expect(await input.inputValue()).toBe('ZZZZ9999')
  await page.locator('.gy-org-join__submit').first().click()
  await page.locator('.gy-org-join__error', { hasText: '邀请码无效或已过期' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'org-join-unknown-code')
  const before = await callFunction<{ user: { orgs: unknown[] } }>(e2e.stack.url, 'user', JOINER, 'me', {})
  expect(before.data.user.orgs).toEqual([])

  // 3. the right code: 已加入组织, as 管理员 of a verified organization
  await input.fill(inviteCode)
  await page.locator('.gy-org-join__submit').first().click()
  const result = page.locator('.gy-org-join__result').first()
  await result.waitFor({ state: 'visible', timeout: 15_000 })
  const shown = await result.innerText()
  expect(shown).toContain('已加入组织')
  expect(shown).toContain(FEDERATION_NAME)
  expect(shown).toContain('管理员')
  expect(shown).toContain('已认证')
  await screenshot(page, 'org-join-admin-joined')
  await expectAccessible(page, 'org-join-admin-joined')

  // the join reached the database: the function knows them as the federation's admin ...
  const after = await callFunction<{ user: { orgs: { orgId: string; role: string }[] } }>(e2e.stack.url, 'user', JOINER, 'me', {})
  expect(after.data.user.orgs).toEqual([expect.objectContaining({ orgId: FEDERATION, role: 'admin' })])
  // ... and the workbench gives them what only admins have: making invite codes
  await page.locator('.gy-org-join__workbench').first().click()
  await page.locator('.gy-invite-panel__generate').first().waitFor({ state: 'visible', timeout: 15_000 })

  // 4. the shared link (the QR code's payload) again: the code is filled in, and joining twice is refused
  await openRoute(page, e2e.stack.url, `packages/org/join/index?code=${encodeURIComponent(qrPayload)}`)
  await page.locator('.gy-org-join__code input').first().waitFor({ state: 'visible' })
  expect(await page.locator('.gy-org-join__code input').first().inputValue()).toBe(inviteCode)
  await page.locator('.gy-org-join__submit').first().click()
  await page.locator('.gy-org-join__error', { hasText: '你已是该组织成员' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'org-join-already-member')
  const members = await callFunction<{ items: { openid: string; role: string }[] }>(e2e.stack.url, 'org', 'demo-org-admin', 'members', { orgId: FEDERATION })
  expect(members.data.items.filter((member) => member.openid === JOINER)).toEqual([expect.objectContaining({ role: 'admin' })])
  expect(e2e.browser.errors).toEqual([])
})
