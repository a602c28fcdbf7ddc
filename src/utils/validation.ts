import type { FieldError } from '../../cloudfunctions/core/errors'

/**
 * Form messages by field. No zod here: this module is in the weapp main package. Forms in
 * subpackages check with the functions' zod/mini form schemas through `utils/schema-validation`; the
 * registration form in 我的 (main package) uses the zod-free check in core/user/user.rules.
 */

export type Validation<T> = { ok: true; data: T } | { ok: false; fields: FieldError[] }

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
