import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { OrgStatus } from '../../../cloudfunctions/core/org/org.constants'
import './index.scss'

/** A tag's colours: the brand's, a neutral grey, or those of an organization's status. */
export type ResultTagTone = 'brand' | 'neutral' | OrgStatus

export interface ResultTag {
  text: string
  tone: ResultTagTone
}

export interface ResultCardProps {
  title: string
  /** What the result is about, e.g. the organization's name. */
  name: string
  tags: readonly ResultTag[]
  /** What happens next. */
  text: string
  className?: string
  /** The next steps: full-width buttons under the text. */
  children?: ReactNode
}

/** The card a finished action ends on: a round green check, the title, what it concerns, what happens next. */
export function ResultCard({ title, name, tags, text, className, children }: ResultCardProps) {
  return (
    <View className={`gy-result-card${className ? ` ${className}` : ''}`}>
      <View className='gy-result-card__icon'>
        <Text className='gy-result-card__check'>✓</Text>
      </View>
      <Text className='gy-result-card__title'>{title}</Text>
      <Text className='gy-result-card__name'>{name}</Text>
      <View className='gy-result-card__tags'>
        {tags.map((tag) => (
          <Text key={`${tag.tone}:${tag.text}`} className={`gy-result-card__tag gy-result-card__tag--${tag.tone}`}>
            {tag.text}
          </Text>
        ))}
      </View>
      <Text className='gy-result-card__text'>{text}</Text>
      {children}
    </View>
  )
}

export default ResultCard
