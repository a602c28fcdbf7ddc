import type { RegisterVolunteerInput, UpdateProfileInput, UserView } from '../../cloudfunctions/core/user/user.schema'
import { callFunction, type CallOptions } from './cloud'

/** The `user` cloud function (shared/api.md): one verb-first function per action. */

interface UserReply {
  user: UserView
}

/** Signs the caller in; the first call creates a resident. */
export async function login(): Promise<UserView> {
  const { user } = await callFunction<UserReply>('user', 'login')
  return user
}

/** The caller with roles and organizations. */
export async function getMe(): Promise<UserView> {
  const { user } = await callFunction<UserReply>('user', 'me')
  return user
}

export async function updateProfile(input: UpdateProfileInput, options?: CallOptions): Promise<UserView> {
  const { user } = await callFunction<UserReply>('user', 'updateProfile', input, options)
  return user
}

/** Real-name volunteer registration (志愿者注册): the caller gains the `volunteer` role. */
export async function registerVolunteer(input: RegisterVolunteerInput, options?: CallOptions): Promise<UserView> {
  const { user } = await callFunction<UserReply>('user', 'registerVolunteer', input, options)
  return user
}

/** Joins an organization with an invite code: the caller becomes its staff or admin. */
export async function joinOrg(inviteCode: string, options?: CallOptions): Promise<UserView> {
  const { user } = await callFunction<UserReply>('user', 'joinOrg', { inviteCode }, options)
  return user
}

/** 手机号快速验证 (mini-program): the getPhoneNumber button's one-time code → the number WeChat verified. */
export async function verifyPhone(code: string): Promise<string> {
  const { phone } = await callFunction<{ phone: string }>('user', 'verifyPhone', { code })
  return phone
}
