import Taro from '@tarojs/taro'
import { errorMessages } from '../../cloudfunctions/core/errors'
import { isCloudError } from '../services/cloud'

/**
 * Chinese toasts for people. Any error a page does not handle itself ends up in `toastError`:
 * a CloudError shows the server's message, anything else a generic "系统繁忙".
 */

export function messageOf(error: unknown): string {
  if (isCloudError(error)) return error.message || errorMessages[error.code]
  return errorMessages.INTERNAL
}

export function toastError(error: unknown): void {
  void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 2500 })
}

export function toastSuccess(title: string): void {
  void Taro.showToast({ title, icon: 'success', duration: 2000 })
}

/** Runs `task`; on failure shows the toast and resolves to undefined. */
export async function withErrorToast<T>(task: () => Promise<T>): Promise<T | undefined> {
  try {
    return await task()
  } catch (error) {
    toastError(error)
    return undefined
  }
}
