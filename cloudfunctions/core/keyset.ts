import type { Database } from './cloudbase'
import { AppError } from './errors'

/** Where the next page starts: the sort field's value and the `_id` of the last item shown, opaque to the client. */
interface Cursor {
  value: string
  id: string
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url')

function decodeCursor(raw: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString()) as Partial<Cursor>
    if (typeof parsed.value === 'string' && typeof parsed.id === 'string') return { value: parsed.value, id: parsed.id }
  } catch {
    // fall through
  }
  throw new AppError('INVALID_ARGUMENT', '分页游标不正确，请刷新后重试', { fields: [{ path: 'cursor', message: '分页游标不正确' }] })
}

/**
 * One page of a list, keyset-paginated on (`sortField`, `_id`): each page starts after the last one
 * shown, so there is no skip over large sets and nothing is seen twice when items are added.
 */
export async function keysetPage<T extends { _id: string }>(
  db: Database,
  collection: string,
  conditions: object[],
  sort: { field: keyof T & string; order: 'asc' | 'desc' },
  page: { cursor?: string; limit: number },
): Promise<{ items: T[]; nextCursor: string | null }> {
  const _ = db.command
  const where = [...conditions]
  if (page.cursor) {
    const after = decodeCursor(page.cursor)
    const beyond = sort.order === 'asc' ? _.gt : _.lt
    where.push(_.or([{ [sort.field]: beyond(after.value) }, { [sort.field]: after.value, _id: beyond(after.id) }]))
  }
  const { data } = await db.collection(collection).where(_.and(where)).orderBy(sort.field, sort.order).orderBy('_id', sort.order).limit(page.limit + 1).get()
  const docs = data as T[]
  const items = docs.slice(0, page.limit)
  const last = items[items.length - 1]
  return { items, nextCursor: docs.length > page.limit && last ? encodeCursor({ value: String(last[sort.field]), id: last._id }) : null }
}

/**
 * Every document matching `conditions`, page by page in (`sortField`, `_id`) order: for timers that
 * must see all of a set whatever its size (a plain `limit` would re-read the same first page).
 */
export async function* keysetPages<T extends { _id: string }>(
  db: Database,
  collection: string,
  conditions: object[],
  sort: { field: keyof T & string; order: 'asc' | 'desc' },
  pageSize = 500,
): AsyncGenerator<T[]> {
  let cursor: string | undefined
  do {
    const page: { items: T[]; nextCursor: string | null } = await keysetPage<T>(db, collection, conditions, sort, { cursor, limit: pageSize })
    if (page.items.length > 0) yield page.items
    cursor = page.nextCursor ?? undefined
  } while (cursor)
}
