import type { ReactNode } from 'react'
import { Image } from '@tarojs/components'
import { Empty } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css'
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

/** A friendly empty state: illustration, title, one or two sentences of explanation. */
export function EmptyState({ illustration, title, description, children, className }: EmptyStateProps) {
  return (
    <Empty
      className={`gy-empty-state gy-empty-state--${illustration}${className ? ` ${className}` : ''}`}
      // the illustration only decorates: the title and description say what it means
      image={<Image className='gy-empty-state__image' src={images[illustration]} mode='aspectFit' {...decorativeImage()} />}
      imageSize={140}
      title={title}
      description={description}
    >
      {children}
    </Empty>
  )
}

export default EmptyState
