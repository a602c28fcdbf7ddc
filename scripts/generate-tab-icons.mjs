#!/usr/bin/env node
/**
 * Draws the tab-bar icons (81×81, normal grey and selected brand colour) and the empty-state
 * illustrations as PNG files, with no image tool: shapes are signed-distance functions, sampled
 * 4×4 per pixel for anti-aliasing, and written by a small PNG encoder (zlib + CRC32).
 *
 *   node scripts/generate-tab-icons.mjs
 *
 * Output (committed): src/assets/tab/*.png and src/assets/illustrations/*.png.
 * Keep BRAND in step with src/styles/variables.scss ($gy-color-brand).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BRAND = '#E8553D'
const BRAND_SOFT = '#FDECE8'
const ACCENT = '#F5A623'
const GREY = '#8A8A8A'
const WHITE = '#FFFFFF'

// ---------------------------------------------------------------- PNG encoder
const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buf) {
  let c = 0xffffffff
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** RGBA8 pixels (Uint8Array, width*height*4) → PNG bytes. */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // colour type RGBA
  ihdr[10] = 0 // deflate
  ihdr[11] = 0 // adaptive filtering
  ihdr[12] = 0 // no interlace
  const stride = width * 4
  const raw = Buffer.alloc((stride + 1) * height)
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0 // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

// ---------------------------------------------------------------- shapes (signed distance, <0 inside)
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r

const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = (x0 + x1) / 2
  const cy = (y0 + y1) / 2
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r)
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r)
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r
}

/** A line segment with round caps, of half-width w. */
const capsule = (ax, ay, bx, by, w) => (x, y) => {
  const px = x - ax
  const py = y - ay
  const dx = bx - ax
  const dy = by - ay
  const len2 = dx * dx + dy * dy
  const h = len2 ? Math.max(0, Math.min(1, (px * dx + py * dy) / len2)) : 0
  return Math.hypot(px - dx * h, py - dy * h) - w
}

/** Exact signed distance to a closed polygon (even-odd inside test). */
const polygon = (points) => (x, y) => {
  let d = Infinity
  let inside = false
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [ax, ay] = points[j]
    const [bx, by] = points[i]
    const ex = bx - ax
    const ey = by - ay
    const h = Math.max(0, Math.min(1, ((x - ax) * ex + (y - ay) * ey) / (ex * ex + ey * ey)))
    d = Math.min(d, Math.hypot(x - ax - ex * h, y - ay - ey * h))
    if ((ay > y) !== (by > y) && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside
  }
  return inside ? -d : d
}

/** Rounds the corners of a shape by r (grows it by r: build the shape r smaller). */
const rounded = (shape, r) => (x, y) => shape(x, y) - r
const union = (...shapes) => (x, y) => Math.min(...shapes.map((s) => s(x, y)))
const subtract = (shape, cut) => (x, y) => Math.max(shape(x, y), -cut(x, y))
/** The band of width w just inside the shape's edge: an outline glyph. */
const ring = (shape, w) => (x, y) => {
  const d = shape(x, y)
  return Math.max(d, -d - w)
}

/** Heart polygon centred at (cx, cy), `size` wide. */
function heartPoints(cx, cy, size) {
  const pts = []
  const s = size / 34
  for (let i = 0; i < 160; i++) {
    const t = (i / 160) * Math.PI * 2
    const hx = 16 * Math.sin(t) ** 3
    const hy = 13 * Math.cos(t) - 5 * Math.cos(2 * t) - 2 * Math.cos(3 * t) - Math.cos(4 * t)
    pts.push([cx + hx * s, cy - hy * s - 1.5 * s])
  }
  return pts
}

// ---------------------------------------------------------------- rasteriser
function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

/** Paints layers `{ shape, color }` in order onto a transparent canvas of `size`×`size` units. */
function render(size, layers, samples = 4) {
  const rgba = new Float64Array(size * size * 4)
  for (const { shape, color, alpha = 1 } of layers) {
    const [r, g, b] = hexToRgb(color)
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let hit = 0
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            if (shape(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples) <= 0) hit++
          }
        }
        if (!hit) continue
        const a = (hit / (samples * samples)) * alpha
        const i = (y * size + x) * 4
        const outA = a + rgba[i + 3] * (1 - a)
        for (const [k, v] of [[0, r], [1, g], [2, b]]) {
          rgba[i + k] = outA ? (v * a + rgba[i + k] * rgba[i + 3] * (1 - a)) / outA : 0
        }
        rgba[i + 3] = outA
      }
    }
  }
  const out = new Uint8Array(size * size * 4)
  for (let i = 0; i < rgba.length; i += 4) {
    out[i] = Math.round(rgba[i])
    out[i + 1] = Math.round(rgba[i + 1])
    out[i + 2] = Math.round(rgba[i + 2])
    out[i + 3] = Math.round(rgba[i + 3] * 255)
  }
  return encodePng(size, size, out)
}

// ---------------------------------------------------------------- tab glyphs (81×81 canvas)
const STROKE = 5.5

