import path from 'node:path'
import { becomeCaller, becomeDemoCaller, confirmPicker, expectAccessible, openRoute, screenshot, type Browser, callFunction, useStackAndBrowser } from './support'

/**
 * 公益创投大赛 (issue #16), end to end in Debian's Chromium against `npm start`: the platform admin
 * appoints two experts; the volunteer centre's staff enter a project through 组织工作台 → 公益创投
 * (the charity federation enters one through the function); the functions' clock moves past the
 * entry window; both experts score each round through 我的评审; the admin closes both rounds and
 * publishes the prefilled awards; anyone then sees the winners and the ranking on the public page;
 * the winner's staff post the first milestone (启动) report with a photo from 组织工作台 → 资助项目.
 */
jest.setTimeout(420_000)

const CONTEST = 'vc-demo-contest'
const CENTRE = 'org-volunteer-centre'
const EXPERTS = ['demo-resident', 'demo-volunteer'] as const
const PHOTO = path.resolve(__dirname, '../../src/assets/illustrations/avatar.png')

const e2e = useStackAndBrowser({ ALLOW_DEV_CLOCK: '1' })

const confirmModal = async (page: Browser['page']) => page.locator('.taro-model__confirm:visible').first().click()

/** 我的评审: score every open card with `values` (one per criterion, in order). */
async function scoreAll(page: Browser['page'], byTitle: Record<string, number[]>) {
  for (const [title, values] of Object.entries(byTitle)) {
    const card = page.locator('.gy-vc-score', { hasText: title }).first()
    await card.waitFor({ state: 'visible', timeout: 30_000 })
    for (const [i, value] of values.entries()) await card.locator(`.gy-vc-score__input--${i} input`).fill(String(value))
    await card.locator('.gy-vc-score__submit').click()
    await card.locator('.gy-vc__badge', { hasText: '已评分' }).waitFor({ state: 'visible', timeout: 30_000 })
  }
}

