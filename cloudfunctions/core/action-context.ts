import type { Caller } from './caller'
import type { Database } from './cloudbase'
import type { Membership } from './org/membership.store'
import type { Role } from './user/user.schema'
import type { UserDoc } from './user/user.store'

/**
 * What a use case receives besides its input, and the caller's profile the access rules read. Its own
 * module, so that the handler (which builds it) and the access rules (which read it) do not import
 * each other.
 */

/** The caller's record and memberships, loaded once per call. */
export interface CallerProfile {
  user: UserDoc | null
  roles: Role[]
  memberships: Membership[]
}

/** What every use case receives besides its input. */
export interface ActionContext {
  caller: Caller
  /** The caller's user record, read once per call (role checks need nothing more). */
  user: () => Promise<UserDoc | null>
  /** The caller's user record and memberships, loaded once per call when the access rule needs it. */
  profile: () => Promise<CallerProfile | null>
  db: Database
  now: Date
  requestId: string
  functionName: string
  /**
   * For a call with an idempotency key: an id for a document it creates, the same on every retry with
   * that key (so a retry after a crash between the write and the stored reply finds that document).
   * null without a key: the use case draws a fresh id.
   */
  keyedId: (purpose: string) => string | null
}

