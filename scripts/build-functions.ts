import { build } from 'esbuild'
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { functionNames, ROOT } from '../local/functions'

/**
 * Bundle each cloud function (its code, the core and the CloudBase SDK) into one CommonJS file:
 * dist/cloudfunctions/<name>/{index.js,package.json}, the folder `tcb fn deploy` uploads.
 */
const OUT_ROOT = path.join(ROOT, 'dist', 'cloudfunctions')

async function buildFunction(name: string) {
  const outDir = path.join(OUT_ROOT, name)
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  await build({
    entryPoints: [path.join(ROOT, 'cloudfunctions', name, 'index.ts')],
    outfile: path.join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  })
  writeFileSync(
    path.join(outDir, 'package.json'),
    `${JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', description: `公益苍南 cloud function: ${name}` }, null, 2)}\n`,
  )
  return statSync(path.join(outDir, 'index.js')).size
}

async function main() {
  const started = Date.now()
  for (const name of functionNames()) {
    const bytes = await buildFunction(name)
    console.log(`${name}: ${bytes} bytes`)
  }
  console.log(`built ${functionNames().length} function(s) in ${Date.now() - started} ms → ${path.relative(ROOT, OUT_ROOT)}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
