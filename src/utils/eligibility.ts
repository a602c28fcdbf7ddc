import type { UserView } from '../../cloudfunctions/core/user/user.schema'
import { isCloudError } from '../services/cloud'
import { login } from '../services/user'

/** What a caller lacks for an action: to sign in, or to register as a volunteer. */
export type Missing = 'signIn' | 'register' | null

/**
 * Who may take part, as the functions' access rules say (activity.signUp: a volunteer;
 * wish.claim: a volunteer or staff of an organization). Asked before a confirmation so the page
 * can say what is needed instead of asking to confirm and then refusing; the server still decides.
 */
const allowed: Record<'signUp' | 'claim', (user: UserView) => boolean> = {
  signUp: (user) => user.roles.includes('volunteer'),
  claim: (user) => user.roles.includes('volunteer') || user.orgs.length > 0,
}

export async function missingFor(action: 'signUp' | 'claim'): Promise<Missing> {
  try {
    const user = await login()
    return allowed[action](user) ? null : 'register'
  } catch (error) {
    if (isCloudError(error) && error.code === 'UNAUTHENTICATED') return 'signIn'
    // anything else (offline, a hiccup): let the action itself report it
    return null
  }
}
