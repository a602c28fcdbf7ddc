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
  return interceptedDb(db, (call) => (call >= crashAt ? Promise.reject(new InjectedCrash(call)) : null))
}

/**
 * The real database, except that the call numbered `pauseAt` (1-based) waits until `resume()` is
 * called before it reaches the database: a function held up at that line while others run.
 * `reached` settles when the paused call is made.
 */
export function pausingDb(db: Database, pauseAt: number): { db: Database; reached: Promise<void>; resume: () => void } {
  let resume = () => {}
  let arrived = () => {}
  const released = new Promise<void>((resolve) => (resume = resolve))
  const reached = new Promise<void>((resolve) => (arrived = resolve))
  const paused = interceptedDb(db, (call) => {
    if (call !== pauseAt) return null
    arrived()
    return released
  })
  return { db: paused.db, reached, resume }
}

/**
 * Wraps every terminal call (numbered from 1): `before(call)` returns null to let it through at
 * once, a rejected promise to fail it, or a promise to wait for before making it.
 */
function interceptedDb(db: Database, before: (call: number) => Promise<unknown> | null): { db: Database; calls: () => number } {
  let calls = 0
  const wrap = (target: object): unknown =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver)
        if (typeof value !== 'function' || prop === 'constructor') return value
        return (...args: unknown[]) => {
          if (TERMINAL.has(String(prop))) {
            const waitFor = before(++calls)
            return waitFor ? waitFor.then(() => value.apply(obj, args)) : value.apply(obj, args)
          }
          const result = value.apply(obj, args)
          return result && typeof result === 'object' && prop !== 'command' ? wrap(result) : result
        }
      },
    })
  return { db: wrap(db) as Database, calls: () => calls }
}
