import { parentPort, workerData } from 'node:worker_threads'
import { setClock } from '../cloudfunctions/core/clock'
import { createFunctionLoader, type FunctionSource } from './functions'

/**
 * One function instance of the local host, in a worker thread of its own (as each CloudBase
 * function runs in a container apart from the database): it loads the functions, calls
 * `main(event, context)` and posts the envelope back. Its SDK reaches the database over loopback.
 */

export interface WorkerSetup {
  source: FunctionSource
  /** where the functions' folders are (the project's, or a test's fixtures) */
  dir: string
  /** the host's dev-clock offset when the instance started (ms), null for the wall clock */
  clockOffsetMs: number | null
}

export type ToWorker =
  | { kind: 'call'; id: number; name: string; event: unknown; context: unknown }
  | { kind: 'clock'; offsetMs: number | null }

export type FromWorker = { kind: 'reply'; id: number; reply: unknown } | { kind: 'failed'; id: number; error: string }

const setup = workerData as WorkerSetup
const load = createFunctionLoader(setup.source, setup.dir)
let restoreClock: (() => void) | null = null

function useClock(offsetMs: number | null) {
  restoreClock?.()
  restoreClock = offsetMs === null ? null : setClock(() => new Date(Date.now() + offsetMs))
}

async function call({ id, name, event, context }: Extract<ToWorker, { kind: 'call' }>): Promise<FromWorker> {
  try {
    return { kind: 'reply', id, reply: await load(name)(event, context) }
  } catch (error) {
    return { kind: 'failed', id, error: String((error as Error)?.stack ?? error) }
  }
}

useClock(setup.clockOffsetMs)
parentPort?.on('message', (message: ToWorker) => {
  if (message.kind === 'clock') return useClock(message.offsetMs)
  void call(message).then((answer) => parentPort?.postMessage(answer))
})
