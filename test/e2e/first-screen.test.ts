import http from 'node:http'
import { useStackAndBrowser } from './support'

/**
 * 首页's first screen in the browser build: every script and stylesheet it needs is named in
 * index.html (the entry's, and the landing page's chunk beside them), so none waits for the entry
 * to run before it is requested, and none is requested twice.
 */
jest.setTimeout(300_000)

const e2e = useStackAndBrowser()

/** A GET without keep-alive (fetch's pooled connection would outlive the stack). */
function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve(body))
      })
      .on('error', reject)
  })
}

test('when 首页 opens, then every script and stylesheet it loads was named in index.html, each fetched once', async () => {
  const { page } = e2e.browser
  const html = await getText(`${e2e.stack.url}/`)
  const named = new Set([...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+\.(?:js|css))"/g)].map((match) => match[1]))
  expect([...named].some((file) => /\/landing\.[0-9a-f]+\.js$/.test(file))).toBe(true)

  await page.goto(`${e2e.stack.url}/#/pages/home/index`)
  await page.locator('.gy-home__hero-slogan').waitFor({ state: 'visible', timeout: 60_000 })
  await page.locator('.gy-activity-card').first().waitFor({ state: 'visible', timeout: 60_000 })
  await page.waitForLoadState('networkidle')
  const fetched = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((file) => /\.(js|css)$/.test(file)),
  )
  expect(fetched.filter((file) => !named.has(file))).toEqual([])
  expect(fetched.filter((file, index) => fetched.indexOf(file) !== index)).toEqual([])
  expect(e2e.browser.errors).toEqual([])
})
