/**
 * The error codes the local CloudBase answers with, spelled as CloudBase spells them.
 *
 * Sources: docs.cloudbase.net/error-code/ (DATABASE_COLLECTION_NOT_EXIST, DATABASE_DUPLICATE_WRITE,
 * DATABASE_TRANSACTION_CONFLICT), the NoSQL HTTP API error table (docs.cloudbase.net/http-api/nosql/,
 * which adds DATABASE_COLLECTION_ALREADY_EXIST, DATABASE_TRANSACTION_FAIL, DATABASE_INVALID_OPERRATOR
 * — sic — and DATABASE_REQUEST_FAILED), and @cloudbase/node-sdk's own `const/code.ts`
 * (INVALID_PARAM, SYS_ERR, STORAGE_FILE_NONEXIST, STORAGE_REQUEST_FAIL).
 */
export type CloudbaseErrorCode =
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'DATABASE_INVALID_OPERRATOR'
  | 'DATABASE_REQUEST_FAILED'
  | 'INVALID_PARAM'
  | 'SYS_ERR'
  | 'STORAGE_FILE_NONEXIST'
  | 'STORAGE_REQUEST_FAIL'

/** An answer the wire turns into `{ code, message, requestId }` (the SDK then throws a TcbError). */
export class CloudbaseError extends Error {
  constructor(
    readonly code: CloudbaseErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'CloudbaseError'
  }
}

export const collectionNotExist = (name: string) =>
  new CloudbaseError(
    'DATABASE_COLLECTION_NOT_EXIST',
    `[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, contact us. (collection: ${name})`,
  )

export const collectionAlreadyExist = (name: string) =>
  new CloudbaseError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceUnavailable.ResourceExist] Table exist. (collection: ${name})`)

export const duplicateWrite = (collection: string, index: string, key: string) =>
  new CloudbaseError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${key}`)

export const transactionConflict = (detail: string) =>
  new CloudbaseError('DATABASE_TRANSACTION_CONFLICT', `[WriteConflict] database transaction conflict: ${detail}`)

export const transactionFail = (detail: string) => new CloudbaseError('DATABASE_TRANSACTION_FAIL', `[NoSuchTransaction] ${detail}`)

export const invalidParam = (message: string) => new CloudbaseError('INVALID_PARAM', message)

/** Errors thrown by mingo while evaluating a query, update or pipeline. */
export function fromEvaluation(error: unknown): CloudbaseError {
  if (error instanceof CloudbaseError) return error
  const message = error instanceof Error ? error.message : String(error)
  return /operator/i.test(message)
    ? new CloudbaseError('DATABASE_INVALID_OPERRATOR', message)
    : new CloudbaseError('DATABASE_REQUEST_FAILED', message)
}
