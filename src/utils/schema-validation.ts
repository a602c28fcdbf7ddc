import * as z from 'zod/mini'
import type { Validation } from './validation'

// The mini-program runtime forbids `new Function`; keep zod on its interpreter path.
z.config({ jitless: true })

/**
 * Client-side check with the same zod schema the cloud function uses, as `{ path, message }` fields.
 * Only zod/mini reaches the client: pages import the `<area>.form-schema.ts` modules, never the classic
 * `<area>.schema.ts` (test/unit/client-imports.test.ts guards it).
 * For subpackage pages only: zod must stay out of the weapp main package (see utils/validation).
 */
export function validate<S extends z.core.$ZodType>(schema: S, input: unknown): Validation<z.output<S>> {
  const result = z.safeParse(schema, input)
  if (result.success) return { ok: true, data: result.data }
  return { ok: false, fields: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) }
}
