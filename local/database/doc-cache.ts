import { deepFreeze, parseEjson, rememberEjson } from './ejson'
import type { Doc } from './types'

/** Tests freeze what the cache hands out, so code that changes a stored document in place fails. */
const FREEZE = process.env.NODE_ENV === 'test'

/**
 * Parsed documents by collection and key, with the stored text each was parsed from: a read whose
 * row holds the same text gets the parsed document without parsing it again (the activity a crowd
 * signs up for is read and rewritten hundreds of times a second, tens of KB of EJSON each time).
 * The text is the check, so the cache can never serve a stale document: a row written elsewhere
 * simply misses. Documents handed out are shared and must not be changed (writes build new ones;
 * tests freeze them). Least recently used entries go past `maxChars` of stored text.
 */
export class DocCache {
  private readonly entries = new Map<string, { text: string; doc: Doc }>()
  private chars = 0

  constructor(private readonly maxChars = 1024 * 1024) {}

  /** The document stored as `text` under `collection`/`key`. */
  read(collection: string, key: string, text: string): Doc {
    const id = `${collection}\u0000${key}`
    const hit = this.entries.get(id)
    if (hit && hit.text === text) {
      // most recently used last
      this.entries.delete(id)
      this.entries.set(id, hit)
      return hit.doc
    }
    const doc = parseEjson(text, 'stored document') as Doc
    this.remember(collection, key, text, doc)
    return doc
  }

  /** A document just written as `text` (null: deleted); `doc` is not changed from now on. */
  remember(collection: string, key: string, text: string | null, doc: Doc | null): void {
    const id = `${collection}\u0000${key}`
    const old = this.entries.get(id)
    if (old) {
      this.entries.delete(id)
      this.chars -= old.text.length
    }
    if (text === null || doc === null) return
    if (FREEZE) deepFreeze(doc)
    rememberEjson(doc, text)
    if (text.length > this.maxChars / 4) return // one huge document would push out everything else
    this.entries.set(id, { text, doc })
    this.chars += text.length
    for (const [oldest, entry] of this.entries) {
      if (this.chars <= this.maxChars) break
      this.entries.delete(oldest)
      this.chars -= entry.text.length
    }
  }

  clear(): void {
    this.entries.clear()
    this.chars = 0
  }
}
