/** CloudBase database error codes the stores react to (docs.cloudbase.net/error-code). */
export const DB_ERROR = {
  duplicateWrite: 'DATABASE_DUPLICATE_WRITE',
  collectionNotExist: 'DATABASE_COLLECTION_NOT_EXIST',
  transactionConflict: 'DATABASE_TRANSACTION_CONFLICT',
} as const

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code

/** An insert hit an existing `_id` or a unique index. */
export const isDuplicateKey = (error: unknown): boolean => codeOf(error) === DB_ERROR.duplicateWrite

/** The collection does not exist (yet). */
export const isCollectionMissing = (error: unknown): boolean => codeOf(error) === DB_ERROR.collectionNotExist

export const isTransactionConflict = (error: unknown): boolean => codeOf(error) === DB_ERROR.transactionConflict

/**
 * The database did not answer in time (the SDK's `request timeout` / `connect timeout`): the platform
 * is overloaded, not broken. The caller is asked to try again; every multi-write change is crash-safe,
 * so a step that may or may not have happened is settled by its own recovery.
 */
export const isDatabaseOverload = (error: unknown): boolean => {
  const message = (error as { message?: unknown } | null)?.message
  const code = codeOf(error)
  return message === 'request timeout' || message === 'connect timeout' || code === 'ESOCKETTIMEDOUT' || code === 'ETIMEDOUT'
}
