import { becomeCaller, becomeDemoCaller, confirmPicker, expectAccessible, openRoute, screenshot, type Browser, callFunction, useStackAndBrowser } from './support'

/**
 * 需求与资源 (issue #16), end to end in Debian's Chromium against `npm start`: anyone opens it from
 * 服务, sees the county summary and the seeded open needs, filters by township, switches to 资源清单
 * and sees a provider the platform admin registered, with its contact masked.
 */
jest.setTimeout(300_000)

const e2e = useStackAndBrowser()

function expectOk(reply: { ok: boolean; data: any; error?: { code: string; message: string } }) {
  expect(reply.error).toBeUndefined()
  return reply.data
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
  const { page, errors } = e2e.browser
  const added = await callFunction(e2e.stack.url, 'needs', 'demo-platform-admin', 'addResource', {
    provider: { name: '灵溪镇爱心食堂', kind: 'enterprise' },
    offers: ['venue', 'goods'],
    township: '灵溪镇',
    description: '可提供午间用餐场地和每周两次的食材支持',
    contact: { name: '陈小生', phone: '13912342345' },
  })
  expect(added.ok).toBe(true)

  // 0. its entry on 首页 (with the other services)
  await openRoute(page, e2e.stack.url, 'pages/home/index')
  await page.locator('.gy-home__entry--needs', { hasText: '需求与资源' }).first().waitFor({ state: 'visible', timeout: 60_000 })
  await screenshot(page, 'needs-home-entry')

  // 1. 服务 → 需求与资源
  await openRoute(page, e2e.stack.url, 'pages/services/index')
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

/** Taro's H5 showModal: press the button named `label` in its footer. */
async function confirmModal(page: Browser['page'], label: string) {
  const button = page.locator('.taro-modal__foot div', { hasText: label }).last()
  await button.waitFor({ state: 'visible', timeout: 30_000 })
  await button.click()
}

test('when an organization proposes a project against a need, the admin matches it with a resource and both sides confirm, then the need shows who is on it', async () => {
  const { page, errors } = e2e.browser
  const NEED = 'need-demo-yishan-meals'
  const CENTRE = 'org-volunteer-centre'
  const added = await callFunction(e2e.stack.url, 'needs', 'demo-platform-admin', 'addResource', {
    provider: { name: '宜山镇中心卫生院', kind: 'department' },
    offers: ['professional_service', 'volunteers'],
    township: '宜山镇',
    description: '每月一次上门义诊，可派医护志愿者',
    contact: { name: '林医生', phone: '13967754321' },
  })
  expect(added.ok).toBe(true)

  // 1. the organization's staff: 组织工作台 → 需求与项目 → 设计项目, against the seeded 宜山 need
  await becomeDemoCaller(page, e2e.stack.url, 'demo-org-staff')
  await openRoute(page, e2e.stack.url, `packages/org/workbench/index?orgId=${CENTRE}`)
  const entry = page.locator('.gy-needs-entry__go').first()
  await entry.waitFor({ state: 'visible', timeout: 60_000 })
  await screenshot(page, 'needs-workbench-entry')
  await entry.click()
  await page.locator('.gy-org-needs__new-project').first().waitFor({ state: 'visible', timeout: 60_000 })
  await screenshot(page, 'needs-org-projects-empty')
  await openRoute(page, e2e.stack.url, `packages/org/project-form/index?orgId=${CENTRE}&needId=${NEED}`)
  const chosen = page.locator('.gy-project-form__need.gy-np__pick--on')
  await chosen.first().waitFor({ state: 'visible', timeout: 60_000 })
  expect(await chosen.first().innerText()).toContain('宜山镇 · 宜山社区')
  // an empty submit names every missing field beside it
  await page.locator('.gy-project-form__submit').first().click()
  await page.locator('.gy-project-form__field--title .gy-form-field__error').first().waitFor({ state: 'visible' })
  await page.locator('.gy-project-form__title input').fill('银龄助餐陪伴计划')
  await page.locator('.gy-project-form__goals textarea').fill('一年内为宜山社区独居和高龄老人提供助餐送餐和每周陪伴。')
  await page.locator('.gy-project-form__plan textarea').fill('招募二十名志愿者分组结对，每天送餐，每周上门陪伴一次，每季度评估。')
  await page.locator('.gy-project-form__budget-item input').nth(0).fill('餐费补贴')
  await page.locator('.gy-project-form__budget-amount input').nth(0).fill('12000')
  await page.locator('.gy-project-form__add-budget').first().click()
  await page.locator('.gy-project-form__budget-item input').nth(1).fill('志愿者保险')
  // a bad amount: the line says so beside it
  await page.locator('.gy-project-form__budget-amount input').nth(1).fill('0')
  await page.locator('.gy-project-form__team-role input').nth(0).fill('志愿者')
  await page.locator('.gy-project-form__team-count input').nth(0).fill('20')
  await page.locator('.gy-project-form__months input').fill('12')
  await page.locator('.gy-project-form__submit').first().click()
  await page.locator('.gy-project-form__budget-line .gy-form-field__error').first().waitFor({ state: 'visible' })
  await page.locator('.gy-project-form__budget-amount input').nth(1).fill('3000')
  await page.locator('.gy-project-form__total', { hasText: '¥15000' }).first().waitFor({ state: 'visible' })
  await expectAccessible(page, '设计项目')
  await screenshot(page, 'needs-project-form')
  await page.locator('.gy-project-form__submit').first().click()
  expect(await page.locator('.taro-modal__content').first().innerText()).toContain('预算合计 ¥15000')
  await confirmModal(page, '提交')
  await page.waitForFunction(() => !location.hash.includes('project-form'), undefined, { timeout: 30_000 }).catch(() => undefined)
  const projects = expectOk(await callFunction(e2e.stack.url, 'needs', 'demo-org-staff', 'projects', { orgId: CENTRE }))
  expect(projects.items.map((p: { title: string }) => p.title)).toContain('银龄助餐陪伴计划')

  // 2. the platform admin: 我的 → 需求对接, picks the project, the undertaker and the resource
  await becomeDemoCaller(page, e2e.stack.url, 'demo-platform-admin')
  await page.locator('.gy-role-entries__entry--matching').first().click()
  const project = page.locator('.gy-matching__project', { hasText: '银龄助餐陪伴计划' }).first()
  await project.waitFor({ state: 'visible', timeout: 60_000 })
  expect(await page.locator('.gy-matching__county').first().innerText()).toContain('宜山镇')
  await project.click()
  await page.locator('.gy-matching__undertaker.gy-np__chip--on', { hasText: '苍南县志愿服务中心' }).first().waitFor({ state: 'visible' })
  await page.locator('.gy-matching__provider', { hasText: '宜山镇中心卫生院' }).first().click()
  await expectAccessible(page, '需求对接')
  await screenshot(page, 'needs-matching')
  await page.locator('.gy-matching__submit').first().click()
  await confirmModal(page, '发起')
  const pending = page.locator('.gy-matching__pending', { hasText: '银龄助餐陪伴计划' }).first()
  await pending.waitFor({ state: 'visible', timeout: 30_000 })
  await pending.locator('.gy-matching__confirm').click()
  await confirmModal(page, '确认')
  await page.locator('.gy-matching__pending', { hasText: '银龄助餐陪伴计划' }).locator('.gy-matching__confirm').waitFor({ state: 'detached', timeout: 30_000 })
  await screenshot(page, 'needs-matching-pending')

  // 3. the undertaker confirms in 需求与项目 → 对接
  await becomeDemoCaller(page, e2e.stack.url, 'demo-org-staff')
  await openRoute(page, e2e.stack.url, `packages/org/needs-projects/index?orgId=${CENTRE}`)
  await page.locator('.gy-np__tab', { hasText: '对接' }).first().click()
  const match = page.locator('.gy-org-needs__match', { hasText: '银龄助餐陪伴计划' }).first()
  await match.waitFor({ state: 'visible', timeout: 60_000 })
  await screenshot(page, 'needs-org-matches')
  await match.locator('.gy-org-needs__confirm').click()
  await confirmModal(page, '确认承接')
  await page.locator('.gy-org-needs__match', { hasText: '已对接' }).first().waitFor({ state: 'visible', timeout: 30_000 })

  // 4. anyone: 需求与资源 → the need → who is on it, the provider's contact masked
  await becomeCaller(page, e2e.stack.url, `needs-visitor-${Date.now().toString(36)}`)
  await openRoute(page, e2e.stack.url, 'packages/needs/index/index')
  await page.locator('.gy-need', { hasText: '宜山社区' }).first().click()
  const who = page.locator('.gy-need-detail__match').first()
  await who.waitFor({ state: 'visible', timeout: 60_000 })
  const text = await who.innerText()
  expect(text).toContain('银龄助餐陪伴计划')
  expect(text).toContain('承接组织：苍南县志愿服务中心')
  expect(text).toContain('宜山镇中心卫生院（政府部门）')
  expect(text).toContain('139****4321')
  expect(text).not.toContain('13967754321')
  expect(await page.locator('.gy-need-detail__project').first().innerText()).toContain('预算 ¥15000')
  await expectAccessible(page, '需求详情')
  await screenshot(page, 'needs-detail')
  expect(errors).toEqual([])
})

test('when the platform admin registers a resource and a community organization posts a need and withdraws it, then the lists show both and the need leaves the open list', async () => {
  const { page, errors } = e2e.browser
  // 1. 我的 → 资源清单: 登记资源, the contact in full for the admin
  await becomeDemoCaller(page, e2e.stack.url, 'demo-platform-admin')
  await page.locator('.gy-role-entries__entry--resources').first().click()
  await page.locator('.gy-admin-resources__new').first().waitFor({ state: 'visible', timeout: 60_000 })
  await page.locator('.gy-admin-resources__new').first().click()
  await page.locator('.gy-resource-editor__name input').fill('钱库镇青少年活动中心')
  await page.locator('.gy-resource-editor__kind', { hasText: '政府部门' }).first().click()
  await page.locator('.gy-resource-editor__offer', { hasText: '场地' }).first().click()
  await page.locator('.gy-resource-editor__offer', { hasText: '志愿者' }).first().click()
  await page.locator('.gy-resource-editor__description textarea').fill('放学后可提供两间活动室和辅导志愿者')
  await page.locator('.gy-resource-editor__contact-name input').fill('周老师')
  // a bad phone: the message sits beside the field
  await page.locator('.gy-resource-editor__phone input').fill('12345')
  await page.locator('.gy-resource-editor__save').first().click()
  await page.locator('.gy-resource-editor__field--township .gy-form-field__error').first().waitFor({ state: 'visible' })
  await confirmPicker(page, '.gy-resource-editor__township')
  await page.locator('.gy-resource-editor__save').first().click()
  const phoneError = page.locator('.gy-resource-editor__field--phone .gy-form-field__error').first()
  await phoneError.waitFor({ state: 'visible', timeout: 30_000 })
  expect(await phoneError.innerText()).toContain('手机号')
  await page.locator('.gy-resource-editor__phone input').fill('13857712321')
  await page.locator('.gy-resource-editor__save').first().click()
  const item = page.locator('.gy-admin-resources__item', { hasText: '钱库镇青少年活动中心' }).first()
  await item.waitFor({ state: 'visible', timeout: 30_000 })
  expect(await item.innerText()).toContain('周老师 13857712321')
  await expectAccessible(page, '资源清单')
  await screenshot(page, 'needs-admin-resources')

  // 2. 宜山镇's community organization, once verified, posts a need from 需求与项目
  expect((await callFunction(e2e.stack.url, 'org', 'demo-platform-admin', 'verify', { orgId: 'org-yishan-elder-care', approve: true })).ok).toBe(true)
  await becomeCaller(page, e2e.stack.url, 'seed-yishan-liaison')
  await openRoute(page, e2e.stack.url, 'packages/org/needs-projects/index?orgId=org-yishan-elder-care')
  await page.locator('.gy-org-needs__new-need').first().waitFor({ state: 'visible', timeout: 60_000 })
  await page.locator('.gy-org-needs__new-need').first().click()
  await page.locator('.gy-need-form__beneficiaries input').first().waitFor({ state: 'visible', timeout: 60_000 })
  expect(await page.locator('.gy-need-form__township').first().innerText()).toContain('宜山镇')
  await confirmPicker(page, '.gy-need-form__field')
  await page.locator('.gy-need-form__beneficiaries input').fill('社区残疾人家庭')
  await page.locator('.gy-need-form__count input').fill('12')
  await page.locator('.gy-need-form__content textarea').fill('需要每月一次上门康复指导和辅具维修。')
  await expectAccessible(page, '发布需求')
  await screenshot(page, 'needs-need-form')
  await page.locator('.gy-need-form__submit').first().click()
  await confirmModal(page, '发布')

  // 3. 我们的需求: the new need, then 撤回 with a reason
  await openRoute(page, e2e.stack.url, 'packages/org/needs-projects/index?orgId=org-yishan-elder-care')
  await page.locator('.gy-np__tab', { hasText: '我们的需求' }).first().click()
  const need = page.locator('.gy-org-needs__need', { hasText: '社区残疾人家庭' }).first()
  await need.waitFor({ state: 'visible', timeout: 60_000 })
  expect(await need.innerText()).toContain('征集中')
  await need.locator('.gy-org-needs__withdraw').click()
  await page.locator('.gy-reason-dialog textarea').first().fill('已由镇残联统一安排')
  await page.locator('.nut-dialog-footer-ok:visible').first().click()
  await page.locator('.gy-org-needs__need', { hasText: '已撤回' }).first().waitFor({ state: 'visible', timeout: 30_000 })
  await screenshot(page, 'needs-org-needs-withdrawn')
  const open = await callFunction(e2e.stack.url, 'needs', 'seed-yishan-liaison', 'needs', { township: '宜山镇', open: true })
  expect(open.data.items.some((n: { beneficiaries: string }) => n.beneficiaries === '社区残疾人家庭')).toBe(false)
  expect(errors).toEqual([])
})
