import type { Database } from '../../../cloudfunctions/core/cloudbase'

/** One mutating action's case for the idempotency test: who calls it with what, and how to count its effect. */
export interface IdempotencyCase {
  /** Documents the action writes are counted by `effect` (1 after ten same-key calls). */
  arrange: () => Promise<{ openid: string; input: Record<string, unknown>; effect?: () => Promise<number> }>
}

/** What a case module gets from the idempotency test: the database, fresh ids, counts and a clock. */
export interface IdempotencyKit {
  db: () => Database
  fresh: (prefix: string) => string
  count: (collection: string, where: object) => Promise<number>
  /** Move the functions' clock to `at` until the test ends. */
  clockAt: (at: Date) => void
}
