import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'

/**
 * The aid data key: `AID_DATA_KEY`, base64 of 32 random bytes, from the function's environment
 * (cloudbaserc.json / the CloudBase console on CloudBase; the local stack makes one at first start
 * under DATA_DIR). Validated at first use; a missing or short key is an error, never a fallback.
 * Two keys are derived from it: one encrypts ID numbers (AES-256-GCM), one hashes them (HMAC-SHA256)
 * for the one-application-per-person claim, so the hash cannot be reversed by trying every number
 * without the key.
 */
interface Keys {
  encryption: Buffer
  hashing: Buffer
}

let keys: Keys | null = null
let keyFrom: string | undefined

function loadKeys(): Keys {
  const raw = process.env.AID_DATA_KEY
  if (keys && keyFrom === raw) return keys
  if (!raw) throw new Error('AID_DATA_KEY is not set (base64 of 32 random bytes)')
  const master = Buffer.from(raw, 'base64')
  if (master.length !== 32 || master.toString('base64') !== raw.trim()) throw new Error('AID_DATA_KEY must be base64 of exactly 32 bytes')
  keys = {
    encryption: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'gongyi-aid/id-encryption/v1', 32)),
    hashing: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'gongyi-aid/id-hmac/v1', 32)),
  }
  keyFrom = raw
  return keys
}

/** A fresh key in the form AID_DATA_KEY takes. */
export const newAidDataKey = () => randomBytes(32).toString('base64')

/** `v1.<iv>.<tag>.<ciphertext>` (base64url): AES-256-GCM with a random 96-bit IV. */
export function encryptIdCardNo(normalized: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', loadKeys().encryption, iv)
  const body = Buffer.concat([cipher.update(normalized, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
}

export function decryptIdCardNo(sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.')
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('unknown ciphertext format')
  const decipher = createDecipheriv('aes-256-gcm', loadKeys().encryption, Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}

/** The claim key of one person in one programme: HMAC of the programme and the normalized number. */
export function idCardClaimKey(programId: string, normalized: string): string {
  return createHmac('sha256', loadKeys().hashing).update(`${programId}\u0000${normalized}`).digest('hex')
}
