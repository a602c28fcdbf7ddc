import type { ReactNode } from 'react'
import { EmptyState } from '../empty-state'

export type AccessDeniedReason = 'signedOut' | 'forbidden' | 'notFound'

const texts: Record<AccessDeniedReason, { title: string; description: string }> = {
  signedOut: { title: '请先登录', description: '登录后才能查看此页面。' },
  forbidden: { title: '没有权限查看此页面', description: '此页面仅对相关组织的工作人员或平台管理员开放。' },
  notFound: { title: '内容不存在', description: '该内容不存在、已删除，或你无权查看。' },
}

export interface AccessDeniedProps {
  reason: AccessDeniedReason
  /** The server's message, when it says more than the default. */
  description?: string
  children?: ReactNode
}

/** A page the caller may not see: a clear message instead of a blank screen. */
export function AccessDenied({ reason, description, children }: AccessDeniedProps) {
  const text = texts[reason]
  return (
    <EmptyState className='gy-access-denied' illustration='load-failed' title={text.title} description={description || text.description}>
      {children}
    </EmptyState>
  )
}

/** Which denial an error code means, or null when it is not about access. */
export function accessDeniedReasonOf(code: string): AccessDeniedReason | null {
  if (code === 'UNAUTHENTICATED') return 'signedOut'
  if (code === 'FORBIDDEN') return 'forbidden'
  if (code === 'NOT_FOUND') return 'notFound'
  return null
}

export default AccessDenied
