import { becomeDemoCaller, openRoute, screenshot, useStackAndBrowser } from './support'

/**
 * 数据概览 and 活跃指数, end to end in Debian's Chromium against `npm start`: the platform admin
 * opens 数据概览 from 我的, sees the county's figures, the trend, the townships and the ranking with
 * the published formula, switches the year and the quarter, exports the ranking (the link answers
 * with an .xlsx); an organization's staff see their index card in 组织工作台.
 * The functions' clock is moved ten days on, so the seeded activities (next week) have been held.
 */
jest.setTimeout(300_000)

const e2e = useStackAndBrowser({ ALLOW_DEV_CLOCK: '1' })

const beijingYear = (at: Date) => Number(new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 4))

test('when the platform admin opens 数据概览, switches the year and exports, then figures, ranking and an .xlsx come back; staff see their index', async () => {
  const { page } = e2e.browser
  const later = new Date(Date.now() + 10 * 24 * 3600_000)
  const clock = await fetch(`${e2e.stack.url}/api/dev/clock`, { method: 'POST', body: JSON.stringify({ at: later.toISOString() }) })
  expect(((await clock.json()) as { ok: boolean }).ok).toBe(true)
  const year = beijingYear(new Date())

  // 1. 我的 → 数据概览
  await becomeDemoCaller(page, e2e.stack.url, 'demo-platform-admin')
  await page.locator('.gy-role-entries__entry--stats').first().click()
  const orgs = page.locator('.gy-admin-stats__figure--orgs').first()
  await orgs.waitFor({ state: 'visible', timeout: 30_000 })
  expect(await orgs.innerText()).toMatch(/认证组织\s*\d+\s*家/)
  expect(await page.locator('.gy-admin-stats__figure--wishes').first().innerText()).toContain('微心愿')
  await page.locator('.gy-org-ranking__row').first().waitFor({ state: 'visible', timeout: 30_000 })
  const title = await page.locator('.gy-admin-stats__card-title', { hasText: '组织活跃指数' }).first().innerText()
  expect(title).toContain(`${year}年`)
  expect(await page.locator('.gy-admin-stats__formula').first().innerText()).toContain('活跃指数 = 100 × （0.4 × 活动频次')
  expect(await page.locator('.gy-admin-stats__trend-row').count()).toBe(4)
  expect(await page.locator('.gy-admin-stats__township').count()).toBeGreaterThan(0)
  expect(await page.locator('.gy-stats-chart[aria-label^="按季度趋势"]').count()).toBe(1)
  await page.waitForTimeout(500) // the charts draw after layout
  await screenshot(page, 'admin-stats-overview')

  // 2. the previous year, then one quarter of it
  await page.locator('.gy-admin-stats__year', { hasText: `${year - 1}年` }).first().click()
  await page.locator('.gy-admin-stats__card-title', { hasText: `${year - 1}年 组织活跃指数` }).first().waitFor({ state: 'visible', timeout: 30_000 })
  await page.locator('.gy-org-ranking__row').first().waitFor({ state: 'visible', timeout: 30_000 })
  expect(await page.locator('.gy-org-ranking__flag', { hasText: '未开展活动' }).count()).toBeGreaterThan(0)
  await page.locator('.gy-admin-stats__quarter', { hasText: '二季度' }).first().click()
  await page.locator('.gy-admin-stats__card-title', { hasText: `${year - 1}年二季度 · 全县` }).first().waitFor({ state: 'visible', timeout: 30_000 })
  await screenshot(page, 'admin-stats-previous-year')

  // 3. back to this year, and 导出
  await page.locator('.gy-admin-stats__year', { hasText: `${year}年` }).first().click()
  await page.locator('.gy-admin-stats__card-title', { hasText: `${year}年 组织活跃指数` }).first().waitFor({ state: 'visible', timeout: 30_000 })
  await page.locator('.gy-org-ranking__row').first().waitFor({ state: 'visible', timeout: 30_000 })
  await page.locator('.gy-admin-stats__export').first().click()
  const exported = page.locator('.gy-admin-stats__exported').first()
  await exported.waitFor({ state: 'visible', timeout: 30_000 })
  expect(await exported.innerText()).toMatch(new RegExp(`活跃指数-${year}-.*\\.xlsx`))
  const url = await exported.getAttribute('data-url')
  expect(url).toBeTruthy()
  const file = await fetch(new URL(url as string, e2e.stack.url))
  expect(file.status).toBe(200)
  const bytes = Buffer.from(await file.arrayBuffer())
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK') // an .xlsx is a zip
  await screenshot(page, 'admin-stats-exported')

  // 4. org staff: 组织工作台 shows the organization's index card
  await becomeDemoCaller(page, e2e.stack.url, 'demo-org-staff')
  await page.locator('.gy-role-entries__org').first().click()
  const card = page.locator('.gy-index-card').first()
  await card.locator('.gy-index-card__index').first().waitFor({ state: 'visible', timeout: 30_000 })
  const text = await card.innerText()
  expect(text).toContain(`${year}年活跃指数`)
  expect(text).toContain('活动频次')
  expect(text).toContain('参与人数')
  expect(text).toContain('参与深度')
  expect(text).toMatch(/活跃季度 \d\/4/)
  expect(text).toContain('如何提高')
  await card.scrollIntoViewIfNeeded()
  await screenshot(page, 'org-workbench-activity-index')

  // a resident is turned away from 数据概览
  await becomeDemoCaller(page, e2e.stack.url, 'demo-resident')
  await openRoute(page, e2e.stack.url, 'packages/admin/stats/index')
  await page.locator('.gy-access-denied').first().waitFor({ state: 'visible', timeout: 30_000 })
  expect(await page.locator('.gy-admin-stats').first().innerText()).toContain('没有权限查看此页面')
  await screenshot(page, 'admin-stats-denied')

  expect(e2e.browser.errors).toEqual([])
})
