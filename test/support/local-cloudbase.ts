import { type CloudbaseApp, createApp } from '../../cloudfunctions/core/cloudbase'
import { collections as declared } from '../../cloudfunctions/core/collections'
import { type CollectionSpec, type LocalCloudbase, startLocalCloudbase } from '../../local/database'

export interface TestCloudbase {
  serviceUrl: string
  /** the real SDK, pointed at the local instance, configured as the functions' own */
  app: CloudbaseApp
  cloudbase: LocalCloudbase
  close(): Promise<void>
}

/** The environment that points the functions' SDK client at a local stack's service URL. */
export const localSdkEnvironment = (serviceUrl: string) => ({
  TCB_SERVICE_URL: serviceUrl,
  TCB_ENV: 'local',
  TCB_SECRET_ID: 'local',
  TCB_SECRET_KEY: 'local',
  TENCENTCLOUD: 'true',
})

/** The real SDK pointed at a local stack (one started apart, e.g. in a child process), configured as the functions' own. */
export const localSdk = (serviceUrl: string): CloudbaseApp => createApp(localSdkEnvironment(serviceUrl))

/**
 * An in-memory local CloudBase on a free port, with the declared collections (or `collections`),
 * and the environment the functions' SDK reads (`TCB_SERVICE_URL` and friends) pointed at it.
 */
export async function startTestCloudbase(options: { collections?: CollectionSpec[]; transactionTimeoutMs?: number } = {}): Promise<TestCloudbase> {
  const running = await startLocalCloudbase({
    dataDir: null,
    collections: options.collections ?? declared,
    transactionTimeoutMs: options.transactionTimeoutMs,
  })
  Object.assign(process.env, localSdkEnvironment(running.serviceUrl))
  const app = createApp(process.env)
  return { serviceUrl: running.serviceUrl, app, cloudbase: running.cloudbase, close: running.close }
}
