import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { postJson } from '../../src/services/http'

const ROOT = path.resolve(__dirname, '../..')
export const OUTPUT_DIR = path.join(ROOT, 'test', 'e2e', 'output')
/**
 * The H5 build the tests serve: `npm test` builds into its own folder (TARO_OUTPUT_ROOT, default
 * dist/h5-test) so a running `npm start` on dist/h5 keeps working.
 */
export const H5_TEST_DIR = path.resolve(ROOT, process.env.TARO_OUTPUT_ROOT || 'dist/h5-test')

/** The flags Debian's Chromium needs on this machine (no sandbox as root, no outside network). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface RunningStack {
  url: string
  dataDir: string
  output: () => string
  stop(): Promise<void>
}

/** `npm start` on a free port with a fresh DATA_DIR, exactly as a newcomer runs it. */
export async function startStack(extraEnv: Record<string, string> = {}): Promise<RunningStack> {
  const port = await freePort()
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongyi-e2e-data-'))
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'production', H5_DIR: H5_TEST_DIR, ...extraEnv },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL within 180 s:\n${output}`)), 180_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /公益苍南 local stack: (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`npm start exited with ${code}:\n${output}`))
    })
  })
  return {
    url,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        process.kill(-child.pid, 'SIGTERM')
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
        if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL')
      }
      child.stdout?.destroy()
      child.stderr?.destroy()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface Browser {
  context: BrowserContext
  page: Page
  errors: string[]
  close(): Promise<void>
}

/** Debian's Chromium with a fresh profile and a phone-sized viewport. */
export async function openBrowser(): Promise<Browser> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'gongyi-e2e-chrome-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 375, height: 740 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    args: CHROMIUM_ARGS,
  })
  const page = context.pages()[0] ?? (await context.newPage())
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close()
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

/** The local stack and the browser one e2e test file shares. */
export interface StackAndBrowser {
  readonly stack: RunningStack
  readonly browser: Browser
}

/**
 * Starts `npm start` (with `extraEnv`) and a browser before the file's tests and stops both after
 * them. Read `.stack` and `.browser` inside tests and hooks, not at the file's top level.
 */
export function useStackAndBrowser(extraEnv: Record<string, string> = {}): StackAndBrowser {
  let stack: RunningStack | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    stack = await startStack(extraEnv)
    browser = await openBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.stop()
  })
  const started = <T,>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is started in beforeAll; read it inside a test`)
    return value
  }
  return {
    get stack() {
      return started(stack, 'the stack')
    },
    get browser() {
      return started(browser, 'the browser')
    },
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true })
  // let Taro's page transition finish (a new page slides in from the right) so the picture shows the page
  await page
    .waitForFunction(
      () =>
        Array.from(document.querySelectorAll('.taro_page.taro_page_show')).every((el) => ['none', 'matrix(1, 0, 0, 1, 0, 0)'].includes(getComputedStyle(el).transform)) &&
        document.getAnimations().every((animation) => animation.playState !== 'running'),
      undefined,
      { timeout: 5000 },
    )
    .catch(() => undefined)
  const file = path.join(OUTPUT_DIR, `${name}.png`)
  // The H5 app scrolls inside its top page, not the document: grow the viewport to the page's full
  // height for the picture, then put it back.
  const viewport = page.viewportSize()
  const height = await page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page.taro_page_show'))
    const top = pages[pages.length - 1]
    // the whole page goes in the picture, so start it from its top
    if (top) top.scrollTop = 0
    window.scrollTo(0, 0)
    return top ? top.scrollHeight : document.documentElement.scrollHeight
  })
  if (viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(height, 6000) })
  await page.screenshot({ path: file, fullPage: true })
  if (viewport && height > viewport.height) await page.setViewportSize(viewport)
  return file
}

let visits = 0
/** Opens a page of the H5 app by its route, as a fresh load (a bare hash change would keep the old page stack). */
export async function openRoute(page: Page, baseUrl: string, route: string): Promise<void> {
  await page.goto(`${baseUrl}/?visit=${++visits}#/${route}`)
}

/** 我的 → 演示身份 → 使用新身份: the caller becomes `openid`. */
export async function becomeCaller(page: Page, baseUrl: string, openid: string): Promise<void> {
  await openRoute(page, baseUrl, 'pages/mine/index')
  const switcher = page.locator('.gy-identity-switcher').first()
  await switcher.waitFor({ state: 'visible', timeout: 60_000 })
  await switcher.locator('.gy-identity-switcher__custom-input input').fill(openid)
  await switcher.locator('.gy-identity-switcher__custom-submit').click()
  await page.locator('.gy-identity-switcher__current-value', { hasText: openid }).first().waitFor({ state: 'visible' })
}

/** 我的 → 演示身份: one of the demo identities of api.md. */
export async function becomeDemoCaller(page: Page, baseUrl: string, openid: string): Promise<void> {
  await openRoute(page, baseUrl, 'pages/mine/index')
  await page.locator(`.gy-identity-switcher__item--${openid}`).first().click()
  await page.locator(`.gy-identity-switcher__item--${openid}.gy-identity-switcher__item--active`).first().waitFor({ state: 'visible' })
}

/**
 * A NutUI picker: open it and confirm what it shows, or, when it opens on the 请选择 row (nothing
 * chosen yet), first turn the wheel to the first real option with the keyboard (ArrowDown on the
 * focused wheel, as utils/browser-a11y.ts provides). After a scroll the first tap may only stop the roller.
 */
