/** CloudBase database error codes the stores react to (docs.cloudbase.net/error-code). */
export const DB_ERROR = {
  duplicateWrite: 'DATABASE_DUPLICATE_WRITE',
  collectionNotExist: 'DATABASE_COLLECTION_NOT_EXIST',
  transactionConflict: 'DATABASE_TRANSACTION_CONFLICT',
} as const

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code

/** An insert hit an existing `_id` or a unique index. */
export const isDuplicateKey = (error: unknown): boolean => codeOf(error) === DB_ERROR.duplicateWrite

export const isTransactionConflict = (error: unknown): boolean => codeOf(error) === DB_ERROR.transactionConflict
