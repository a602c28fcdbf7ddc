import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../local/functions'

/**
 * Size report of the production builds: the weapp main package (WeChat refuses one over 2 MB),
 * each subpackage, and the H5 total. Run after `npm run build:weapp` and `npm run build:h5`.
 */
const WEAPP = path.join(ROOT, 'dist', 'weapp')
const H5 = path.join(ROOT, 'dist', 'h5')
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? files(full) : [full]
  })
}

const bytes = (list: string[]) => list.reduce((sum, file) => sum + statSync(file).size, 0)

function main() {
  if (!existsSync(path.join(WEAPP, 'app.json'))) throw new Error('no weapp build: run npm run build:weapp first')
  const app = JSON.parse(readFileSync(path.join(WEAPP, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] }
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''))
  const all = files(WEAPP).map((file) => path.relative(WEAPP, file))
  const inRoot = (file: string, root: string) => file === root || file.startsWith(`${root}/`)
  const mainFiles = all.filter((file) => !roots.some((root) => inRoot(file, root)) && file !== 'project.config.json')
  const mainBytes = bytes(mainFiles.map((file) => path.join(WEAPP, file)))
  console.log(`main package: ${mainBytes} bytes${mainBytes > MAIN_PACKAGE_LIMIT ? ' (OVER the 2 MB limit)' : ''}`)
  for (const root of roots) {
    console.log(`subpackage ${root}: ${bytes(all.filter((file) => inRoot(file, root)).map((file) => path.join(WEAPP, file)))} bytes`)
  }
  if (existsSync(H5)) console.log(`h5 total: ${bytes(files(H5))} bytes`)
  else console.log('h5 total: not built (run npm run build:h5)')
  if (mainBytes > MAIN_PACKAGE_LIMIT) process.exit(1)
}

main()
