import path from 'node:path'
import type { Page } from 'playwright-core'
import { becomeCaller, confirmPicker, openRoute, screenshot, expectAccessible, useStackAndBrowser } from './support'

/**
 * A 微心愿 from posting to 已圆梦, end to end in Debian's Chromium against `npm start`: a resident
 * posts on behalf of an elderly neighbour, an organization approves it, a volunteer claims it and
 * uploads a photo, and the resident confirms receipt.
 */
jest.setTimeout(300_000)

const e2e = useStackAndBrowser()

const run = Date.now().toString(36)
const TITLE = `想要一台收音机${run.slice(-3)}`
const PHOTO = path.resolve(__dirname, '../../src/assets/illustrations/avatar.png')

async function openWishFromWall(page: Page) {
  await openRoute(page, e2e.stack.url, 'pages/wishes/index')
  await page.locator('.gy-wish-card', { hasText: TITLE }).first().click()
  await page.locator('.gy-wish-detail__title', { hasText: TITLE }).first().waitFor({ state: 'visible' })
}

test('when a resident posts for a neighbour, an org approves, a volunteer claims and fulfils, then the resident confirms and the wall shows 已圆梦', async () => {
  const { page } = e2e.browser

  // 1. a resident, as community liaison, posts for an elderly neighbour
  await becomeCaller(page, e2e.stack.url, 'demo-resident')
  await openRoute(page, e2e.stack.url, 'pages/wishes/index')
  await page.locator('.gy-wishes__create').first().click()
  const form = page.locator('.gy-wish-form').first()
  await form.waitFor({ state: 'visible' })
  await form.locator('.gy-wish-form__on-behalf').first().click()
  await form.locator('.gy-wish-form__title input').fill(TITLE)
  await form.locator('.gy-wish-form__content textarea').fill('独居的陈奶奶眼睛不好，每天听广播解闷，收音机坏了，希望有一台新的。')
  await confirmPicker(page, '.gy-wish-form__category')
  await form.locator('.gy-wish-form__amount input').fill('120')
  await confirmPicker(page, '.gy-wish-form__township')
  await form.locator('.gy-wish-form__community input').fill('城东社区')
  await form.locator('.gy-wish-form__name input').fill('陈秀英')
  await confirmPicker(page, '.gy-wish-form__group')
  await screenshot(page, 'wish-create-filled')
  await expectAccessible(page, 'wish-create-filled')
  await form.locator('.gy-wish-form__submit').click()
  await page.locator('.gy-wish-create__result').first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'wish-create-submitted')
  await expectAccessible(page, 'wish-create-submitted')

  // 2. the county charity federation approves it in 心愿审核
  await becomeCaller(page, e2e.stack.url, 'demo-org-admin')
  await openRoute(page, e2e.stack.url, 'packages/org/wish-review/index')
  const card = page.locator('.gy-wish-review-card', { hasText: TITLE }).first()
  await card.waitFor({ state: 'visible', timeout: 15_000 })
  expect(await card.innerText()).toContain('陈秀英')
  await screenshot(page, 'wish-review-queue')
  await expectAccessible(page, 'wish-review-queue')
  await card.locator('.gy-wish-review-card__approve').click()
  await page.locator('.taro-model__confirm:visible').first().click()
  await card.waitFor({ state: 'detached', timeout: 15_000 })

  // 3. on the wall the name is masked; a volunteer claims it and uploads a photo
  await becomeCaller(page, e2e.stack.url, 'demo-volunteer')
  await openWishFromWall(page)
  const detailText = await page.locator('.gy-page').last().innerText()
  expect(detailText).toContain('陈*英')
  expect(detailText).not.toContain('陈秀英')
  await page.locator('.gy-wish-detail__action', { hasText: '认领' }).first().click()
  await page.locator('.taro-model__confirm:visible').first().waitFor({ state: 'visible' })
  // the confirmation is a dialog with focus inside it
  expect(await page.evaluate(() => document.activeElement?.closest('[role="alertdialog"]') !== null)).toBe(true)
  await expectAccessible(page, 'wish-claim-confirm-dialog')
  await page.locator('.taro-model__confirm:visible').first().click()
  await page.locator('.gy-wish-detail__action', { hasText: '上传圆梦照片' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  expect(await page.locator('.gy-wish-detail__call').count()).toBeGreaterThan(0)
  await screenshot(page, 'wish-claimed')
  await expectAccessible(page, 'wish-claimed')
  await page.locator('.gy-wish-detail__action', { hasText: '上传圆梦照片' }).first().click()
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.gy-wish-fulfil .gy-photo-picker__add').first().click()])
  await chooser.setFiles(PHOTO)
  await page.locator('.gy-wish-fulfil .gy-photo-picker__thumb').first().waitFor({ state: 'visible' })
  await page.locator('.gy-wish-fulfil__note textarea').fill('周六把新收音机送到陈奶奶家，教会了她调台。')
  await page.locator('.gy-wish-fulfil__submit').click()
  await page.locator('.gy-wish-detail__fulfilment').first().waitFor({ state: 'visible', timeout: 20_000 })
  await screenshot(page, 'wish-fulfilled')
  await expectAccessible(page, 'wish-fulfilled')

  // 4. the resident confirms receipt with a thank-you
  await becomeCaller(page, e2e.stack.url, 'demo-resident')
  await openWishFromWall(page)
  expect(await page.locator('.gy-wish-detail__photo').count()).toBe(1)
  await page.locator('.gy-wish-detail__action', { hasText: '确认收到' }).first().click()
  await page.locator('.nut-dialog textarea:visible').first().fill('谢谢你，奶奶每天都在听！')
  await page.locator('.nut-dialog-footer-ok:visible').first().click()
  await page.locator('.gy-wish-detail__thanks-text', { hasText: '谢谢你' }).first().waitFor({ state: 'visible', timeout: 15_000 })
  await screenshot(page, 'wish-confirmed')
  await expectAccessible(page, 'wish-confirmed')

  await openRoute(page, e2e.stack.url, 'pages/wishes/index')
  const done = page.locator('.gy-wish-card', { hasText: TITLE }).first()
  await done.waitFor({ state: 'visible' })
  expect(await done.innerText()).toContain('已圆梦')
  await screenshot(page, 'wish-wall')
  await expectAccessible(page, 'wish-wall')
  expect(e2e.browser.errors).toEqual([])
})
