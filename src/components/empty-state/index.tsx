import type { ReactNode } from 'react'
import { Image, View } from '@tarojs/components'
import activities from '../../assets/illustrations/empty-activities.png'
import wishes from '../../assets/illustrations/empty-wishes.png'
import comingSoon from '../../assets/illustrations/coming-soon.png'
import loadFailed from '../../assets/illustrations/load-failed.png'
import avatar from '../../assets/illustrations/avatar.png'
import { decorativeImage } from '../../utils/a11y'
import './index.scss'

export type EmptyStateIllustration = 'activities' | 'wishes' | 'coming-soon' | 'load-failed' | 'signed-out'

const images: Record<EmptyStateIllustration, string> = {
  activities,
  wishes,
  'coming-soon': comingSoon,
  'load-failed': loadFailed,
  'signed-out': avatar,
}

export interface EmptyStateProps {
  illustration: EmptyStateIllustration
  title: string
  description: string
  /** Buttons or links under the text. */
  children?: ReactNode
  className?: string
}

/**
 * A friendly empty state: illustration, title, one or two sentences of explanation. Drawn here rather
 * than with NutUI's Empty: every tab page shows one, and NutUI's would bring its Button and icons
 * into the weapp main package.
 */
export function EmptyState({ illustration, title, description, children, className }: EmptyStateProps) {
  return (
    <View className={`gy-empty-state gy-empty-state--${illustration}${className ? ` ${className}` : ''}`}>
      <View className='gy-empty-state__figure'>
        {/* the illustration only decorates: the title and description say what it means */}
        <Image className='gy-empty-state__image' src={images[illustration]} mode='aspectFit' {...decorativeImage()} />
      </View>
      <View className='gy-empty-state__title'>{title}</View>
      <View className='gy-empty-state__description'>{description}</View>
      {children}
    </View>
  )
}

export default EmptyState
