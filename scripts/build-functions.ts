import { build, type BuildOptions, type Plugin } from 'esbuild'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { functionNames, ROOT } from '../local/functions'

/**
 * Bundle each cloud function (its code, the core and the CloudBase SDK) into one CommonJS file:
 * dist/cloudfunctions/<name>/{index.js,package.json}, the folder `tcb fn deploy` uploads.
 *
 * Two things keep a function light to start:
 * - every `import('./x')` of the function's own modules becomes its own file beside index.js,
 *   required on first use (the activity function's roster export, which carries exceljs);
 * - parts of the SDK our functions never call are left out (see UNBUNDLED_SDK_PARTS), and so are
 *   zod's locales other than zh-CN.
 */
const OUT_ROOT = path.join(ROOT, 'dist', 'cloudfunctions')

/** The goal of issue #12: no deployed file of a function above 1.2 MB (decimal, as the issue measures). */
export const FUNCTION_BUNDLE_LIMIT = 1_200_000

/**
 * SDK modules no function of ours uses, replaced by a stub that throws when touched:
 * `app.ai()` (@cloudbase/ai with its web-streams polyfill and the @cloudbase/app adapter stack) and
 * the data-model / MySQL clients (`app.models`, `app.mysql()`, @cloudbase/wx-cloud-client-sdk;
 * the SDK builds `app.models` inside a try/catch at init and leaves it undefined when that throws).
 * Database, storage, functions and auth are untouched.
 */
const UNBUNDLED_SDK_PARTS: { importer: RegExp; request: string; what: string }[] = [
  { importer: /@cloudbase[\\/]node-sdk[\\/]dist[\\/]cloudbase\.js$/, request: './ai', what: 'app.ai() (@cloudbase/ai)' },
  { importer: /@cloudbase[\\/]node-sdk[\\/]dist[\\/]cloudbase\.js$/, request: '@cloudbase/wx-cloud-client-sdk', what: 'app.models / app.mysql() (@cloudbase/wx-cloud-client-sdk)' },
]

const leaveOutUnusedSdkParts: Plugin = {
  name: 'leave-out-unused-sdk-parts',
  setup(b) {
    b.onResolve({ filter: /^(\.\/ai|@cloudbase\/wx-cloud-client-sdk)$/ }, (args) => {
      const part = UNBUNDLED_SDK_PARTS.find((p) => p.request === args.path && p.importer.test(args.importer))
      return part ? { path: part.what, namespace: 'unbundled-sdk-part' } : undefined
    })
    b.onLoad({ filter: /.*/, namespace: 'unbundled-sdk-part' }, (args) => ({
      loader: 'js',
      contents: `
        const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not bundled into this cloud function (scripts/build-functions.ts)`)}) }
        module.exports = { __esModule: true, createAI: fail, default: { generateHTTPClient: fail, generateMySQLClient: fail } }
      `,
    }))
  },
}

/**
 * zod re-exports all of its ~60 locales (`z.locales`, ~260 KB minified) from one index module; the
 * functions speak Chinese only (core/validation.ts), so that index is cut down to zh-CN.
 */
const onlyChineseZodLocale: Plugin = {
  name: 'only-chinese-zod-locale',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: path.resolve(args.resolveDir, '../locales'), namespace: 'zod-locales' } : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      loader: 'js',
      resolveDir: args.path,
      contents: `export { default as zhCN } from './zh-CN.js'`,
    }))
  },
}

/** `import('./x')` of a function's own module: left as a require of `./x.js`, which is bundled on its own. */
function deferDynamicImports(deferred: Set<string>): Plugin {
  return {
    name: 'defer-dynamic-imports',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined
        const base = path.resolve(args.resolveDir, args.path)
        const file = ['.ts', '/index.ts', ''].map((ext) => base + ext).find((f) => existsSync(f) && statSync(f).isFile())
        if (!file) return { errors: [{ text: `cannot resolve ${args.path}` }] }
        deferred.add(file)
        return { path: `./${path.basename(file).replace(/\.ts$/, '')}.js`, external: true }
      })
    },
  }
}

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [leaveOutUnusedSdkParts, onlyChineseZodLocale],
}

/** Builds one function's folder; returns each file's size in bytes. */
export async function buildFunction(name: string, outRoot = OUT_ROOT): Promise<Record<string, number>> {
  const outDir = path.join(outRoot, name)
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  const deferred = new Set<string>()
  const bundle = (entry: string, outfile: string) =>
    build({ ...common, entryPoints: [entry], outfile: path.join(outDir, outfile), plugins: [...common.plugins!, deferDynamicImports(deferred)] })
  await bundle(path.join(ROOT, 'cloudfunctions', name, 'index.ts'), 'index.js')
  const done = new Set<string>()
  // a deferred module may defer others in turn
  for (let pending = [...deferred]; pending.length; pending = [...deferred].filter((f) => !done.has(f))) {
    for (const file of pending) {
      done.add(file)
      await bundle(file, `${path.basename(file).replace(/\.ts$/, '')}.js`)
    }
  }
  writeFileSync(
    path.join(outDir, 'package.json'),
    `${JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', description: `公益苍南 cloud function: ${name}` }, null, 2)}\n`,
  )
  return Object.fromEntries(readdirSync(outDir).filter((f) => f.endsWith('.js')).map((f) => [f, statSync(path.join(outDir, f)).size]))
}

async function main() {
  const started = Date.now()
  let over = false
  for (const name of functionNames()) {
    const sizes = await buildFunction(name)
    console.log(`${name}: ${Object.entries(sizes).map(([file, bytes]) => `${file} ${bytes} bytes`).join(', ')}`)
    for (const [file, bytes] of Object.entries(sizes)) {
      if (bytes > FUNCTION_BUNDLE_LIMIT) {
        over = true
        console.warn(`  ${name}/${file} is over the ${FUNCTION_BUNDLE_LIMIT} byte goal`)
      }
    }
  }
  console.log(`built ${functionNames().length} function(s) in ${Date.now() - started} ms → ${path.relative(ROOT, OUT_ROOT)}${over ? ' (some files over the size goal)' : ''}`)
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
