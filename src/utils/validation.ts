import { z } from 'zod'
import type { FieldError } from '../../cloudfunctions/core/errors'

// The mini-program runtime forbids `new Function`; keep zod on its interpreter path.
z.config({ jitless: true })

export type Validation<T> = { ok: true; data: T } | { ok: false; fields: FieldError[] }

/** Client-side check with the same zod schema the cloud function uses, as `{ path, message }` fields. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): Validation<z.output<S>> {
  const result = schema.safeParse(input)
  if (result.success) return { ok: true, data: result.data }
  return { ok: false, fields: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) }
}

/**
 * First message per top-level field: `skills.0` counts as `skills`.
 * Paths outside `known` are collected under `_form`.
 */
export function fieldMessagesByName<K extends string>(fields: FieldError[], known: readonly K[]): Partial<Record<K | '_form', string>> {
  const messages: Partial<Record<K | '_form', string>> = {}
  for (const { path, message } of fields) {
    const head = path.split('.')[0] as K
    const key: K | '_form' = known.includes(head) ? head : '_form'
    if (!messages[key]) messages[key] = message
  }
  return messages
}