const houseBody = rounded(polygon([[40.5, 13], [66, 36], [62, 36], [62, 66], [19, 66], [19, 36], [15, 36]]), 2.5)
const houseDoor = roundRect(34, 47, 47, 70, 3)
const home = {
  normal: union(ring(houseBody, STROKE), subtract(ring(roundRect(33.5, 46, 47.5, 74, 3), STROKE - 0.5), (_x, y) => 64 - y)),
  selected: subtract(houseBody, houseDoor),
}

const heart = polygon(heartPoints(40.5, 42, 62))
const wishes = {
  normal: ring(heart, STROKE),
  // a small white spark inside the filled heart reads as "a wish"
  selected: subtract(heart, circle(28, 31, 4.2)),
}

const tiles = [roundRect(13, 13, 37, 37, 6), roundRect(44, 13, 68, 37, 6), roundRect(13, 44, 37, 68, 6)]
const dot = circle(56, 56, 12.5)
const services = {
  normal: union(...tiles.map((t) => ring(t, STROKE)), ring(dot, STROKE)),
  selected: union(...tiles, dot),
}

const head = circle(40.5, 27, 13)
const shoulders = (x, y) => Math.max(roundRect(15, 45, 66, 84, 24)(x, y), y - 69)
const mine = {
  normal: union(ring(head, STROKE), ring(shoulders, STROKE)),
  selected: union(head, shoulders),
}

const tabs = { home, wishes, services, mine }

// ---------------------------------------------------------------- illustrations (240×240 canvas)
const ILL = 240
const backdrop = [
  { shape: circle(120, 126, 100), color: BRAND_SOFT },
  { shape: circle(44, 52, 9), color: ACCENT, alpha: 0.55 },
  { shape: circle(204, 70, 6), color: BRAND, alpha: 0.35 },
  { shape: circle(196, 196, 11), color: ACCENT, alpha: 0.35 },
]

const illustrations = {
  // a calendar page with a heart: no activities yet
  'empty-activities': [
    ...backdrop,
    { shape: roundRect(62, 66, 178, 186, 16), color: WHITE },
    { shape: ring(roundRect(62, 66, 178, 186, 16), 7), color: BRAND },
    { shape: roundRect(62, 66, 178, 98, 14), color: BRAND },
    { shape: roundRect(62, 84, 178, 98, 0), color: BRAND },
    { shape: capsule(92, 52, 92, 78, 7), color: '#B23A27' },
    { shape: capsule(148, 52, 148, 78, 7), color: '#B23A27' },
    { shape: polygon(heartPoints(120, 142, 52)), color: BRAND },
  ],
  // a big heart with a spark: the wish wall is empty
  'empty-wishes': [
    ...backdrop,
    { shape: polygon(heartPoints(120, 128, 150)), color: BRAND },
    { shape: circle(86, 96, 11), color: WHITE, alpha: 0.9 },
    { shape: capsule(178, 60, 178, 84, 4), color: ACCENT },
    { shape: capsule(166, 72, 190, 72, 4), color: ACCENT },
  ],
  // a clock: the service is on its way
  'coming-soon': [
    ...backdrop,
    { shape: circle(120, 126, 64), color: WHITE },
    { shape: ring(circle(120, 126, 64), 10), color: BRAND },
    { shape: capsule(120, 126, 120, 88, 7), color: BRAND },
    { shape: capsule(120, 126, 148, 140, 7), color: ACCENT },
    { shape: circle(120, 126, 9), color: '#B23A27' },
  ],
  // an exclamation in a circle: something could not be loaded
  'load-failed': [
    ...backdrop,
    { shape: circle(120, 126, 64), color: WHITE },
    { shape: ring(circle(120, 126, 64), 10), color: BRAND },
    { shape: capsule(120, 92, 120, 134, 8), color: BRAND },
    { shape: circle(120, 158, 9), color: BRAND },
  ],
  // the avatar placeholder on 我的
  avatar: [
    { shape: circle(120, 120, 120), color: BRAND_SOFT },
    { shape: circle(120, 96, 42), color: BRAND, alpha: 0.85 },
    { shape: (x, y) => Math.max(roundRect(46, 150, 194, 260, 70)(x, y), circle(120, 120, 120)(x, y)), color: BRAND, alpha: 0.85 },
  ],
}

// ---------------------------------------------------------------- write
const tabDir = path.join(ROOT, 'src', 'assets', 'tab')
const illDir = path.join(ROOT, 'src', 'assets', 'illustrations')
mkdirSync(tabDir, { recursive: true })
mkdirSync(illDir, { recursive: true })

for (const [name, glyph] of Object.entries(tabs)) {
  writeFileSync(path.join(tabDir, `${name}.png`), render(81, [{ shape: glyph.normal, color: GREY }]))
  writeFileSync(path.join(tabDir, `${name}-active.png`), render(81, [{ shape: glyph.selected, color: BRAND }]))
}
for (const [name, layers] of Object.entries(illustrations)) {
  writeFileSync(path.join(illDir, `${name}.png`), render(ILL, layers, 3))
}
console.log(`tab icons → ${path.relative(ROOT, tabDir)}, illustrations → ${path.relative(ROOT, illDir)}`)
