import path from 'node:path'
import type { Page } from 'playwright-core'
import { nextIdCardNo } from '../builders/aid'
import { becomeCaller, confirmPicker, openRoute, screenshot, useStackAndBrowser } from './support'

/**
 * 救助申请 end to end in Debian's Chromium against `npm start`: a student applies to the demo
 * 困难大学新生慈善助学 with separate consent and an upload; the federation's admin asks for more;
 * the student adds a certificate; the admin approves and records the payment. The student sees
 * each step, and the ID number is never shown in full.
 */
jest.setTimeout(400_000)

const e2e = useStackAndBrowser()

const STUDENT = `aid-student-${Date.now().toString(36)}`
const NAME = '陈思远'
const ID = nextIdCardNo()
const MASKED = `${ID.slice(0, 6)}********${ID.slice(-4)}`
const PHOTO = path.resolve(__dirname, '../../src/assets/illustrations/avatar.png')
const QUEUE = 'packages/org/aid-review/index?programId=aidp-demo-freshmen&orgId=org-charity-federation'

async function upload(page: Page, scope: string) {
  const before = await page.locator(`${scope} .gy-aid-attachments__item`).count()
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator(`${scope} .gy-aid-attachments__add`).first().click()])
  await chooser.setFiles(PHOTO)
  await page.locator(`${scope} .gy-aid-attachments__item`).nth(before).waitFor({ state: 'visible', timeout: 20_000 })
}

async function openFromQueue(page: Page, tab: string) {
  await openRoute(page, e2e.stack.url, QUEUE)
  await page.locator('.gy-review-queue__tab', { hasText: tab }).first().click()
  const item = page.locator('.gy-aid-queue__item', { hasText: NAME }).first()
  await item.waitFor({ state: 'visible', timeout: 20_000 })
  expect(await item.innerText()).toContain(MASKED)
  await screenshot(page, `aid-review-queue-${tab}`)
  await item.click()
  await page.locator('.gy-aid-app__name', { hasText: NAME }).first().waitFor({ state: 'visible', timeout: 20_000 })
}

async function decide(page: Page, button: string, reason: string) {
  await page.locator(button).first().click()
  await page.locator('.nut-dialog textarea:visible').first().fill(reason)
  await page.locator('.nut-dialog-footer-ok:visible').first().click()
}

async function myApplication(page: Page) {
  await openRoute(page, e2e.stack.url, 'packages/aid/mine/index')
  const card = page.locator('.gy-aid-mine__application').first()
  await card.waitFor({ state: 'visible', timeout: 20_000 })
  return card
}

