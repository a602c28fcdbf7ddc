import { createReadStream, existsSync, statSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { collections } from '../cloudfunctions/core/collections'
import { now, setClock } from '../cloudfunctions/core/clock'
import { AppError, type Envelope } from '../cloudfunctions/core/errors'
import { storeFile } from '../cloudfunctions/core/storage.store'
import { createLocalCloudbase, SERVICE_PATH } from './database'
import { closeServer, listen, readBody, readBytes, sendJson } from './http'
import { createFunctionLoader, type FunctionSource, ROOT } from './functions'
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
}

export interface RunningHost {
  url: string
  serviceUrl: string
  close(): Promise<void>
}

const MAX_BODY_BYTES = 1024 * 1024
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
/** Demo identities and test callers: short, printable ids only. */
const DEV_OPENID = /^[A-Za-z0-9_-]{1,64}$/

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.json': 'application/json', '.ico': 'image/x-icon',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
}

const failure = (code: ConstructorParameters<typeof AppError>[0], message?: string): Envelope<never> => ({ ok: false, error: new AppError(code, message).toBody() })

function serveStatic(h5Dir: string | null, req: http.IncomingMessage, res: http.ServerResponse) {
  if (!h5Dir || !existsSync(path.join(h5Dir, 'index.html'))) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('H5 应用尚未构建：请先运行 npm run build:h5')
    return
  }
  const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname)
  let file = path.normalize(path.join(h5Dir, urlPath))
  if (!file.startsWith(h5Dir) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(h5Dir, 'index.html')
  const ext = path.extname(file)
  const cache = ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable'
  res.writeHead(200, { 'content-type': MIME[ext] ?? 'application/octet-stream', 'cache-control': cache })
  createReadStream(file).pipe(res)
}

/**
 * The local stack in one HTTP server: the CloudBase-compatible database and storage the SDK talks
 * to, the function host (`POST /api/functions/:name`, identity from `X-Dev-Openid` injected into
 * the WeChat context), and the H5 build.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  let origin = ''
  const cloudbase = createLocalCloudbase({ dataDir: options.dataDir, collections, publicUrl: () => origin })
  const loadFunction = createFunctionLoader(options.functionSource)

  async function callFunction(name: string, req: http.IncomingMessage): Promise<Envelope<unknown>> {
    const body = await readBody(req, MAX_BODY_BYTES)
    if (body === null) return failure('INVALID_ARGUMENT', '请求内容过大')
    let event: unknown
    try {
      event = JSON.parse(body || '{}')
    } catch {
      return failure('INVALID_ARGUMENT', '请求内容不是有效的 JSON')
    }
    const main = await loadFunction(name)
    if (!main) return failure('NOT_FOUND', `云函数不存在：${name}`)
    const header = req.headers['x-dev-openid']
    const openid = typeof header === 'string' && DEV_OPENID.test(header) ? header : null
    return main(event, wechatContext({ openid, functionName: name }))
  }

  /**
   * H5 uploads (what `Taro.cloud.uploadFile` does in WeChat): `POST /api/files?cloudPath=…` with the
   * file as the body. A caller may write only inside their own folder under a wish.
   */
  async function uploadFile(req: http.IncomingMessage, url: URL): Promise<Envelope<{ fileID: string }>> {
    const header = req.headers['x-dev-openid']
    const openid = typeof header === 'string' && DEV_OPENID.test(header) ? header : null
    if (!openid) return failure('UNAUTHENTICATED')
    const cloudPath = url.searchParams.get('cloudPath') ?? ''
    const allowed = new RegExp(`^(wishes|aid)/[A-Za-z0-9_-]{1,64}/${openid}/[A-Za-z0-9_.-]{1,80}$`)
    if (!allowed.test(cloudPath)) return failure('FORBIDDEN', '只能上传到自己的文件夹')
    const content = await readBytes(req, MAX_UPLOAD_BYTES)
    if (content === null) return failure('INVALID_ARGUMENT', `文件不能超过${MAX_UPLOAD_BYTES / 1024 / 1024}MB`)
    if (content.length === 0) return failure('INVALID_ARGUMENT', '文件为空')
    return { ok: true, data: { fileID: await storeFile(cloudPath, content) } }
  }

  let restoreClock: (() => void) | null = null
  /** The functions' clock runs from `at`, ticking on with the wall clock. */
  async function moveClock(req: http.IncomingMessage): Promise<string> {
    const body = JSON.parse((await readBody(req, 1024)) || '{}') as { at?: string; reset?: boolean }
    restoreClock?.()
    restoreClock = null
    if (!body.reset) {
      const target = new Date(String(body.at)).getTime()
      if (Number.isNaN(target)) throw new Error('bad time')
      const offset = target - Date.now()
      restoreClock = setClock(() => new Date(Date.now() + offset))
    }
    return now().toISOString()
  }

  const server = http.createServer((req, res) => {
    if (cloudbase.handle(req, res)) return
    const url = new URL(req.url ?? '/', 'http://local')
    const fn = /^\/api\/functions\/([^/]+)$/.exec(url.pathname)
    if (fn) {
      if (req.method !== 'POST') return sendJson(res, failure('INVALID_ARGUMENT', '请使用 POST 调用云函数'))
      callFunction(decodeURIComponent(fn[1]), req)
        .then((reply) => sendJson(res, reply))
        .catch((error: unknown) => {
          console.error(JSON.stringify({ level: 'error', where: 'host', function: fn[1], error: String((error as Error)?.stack ?? error) }))
          sendJson(res, failure('INTERNAL'))
        })
      return
    }
    if (url.pathname === '/api/health') return sendJson(res, { ok: true })
    if (url.pathname === '/api/files' && req.method === 'POST') {
      uploadFile(req, url)
        .then((reply) => sendJson(res, reply))
        .catch((error: unknown) => {
          console.error(JSON.stringify({ level: 'error', where: 'host', upload: url.searchParams.get('cloudPath'), error: String((error as Error)?.stack ?? error) }))
          sendJson(res, failure('INTERNAL'))
        })
      return
    }
    if (url.pathname === '/api/dev/clock' && options.allowDevClock && req.method === 'POST') {
      moveClock(req)
        .then((now) => sendJson(res, { ok: true, data: { now } }))
        .catch(() => sendJson(res, failure('INVALID_ARGUMENT', '时间格式不正确')))
      return
    }
    if (url.pathname.startsWith('/api/')) return sendJson(res, failure('NOT_FOUND', '接口不存在'), 404)
    serveStatic(options.h5Dir, req, res)
  })

  origin = await listen(server, options.port, options.host)

  // The functions in this process reach the database through the real SDK, over loopback.
  Object.assign(process.env, {
    TCB_ENV: 'local',
    TCB_SERVICE_URL: `${origin}${SERVICE_PATH}`,
    TCB_SECRET_ID: 'local',
    TCB_SECRET_KEY: 'local',
    TENCENTCLOUD: 'true',
  })

  return {
    url: origin,
    serviceUrl: `${origin}${SERVICE_PATH}`,
    close: () => closeServer(server, () => cloudbase.close()),
  }
}

export const DEFAULT_H5_DIR = path.join(ROOT, 'dist', 'h5')