export async function confirmPicker(page: Page, trigger: string): Promise<void> {
  await page.locator(trigger).first().click()
  await page.locator('.nut-picker-confirm-btn:visible').first().waitFor({ state: 'visible' })
  const wheel = page.locator('.nut-picker .nut-pickerview-list[role="spinbutton"]:visible').first()
  await wheel.waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined)
  if ((await wheel.count()) > 0 && ((await wheel.getAttribute('aria-valuetext')) ?? '').startsWith('请选择')) {
    await wheel.focus()
    await page.keyboard.press('ArrowDown')
    await page.waitForFunction((el) => !(el?.getAttribute('aria-valuetext') ?? '').startsWith('请选择'), await wheel.elementHandle(), { timeout: 5000 })
    await page.waitForTimeout(400)
  }
  for (let i = 0; i < 3 && (await page.locator('.nut-picker-confirm-btn:visible').count()) > 0; i++) {
    await page.locator('.nut-picker-confirm-btn:visible').first().click()
    await page.waitForTimeout(500)
  }
}

/** One axe-core finding, as the test output lists it. */
export interface A11yFinding {
  label: string
  rule: string
  impact: string
  help: string
  targets: string[]
}

const IMPACTS_THAT_FAIL = new Set(['serious', 'critical'])

/**
 * axe-core over the page as it is now (WCAG 2.1 A/AA and best practices). Returns the serious and
 * critical findings, which the caller asserts empty (`expect(await checkA11y(page, '首页')).toEqual([])`);
 * moderate and minor ones are printed and appended to test/e2e/output/a11y.log.
 */
export async function checkA11y(page: Page, label: string): Promise<A11yFinding[]> {
  // let the page settle (transitions, toasts, fonts) before reading colours
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'), undefined, { timeout: 5000 }).catch(() => undefined)
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze()
  const findings: A11yFinding[] = results.violations.map((violation) => ({
    label,
    rule: violation.id,
    impact: violation.impact ?? 'unknown',
    help: violation.help,
    targets: violation.nodes.slice(0, 5).map((node) => `${node.target.join(' ')}${node.failureSummary ? ` — ${node.failureSummary.split('\n').slice(1).join(' ').trim()}` : ''}`),
  }))
  const minor = findings.filter((finding) => !IMPACTS_THAT_FAIL.has(finding.impact))
  mkdirSync(OUTPUT_DIR, { recursive: true })
  if (findings.length > 0) {
    appendFileSync(path.join(OUTPUT_DIR, 'a11y.log'), findings.map((f) => `[${label}] ${f.impact} ${f.rule}: ${f.help}\n  ${f.targets.join('\n  ')}\n`).join(''))
  }
  if (minor.length > 0) console.log(`axe-core, ${label}: ${minor.map((f) => `${f.impact} ${f.rule} (${f.targets.length})`).join(', ')}`)
  return findings.filter((finding) => IMPACTS_THAT_FAIL.has(finding.impact))
}

/** Asserts no serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const serious = await checkA11y(page, label)
  expect(serious).toEqual([])
}

/**
 * Buttons (NutUI's and our LightButton) on the page painted with Taro's browser-only copy of WeChat's default button fill
 * (#f8f8f8, or #dedede pressed), which in the mini-program never beats a class; their texts.
 */
export async function buttonsInTaroGrey(page: Page): Promise<string[]> {
  return page.locator('.nut-button, .gy-button').evaluateAll((buttons) =>
    buttons
      .filter((button) => (button as HTMLElement).offsetParent !== null)
      .filter((button) => ['rgb(248, 248, 248)', 'rgb(222, 222, 222)', 'rgb(247, 247, 247)'].includes(getComputedStyle(button).backgroundColor))
      .map((button) => (button.textContent ?? '').trim()),
  )
}

/**
 * The buttons `selector` finds (one row of them, visible) stand level: the same top and the same
 * height within 1 px. (Taro's browser build once pushed every button after the first 15 px down.)
 */
export async function expectButtonsLevel(page: Page, selector: string, count: number): Promise<void> {
  const boxes = await page.locator(selector).evaluateAll((buttons) =>
    buttons
      .filter((button) => (button as HTMLElement).offsetParent !== null)
      .map((button) => {
        const { top, height } = button.getBoundingClientRect()
        return { text: (button.textContent ?? '').trim(), top, height }
      }),
  )
  expect(boxes).toHaveLength(count)
  const [first] = boxes
  const off = boxes.filter((box) => Math.abs(box.top - first.top) > 1 || Math.abs(box.height - first.height) > 1)
  expect(off.map((box) => `${box.text}: top ${box.top - first.top} px, height ${box.height - first.height} px off「${first.text}」`)).toEqual([])
}

/** A cloud function's reply envelope, as the local host returns it. */
export interface FunctionReply<T = any> {
  ok: boolean
  data: T
  error?: { code: string; message: string }
}

/** One action of a cloud function, called on the running stack as `openid` (the host's X-Dev-Openid), past the pages. */
export async function callFunction<T = any>(baseUrl: string, fn: string, openid: string, action: string, data: unknown): Promise<FunctionReply<T>> {
  const reply = await postJson({ url: `${baseUrl}/api/functions/${fn}`, data: { action, data }, header: { 'X-Dev-Openid': openid } })
  return reply.data as FunctionReply<T>
}