test('when an organization enters, two experts score both rounds and the admin publishes, then the public page shows the winners by normalized rank', async () => {
  const { page, errors } = e2e.browser

  // 0. the charity federation enters through the function (a second entry to rank against)
  const other = await callFunction(e2e.stack.url, 'venture', 'demo-org-admin', 'enter', {
    contestId: CONTEST, orgId: 'org-charity-federation', title: '青苗护航·留守儿童周末课堂', field: '青少年服务',
    summary: '为钱库镇留守儿童开设周末课业辅导与心理陪伴课堂，联合学校和社工站跟踪每名孩子的成长。',
    requestedYuan: 20_000, budgetLines: [{ item: '课堂物资', yuan: 8_000 }, { item: '社工督导', yuan: 12_000 }], team: [{ name: '王丽', role: '项目负责人' }], durationMonths: 10,
  })
  expect(other.ok).toBe(true)

  // 1. the platform admin: 我的 → 公益创投管理 → the demo contest → appoint two experts by openid
  await becomeDemoCaller(page, e2e.stack.url, 'demo-platform-admin')
  await page.locator('.gy-role-entries__entry--venture').first().click()
  await page.locator('.gy-vc-admin__contest').first().waitFor({ state: 'visible', timeout: 30_000 })
  await screenshot(page, 'venture-admin-contests')
  await expectAccessible(page, 'venture-admin-contests')
  await page.locator('.gy-vc-admin__new').click()
  await page.locator('.gy-vc-editor').waitFor({ state: 'visible' })
  expect(await page.locator('.gy-vc-editor').innerText()).toContain('权重合计 100')
  // a second contest, entries next year: the max above the budget comes back from the function beside its field
  const nextYear = new Date().getUTCFullYear() + 1
  await page.locator('.gy-vc-editor__name input').fill(`${nextYear}年苍南县公益创投大赛`)
  await page.locator('.gy-vc-editor__year input').fill(String(nextYear))
  await page.locator('.gy-vc-editor__budget input').fill('40000')
  await page.locator('.gy-vc-editor__opens input').fill(`${nextYear}-03-01`)
  await page.locator('.gy-vc-editor__closes input').fill(`${nextYear}-03-31`)
  await page.locator('.gy-vc-editor__save').click()
  await page.locator('.gy-form-field__error', { hasText: '最高资助额不能超过总预算' }).first().waitFor({ state: 'visible', timeout: 30_000 })
  await screenshot(page, 'venture-admin-new-contest')
  await page.locator('.gy-vc-editor__budget input').fill('400000')
  await page.locator('.gy-vc-editor__save').click()
  await page.locator('.gy-vc-admin__contest', { hasText: `${nextYear}年苍南县公益创投大赛` }).first().waitFor({ state: 'visible', timeout: 30_000 })
  expect(await page.locator('.gy-vc-admin__contest', { hasText: `${nextYear}年` }).first().innerText()).toContain('未开始')
  await page.locator('.gy-vc-admin__contest', { hasNotText: `${nextYear}年` }).first().click()
  await page.locator('.gy-vc-experts').waitFor({ state: 'visible', timeout: 30_000 })
  for (const expert of EXPERTS) {
    await page.locator('.gy-vc-experts__openid input').fill(expert)
    await page.locator('.gy-vc-experts__appoint').click()
    await page.locator('.gy-vc-experts__row', { hasText: expert }).waitFor({ state: 'visible', timeout: 30_000 })
  }
  expect(await page.locator('.gy-vc-experts__row').count()).toBe(2)

  // 2. the centre's staff: 组织工作台 → 公益创投 → 报名, the form with two budget lines and two members
  await becomeDemoCaller(page, e2e.stack.url, 'demo-org-staff')
  await openRoute(page, e2e.stack.url, `packages/org/workbench/index?orgId=${CENTRE}`)
  await page.locator('.gy-venture-entry__go', { hasText: '参赛报名' }).click()
  await page.locator('.gy-vc-open-contest__enter').first().click()
  await page.locator('.gy-vc-enter').waitFor({ state: 'visible', timeout: 30_000 })
  await page.locator('.gy-vc-enter__title input').fill('银龄互助·居家养老陪伴计划')
  await confirmPicker(page, '.gy-vc-enter__field')
  expect(await page.locator('.gy-vc-enter__field').innerText()).toContain('为老服务')
  await page.locator('.gy-vc-enter__summary textarea').fill('为灵溪镇独居老人提供每周上门陪伴、健康监测和应急呼叫服务，培育低龄老人互助小组。')
  await page.locator('.gy-vc-enter__requested input').fill('30000')
  await page.locator('.gy-vc-enter__line-item--0 input').fill('志愿者培训')
  await page.locator('.gy-vc-enter__line-yuan--0 input').fill('10000')
  await page.locator('.gy-vc-enter__add-line').click()
  await page.locator('.gy-vc-enter__line-item--1 input').fill('上门服务物资')
  await page.locator('.gy-vc-enter__line-yuan--1 input').fill('15000')
  // the sum is shown and must equal the request
  expect(await page.locator('.gy-vc-enter__sum').innerText()).toContain('相差 ¥5,000')
  await page.locator('.gy-vc-enter__member-name--0 input').fill('林晓燕')
  await page.locator('.gy-vc-enter__member-role--0 input').fill('项目负责人')
  await page.locator('.gy-vc-enter__submit').click()
  await page.locator('.gy-vc__error', { hasText: '须等于申请金额' }).first().waitFor({ state: 'visible' })
  await screenshot(page, 'venture-enter-form-error')
  await page.locator('.gy-vc-enter__line-yuan--1 input').fill('20000')
  expect(await page.locator('.gy-vc-enter__sum').innerText()).toContain('与申请金额一致')
  await expectAccessible(page, 'venture-enter-form')
  await page.locator('.gy-vc-enter__submit').click()
  await confirmModal(page)
  await page.locator('.gy-vc-entry', { hasText: '银龄互助·居家养老陪伴计划' }).first().waitFor({ state: 'visible', timeout: 30_000 })
  await screenshot(page, 'venture-org-entries')

  // 3. the entry window closes: the functions' clock moves past it
  const contest = await callFunction(e2e.stack.url, 'venture', 'demo-platform-admin', 'contest', { contestId: CONTEST })
  const after = new Date(new Date(contest.data.contest.closesAt).getTime() + 3600_000)
  const clock = await fetch(`${e2e.stack.url}/api/dev/clock`, { method: 'POST', body: JSON.stringify({ at: after.toISOString() }) })
  expect(((await clock.json()) as { ok: boolean }).ok).toBe(true)

  // 4. round 1: each expert scores both entries in 我的评审 (the first expert finds it on 服务 → 公益创投)
  const round1 = [
    { '银龄互助·居家养老陪伴计划': [90, 88, 92], '青苗护航·留守儿童周末课堂': [70, 72, 68] },
    { '银龄互助·居家养老陪伴计划': [80, 82, 78], '青苗护航·留守儿童周末课堂': [60, 58, 62] },
  ]
  await becomeDemoCaller(page, e2e.stack.url, EXPERTS[0])
  await openRoute(page, e2e.stack.url, 'pages/services/index')
  await page.locator('.gy-service-entry--venture').first().click()
  await page.locator('.gy-vc-reviews__row').first().click()
  await page.locator('.gy-vc-reviews__sealed').waitFor({ state: 'visible', timeout: 30_000 })
  expect(await page.locator('.gy-vc-reviews__sealed').innerText()).toContain('评分在本轮结束前密封，其他人不可见')
  await screenshot(page, 'venture-reviews-round1')
  await expectAccessible(page, 'venture-reviews')
  await scoreAll(page, round1[0])
  await becomeDemoCaller(page, e2e.stack.url, EXPERTS[1])
  await openRoute(page, e2e.stack.url, `packages/venture/reviews/index?contestId=${CONTEST}`)
  await scoreAll(page, round1[1])
  // a re-score before the round closes
  const card = page.locator('.gy-vc-score', { hasText: '青苗护航' }).first()
  await card.locator('.gy-vc-score__edit').click()
  await card.locator('.gy-vc-score__input--0 input').fill('61')
  await card.locator('.gy-vc-score__submit').click()
  await card.locator('.gy-vc-score__edit').waitFor({ state: 'visible', timeout: 30_000 })
  await screenshot(page, 'venture-reviews-scored')

  // 5. the admin closes round 1 (the ranking appears to the admin only), the experts score round 2, the admin closes it
  const closeRound = async (round: number) => {
    await becomeDemoCaller(page, e2e.stack.url, 'demo-platform-admin')
    await openRoute(page, e2e.stack.url, `packages/admin/venture-contest/index?contestId=${CONTEST}`)
    const panel = page.locator(`.gy-vc-admin-round--${round}`)
    await panel.locator('.gy-vc-admin-round__close').click()
    await confirmModal(page)
    await panel.locator('.gy-vc__tr', { hasText: '银龄互助' }).waitFor({ state: 'visible', timeout: 30_000 })
  }
  await closeRound(1)
  expect(await page.locator('.gy-vc-admin-round--1').innerText()).toContain('标准分')
  const publicView = await callFunction(e2e.stack.url, 'venture', 'demo-resident', 'contest', { contestId: CONTEST })
  expect(publicView.data.contest.rounds[0].ranking).toBeNull()
  for (const [i, expert] of EXPERTS.entries()) {
    await becomeDemoCaller(page, e2e.stack.url, expert)
    await openRoute(page, e2e.stack.url, `packages/venture/reviews/index?contestId=${CONTEST}`)
    await page.locator('.gy-vc__card-title', { hasText: '第2轮 复审' }).waitFor({ state: 'visible', timeout: 30_000 })
    await scoreAll(page, { '银龄互助·居家养老陪伴计划': [85 - i * 10, 88 - i * 10, 90 - i * 10], '青苗护航·留守儿童周末课堂': [75 - i * 10, 70 - i * 10, 72 - i * 10] })
  }
  await closeRound(2)

  // 6. publish: the awards are prefilled from the top of the final ranking, total against the budget
  const publish = page.locator('.gy-vc-publish')
  await publish.waitFor({ state: 'visible', timeout: 30_000 })
  expect(await publish.locator('.gy-vc-publish__total').innerText()).toContain('资助 2 项，合计 ¥50,000 / 预算 ¥400,000')
  await page.locator('.gy-vc-publish__amount--1 input').fill('18000')
  expect(await publish.locator('.gy-vc-publish__total').innerText()).toContain('合计 ¥48,000')
  await screenshot(page, 'venture-admin-publish')
  await expectAccessible(page, 'venture-admin-contest')
  await page.locator('.gy-vc-publish__submit').click()
  await confirmModal(page)
  await page.locator('.gy-vc__card-title', { hasText: '结果已公布' }).waitFor({ state: 'visible', timeout: 30_000 })

  // 7. anyone: the contest's public page shows the winners, the total and the ranking with its method
  await becomeCaller(page, e2e.stack.url, `venture-visitor-${Date.now().toString(36)}`)
  await openRoute(page, e2e.stack.url, 'packages/venture/index/index')
  await page.locator('.gy-vc-contest', { hasText: '已公布' }).first().click()
  const results = page.locator('.gy-vc-results')
  await results.waitFor({ state: 'visible', timeout: 30_000 })
  const text = await results.innerText()
  expect(text).toContain('资助 2 个项目，共 ¥48,000（预算 ¥400,000）')
  expect(text).toContain('按专家标准化得分排序')
  const awards = await page.locator('.gy-vc-results__award').allInnerTexts()
  expect(awards[0]).toContain('第1名 · 银龄互助·居家养老陪伴计划')
  expect(awards[0]).toContain('¥30,000')
  expect(awards[1]).toContain('¥18,000')
  await screenshot(page, 'venture-contest-results')
  await expectAccessible(page, 'venture-contest-results')

  // 8. the winner's staff: 组织工作台 → 资助项目 → the new project's 启动 report with a photo; it waits for acceptance
  await becomeDemoCaller(page, e2e.stack.url, 'demo-org-staff')
  await openRoute(page, e2e.stack.url, `packages/org/workbench/index?orgId=${CENTRE}`)
  await page.locator('.gy-venture-entry__go--projects').click()
  await page.locator('.gy-org-venture__open', { hasText: '提交“启动”报告' }).first().click()
  await page.locator('.gy-org-venture__text textarea').fill('启动：已组建12人陪伴队伍，完成首批40户独居老人的入户走访和需求登记。')
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.gy-org-venture .gy-photo-picker__add').first().click()])
  await chooser.setFiles(PHOTO)
  await page.locator('.gy-org-venture .gy-photo-picker__thumb').first().waitFor({ state: 'visible' })
  await page.locator('.gy-org-venture__submit').first().click()
  await page.locator('.gy-org-venture__waiting', { hasText: '“启动”报告已提交，等待平台验收' }).first().waitFor({ state: 'visible', timeout: 20_000 })
  await screenshot(page, 'venture-winner-milestone')
  // the platform sees it waiting: nothing is released before acceptance
  const queue = await callFunction(e2e.stack.url, 'venture', 'demo-platform-admin', 'projectQueue', { filter: 'pending' })
  const mine = (queue.data.items as { title: string; releasedYuan: number; currentMilestone: { name: string; status: string } }[]).find((p) => p.title === '银龄互助·居家养老陪伴计划')
  expect(mine).toMatchObject({ releasedYuan: 0, currentMilestone: { name: '启动', status: 'submitted' } })
  expect(errors).toEqual([])
})
