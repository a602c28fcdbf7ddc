import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/**
 * Keys for keyed hashes (HMAC) of identifiers that must never be stored in the clear (admission
 * ticket numbers). On CloudBase the key is an environment variable of the function
 * (cloudbaserc.json `envVariables`); it is validated on first use and a missing key fails the call.
 * The local stack (`TCB_SERVICE_URL` set) falls back to a key created once under `DATA_DIR/secrets/`
 * at first use, or — with no DATA_DIR, as in tests — to a random key for this process.
 */
const keySchema = z.string().min(32, { message: 'must be at least 32 characters' })

const cache = new Map<string, Buffer>()

function localFallback(name: string): Buffer {
  const dir = process.env.DATA_DIR
  if (!dir) return randomBytes(32)
  const file = path.join(dir, 'secrets', `${name.toLowerCase()}.key`)
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true })
    try {
      writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 })
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error
    }
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex')
}

export function secretKey(name: 'RIDE_TICKET_KEY'): Buffer {
  const cached = cache.get(name)
  if (cached) return cached
  const raw = process.env[name]
  let key: Buffer
  if (raw !== undefined && raw !== '') {
    const parsed = keySchema.safeParse(raw)
    if (!parsed.success) throw new Error(`invalid ${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`)
    key = Buffer.from(parsed.data, 'utf8')
  } else if (process.env.TCB_SERVICE_URL) {
    key = localFallback(name)
  } else {
    throw new Error(`${name} is not set`)
  }
  cache.set(name, key)
  return key
}
