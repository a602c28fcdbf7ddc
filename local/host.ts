import http from 'node:http'
import path from 'node:path'
import { collections } from '../cloudfunctions/core/collections'
import { type CloudbaseApp, createApp } from '../cloudfunctions/core/cloudbase'
import { projectPhotoFolder } from '../cloudfunctions/core/venture/project.photos'
import { AppError, type Envelope } from '../cloudfunctions/core/errors'
import { storeFile } from '../cloudfunctions/core/storage.store'
import { createLocalCloudbase, SERVICE_PATH } from './database'
import { closeServer, listen, readBody, readBytes, sendJson } from './http'
import { startFunctionWorkers, type FunctionWorkers } from './function-workers'
import { functionNames, type FunctionSource, ROOT } from './functions'
import { serveStaticFile } from './static'
import { wechatContext } from './wechat-context'

export interface HostOptions {
  port: number
  host: string
  /** null: keep everything in memory (tests). */
  dataDir: string | null
  /** The H5 build to serve; null serves no app. */
  h5Dir: string | null
  functionSource: FunctionSource
  /**
   * Accept `POST /api/dev/clock` `{ "at": ISO }` (or `{ "reset": true }`) to move the functions' clock,
   * for end-to-end tests of time windows. Local only; never on unless asked for.
   */
  allowDevClock?: boolean
  /** How long a client may take to send its headers / its whole request (slow clients are cut off). */
  timeouts?: { headersMs?: number; requestMs?: number; checkEveryMs?: number }
  /**
   * Work that must finish before anything but the database is served (the demo seed, which reaches
   * the database through this server). Until it has, function and app requests wait; if it fails,
   * they get INTERNAL and `ready` rejects.
   */
  beforeServing?: () => Promise<unknown>
  /** How many function instances (worker threads) run the functions; default `defaultInstanceCount()`. */
  functionInstances?: number
}

export interface RunningHost {
  url: string
  serviceUrl: string
  /** Settles when `beforeServing` has (at once without it). */
  ready: Promise<void>
  close(): Promise<void>
}

const MAX_BODY_BYTES = 1024 * 1024
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
/** Demo identities and test callers: short, printable ids only. */
const DEV_OPENID = /^[A-Za-z0-9_-]{1,64}$/

/** A request target split without throwing: the raw path, its decoded form (null when malformed), the query. */
interface Target {
  path: string
  decoded: string | null
  query: URLSearchParams
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}

