import { z } from 'zod'
import { type Caller, callerFromContext, requestIdFromContext } from './caller'
import { getDb } from './cloudbase'
import { now } from './clock'
import { AppError, type Envelope, invalidArgument } from './errors'
import type { ActionContext } from './action-context'
import { type Access, authorize, type CallerProfile, loadCallerProfile } from './access'
import { findUser, type UserDoc } from './user/user.store'
import { derivedId, replayOrRun } from './idempotency'
import { timeLimitMs } from './settings/function-limits'
import { isDatabaseOverload } from './store-errors'
import { toFieldErrors } from './validation'

export type { ActionContext } from './action-context'

/** Any zod schema: classic ones and the zod/mini form schemas pages share (`<area>.form-schema.ts`). */
export type InputSchema = z.core.$ZodType

export interface ActionDefinition<S extends InputSchema, R> {
  /** Who may call it; enforced before the use case runs. */
  access: Access<z.output<S>>
  input: S
  /** Mutating actions honour `idempotencyKey`. */
  mutates: boolean
  run: (ctx: ActionContext, input: z.output<S>) => Promise<R>
}

/** The caller's openid, in a use case whose access rule already required one. */
export function callerOpenid(ctx: ActionContext): string {
  if (!ctx.caller.openid) throw new AppError('UNAUTHENTICATED')
  return ctx.caller.openid
}

/** Declare one action; the generic keeps input and result types tied together. */
export const defineAction = <S extends InputSchema, R>(definition: ActionDefinition<S, R>) => definition

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActionTable = Record<string, ActionDefinition<any, any>>

const eventSchema = z.object({
  action: z.string({ error: '缺少 action' }).min(1, { error: '缺少 action' }),
  data: z.record(z.string(), z.unknown(), { error: 'data 须为对象' }).optional(),
  idempotencyKey: z.string().min(8, { error: 'idempotencyKey 长度须为8–128' }).max(128, { error: 'idempotencyKey 长度须为8–128' }).optional(),
})

function logUnexpected(error: unknown, fields: { function: string; action: string; caller: string | null; requestId: string }) {
  const err = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) }
  console.error(JSON.stringify({ level: 'error', ...fields, error: err }))
}

/**
 * The cloud function entry: parse event → resolve caller → authorize → run → envelope.
 * Known failures become their code; anything else is logged as one JSON line and returned as INTERNAL.
 */
export function handler(functionName: string, actions: ActionTable) {
  return async function main(event: unknown, context: unknown): Promise<Envelope<unknown>> {
    const requestId = requestIdFromContext(context)
    let caller: Caller = { openid: null, appid: null }
    let actionName = '(none)'
    try {
      caller = callerFromContext(context)
      const parsedEvent = eventSchema.safeParse(event ?? {})
      if (!parsedEvent.success) throw invalidArgument(toFieldErrors(parsedEvent.error))
      const { action, data, idempotencyKey } = parsedEvent.data
      actionName = action
      const definition = Object.prototype.hasOwnProperty.call(actions, action) ? actions[action] : undefined
      if (!definition) throw invalidArgument([{ path: 'action', message: `未知的操作：${action}` }])

      const db = getDb()
      const keyed = definition.mutates && idempotencyKey && caller.openid ? { openid: caller.openid, functionName, action, key: idempotencyKey } : null
      let user: Promise<UserDoc | null> | null = null
      let profile: Promise<CallerProfile | null> | null = null
      const loadUser = () => (user ??= caller.openid ? findUser(db, caller.openid) : Promise.resolve(null))
      const ctx: ActionContext = {
        caller,
        user: loadUser,
        profile: () => (profile ??= caller.openid ? loadCallerProfile(db, caller.openid, loadUser()) : Promise.resolve(null)),
        db,
        now: now(),
        requestId,
        functionName,
        keyedId: (purpose) => (keyed ? derivedId(keyed, purpose) : null),
      }

      const input = z.safeParse(definition.input, data ?? {})
      // Authorize before revealing anything about the input's validity to a caller who may not act at all.
      await authorize(ctx, definition.access, input.success ? input.data : undefined)
      if (!input.success) throw invalidArgument(toFieldErrors(input.error))

      const run = () => definition.run(ctx, input.data)
      if (keyed) return await replayOrRun(db, { ...keyed, timeLimitMs: timeLimitMs(functionName) }, run)
      return { ok: true, data: await run() }
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toBody() }
      if (isDatabaseOverload(error)) {
        console.warn(JSON.stringify({ level: 'warn', function: functionName, action: actionName, caller: caller.openid, requestId, overload: (error as Error).message }))
        return { ok: false, error: new AppError('RATE_LIMITED', '当前使用人数较多，请稍后再试').toBody() }
      }
      logUnexpected(error, { function: functionName, action: actionName, caller: caller.openid, requestId })
      return { ok: false, error: new AppError('INTERNAL').toBody() }
    }
  }
}
