import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { DatabaseActions, type Params, type Reply } from './actions'
import { Engine } from './engine'
import { CloudbaseError, invalidParam } from './errors'
import { FileStorage, type StorageContext } from './storage'
import { Store } from './store'
import { TransactionManager } from './transactions'
import type { CollectionSpec } from './types'
import { closeServer, listen } from '../http'
import { handleService, SERVICE_PATH } from './wire'

export { SERVICE_PATH } from './wire'
export { FILES_PATH } from './storage'
export type { CollectionSpec, IndexSpec } from './types'

export interface LocalCloudbaseOptions {
  /** where the SQLite file and `files/` live; null keeps everything in memory (files in a temp dir) */
  dataDir: string | null
  /** created at start (indexes re-declared); `addCollection` creates more */
  collections: CollectionSpec[]
  /** origin used to build upload/temp URLs, e.g. http://127.0.0.1:3000 (default: the request's Host) */
  publicUrl?: () => string
  /** an open transaction is aborted (its locks released) this long after it started; default 30 s */
  transactionTimeoutMs?: number
}

export interface LocalCloudbase {
  /** Serves SERVICE_PATH and the file routes under FILES_PATH; false if the request is not its own. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean
  /** The in-process wire path: the same reply objects as over HTTP (errors as `{ code, message }`). */
  execute(action: string, params: Record<string, unknown>): Promise<unknown>
  /** How queries run, for tests and benchmarks (not part of CloudBase). */
  inspect: QueryInspector
  close(): void
}

export interface QueryInspector {
  /** Documents read from SQLite since start: what a query touched. */
  docsRead(): number
  /** Index rows deleted or inserted by document writes since start: what a write touched. */
  indexRowsWritten(): number
  /** The plan of a query (relaxed values, as mingo takes them): the index read, the residual filter and SQLite's steps. */
  explain(collection: string, query: Record<string, unknown>, order?: Record<string, 1 | -1>): { index: string | null; residual: unknown; steps: string[] }
}

type Handler = (params: Params, context: StorageContext) => Reply | Promise<Reply>

/** A CloudBase-compatible document database and file storage the real @cloudbase/node-sdk talks to. */
export function createLocalCloudbase(options: LocalCloudbaseOptions): LocalCloudbase {
  const store = new Store(options.dataDir)
  let engine: Engine | null = null
  const transactions = new TransactionManager(() => engine as Engine, options.transactionTimeoutMs ?? 30_000)
  try {
    engine = new Engine(store, () => transactions.floor())
    engine.declare(options.collections)
  } catch (error) {
    transactions.close()
    store.close()
    throw error
  }
  const filesRoot = options.dataDir ? path.join(options.dataDir, 'files') : mkdtempSync(path.join(os.tmpdir(), 'local-cloudbase-files-'))
  const storage = new FileStorage(filesRoot, store.meta('file-signing-secret', () => randomBytes(32).toString('hex')))
  const handlers: Record<string, Handler> = { ...new DatabaseActions(engine, transactions).handlers, ...storage.handlers }
  let closed = false

  async function execute(action: string, params: Record<string, unknown>, origin: string): Promise<unknown> {
    const requestId = randomBytes(12).toString('hex')
    try {
      if (closed) throw new CloudbaseError('SYS_ERR', 'the local CloudBase is closed')
      const handler = handlers[action]
      if (!handler) throw invalidParam(`action not supported by the local CloudBase: ${action}`)
      return { requestId, ...(await handler(params, { origin })) }
    } catch (error) {
      if (error instanceof CloudbaseError) return { code: error.code, message: error.message, requestId }
      console.error(JSON.stringify({ level: 'error', where: 'local-cloudbase', action, error: String((error as Error)?.stack ?? error) }))
      return { code: 'SYS_ERR', message: String((error as Error)?.message ?? error), requestId }
    }
  }

  const originOf = (req?: http.IncomingMessage) =>
    options.publicUrl?.() || (req?.headers.host ? `http://${req.headers.host}` : 'http://127.0.0.1')

  return {
    handle(req, res) {
      const { pathname } = new URL(req.url ?? '/', 'http://local')
      if (pathname === SERVICE_PATH) {
        handleService(req, res, originOf(req), execute)
        return true
      }
      return storage.handle(req, res)
    },
    execute: (action, params) => execute(action, params, originOf()),
    inspect: {
      docsRead: () => (engine as Engine).docsRead,
      indexRowsWritten: () => store.indexRowsWritten,
      explain(collection, query, order) {
        const state = (engine as Engine).collection(collection)
        const { plan, steps } = (engine as Engine).explain(state, query, Object.entries(order ?? {}))
        return { index: plan.index?.spec.name ?? (plan.ids ? '_id' : null), residual: plan.residual, steps }
      },
    },
    close() {
      if (closed) return
      closed = true
      transactions.close()
      store.close()
      storage.close(options.dataDir === null)
    },
  }
}

/** A local CloudBase on its own HTTP server (port 0: any free port). */
export async function startLocalCloudbase(
  options: Omit<LocalCloudbaseOptions, 'publicUrl'> & { port?: number; host?: string },
): Promise<{ origin: string; serviceUrl: string; cloudbase: LocalCloudbase; close(): Promise<void> }> {
  const host = options.host ?? '127.0.0.1'
  let origin = ''
  const cloudbase = createLocalCloudbase({ ...options, publicUrl: () => origin })
  const server = http.createServer((req, res) => {
    if (!cloudbase.handle(req, res)) {
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end('not found')
    }
  })
  try {
    origin = await listen(server, options.port ?? 0, host)
  } catch (error) {
    cloudbase.close()
    throw error
  }
  return {
    origin,
    serviceUrl: `${origin}${SERVICE_PATH}`,
    cloudbase,
    close: () => closeServer(server, () => cloudbase.close()),
  }
}
