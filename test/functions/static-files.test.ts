import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { closeServer, listen } from '../../local/http'
import { chooseEncoding, serveStaticFile } from '../../local/static'

let dir: string
let server: http.Server
let origin: string
let serveFrom: string | null

const script = `console.log(${JSON.stringify('公益苍南 '.repeat(400))})\n`

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gongyi-static-'))
  mkdirSync(path.join(dir, 'js'))
  writeFileSync(path.join(dir, 'index.html'), `<!doctype html><title>公益苍南</title>${'<meta name="x">'.repeat(100)}`)
  writeFileSync(path.join(dir, 'js', 'app.1a2b3c4d.js'), script)
  serveFrom = dir
  server = http.createServer((req, res) => void serveStaticFile(serveFrom, req, res))
  origin = await listen(server, 0, '127.0.0.1')
})
afterAll(async () => {
  await closeServer(server, async () => undefined)
  rmSync(dir, { recursive: true, force: true })
})

/** Raw bytes and headers, without fetch's transparent decompression. */
function get(urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${origin}${urlPath}`, { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', reject)
  })
}

describe('static files of the H5 build', () => {
  test('when the browser accepts brotli, then a hashed script comes brotli-compressed and cached for a year', async () => {
    const res = await get('/js/app.1a2b3c4d.js', { 'accept-encoding': 'gzip, deflate, br' })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(res.headers.vary).toBe('Accept-Encoding')
    expect(Number(res.headers['content-length'])).toBe(res.body.length)
    expect(res.body.length).toBeLessThan(Buffer.byteLength(script) / 4)
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(script)
  })

  test('when the browser accepts only gzip, then it gets gzip', async () => {
    const res = await get('/js/app.1a2b3c4d.js', { 'accept-encoding': 'gzip' })
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(res.body).toString()).toBe(script)
  })

  test('when the browser accepts no encoding, then the file comes as it is', async () => {
    const res = await get('/js/app.1a2b3c4d.js')
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.body.toString()).toBe(script)
  })

  test('when index.html is asked for again with its ETag, then 304 and it is revalidated every time', async () => {
    const first = await get('/', { 'accept-encoding': 'br' })
    expect(first.headers['cache-control']).toBe('no-cache')
    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
  })

  test('when a path leaves the build folder or names nothing, then index.html is served', async () => {
    const outside = await get('/../../../etc/passwd')
    expect(outside.status).toBe(200)
    expect(outside.body.toString()).toContain('<title>公益苍南</title>')
    expect((await get('/packages/wish/detail')).body.toString()).toContain('<title>公益苍南</title>')
  })

  test('when there is no build, then 503 says how to make one', async () => {
    serveFrom = path.join(dir, 'missing')
    try {
      const res = await get('/')
      expect(res.status).toBe(503)
      expect(res.body.toString()).toContain('npm run build:h5')
    } finally {
      serveFrom = dir
    }
  })
})

describe('chooseEncoding', () => {
  test.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'gzip'],
    ['', 'identity'],
    [undefined, 'identity'],
  ])('when Accept-Encoding is %p, then %p', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected)
  })
})
