import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, createWriteStream, rmSync } from 'node:fs'
import { mkdir, rename, rm, stat, unlink } from 'node:fs/promises'
import type http from 'node:http'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { invalidParam } from './errors'
import type { Params, Reply } from './actions'

/** Where uploads go and temp URLs point: `${origin}${FILES_PATH}/<cloudPath>`. */
export const FILES_PATH = '/tcb-files'
const UPLOAD_TTL_MS = 10 * 60_000
const DEFAULT_MAX_AGE_S = 24 * 3600
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.svg': 'image/svg+xml', '.pdf': 'application/pdf', '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json', '.mp4': 'video/mp4', '.mp3': 'audio/mpeg',
}

export interface StorageContext {
  /** origin the URLs are built on, e.g. http://127.0.0.1:3000 */
  origin: string
}

/**
 * File storage the SDK's uploadFile / getTempFileURL / downloadFile / deleteFile work against.
 * The SDK asks `storage.getUploadMetadata` for a signed URL and PUTs the bytes there (as it would
 * to COS); temp URLs are signed, expire, and are served by the same HTTP handler. Signatures are
 * HMACs with a secret kept in the database, so URLs survive a restart until they expire.
 */
export class FileStorage {
  constructor(
    private readonly root: string,
    private readonly secret: string,
  ) {}

  readonly handlers: Record<string, (params: Params, context: StorageContext) => Reply | Promise<Reply>> = {
    'storage.getUploadMetadata': (p, context) => {
      const cloudPath = checkPath(p.path)
      const expires = Date.now() + UPLOAD_TTL_MS
      const authorization = `q-sign-time=${expires}&q-signature=${this.sign('put', cloudPath, expires)}`
      const fileId = toFileId(String(p.envName || 'local'), cloudPath)
      return {
        data: {
          url: `${context.origin}${FILES_PATH}/${cloudPath.split('/').map(encodeURIComponent).join('/')}`,
          token: '',
          authorization,
          fileId,
          cosFileId: randomBytes(8).toString('hex'),
          download_url: this.downloadUrl(context.origin, cloudPath, DEFAULT_MAX_AGE_S),
        },
      }
    },
    'storage.batchGetDownloadUrl': async (p, context) => {
      if (!Array.isArray(p.file_list)) throw invalidParam('file_list must be an array')
      const download_list = await Promise.all(
        p.file_list.map(async (item: { fileid?: unknown; max_age?: unknown }) => {
          const fileID = String(item?.fileid ?? '')
          const cloudPath = fromFileId(fileID)
          if (cloudPath === null) return { fileID, tempFileURL: '', code: 'INVALID_PARAM' }
          if (!(await this.exists(cloudPath))) return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' }
          const maxAge = typeof item.max_age === 'number' && item.max_age > 0 ? item.max_age : DEFAULT_MAX_AGE_S
          return { fileID, tempFileURL: this.downloadUrl(context.origin, cloudPath, maxAge), code: 'SUCCESS' }
        }),
      )
      return { data: { download_list } }
    },
    'storage.batchDeleteFile': async (p) => {
      if (!Array.isArray(p.fileid_list)) throw invalidParam('fileid_list must be an array')
      const delete_list = await Promise.all(
        p.fileid_list.map(async (id: unknown) => {
          const fileID = String(id ?? '')
          const cloudPath = fromFileId(fileID)
          if (cloudPath === null) return { fileID, code: 'INVALID_PARAM' }
          try {
            await unlink(this.file(cloudPath))
            return { fileID, code: 'SUCCESS' }
          } catch {
            return { fileID, code: 'STORAGE_FILE_NONEXIST' }
          }
        }),
      )
      return { data: { delete_list } }
    },
  }

