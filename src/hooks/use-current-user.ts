import { useCallback, useRef, useState } from 'react'
import type { UserView } from '../../cloudfunctions/core/user/user.schema'
import { isCloudError } from '../services/cloud'
import { login } from '../services/user'
import { toastError } from '../utils/toast'

/** `signedOut`: no WeChat identity reached the server (only possible in the H5 demo as 匿名访客). */
export type CurrentUserStatus = 'loading' | 'ready' | 'signedOut' | 'error'

/**
 * The signed-in caller: `refresh()` calls `user.login` (creating a resident on first use).
 * Only the latest refresh wins, so switching identity quickly never shows a stale user.
 */
export function useCurrentUser() {
  const [user, setUser] = useState<UserView | null>(null)
  const [status, setStatus] = useState<CurrentUserStatus>('loading')
  const [errorMessage, setErrorMessage] = useState('')
  const latest = useRef(0)

  const refresh = useCallback(async (options: { reset?: boolean } = {}) => {
    const ticket = ++latest.current
    if (options.reset) {
      setUser(null)
      setStatus('loading')
    }
    try {
      const next = await login()
      if (ticket !== latest.current) return
      setUser(next)
      setStatus('ready')
    } catch (error) {
      if (ticket !== latest.current) return
      setUser(null)
      if (isCloudError(error) && error.code === 'UNAUTHENTICATED') {
        setStatus('signedOut')
        return
      }
      setStatus('error')
      setErrorMessage(error instanceof Error ? error.message : '')
      toastError(error)
    }
  }, [])

  return { user, status, errorMessage, refresh }
}
