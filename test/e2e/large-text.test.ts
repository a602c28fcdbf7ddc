import type { Page } from 'playwright-core'
import { becomeDemoCaller, openRoute, screenshot, useStackAndBrowser } from './support'

/**
 * 关怀模式 in the browser build: chosen on 我的, it scales the root font size (every size is in
 * rem). At 1.5× and 2× the main pages must still fit the phone: nothing off screen sideways, no
 * text cut off or cut to "…", no text over other text. Screenshots at 2×: test/e2e/output/*-text-2x.png.
 */
jest.setTimeout(600_000)

const e2e = useStackAndBrowser()

const PAGES: Array<{ name: string; route: string; ready: string }> = [
  { name: 'home', route: 'pages/home/index', ready: '.gy-activity-card' },
  { name: 'activity-detail', route: 'packages/activity/detail/index?activityId=act-demo-elder-visit', ready: '.gy-activity-detail__action' },
  { name: 'wishes', route: 'pages/wishes/index', ready: '.gy-wish-card' },
  { name: 'wish-create', route: 'packages/wish/create/index', ready: '.gy-wish-form__submit' },
  { name: 'mine', route: 'pages/mine/index', ready: '.gy-profile-card' },
]

/**
 * What does not fit: elements past the screen's edges (outside sideways scrollers), a page that
 * scrolls sideways, text cut off by its box or cut to "…", and text drawn over other text.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const width = window.innerWidth
    const pages = Array.from(document.querySelectorAll('.taro_page'))
    const top = pages[pages.length - 1]
    if (!top) return ['no page']
    const describe = (el: Element) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).slice(0, 2).join('.')} "${(el.textContent ?? '').trim().slice(0, 20)}"`
    const inSideScroller = (el: Element) => {
      for (let node = el.parentElement; node && node !== top; node = node.parentElement) {
        const style = getComputedStyle(node)
        if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && node.scrollWidth > node.clientWidth) return true
      }
      return false
    }
    for (const el of Array.from(top.querySelectorAll('*'))) {
      const rect = el.getBoundingClientRect()
      if (rect.width === 0 || rect.height === 0) continue
      const style = getComputedStyle(el)
      if (style.visibility === 'hidden') continue
      if ((rect.right > width + 1 || rect.left < -1) && !inSideScroller(el)) problems.push(`off screen (${Math.round(rect.left)}–${Math.round(rect.right)} of ${width}): ${describe(el)}`)
      const hasOwnText = Array.from(el.childNodes).some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '')
      // an excerpt clamped to a few lines on purpose (the detail page has it all) is not cut off
      const clamped = style.getPropertyValue('-webkit-line-clamp') !== 'none' && style.getPropertyValue('-webkit-line-clamp') !== ''
      if (hasOwnText && !clamped && style.overflow !== 'visible' && el.scrollHeight > el.clientHeight + 2 && style.overflowY !== 'auto' && style.overflowY !== 'scroll') {
        problems.push(`text cut off (${el.scrollHeight} > ${el.clientHeight}): ${describe(el)}`)
      }
    }
    // the page never scrolls sideways
    const scroller = document.scrollingElement ?? document.documentElement
    if (scroller.scrollWidth > window.innerWidth + 1) problems.push(`page scrolls sideways (${scroller.scrollWidth} > ${window.innerWidth})`)
    if (top.scrollWidth > top.clientWidth + 1) problems.push(`page content wider than the page (${top.scrollWidth} > ${top.clientWidth})`)

    // the part of a box left visible by its ancestors that clip (line-clamped excerpts hide the rest)
    const visiblePart = (el: Element, rect: DOMRect): DOMRect | null => {
      let { left, top: y0, right, bottom } = rect
      for (let node = el.parentElement; node && node !== top.parentElement; node = node.parentElement) {
        const style = getComputedStyle(node)
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue
        const clip = node.getBoundingClientRect()
        left = Math.max(left, clip.left)
        right = Math.min(right, clip.right)
        y0 = Math.max(y0, clip.top)
        bottom = Math.min(bottom, clip.bottom)
      }
      return right - left > 1 && bottom - y0 > 1 ? new DOMRect(left, y0, right - left, bottom - y0) : null
    }
    // a bar fixed or stuck to the screen (the detail page's actions, sticky tabs) has content scroll under it on purpose
    const isFixed = (el: Element) => {
      for (let node: Element | null = el; node && node !== top; node = node.parentElement) {
        const { position } = getComputedStyle(node)
        if (position === 'fixed' || position === 'sticky') return true
      }
      return false
    }
    // one-line text cut to "…": at 1.5× and 2× it must wrap instead;
    // no two pieces of text drawn over each other: the visible line boxes of every text node, compared pairwise
    const lines: Array<{ owner: Element; rect: DOMRect }> = []
    const walker = document.createTreeWalker(top, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const owner = node.parentElement
      if (!owner || !(node.textContent ?? '').trim()) continue
      const style = getComputedStyle(owner)
      if (style.visibility === 'hidden' || style.display === 'none' || owner.closest('[aria-hidden="true"]') || inSideScroller(owner) || isFixed(owner)) continue
      if (style.textOverflow === 'ellipsis' && owner.scrollWidth > owner.clientWidth + 1) problems.push(`text cut to "…": ${describe(owner)}`)
      const range = document.createRange()
      range.selectNodeContents(node)
      for (const rect of Array.from(range.getClientRects())) {
        const shown = visiblePart(owner, rect)
        if (shown) lines.push({ owner, rect: shown })
      }
    }
    for (let i = 0; i < lines.length; i++) {
      for (let j = i + 1; j < lines.length; j++) {
        const a = lines[i]
        const b = lines[j]
        if (a.owner === b.owner) continue
        const overlapX = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left)
        const overlapY = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top)
        // line boxes include the leading: overlapping by a few pixels is not text over text
        if (overlapX > 2 && overlapY > Math.min(a.rect.height, b.rect.height) / 3) problems.push(`text over text: ${describe(a.owner)} and ${describe(b.owner)}`)
      }
    }
    return problems.slice(0, 20)
  })
}

async function chooseScale(page: Page, scale: '1' | '1-5' | '2') {
  await openRoute(page, e2e.stack.url, 'pages/mine/index')
  const option = page.locator(`.gy-text-scale__option--${scale}`).first()
  await option.click()
  await page.locator(`.gy-text-scale__option--${scale}.gy-text-scale__option--active`).first().waitFor({ state: 'visible' })
}

test('when a volunteer picks 超大字 on 我的, then the root font size doubles and 首页, 活动详情, 微心愿, 发布心愿 and 我的 still fit the screen', async () => {
  const { page } = e2e.browser
  await becomeDemoCaller(page, e2e.stack.url, 'demo-volunteer')
  const standard = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))
  await chooseScale(page, '2')
  const large = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))
  expect(large).toBeCloseTo(standard * 2, 1)

  const problems: string[] = []
  for (const { name, route, ready } of PAGES) {
    await openRoute(page, e2e.stack.url, route)
    await page.locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 })
    await screenshot(page, `${name}-text-2x`)
    problems.push(...(await layoutProblems(page)).map((problem) => `${name}: ${problem}`))
  }
  expect(problems).toEqual([])
})

test('when 大字 (1.5×) is chosen, then the same pages fit, and 标准 puts the size back', async () => {
  const { page } = e2e.browser
  await becomeDemoCaller(page, e2e.stack.url, 'demo-volunteer')
  await chooseScale(page, '1')
  const standard = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))
  await chooseScale(page, '1-5')
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBeCloseTo(standard * 1.5, 1)

  const problems: string[] = []
  for (const { name, route, ready } of PAGES) {
    await openRoute(page, e2e.stack.url, route)
    await page.locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 })
    problems.push(...(await layoutProblems(page)).map((problem) => `${name}: ${problem}`))
  }
  expect(problems).toEqual([])

  await chooseScale(page, '1')
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBeCloseTo(standard, 1)
})
