import { becomeCaller, becomeDemoCaller, buttonsInTaroGrey, checkA11y, openRoute, type A11yFinding, useStackAndBrowser } from './support'
import type { Page } from 'playwright-core'

/**
 * Every page registered in src/app.config.ts, opened as the demo identities that use it (and a
 * brand-new caller), checked with axe-core: no serious or critical violation anywhere.
 */
jest.setTimeout(600_000)

const e2e = useStackAndBrowser()

const ELDER_VISIT = 'act-demo-elder-visit'
const VOLUNTEER_CENTRE = 'org-volunteer-centre'
const FLEET = 'org-exam-fleet'

/** [identity, route] pairs: every page at least once, each as the people it is for. */
const VISITS: Array<{ who: string; routes: string[] }> = [
  {
    who: 'new-caller',
    routes: ['pages/home/index', 'pages/wishes/index', 'pages/services/index', 'pages/mine/index', `packages/activity/detail/index?activityId=${ELDER_VISIT}`,
      'packages/wish/detail/index?wishId=wish-demo-schoolbag', 'packages/wish/mine/index', 'packages/org/register/index', 'packages/org/join/index',
      'packages/about/privacy/index', 'packages/needs/index/index', 'packages/needs/detail/index?needId=need-demo-yishan-meals',
      'packages/venture/index/index', 'packages/venture/contest/index?contestId=vc-demo-contest',
      'packages/venture/funded/index', 'packages/venture/project/index?projectId=vc-demo-last-year_org-volunteer-centre_1',
      // no such project: the page's not-found state
      'packages/venture/project/index?projectId=vp-none', 'packages/org/venture-projects/index?orgId=org-volunteer-centre'],
  },
  {
    who: 'demo-resident',
    routes: ['pages/mine/index', 'packages/wish/create/index', 'packages/wish/mine/index', 'packages/wish/detail/index?wishId=wish-demo-glasses', 'packages/ride/booking/index', 'packages/aid/apply/index',
      'packages/aid/form/index?programId=aidp-demo-freshmen', 'packages/aid/mine/index', 'packages/ride/form/index?sessionId=ses-demo-gaokao-2027', 'packages/ride/mine/index'],
  },
  {
    who: 'demo-volunteer',
    routes: ['pages/home/index', 'pages/mine/index', `packages/activity/detail/index?activityId=${ELDER_VISIT}`, 'packages/activity/mine/index',
      `packages/activity/check-in/index?activityId=${ELDER_VISIT}`, 'packages/activity/record/index', 'packages/wish/detail/index?wishId=wish-demo-wheelchair-repair', 'packages/wish/mine/index',
      'packages/ride/driver/index?orgId=org-exam-fleet', 'packages/message/list/index',
      // not an expert of the demo contest: the page's access-denied state
      'packages/venture/reviews/index?contestId=vc-demo-contest'],
  },
  { who: 'demo-driver', routes: ['packages/ride/trips/index', 'packages/ride/offer/index'] },
  {
    who: 'demo-fleet-staff',
    routes: [`packages/org/workbench/index?orgId=${FLEET}`, `packages/org/fleet-drivers/index?orgId=${FLEET}`, `packages/org/fleet-bookings/index?orgId=${FLEET}`,
      `packages/org/fleet-board/index?orgId=${FLEET}&sessionId=ses-demo-gaokao-2027&date=2027-06-08`],
  },
  {
    who: 'demo-org-staff',
    routes: ['pages/mine/index', `packages/org/workbench/index?orgId=${VOLUNTEER_CENTRE}`, `packages/org/activities/index?orgId=${VOLUNTEER_CENTRE}`,
      `packages/org/activity-editor/index?orgId=${VOLUNTEER_CENTRE}`, `packages/org/activity-editor/index?activityId=${ELDER_VISIT}`,
      `packages/org/roster/index?activityId=${ELDER_VISIT}`, `packages/org/check-in-code/index?activityId=${ELDER_VISIT}`, `packages/org/hours/index?activityId=${ELDER_VISIT}`,
      `packages/org/venture-projects/index?orgId=${VOLUNTEER_CENTRE}`,
      `packages/org/venture-entries/index?orgId=${VOLUNTEER_CENTRE}`, `packages/org/venture-enter/index?orgId=${VOLUNTEER_CENTRE}&contestId=vc-demo-contest`,
      `packages/org/needs-projects/index?orgId=${VOLUNTEER_CENTRE}`, `packages/org/project-form/index?orgId=${VOLUNTEER_CENTRE}&needId=need-demo-yishan-meals`,
      // not a community organization: 发布需求 explains who may post
      `packages/org/need-form/index?orgId=${VOLUNTEER_CENTRE}`],
  },
  {
    who: 'demo-org-admin',
    routes: ['pages/mine/index', 'packages/org/wish-review/index', 'packages/org/workbench/index?orgId=org-charity-federation', 'packages/org/aid-programs/index?orgId=org-charity-federation',
      'packages/org/aid-review/index?programId=aidp-demo-freshmen&orgId=org-charity-federation', 'packages/org/aid-access-log/index?programId=aidp-demo-freshmen',
      // no such application: the page's error state
      'packages/org/aid-application/index?applicationId=aid-app-none'],
  },
  {
    who: 'demo-platform-admin',
    routes: ['pages/mine/index', 'packages/admin/review/index', 'packages/admin/stats/index', 'packages/admin/venture/index', 'packages/admin/venture-contest/index?contestId=vc-demo-contest',
      'packages/admin/venture-projects/index', 'packages/admin/resources/index', 'packages/admin/matching/index'],
  },
]

/** The page has drawn its content: no loading bones left and the network quiet. */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => undefined)
  await page
    .waitForFunction(() => {
      const pages = Array.from(document.querySelectorAll('.taro_page'))
      const top = pages[pages.length - 1]
      return !!top && !top.querySelector('[class*="__skeleton"], [class*="__bone"]')
    }, undefined, { timeout: 15_000 })
    .catch(() => undefined)
}

test.each(VISITS)('when $who opens each of their pages, then axe-core finds no serious or critical violation and no button wears Taro’s browser-only grey', async ({ who, routes }) => {
  const { page } = e2e.browser
  if (who === 'new-caller') await becomeCaller(page, e2e.stack.url, `a11y-newcomer-${Date.now().toString(36)}`)
  else await becomeDemoCaller(page, e2e.stack.url, who)
  const serious: A11yFinding[] = []
  const grey: string[] = []
  for (const route of routes) {
    await openRoute(page, e2e.stack.url, route)
    await settle(page)
    serious.push(...(await checkA11y(page, `${who} ${route}`)))
    grey.push(...(await buttonsInTaroGrey(page)).map((text) => `${route}「${text}」`))
  }
  expect(serious).toEqual([])
  expect(grey).toEqual([])
})

test('every page registered in app.config.ts is visited', async () => {
  // app.config.ts calls Taro's build-time global; give it the identity function and read the config
  ;(globalThis as { defineAppConfig?: (config: unknown) => unknown }).defineAppConfig = (config) => config
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require('../../src/app.config').default as { pages: string[]; subPackages: Array<{ root: string; pages: string[] }> }
  const registered = [...config.pages, ...config.subPackages.flatMap(({ root, pages }) => pages.map((page) => `${root}/${page}`))]
  const visited = new Set(VISITS.flatMap((visit) => visit.routes.map((route) => route.split('?')[0])))
  expect(registered.length).toBeGreaterThan(20)
  expect(registered.filter((route) => !visited.has(route))).toEqual([])
})
