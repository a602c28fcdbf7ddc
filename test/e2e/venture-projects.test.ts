import path from 'node:path'
import { becomeDemoCaller, expectAccessible, openRoute, screenshot, useStackAndBrowser } from './support'

/**
 * 公益创投 funded projects, end to end in Debian's Chromium against `npm start` (issue #16): the
 * seeded project (last year's contest, 中期 report waiting) — the platform admin accepts the report
 * and the public progress page shows the second tranche released; then the organization's staff
 * submit the 结项 report with a photo, and it waits for review.
 */
jest.setTimeout(300_000)

const PROJECT = 'vc-demo-last-year_org-volunteer-centre_1'
const PHOTO = path.resolve(__dirname, '../../src/assets/illustrations/avatar.png')

const e2e = useStackAndBrowser()

test('when the admin accepts the 中期 report, then the public page shows ¥28,000 released; the org then submits 结项 with a photo', async () => {
  const { page, errors } = e2e.browser

  // 1. 资助项目 → the project's public page before: 启动 released, 中期 awaiting review, 回访 2/3
  await openRoute(page, e2e.stack.url, 'packages/venture/funded/index')
  const item = page.locator('.gy-funded__item', { hasText: '银龄守护·独居老人关爱行动' }).first()
  await item.waitFor({ state: 'visible', timeout: 60_000 })
  expect(await item.textContent()).toContain('当前节点：中期（待验收）')
  await screenshot(page, 'venture-funded-list')
  await item.click()
  await page.locator('.gy-funded-project .gy-project-progress__released', { hasText: '已拨付 ¥16,000' }).first().waitFor({ state: 'visible', timeout: 60_000 })
  expect(await page.locator('.gy-funded-project__count').first().textContent()).toContain('回访 2/3')

  // 2. the platform admin: 我的 → 资助项目管理 → 待验收 → 通过验收 (a confirmation first)
  await becomeDemoCaller(page, e2e.stack.url, 'demo-platform-admin')
  await page.locator('.gy-role-entries__entry--venture-projects').first().click()
  const decide = page.locator('.gy-admin-venture__decide').first()
  await decide.waitFor({ state: 'visible', timeout: 30_000 })
  expect(await decide.textContent()).toContain('“中期”报告待验收，通过后拨付 ¥12,000')
  await screenshot(page, 'venture-admin-pending')
  await expectAccessible(page, 'venture-admin-pending')
  await page.locator('.gy-admin-venture__accept').first().click()
  await page.locator('.taro-model__confirm:visible').first().waitFor({ state: 'visible' })
  await page.locator('.taro-model__confirm:visible').first().click()
  await page.locator('.gy-project-progress__released', { hasText: '已拨付 ¥28,000' }).first().waitFor({ state: 'visible', timeout: 20_000 })
  expect(await page.locator('.gy-admin-venture__decide').count()).toBe(0)

  // the third follow-up: 记录回访 → 电话回访 with a note (回访 3/3)
  await page.locator('.gy-admin-venture__follow').first().click()
  await page.locator('.gy-admin-venture__chip', { hasText: '电话回访' }).first().click()
  await page.locator('.gy-admin-venture__note textarea').fill('电话回访项目负责人，中期验收后的服务安排清楚。')
  await screenshot(page, 'venture-admin-follow-up')
  await expectAccessible(page, 'venture-admin-follow-up')
  await page.locator('.gy-admin-venture__save').first().click()
  await page.locator('.gy-admin-venture__section-title', { hasText: '回访记录 3/3' }).first().waitFor({ state: 'visible', timeout: 20_000 })

  // 3. the public page after: the second tranche released, the 中期 report public
  await openRoute(page, e2e.stack.url, `packages/venture/project/index?projectId=${PROJECT}`)
  await page.locator('.gy-project-progress__released', { hasText: '已拨付 ¥28,000' }).first().waitFor({ state: 'visible', timeout: 30_000 })
  const middle = page.locator('.gy-project-progress__milestone').nth(1)
  expect(await middle.textContent()).toContain('已验收')
  expect(await middle.textContent()).toContain('累计上门陪伴服务312人次')
  expect(await page.locator('.gy-funded-project__count').first().textContent()).toContain('回访 3/3')
  expect(await page.locator('.gy-funded-project').first().textContent()).not.toContain('中期验收后的服务安排')
  await screenshot(page, 'venture-project-public')

  // 4. the organization's staff: workbench → 资助项目 → 提交“结项”报告 with a photo
  await becomeDemoCaller(page, e2e.stack.url, 'demo-org-staff')
  await openRoute(page, e2e.stack.url, 'packages/org/workbench/index?orgId=org-volunteer-centre')
  await page.locator('.gy-venture-entry__go--projects').click()
  await page.locator('.gy-org-venture__open', { hasText: '提交“结项”报告' }).first().click()
  await page.locator('.gy-org-venture__submit').first().click()
  await page.locator('.gy-org-venture__error', { hasText: '节点报告为20–2000个字' }).first().waitFor({ state: 'visible' })
  await page.locator('.gy-org-venture__text textarea').fill('结项：一年来累计上门陪伴服务680人次，互助小组5个常态运行，形成了老人关爱服务手册。')
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.gy-org-venture .gy-photo-picker__add').first().click()])
  await chooser.setFiles(PHOTO)
  await page.locator('.gy-org-venture .gy-photo-picker__thumb').first().waitFor({ state: 'visible' })
  await screenshot(page, 'venture-org-submit-form')
  await expectAccessible(page, 'venture-org-submit-form')
  await page.locator('.gy-org-venture__submit').first().click()
  await page.locator('.gy-org-venture__waiting', { hasText: '“结项”报告已提交，等待平台验收' }).first().waitFor({ state: 'visible', timeout: 20_000 })
  expect(await page.locator('.gy-project-progress__photo').count()).toBeGreaterThan(0)
  await screenshot(page, 'venture-org-submitted')
  expect(errors).toEqual([])
})
