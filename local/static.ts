import { createReadStream, promises as fs } from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'

/**
 * The H5 build as the local host serves it: brotli or gzip by the browser's Accept-Encoding,
 * compressed once per file version and kept in memory; hashed assets cached for a year,
 * everything else revalidated by ETag. Paths outside the build fall back to index.html (the
 * app's hash router does the rest).
 */

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.map': 'application/json',
}

/** Worth compressing: text formats, above a size where the headers would eat the gain. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt', '.map', '.ttf', '.ico'])
const MIN_COMPRESS_BYTES = 1024

/** Webpack's content hashes in names (`app.1a2b3c4d.js`, `12.8f9e0a1b.css`): such a file never changes. */
const HASHED_NAME = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i

export type Encoding = 'br' | 'gzip' | 'identity'

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/** Compressed bodies by file, version and encoding; oldest dropped past the budget. */
const cache = new Map<string, Promise<Buffer>>()
const cachedBytes = new Map<string, number>()
const CACHE_BUDGET_BYTES = 64 * 1024 * 1024
let cacheTotal = 0

function remember(key: string, body: Promise<Buffer>): Promise<Buffer> {
  cache.set(key, body)
  body.then(
    (buffer) => {
      if (cache.get(key) !== body) return
      cachedBytes.set(key, buffer.length)
      cacheTotal += buffer.length
      for (const [oldest] of cache) {
        if (cacheTotal <= CACHE_BUDGET_BYTES || oldest === key) break
        cacheTotal -= cachedBytes.get(oldest) ?? 0
        cachedBytes.delete(oldest)
        cache.delete(oldest)
      }
    },
    () => cache.delete(key),
  )
  return body
}

/** br when the browser takes it, else gzip, else none (q=0 refuses). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, ...params]) => !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p)))
      .map(([name]) => name.trim().toLowerCase()),
  )
  if (accepted.has('br')) return 'br'
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip'
  return 'identity'
}

async function compressed(file: string, version: string, encoding: 'br' | 'gzip', size: number): Promise<Buffer> {
  const key = `${file}\0${version}\0${encoding}`
  const hit = cache.get(key)
  if (hit) return hit
  return remember(
    key,
    fs.readFile(file).then((raw) =>
      encoding === 'br'
        ? brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size } })
        : gzip(raw, { level: 9 }),
    ),
  )
}

/** The file a URL path names inside `dir`, or null when it would leave it or is not a file. */
async function resolveFile(dir: string, urlPath: string): Promise<{ file: string; stat: import('node:fs').Stats } | null> {
  const file = path.join(dir, path.normalize(urlPath))
  const relative = path.relative(dir, file)
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null
  const stat = await fs.stat(file).catch(() => null)
  return stat?.isFile() ? { file, stat } : null
}

/** Serve `req` from the H5 build in `dir` (null or unbuilt: a 503 saying how to build it). */
export async function serveStaticFile(dir: string | null, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const root = dir ? path.resolve(dir) : null
  const index = root ? await resolveFile(root, 'index.html') : null
  if (!root || !index) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('H5 应用尚未构建：请先运行 npm run build:h5')
    return
  }
  let urlPath: string
  try {
    urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname)
  } catch {
    urlPath = '/'
  }
  const found = (urlPath.includes('\0') ? null : await resolveFile(root, urlPath)) ?? index
  const { file, stat } = found
  const ext = path.extname(file).toLowerCase()
  const compressible = COMPRESSIBLE.has(ext) && stat.size >= MIN_COMPRESS_BYTES
  const encoding = compressible ? chooseEncoding(req.headers['accept-encoding']) : 'identity'
  const version = `${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}`
  const etag = `"${version}${encoding === 'identity' ? '' : `-${encoding}`}"`
  const headers: http.OutgoingHttpHeaders = {
    'content-type': MIME[ext] ?? 'application/octet-stream',
    'cache-control': HASHED_NAME.test(path.basename(file)) ? 'public, max-age=31536000, immutable' : 'no-cache',
    etag,
    ...(compressible ? { vary: 'Accept-Encoding' } : {}),
  }
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers)
    res.end()
    return
  }
  if (encoding === 'identity') {
    res.writeHead(200, { ...headers, 'content-length': stat.size })
    if (req.method === 'HEAD') res.end()
    else createReadStream(file).pipe(res)
    return
  }
  const body = await compressed(file, version, encoding, stat.size)
  res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': body.length })
  res.end(req.method === 'HEAD' ? undefined : body)
}
