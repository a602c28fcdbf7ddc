import tcb from '@cloudbase/node-sdk'
import { z } from 'zod'

/**
 * The CloudBase SDK, initialised once per container from validated environment variables.
 * On CloudBase nothing needs to be set (the runtime injects the environment and credentials);
 * locally `TCB_SERVICE_URL` points the same SDK at the local stack.
 */
const cloudbaseEnv = z
  .object({
    TCB_ENV: z.string().min(1).optional(),
    TCB_SERVICE_URL: z.url().optional(),
    TCB_SECRET_ID: z.string().min(1).optional(),
    TCB_SECRET_KEY: z.string().min(1).optional(),
    TENCENTCLOUD: z.string().optional(),
  })
  .refine((env) => !env.TCB_SERVICE_URL || (env.TCB_SECRET_ID && env.TCB_SECRET_KEY), {
    message: 'TCB_SERVICE_URL needs TCB_SECRET_ID and TCB_SECRET_KEY',
  })
  .refine((env) => !env.TCB_SERVICE_URL || env.TENCENTCLOUD === 'true', {
    message: 'TCB_SERVICE_URL needs TENCENTCLOUD=true (skips the SDK metadata probe)',
  })

export type CloudbaseApp = ReturnType<typeof tcb.init>
export type Database = ReturnType<CloudbaseApp['database']>

let app: CloudbaseApp | null = null

/**
 * An SDK client for the given environment variables (validated as above). Functions use the one of
 * their container (`getApp`); the local host makes its own for its uploads.
 */
export function createApp(variables: NodeJS.ProcessEnv): CloudbaseApp {
  const parsed = cloudbaseEnv.safeParse(variables)
  if (!parsed.success) {
    throw new Error(`invalid CloudBase environment: ${parsed.error.issues.map((i) => i.message).join('; ')}`)
  }
  const env = parsed.data
  return env.TCB_SERVICE_URL
    ? tcb.init({ env: env.TCB_ENV ?? 'local', secretId: env.TCB_SECRET_ID, secretKey: env.TCB_SECRET_KEY, serviceUrl: env.TCB_SERVICE_URL })
    : tcb.init({ env: env.TCB_ENV ?? tcb.SYMBOL_CURRENT_ENV })
}

export function getApp(): CloudbaseApp {
  app ??= createApp(process.env)
  return app
}

export const getDb = (): Database => getApp().database()

/** The caller's WeChat identity exactly as CloudBase injects it into the function's context. */
export const readWechatContext = (context: unknown) =>
  tcb.getCloudbaseContext(context as Parameters<typeof tcb.getCloudbaseContext>[0])
