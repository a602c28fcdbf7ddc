import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../local/functions'

/**
 * Size report of the production builds: the weapp main package (WeChat refuses one over 2 MB),
 * each subpackage, and the H5 total, beside the goals of issue #12. Run after `npm run build:weapp`
 * and `npm run build:h5`; the H5 build measured is the one in TARO_OUTPUT_ROOT when set (npm test
 * builds into dist/h5-test and passes it), else dist/h5.
 */
const WEAPP = path.join(ROOT, 'dist', 'weapp')
const H5 = path.resolve(ROOT, process.env.TARO_OUTPUT_ROOT || path.join('dist', 'h5'))
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024
/** Goals of issue #12 (decimal, as the issue measures). */
const MAIN_PACKAGE_GOAL = 450_000
const H5_TOTAL_GOAL = 1_500_000

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? files(full) : [full]
  })
}

const bytes = (list: string[]) => list.reduce((sum, file) => sum + statSync(file).size, 0)

export interface WeappSizes {
  main: number
  subpackages: { root: string; bytes: number }[]
}

/** Bytes of the weapp build's main package and of each subpackage. */
export function weappSizes(weappDir = WEAPP): WeappSizes {
  if (!existsSync(path.join(weappDir, 'app.json'))) throw new Error('no weapp build: run npm run build:weapp first')
  const app = JSON.parse(readFileSync(path.join(weappDir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] }
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''))
  const all = files(weappDir).map((file) => path.relative(weappDir, file))
  const inRoot = (file: string, root: string) => file === root || file.startsWith(`${root}/`)
  const mainFiles = all.filter((file) => !roots.some((root) => inRoot(file, root)) && file !== 'project.config.json')
  return {
    main: bytes(mainFiles.map((file) => path.join(weappDir, file))),
    subpackages: roots.map((root) => ({ root, bytes: bytes(all.filter((file) => inRoot(file, root)).map((file) => path.join(weappDir, file))) })),
  }
}

/** Bytes of every file of an H5 build, or null when there is none. */
export function h5Total(h5Dir = H5): number | null {
  return existsSync(h5Dir) ? bytes(files(h5Dir)) : null
}

/** The H5 build's JavaScript files, by path relative to the build. */
export function h5Scripts(h5Dir = H5): string[] {
  return existsSync(h5Dir) ? files(h5Dir).filter((file) => file.endsWith('.js')).map((file) => path.relative(h5Dir, file)) : []
}

function main() {
  const weapp = weappSizes()
  const versus = (figure: number, goal: number) => `(goal ≤ ${goal} bytes, ratio ${(figure / goal).toFixed(2)})`
  console.log(`main package: ${weapp.main} bytes ${versus(weapp.main, MAIN_PACKAGE_GOAL)}${weapp.main > MAIN_PACKAGE_LIMIT ? ' (OVER the 2 MB limit)' : ''}`)
  for (const { root, bytes: size } of weapp.subpackages) console.log(`subpackage ${root}: ${size} bytes`)
  const h5 = h5Total()
  const h5Dir = path.relative(ROOT, H5)
  console.log(h5 === null ? `h5 total: not built in ${h5Dir} (run npm run build:h5)` : `h5 total (${h5Dir}): ${h5} bytes ${versus(h5, H5_TOTAL_GOAL)}`)
  if (weapp.main > MAIN_PACKAGE_LIMIT) process.exit(1)
}

if (require.main === module) main()
