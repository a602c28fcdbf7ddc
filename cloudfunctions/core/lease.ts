import { randomBytes } from 'node:crypto'
import type { Database } from './cloudbase'
import { AppError } from './errors'
import { isDuplicateKey } from './store-errors'

/**
 * A short lease on a name (`volunteer:<openid>`): work that must not run twice at once for the same
 * thing, across function instances. Taken with one insert or one conditional update on an expired
 * lease; it expires by itself if its holder dies. Leases use the wall clock, not the injectable one.
 */
const COLLECTION = 'leases'
const LEASE_MS = 10_000
const WAIT_MS = 3_000

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function acquire(db: Database, name: string, holder: string): Promise<boolean> {
  const until = new Date(Date.now() + LEASE_MS).toISOString()
  try {
    await db.collection(COLLECTION).add({ _id: name, holder, until })
    return true
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
  }
  const result = await db
    .collection(COLLECTION)
    .where({ _id: name, until: db.command.lt(new Date().toISOString()) })
    .update({ holder, until })
  return (result as { updated?: number }).updated === 1
}

export async function withLease<T>(db: Database, name: string, work: () => Promise<T>): Promise<T> {
  const holder = randomBytes(8).toString('hex')
  const deadline = Date.now() + WAIT_MS
  while (!(await acquire(db, name, holder))) {
    if (Date.now() > deadline) throw new AppError('RATE_LIMITED', '操作太频繁，请稍后再试')
    await pause(10 + Math.random() * 30)
  }
  try {
    return await work()
  } finally {
    await db.collection(COLLECTION).where({ _id: name, holder }).update({ until: new Date(0).toISOString() })
  }
}