  /** PUT (upload) and GET/HEAD (temp URL) under FILES_PATH; false for any other request. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://local')
    if (!url.pathname.startsWith(`${FILES_PATH}/`)) return false
    let cloudPath: string
    try {
      cloudPath = checkPath(url.pathname.slice(FILES_PATH.length + 1).split('/').map(decodeURIComponent).join('/'))
    } catch {
      sendCosError(res, 400, 'InvalidURI', 'invalid file path')
      return true
    }
    const done = (error: unknown) => {
      // the reader went away (or the server is closing) before the last bytes: nothing failed here
      if ((error as NodeJS.ErrnoException | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE' && res.headersSent) return void res.destroy()
      console.error(JSON.stringify({ level: 'error', where: 'local-cloudbase storage', path: cloudPath, error: String(error) }))
      if (!res.headersSent) sendCosError(res, 500, 'InternalError', 'storage failure')
      else res.destroy()
    }
    if (req.method === 'PUT') this.upload(cloudPath, req, res).catch(done)
    else if (req.method === 'GET' || req.method === 'HEAD') this.download(cloudPath, url, req, res).catch(done)
    else sendCosError(res, 405, 'MethodNotAllowed', 'use PUT, GET or HEAD')
    return true
  }

  close(removeFiles: boolean): void {
    if (removeFiles) rmSync(this.root, { recursive: true, force: true })
  }

  private async upload(cloudPath: string, req: http.IncomingMessage, res: http.ServerResponse) {
    const auth = new URLSearchParams(String(req.headers.authorization ?? ''))
    const expires = Number(auth.get('q-sign-time'))
    if (!this.verify('put', cloudPath, expires, auth.get('q-signature')) || expires < Date.now()) {
      req.resume()
      return sendCosError(res, 403, 'AccessDenied', 'Access Denied: the upload signature is invalid or has expired')
    }
    const file = this.file(cloudPath)
    await mkdir(path.dirname(file), { recursive: true })
    const partial = `${file}.${randomBytes(6).toString('hex')}.part`
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_UPLOAD_BYTES) req.destroy(new Error('upload too large'))
    })
    try {
      await pipeline(req, createWriteStream(partial))
      await rename(partial, file)
    } catch (error) {
      await rm(partial, { force: true })
      throw error
    }
    res.writeHead(200, { 'content-length': 0, etag: `"${randomBytes(8).toString('hex')}"` })
    res.end()
  }

  private async download(cloudPath: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse) {
    const expires = Number(url.searchParams.get('t'))
    if (!this.verify('get', cloudPath, expires, url.searchParams.get('sign'))) {
      return sendCosError(res, 403, 'AccessDenied', 'Access Denied: invalid signature')
    }
    if (expires < Date.now()) return sendCosError(res, 403, 'AccessDenied', 'Request has expired')
    const file = this.file(cloudPath)
    const info = await stat(file).catch(() => null)
    if (!info?.isFile()) return sendCosError(res, 404, 'NoSuchKey', 'The specified key does not exist.')
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(cloudPath).toLowerCase()] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'private, max-age=60',
    })
    if (req.method === 'HEAD') return void res.end()
    await pipeline(createReadStream(file), res)
  }

  /** Temp URLs carry the raw path (the SDK's downloadFile encodeURI()s it, as it does COS URLs). */
  private downloadUrl(origin: string, cloudPath: string, maxAgeS: number): string {
    const expires = Date.now() + Math.round(maxAgeS * 1000)
    return `${origin}${FILES_PATH}/${cloudPath}?sign=${this.sign('get', cloudPath, expires)}&t=${expires}`
  }

  private async exists(cloudPath: string) {
    return (await stat(this.file(cloudPath)).catch(() => null))?.isFile() ?? false
  }

  private file(cloudPath: string) {
    return path.join(this.root, ...cloudPath.split('/'))
  }

  private sign(method: string, cloudPath: string, expires: number) {
    return createHmac('sha256', this.secret).update(`${method}\n${cloudPath}\n${expires}`).digest('hex')
  }

  private verify(method: string, cloudPath: string, expires: number, signature: string | null) {
    if (!Number.isFinite(expires) || !signature) return false
    const expected = Buffer.from(this.sign(method, cloudPath, expires))
    const given = Buffer.from(signature)
    return expected.length === given.length && timingSafeEqual(expected, given)
  }
}

/** A cloud path: relative, '/'-separated, no empty, '.' or '..' segments, no characters URLs reserve. */
function checkPath(value: unknown): string {
  if (typeof value !== 'string' || !value || value.length > 1024) throw invalidParam('cloudPath must be a non-empty string')
  const segments = value.split('/')
  if (segments.some((s) => !s || s === '.' || s === '..') || /[?#%\\\u0000-\u001f]/.test(value)) {
    throw invalidParam(`invalid cloudPath: ${value}`)
  }
  return value
}

const toFileId = (env: string, cloudPath: string) => `cloud://${env}.${env}-local/${cloudPath}`

function fromFileId(fileID: string): string | null {
  const match = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID)
  if (!match) return null
  try {
    return checkPath(match[1])
  } catch {
    return null
  }
}

/** Errors the way COS answers them: the SDK parses this XML after an upload. */
function sendCosError(res: http.ServerResponse, status: number, code: string, message: string) {
  const requestId = randomBytes(12).toString('hex')
  const body = `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${code}</Code><Message>${message}</Message><Resource></Resource><RequestId>${requestId}</RequestId><TraceId>${requestId}</TraceId></Error>`
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}
