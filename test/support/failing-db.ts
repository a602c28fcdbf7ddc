import type { Database } from '../../cloudfunctions/core/cloudbase'

/** The calls that reach the database (each one round trip, a transaction counted as one). */
const TERMINAL = new Set(['get', 'update', 'updateAndReturn', 'set', 'add', 'count', 'remove', 'runTransaction'])

export class InjectedCrash extends Error {
  constructor(readonly step: number) {
    super(`injected crash before database call ${step}`)
  }
}

/**
 * The real database, except that the call numbered `crashAt` (1-based) and every call after it
 * throws before reaching the database: what a function sees when it dies at that line. Counts calls.
 */
export function failingDb(db: Database, crashAt: number): { db: Database; calls: () => number } {
  let calls = 0
  const wrap = (target: object): unknown =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver)
        if (typeof value !== 'function' || prop === 'constructor') return value
        return (...args: unknown[]) => {
          if (TERMINAL.has(String(prop))) {
            calls++
            if (calls >= crashAt) return Promise.reject(new InjectedCrash(calls))
            return value.apply(obj, args)
          }
          const result = value.apply(obj, args)
          return result && typeof result === 'object' && prop !== 'command' ? wrap(result) : result
        }
      },
    })
  return { db: wrap(db) as Database, calls: () => calls }
}
