import { z } from 'zod'
// only the Chinese locale: `zod/locales` would bundle all of them (~260 KB) into every function
import zhCN from 'zod/v4/locales/zh-CN.js'
import { invalidArgument, type FieldError } from './errors'

// Generic messages (a missing field, a wrong type) in Chinese; schemas override them per field.
// The configuration is zod core's, so it covers the zod/mini form schemas too.
z.config(zhCN())

export function toFieldErrors(error: z.core.$ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }))
}

/** Parse with a schema or throw INVALID_ARGUMENT naming each bad field. */
export function parseOrThrow<S extends z.core.$ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = z.safeParse(schema, value)
  if (!parsed.success) throw invalidArgument(toFieldErrors(parsed.error))
  return parsed.data
}