/** null when the target is not an origin-form path (`/…`): nothing here serves anything else. */
function parseTarget(raw: string | undefined): Target | null {
  if (!raw || !raw.startsWith('/')) return null
  const end = raw.search(/[?#]/)
  const path = end === -1 ? raw : raw.slice(0, end)
  const query = new URLSearchParams(end === -1 || raw[end] === '#' ? '' : raw.slice(end + 1).split('#')[0])
  return { path, decoded: safeDecode(path), query }
}

function sendPlain(res: http.ServerResponse, status: number, text: string) {
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

const failure = (code: ConstructorParameters<typeof AppError>[0], message?: string): Envelope<never> => ({ ok: false, error: new AppError(code, message).toBody() })

/**
 * The local stack in one HTTP server: the CloudBase-compatible database and storage the SDK talks
 * to, the function host (`POST /api/functions/:name`, identity from `X-Dev-Openid` injected into
 * the WeChat context), and the H5 build.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  let origin = ''
  const cloudbase = createLocalCloudbase({ dataDir: options.dataDir, collections, publicUrl: () => origin })
  const deployed = new Set(functionNames())
  let functions: FunctionWorkers | null = null
  /** This host's own SDK client for uploads (another host in the same process, as in tests, has its own). */
  let storage: CloudbaseApp | null = null

  async function callFunction(name: string, req: http.IncomingMessage): Promise<Envelope<unknown>> {
    const body = await readBody(req, MAX_BODY_BYTES)
    if (body === null) return failure('INVALID_ARGUMENT', '请求内容过大')
    let event: unknown
    try {
      event = JSON.parse(body || '{}')
    } catch {
      return failure('INVALID_ARGUMENT', '请求内容不是有效的 JSON')
    }
    if (event === null || typeof event !== 'object' || Array.isArray(event)) return failure('INVALID_ARGUMENT', '请求内容须为 JSON 对象')
    if (!deployed.has(name) || !functions) return failure('NOT_FOUND', `云函数不存在：${name}`)
    const header = req.headers['x-dev-openid']
    const openid = typeof header === 'string' && DEV_OPENID.test(header) ? header : null
    return functions.call(name, event, wechatContext({ openid, functionName: name }))
  }

  /**
   * H5 uploads (what `Taro.cloud.uploadFile` does in WeChat): `POST /api/files?cloudPath=…` with the
   * file as the body. A caller may write only inside their own folder under a wish, an aid programme or a funded project.
   */
  async function uploadFile(req: http.IncomingMessage, query: URLSearchParams): Promise<Envelope<{ fileID: string }>> {
    const header = req.headers['x-dev-openid']
    const openid = typeof header === 'string' && DEV_OPENID.test(header) ? header : null
    if (!openid) return failure('UNAUTHENTICATED')
    const cloudPath = query.get('cloudPath') ?? ''
    const allowed = new RegExp(`^(wishes|aid)/[A-Za-z0-9_-]{1,64}/${openid}/[A-Za-z0-9_.-]{1,80}$`)
    // a funded project's photos: the uploader's own folder under the project (keyed, so its links carry no openid)
    const project = /^venture\/([A-Za-z0-9_-]{1,80})\/[0-9a-f]{16}\/[A-Za-z0-9_.-]{1,80}$/.exec(cloudPath)
    const own = project ? cloudPath.startsWith(projectPhotoFolder(project[1], openid)) : allowed.test(cloudPath)
    if (!own) return failure('FORBIDDEN', '只能上传到自己的文件夹')
    const content = await readBytes(req, MAX_UPLOAD_BYTES)
    if (content === null) return failure('INVALID_ARGUMENT', `文件不能超过${MAX_UPLOAD_BYTES / 1024 / 1024}MB`)
    if (content.length === 0) return failure('INVALID_ARGUMENT', '文件为空')
    if (!storage) return failure('INTERNAL')
    return { ok: true, data: { fileID: await storeFile(cloudPath, content, storage) } }
  }

  /** The functions' clock runs from `at`, ticking on with the wall clock (in every function instance). */
  async function moveClock(req: http.IncomingMessage): Promise<string> {
    const body = JSON.parse((await readBody(req, 1024)) || '{}') as { at?: string; reset?: boolean }
    const target = body.reset ? null : new Date(String(body.at)).getTime()
    if (Number.isNaN(target)) throw new Error('bad time')
    const offset = target === null ? null : target - Date.now()
    functions?.setClockOffset(offset)
    return new Date(Date.now() + (offset ?? 0)).toISOString()
  }

  /** One request's failure stays that request's: answered if possible, never the process's end. */
  function guarded(req: http.IncomingMessage, res: http.ServerResponse, work: () => void) {
    try {
      work()
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', where: 'host', url: req.url, error: String((error as Error)?.stack ?? error) }))
      if (req.url?.startsWith('/api/')) sendJson(res, failure('INTERNAL'))
      else sendPlain(res, 500, '服务器内部错误')
    }
  }

  let isReady = !options.beforeServing
  let ready: Promise<void> = Promise.resolve()

  function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const target = parseTarget(req.url)
    // `//…` is no path this host serves, and `new URL` (used further in) throws on a bare `//`
    if (!target || target.path.startsWith('//')) return sendPlain(res, 400, '请求地址无效')
    if (cloudbase.handle(req, res)) return
    if (!isReady) {
      // held until the demo data is complete: a call now would see (and change) a half-written seed
      ready.then(
        () => guarded(req, res, () => serve(req, res, target)),
        () => (target.path.startsWith('/api/') ? sendJson(res, failure('INTERNAL')) : sendPlain(res, 503, '本地服务启动失败')),
      )
      return
    }
    serve(req, res, target)
  }

  function serve(req: http.IncomingMessage, res: http.ServerResponse, target: Target) {
    const isApi = target.path.startsWith('/api/')
    if (isApi) req.on('error', () => undefined) // a client gone mid-body: its reply has nowhere to go
    const fn = /^\/api\/functions\/([^/]+)$/.exec(target.path)
    if (fn) {
      const name = safeDecode(fn[1])
      if (req.method !== 'POST') return sendJson(res, failure('INVALID_ARGUMENT', '请使用 POST 调用云函数'))
      if (name === null) {
        req.resume()
        return sendJson(res, failure('NOT_FOUND', '云函数不存在'))
      }
      callFunction(name, req)
        .then((reply) => sendJson(res, reply))
        .catch((error: unknown) => {
          if (req.destroyed && !req.complete) return // the client went away before its body arrived
          console.error(JSON.stringify({ level: 'error', where: 'host', function: name, error: String((error as Error)?.stack ?? error) }))
          sendJson(res, failure('INTERNAL'))
        })
      return
    }
    if (target.path === '/api/health') return sendJson(res, { ok: true })
    if (target.path === '/api/files' && req.method === 'POST') {
      uploadFile(req, target.query)
        .then((reply) => sendJson(res, reply))
        .catch((error: unknown) => {
          if (req.destroyed && !req.complete) return
          console.error(JSON.stringify({ level: 'error', where: 'host', upload: target.query.get('cloudPath'), error: String((error as Error)?.stack ?? error) }))
          sendJson(res, failure('INTERNAL'))
        })
      return
    }
    if (target.path === '/api/dev/clock' && options.allowDevClock && req.method === 'POST') {
      moveClock(req)
        .then((now) => sendJson(res, { ok: true, data: { now } }))
        .catch(() => sendJson(res, failure('INVALID_ARGUMENT', '时间格式不正确')))
      return
    }
    if (isApi) return sendJson(res, failure('NOT_FOUND', '接口不存在'), 404)
    if (target.decoded === null) return sendPlain(res, 400, '请求地址无效')
    serveStaticFile(options.h5Dir, req, res).catch((error: unknown) => {
      console.error(JSON.stringify({ level: 'error', where: 'host', static: req.url, error: String((error as Error)?.stack ?? error) }))
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  }

  const timeouts = options.timeouts ?? {}
  const server = http.createServer(
    {
      // a slow client (headers or body trickling in) is cut off instead of holding a connection forever
      headersTimeout: timeouts.headersMs ?? 20_000,
      requestTimeout: timeouts.requestMs ?? 60_000,
      connectionsCheckingInterval: timeouts.checkEveryMs ?? 5_000,
    },
    (req, res) => guarded(req, res, () => route(req, res)),
  )
  // an unparsable request (bad request line or header, oversized headers): answer 400 and close
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (error.code === 'ECONNRESET')) return socket.destroy()
    const body = JSON.stringify(failure('INVALID_ARGUMENT', '请求格式无效'))
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request'
    socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`)
  })

  origin = await listen(server, options.port, options.host)

  // The function instances, and this process (the demo seed), reach the database through the real SDK over loopback.
  const sdkEnv = {
    TCB_ENV: 'local',
    TCB_SERVICE_URL: `${origin}${SERVICE_PATH}`,
    TCB_SECRET_ID: 'local',
    TCB_SECRET_KEY: 'local',
    TENCENTCLOUD: 'true',
  }
  Object.assign(process.env, sdkEnv)
  storage = createApp(sdkEnv)
  functions = startFunctionWorkers({ source: options.functionSource, env: { ...process.env, ...sdkEnv }, count: options.functionInstances })

  if (options.beforeServing) {
    const prepare = options.beforeServing
    ready = prepare().then(() => {
      isReady = true
    })
    ready.catch(() => undefined) // the caller hears of a failure through `ready`
  }

  return {
    url: origin,
    serviceUrl: `${origin}${SERVICE_PATH}`,
    ready,
    close: async () => {
      await functions?.close()
      await closeServer(server, () => cloudbase.close())
    },
  }
}

export const DEFAULT_H5_DIR = path.join(ROOT, 'dist', 'h5')
