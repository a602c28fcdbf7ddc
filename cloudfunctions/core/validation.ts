import { z } from 'zod'
// only the Chinese locale: `zod/locales` would bundle all of them (~260 KB) into every function
import zhCN from 'zod/v4/locales/zh-CN.js'
import { invalidArgument, type FieldError } from './errors'

// Generic messages (a missing field, a wrong type) in Chinese; schemas override them per field.
z.config(zhCN())

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }))
}

/** Parse with a schema or throw INVALID_ARGUMENT naming each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw invalidArgument(toFieldErrors(parsed.error))
  return parsed.data
}
