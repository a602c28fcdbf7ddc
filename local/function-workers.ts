import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Envelope } from '../cloudfunctions/core/errors'
import type { FromWorker, ToWorker, WorkerSetup } from './function-worker'
import { functionsDir, type FunctionSource } from './functions'

/**
 * The local host's function instances: worker threads that run the functions beside the database's
 * event loop instead of on it, as CloudBase runs them in containers apart from the database. A
 * function busy with CPU (a roster workbook, a crowd of sign-ups) no longer holds up every other
 * caller's database round trips. A call goes to the instance with the fewest calls under way; an
 * instance that dies fails the calls it held (the host answers INTERNAL) and is replaced by the next
 * call (not at once: one that cannot start never spins in a loop of restarts).
 */
export interface FunctionWorkers {
  call(name: string, event: unknown, context: unknown): Promise<Envelope<unknown>>
  /** Every instance's clock runs `offsetMs` ahead of the wall clock from now on (null: the wall clock). */
  setClockOffset(offsetMs: number | null): void
  close(): Promise<void>
}

export interface FunctionWorkersOptions {
  source: FunctionSource
  /** the functions' folders; default: the project's for `source` */
  dir?: string
  /** the environment instances start with (the SDK's service URL and credentials) */
  env: NodeJS.ProcessEnv
  /** how many instances; default `defaultInstanceCount()` */
  count?: number
}

/**
 * One instance per core the database's thread leaves free, at least one, at most two: each holds
 * its own copy of the SDK and the functions (~50 MB).
 */
export const defaultInstanceCount = () => Math.max(1, Math.min(2, os.availableParallelism() - 1))

/**
 * The instance's code is TypeScript, loaded as `npm start` loads the host: tsx's require hook, and
 * its import hooks for the `import()` of an export's workbook module.
 */
const BOOTSTRAP = [
  `require('node:module').register(${JSON.stringify(pathToFileURL(require.resolve('tsx/esm')).href)}, { data: {} })`,
  `require('tsx/cjs/api').register()`,
  `require(${JSON.stringify(path.join(__dirname, 'function-worker.ts'))})`,
].join(';\n')

interface Instance {
  worker: Worker
  pending: Map<number, { resolve: (reply: Envelope<unknown>) => void; reject: (error: Error) => void }>
}

export function startFunctionWorkers(options: FunctionWorkersOptions): FunctionWorkers {
  const dir = options.dir ?? functionsDir(options.source)
  let clockOffsetMs: number | null = null
  let nextId = 1
  let closing = false
  const instances: Array<Instance | null> = Array.from({ length: options.count ?? defaultInstanceCount() }, () => null)

  function start(slot: number): Instance {
    const setup: WorkerSetup = { source: options.source, dir, clockOffsetMs }
    const instance: Instance = { worker: new Worker(BOOTSTRAP, { eval: true, workerData: setup, env: options.env }), pending: new Map() }
    instance.worker.on('message', (message: FromWorker) => {
      const waiting = instance.pending.get(message.id)
      if (!waiting) return
      instance.pending.delete(message.id)
      if (message.kind === 'reply') waiting.resolve(message.reply as Envelope<unknown>)
      else waiting.reject(new Error(message.error))
    })
    let ended = false
    const end = (why: string) => {
      if (ended) return
      ended = true
      for (const waiting of instance.pending.values()) waiting.reject(new Error(`the function instance ended (${why}) during the call`))
      instance.pending.clear()
      if (instances[slot] === instance) instances[slot] = null
    }
    instance.worker.on('error', (error) => end(String(error?.stack ?? error)))
    instance.worker.on('exit', (code) => end(`exit code ${code}`))
    instances[slot] = instance
    return instance
  }

  instances.forEach((_, slot) => start(slot))

  /** The running instance with the fewest calls under way; a slot whose instance died gets a new one. */
  function pick(): Instance {
    const vacant = instances.indexOf(null)
    if (vacant !== -1) return start(vacant)
    return (instances as Instance[]).reduce((least, candidate) => (candidate.pending.size < least.pending.size ? candidate : least))
  }

  return {
    call(name, event, context) {
      if (closing) return Promise.reject(new Error('the function host is closing'))
      const instance = pick()
      const id = nextId++
      return new Promise((resolve, reject) => {
        instance.pending.set(id, { resolve, reject })
        instance.worker.postMessage({ kind: 'call', id, name, event, context } satisfies ToWorker)
      })
    },
    setClockOffset(offsetMs) {
      clockOffsetMs = offsetMs
      for (const instance of instances) instance?.worker.postMessage({ kind: 'clock', offsetMs } satisfies ToWorker)
    },
    async close() {
      closing = true
      await Promise.all(instances.map((instance) => instance?.worker.terminate()))
    },
  }
}
