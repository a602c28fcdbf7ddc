import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Envelope } from '../cloudfunctions/core/errors'

/** A cloud function's entry, as CloudBase calls it. */
export type FunctionMain = (event: unknown, context: unknown) => Promise<Envelope<unknown>>

export const ROOT = path.resolve(__dirname, '..')

interface CloudbaseRc {
  functions: { name: string }[]
}

/** The deployed functions, read from cloudbaserc.json: the one list the deploy, the build and the host share. */
export function functionNames(): string[] {
  const rc = JSON.parse(readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8')) as CloudbaseRc
  return rc.functions.map((f) => f.name)
}

/**
 * Where the host loads functions from: `source` runs the TypeScript directly (npm start);
 * `dist` runs the esbuild bundles that would be deployed.
 */
export type FunctionSource = 'source' | 'dist'

/** The folder holding `<name>/index.ts` (source) or `<name>/index.js` (dist). */
export const functionsDir = (source: FunctionSource) => (source === 'dist' ? path.join(ROOT, 'dist', 'cloudfunctions') : path.join(ROOT, 'cloudfunctions'))

const FUNCTION_NAME = /^[a-z][a-z0-9-]{0,63}$/

/** Loads a function's `main` once and keeps it; the caller decides which names are deployed. */
export function createFunctionLoader(source: FunctionSource, dir = functionsDir(source)) {
  const cache = new Map<string, FunctionMain>()
  return function load(name: string): FunctionMain {
    const cached = cache.get(name)
    if (cached) return cached
    if (!FUNCTION_NAME.test(name)) throw new Error(`not a function name: ${JSON.stringify(name)}`)
    const file = path.join(dir, name, source === 'dist' ? 'index.js' : 'index.ts')
    if (!existsSync(file)) throw new Error(`function ${name} not found at ${file}${source === 'dist' ? ' (run npm run build:functions)' : ''}`)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { main?: FunctionMain }
    if (typeof mod.main !== 'function') throw new Error(`function ${name} does not export main`)
    cache.set(name, mod.main)
    return mod.main
  }
}
