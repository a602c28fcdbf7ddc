/** Error codes of the cloud-function contract (shared/api.md), each with a default Chinese message. */
export const errorMessages = {
  INVALID_ARGUMENT: '提交的信息有误，请检查后重试',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '内容不存在或已删除',
  INVALID_STATE: '当前状态不允许此操作',
  ALREADY_EXISTS: '已存在，请勿重复提交',
  CAPACITY_FULL: '名额已满',
  OUTSIDE_WINDOW: '不在允许的时间范围内',
  NOT_ELIGIBLE: '不符合申请条件',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '系统繁忙，请稍后再试',
} as const

export type ErrorCode = keyof typeof errorMessages

export interface FieldError {
  path: string
  message: string
}

export interface ErrorBody {
  code: ErrorCode
  message: string
  fields?: FieldError[]
}

/** The reply of every cloud function: `{ ok: true, data }` or `{ ok: false, error }`. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }

/** A known failure: a stable code, a message for people, and optional details kept for logs. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly fields?: FieldError[]
  readonly details?: Record<string, unknown>

  constructor(code: ErrorCode, message?: string, options: { fields?: FieldError[]; details?: Record<string, unknown> } = {}) {
    super(message ?? errorMessages[code])
    this.name = 'AppError'
    this.code = code
    this.fields = options.fields
    this.details = options.details
  }

  toBody(): ErrorBody {
    return this.fields?.length ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message }
  }
}

export const invalidArgument = (fields: FieldError[], message?: string) =>
  new AppError('INVALID_ARGUMENT', message ?? fields[0]?.message ?? errorMessages.INVALID_ARGUMENT, { fields })

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(errorMessages, value)
