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

export function createFunctionLoader(source: FunctionSource) {
  const names = new Set(functionNames())
  const cache = new Map<string, FunctionMain>()
  return async function load(name: string): Promise<FunctionMain | null> {
    if (!names.has(name)) return null
    const cached = cache.get(name)
    if (cached) return cached
    const file = source === 'dist'
      ? path.join(ROOT, 'dist', 'cloudfunctions', name, 'index.js')
      : path.join(ROOT, 'cloudfunctions', name, 'index.ts')
    if (!existsSync(file)) throw new Error(`function ${name} not found at ${file}${source === 'dist' ? ' (run npm run build:functions)' : ''}`)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { main?: FunctionMain }
    if (typeof mod.main !== 'function') throw new Error(`function ${name} does not export main`)
    cache.set(name, mod.main)
    return mod.main
  }
}
