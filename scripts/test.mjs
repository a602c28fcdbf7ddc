// `npm test`: type-check, build what the tests exercise (function bundles, the H5 and weapp apps),
// run every jest project (unit, functions, database, components, end-to-end), print one summary line.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => path.join(root, 'node_modules', '.bin', name)
const jestArgs = process.argv.slice(2)
// The tests' own H5 build: never dist/h5, which a running `npm start` may be serving.
// test/e2e/support.ts serves the same folder (it reads TARO_OUTPUT_ROOT, default dist/h5-test).
const H5_TEST_OUTPUT = process.env.TARO_OUTPUT_ROOT || 'dist/h5-test'

function step(label, command, args, env = {}) {
  const started = Date.now()
  console.log(`\n▶ ${label}`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status !== 0) {
    console.error(`✖ ${label} failed after ${seconds} s`)
    return false
  }
  console.log(`✔ ${label} (${seconds} s)`)
  return true
}

const built =
  step('type-check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) &&
  step('bundle cloud functions', bin('tsx'), ['scripts/build-functions.ts']) &&
  step(`build H5 app (into ${H5_TEST_OUTPUT})`, bin('taro'), ['build', '--type', 'h5'], { NODE_ENV: 'production', TARO_OUTPUT_ROOT: H5_TEST_OUTPUT }) &&
  step('build weapp app', bin('taro'), ['build', '--type', 'weapp'], { NODE_ENV: 'production' }) &&
  step('size report', bin('tsx'), ['scripts/size.ts'], { TARO_OUTPUT_ROOT: H5_TEST_OUTPUT })
if (!built) {
  console.log('\n0 passed, 1 failed')
  process.exit(1)
}

const resultsFile = path.join(root, '.jest-results.json')
rmSync(resultsFile, { force: true })
const jestOk = step('jest (unit, functions, database, components, e2e)', bin('jest'), ['--ci', '--json', `--outputFile=${resultsFile}`, ...jestArgs], { NODE_ENV: 'test', TARO_OUTPUT_ROOT: H5_TEST_OUTPUT })
if (!existsSync(resultsFile)) {
  console.log('\n0 passed, 1 failed')
  process.exit(1)
}
const results = JSON.parse(readFileSync(resultsFile, 'utf8'))
// a suite that fails to load has no failing test of its own: count it as one failure
const brokenSuites = results.numRuntimeErrorTestSuites ?? 0
console.log(`\ntest suites: ${results.numPassedTestSuites} passed, ${results.numFailedTestSuites} failed`)
console.log(`${results.numPassedTests} passed, ${results.numFailedTests + brokenSuites} failed`)
process.exit(jestOk && results.success ? 0 : 1)
