import { expectAccessible, openBrowser, openRoute, screenshot, startStack, type Browser, type RunningStack } from './support'

/**
 * 需求与资源 (issue #16), end to end in Debian's Chromium against `npm start`: anyone opens it from
 * 服务, sees the county summary and the seeded open needs, filters by township, switches to 资源清单
 * and sees a provider the platform admin registered, with its contact masked.
 */
jest.setTimeout(300_000)

let stack: RunningStack
let browser: Browser

beforeAll(async () => {
  stack = await startStack()
  browser = await openBrowser()
})
afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

async function post(fn: string, openid: string, action: string, data: unknown) {
  const response = await fetch(`${stack.url}/api/functions/${fn}`, { method: 'POST', headers: { 'X-Dev-Openid': openid }, body: JSON.stringify({ action, data }) })
  return (await response.json()) as { ok: boolean; data: any; error?: { code: string; message: string } }
}

/** 按乡镇筛选: open the picker, turn its wheel with the keyboard to `township`, confirm. */
async function pickTownship(page: Browser['page'], township: string, key: 'ArrowDown' | 'ArrowUp') {
  await page.locator('.gy-needs__township').first().click()
  await page.locator('.nut-picker-confirm-btn:visible').first().waitFor({ state: 'visible' })
  const wheel = page.locator('.nut-picker .nut-pickerview-list[role="spinbutton"]:visible').first()
  await wheel.waitFor({ state: 'visible' })
  await wheel.focus()
  for (let i = 0; i < 20 && (await wheel.getAttribute('aria-valuetext')) !== township; i++) {
    await page.keyboard.press(key)
    // one step is a synthetic slow drag (utils/browser-a11y.ts stepWheel): let it end before the next
    await page.waitForTimeout(700)
  }
  expect(await wheel.getAttribute('aria-valuetext')).toBe(township)
  await page.waitForTimeout(400)
  for (let i = 0; i < 3 && (await page.locator('.nut-picker-confirm-btn:visible').count()) > 0; i++) {
    await page.locator('.nut-picker-confirm-btn:visible').first().click()
    await page.waitForTimeout(500)
  }
  await page.locator('.gy-needs__township', { hasText: township }).first().waitFor({ state: 'visible' })
}

test('when a visitor opens 需求与资源 from 服务, the county summary and seeded needs show, and 资源清单 lists providers with masked contacts', async () => {
  const { page, errors } = browser
  const added = await post('needs', 'demo-platform-admin', 'addResource', {
    provider: { name: '灵溪镇爱心食堂', kind: 'enterprise' },
    offers: ['venue', 'goods'],
    township: '灵溪镇',
    description: '可提供午间用餐场地和每周两次的食材支持',
    contact: { name: '陈小生', phone: '13912342345' },
  })
  expect(added.ok).toBe(true)

  // 0. its entry on 首页 (with the other services)
  await openRoute(page, stack.url, 'pages/home/index')
  await page.locator('.gy-home__entry--needs', { hasText: '需求与资源' }).first().waitFor({ state: 'visible', timeout: 60_000 })
  await screenshot(page, 'needs-home-entry')

  // 1. 服务 → 需求与资源
  await openRoute(page, stack.url, 'pages/services/index')
  const entry = page.locator('.gy-service-entry--needs').first()
  await entry.waitFor({ state: 'visible', timeout: 60_000 })
  expect(await entry.innerText()).toContain('需求与资源')
  await screenshot(page, 'needs-services-entry')
  await entry.click()
  const needs = page.locator('.gy-need')
  await needs.first().waitFor({ state: 'visible', timeout: 60_000 })
  expect(await page.locator('.gy-needs__title').first().innerText()).toBe('需求与资源')
  const summary = page.locator('.gy-needs__summary').first()
  await summary.locator('.gy-needs__figure').first().waitFor({ state: 'visible', timeout: 30_000 })
  expect(await summary.innerText()).toMatch(/2\s*全县征集中的需求/)
  expect(await summary.innerText()).toMatch(/2\s*暂无项目对接/)
  expect(await needs.count()).toBe(2)
  const texts = await needs.allInnerTexts()
  const meals = texts.find((text) => text.includes('宜山镇 · 宜山社区'))
  expect(meals).toBeDefined()
  expect(meals).toContain('为老服务')
  expect(meals).toContain('社区独居和高龄老人（46 人）')
  expect(meals).toContain('暂无项目对接')
  expect(texts.some((text) => text.includes('钱库镇 · 钱库村') && text.includes('留守儿童（30 人）'))).toBe(true)
  expect(await page.locator('.gy-needs__tab--active').first().innerText()).toBe('需求清单')
  await expectAccessible(page, '需求与资源 · 需求清单')
  await screenshot(page, 'needs-list')

  // 2. 宜山镇 only: its one need
  await pickTownship(page, '宜山镇', 'ArrowDown')
  await page.locator('.gy-needs__filter-note', { hasText: '宜山镇征集中 1 项' }).first().waitFor({ state: 'visible', timeout: 30_000 })
  await page.waitForFunction(() => document.querySelectorAll('.gy-need').length === 1, undefined, { timeout: 30_000 })
  expect(await needs.first().innerText()).toContain('宜山镇 · 宜山社区')

  // 3. 资源清单 in 宜山镇: nobody there yet
  await page.locator('.gy-needs__tab', { hasText: '资源清单' }).first().click()
  const empty = page.locator('.gy-empty-state__title', { hasText: '宜山镇暂无资源' }).first()
  await empty.waitFor({ state: 'visible', timeout: 30_000 })
  await screenshot(page, 'needs-resources-empty')

  // 4. 全部乡镇: the registered provider, its contact masked for a visitor
  await pickTownship(page, '全部乡镇', 'ArrowUp')
  const resource = page.locator('.gy-resource').first()
  await resource.waitFor({ state: 'visible', timeout: 30_000 })
  expect(await page.locator('.gy-need').count()).toBe(0)
  const text = await resource.innerText()
  expect(text).toContain('灵溪镇爱心食堂')
  expect(text).toContain('企业')
  expect(text).toContain('场地')
  expect(text).toContain('物资')
  expect(text).toContain('灵溪镇')
  expect(text).toContain('139****2345')
  expect(text).not.toContain('13912342345')
  expect(text).not.toContain('陈小生')
  await expectAccessible(page, '需求与资源 · 资源清单')
  await screenshot(page, 'needs-resources')
  expect(errors).toEqual([])
})
