import { Text, View } from '@tarojs/components'
import { LightButton as Button } from '../light-button'
import { EmptyState } from '../empty-state'
import './index.scss'

/** A grey placeholder, named after the part of the page it stands in for (each has that part's height). */
export type PageSkeleton = 'profile-card' | 'volunteer-form' | 'org-profile' | 'member-list' | 'review-card'

export interface PageLoadingProps {
  /** Top to bottom. */
  skeletons: readonly PageSkeleton[]
  className?: string
}

/** A page's first load: placeholders in the shape of what is coming, and 正在加载…. */
export function PageLoading({ skeletons, className }: PageLoadingProps) {
  return (
    <View className={`gy-page-state gy-page-state--loading${className ? ` ${className}` : ''}`}>
      {skeletons.map((skeleton, index) => (
        <View key={index} className={`gy-page-state__skeleton gy-page-state__skeleton--${skeleton}`} />
      ))}
      <Text className='gy-page-state__loading-text'>正在加载…</Text>
    </View>
  )
}

export interface PageErrorProps {
  title: string
  /** Why it failed; a generic hint when blank. */
  message?: string | null
  onRetry: () => void
  className?: string
}

/** A page that could not load: a card with the reason and 重新加载. */
export function PageError({ title, message, onRetry, className }: PageErrorProps) {
  return (
    <View className={`gy-page-state gy-page-state--error${className ? ` ${className}` : ''}`}>
      <EmptyState illustration='load-failed' title={title} description={message || '请检查网络后重试'}>
        <Button className='gy-page-state__retry' type='primary' size='small' onClick={onRetry}>
          重新加载
        </Button>
      </EmptyState>
    </View>
  )
}