test('when a student applies, is asked for more, adds it and is approved and paid, then each step shows in 我的申请 and the ID number stays masked', async () => {
  const { page } = e2e.browser

  // 1. the student reads the programme, consents separately, fills in, uploads, reviews and submits
  await becomeCaller(page, e2e.stack.url, STUDENT)
  await openRoute(page, e2e.stack.url, 'packages/aid/apply/index')
  const program = page.locator('.gy-aid-program', { hasText: '困难大学新生慈善助学' }).first()
  await program.waitFor({ state: 'visible', timeout: 20_000 })
  expect(await program.innerText()).toContain('申请人须为苍南县户籍')
  await screenshot(page, 'aid-programs')
  await program.locator('.gy-aid-program__apply').click()

  await page.locator('.gy-aid-form__consent-text').first().waitFor({ state: 'visible' })
  expect(await page.locator('.gy-aid-form__next').first().getAttribute('class')).toContain('disabled')
  await screenshot(page, 'aid-consent')
  await page.locator('.gy-aid-form__consent-label').first().click()
  await page.locator('.gy-aid-form__next').first().click()

  await confirmPicker(page, '.gy-aid-form__tier')
  await page.locator('.gy-aid-form__name input').fill(NAME)
  await page.locator('.gy-aid-form__id input').fill(`${ID.slice(0, 6)} ${ID.slice(6)}`)
  await page.locator('.gy-aid-form__phone input').fill('13812345678')
  await confirmPicker(page, '.gy-aid-form__hukou')
  await page.locator('.gy-aid-form__university input').fill('浙江工业大学')
  await page.locator('.gy-aid-form__choice--no').first().click()
  await confirmPicker(page, '.gy-aid-form__family')
  await page.locator('.gy-aid-form__statement textarea').fill('家里是低保户，父亲因病不能工作，靠母亲打零工维持生活，希望得到资助完成学业。')
  await upload(page, '.gy-aid-form__field--attachments')
  await screenshot(page, 'aid-form-filled')
  await page.locator('.gy-aid-form__next').first().click()

  const review = page.locator('.gy-aid-form__card').first()
  await page.locator('.gy-aid-form__submit').first().waitFor({ state: 'visible' })
  expect(await review.innerText()).toContain(MASKED)
  expect(await review.innerText()).not.toContain(ID)
  await screenshot(page, 'aid-form-review')
  await page.locator('.gy-aid-form__submit').first().click()
  await page.locator('.gy-aid-form__result').first().waitFor({ state: 'visible', timeout: 20_000 })
  await screenshot(page, 'aid-submitted')

  let card = await myApplication(page)
  expect(await card.innerText()).toContain('待审核')
  expect(await card.innerText()).toContain(MASKED)

  // 2. the federation's admin opens it from the queue and asks for more
  await becomeCaller(page, e2e.stack.url, 'demo-org-admin')
  await openFromQueue(page, '待审核')
  expect(await page.locator('.gy-aid-app__file').count()).toBe(1)
  expect(await page.locator('.gy-page').last().innerText()).not.toContain(ID)
  await screenshot(page, 'aid-reviewer-application')
  await decide(page, '.gy-aid-app__needs-info', '请补充街道出具的低保证明')
  await page.locator('.gy-aid-app__status', { hasText: '需补充材料' }).first().waitFor({ state: 'visible', timeout: 20_000 })

  // 3. the student sees the request and adds the certificate
  await becomeCaller(page, e2e.stack.url, STUDENT)
  card = await myApplication(page)
  expect(await card.innerText()).toContain('需补充材料')
  expect(await card.innerText()).toContain('请补充街道出具的低保证明')
  await upload(page, '.gy-aid-mine__supplement')
  await page.locator('.gy-aid-mine__note textarea').fill('已上传街道出具的低保证明')
  await screenshot(page, 'aid-needs-info')
  await page.locator('.gy-aid-mine__send').first().click()
  await page.locator('.gy-aid-mine__status', { hasText: '待审核' }).first().waitFor({ state: 'visible', timeout: 20_000 })

  // 4. the admin approves and records the payment; the access log shows the reads
  await becomeCaller(page, e2e.stack.url, 'demo-org-admin')
  await openFromQueue(page, '待审核')
  expect(await page.locator('.gy-aid-app__file').count()).toBe(2)
  await decide(page, '.gy-aid-app__approve', '材料齐全，符合低保家庭档次')
  await page.locator('.gy-aid-app__status', { hasText: '已通过' }).first().waitFor({ state: 'visible', timeout: 20_000 })
  expect(await page.locator('.gy-page').last().innerText()).toContain('¥8,000')
  await page.locator('.gy-aid-app__reference input').fill('CS2026-0001')
  await page.locator('.gy-aid-app__disburse').first().click()
  await page.locator('.taro-model__confirm:visible').first().click()
  await page.locator('.gy-aid-app__status', { hasText: '已发放' }).first().waitFor({ state: 'visible', timeout: 20_000 })
  await screenshot(page, 'aid-disbursed-reviewer')

  await openRoute(page, e2e.stack.url, 'packages/org/aid-access-log/index?programId=aidp-demo-freshmen')
  await page.locator('.gy-aid-log__row').first().waitFor({ state: 'visible', timeout: 20_000 })
  expect(await page.locator('.gy-aid-log__row', { hasText: NAME }).count()).toBeGreaterThanOrEqual(2)
  await screenshot(page, 'aid-access-log')

  await openRoute(page, e2e.stack.url, 'packages/org/aid-programs/index?orgId=org-charity-federation')
  await page.locator('.gy-aid-programs-admin__program', { hasText: '困难大学新生慈善助学' }).first().waitFor({ state: 'visible', timeout: 20_000 })
  await page.locator('.gy-aid-programs-admin__new').first().click()
  await page.locator('.gy-aid-editor').first().waitFor({ state: 'visible' })
  await screenshot(page, 'aid-program-editor')

  // 5. the student sees every step with its reasons
  await becomeCaller(page, e2e.stack.url, STUDENT)
  card = await myApplication(page)
  const text = await card.innerText()
  for (const step of ['提交申请', '需补充材料', '补充材料', '审核通过', '资助已发放', '已发放', '请补充街道出具的低保证明', '材料齐全，符合低保家庭档次']) expect(text).toContain(step)
  expect(text).not.toContain(ID)
  await screenshot(page, 'aid-mine-disbursed')
  expect(e2e.browser.errors).toEqual([])
})
