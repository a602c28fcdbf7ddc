import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { contestPhase, type ContestView } from '../../services/venture-contest'
import { pressable } from '../../utils/a11y'

export interface ContestCardProps {
  contest: ContestView
  /** Tapping the card opens the contest (a list's card); without it the card is not a link (a contest page's own heading). */
  onOpen?: () => void
  /** The page's own block class beside `gy-vc__card` (`gy-vc-contest`, `gy-vc-admin__contest`). */
  className?: string
  /** What the page says under the name: dates, money, rounds, and any links or controls of its own. */
  children?: ReactNode
}

/**
 * A 公益创投 contest's card: its name and phase badge (报名中, 评审中, …) over the page's own lines,
 * as the public list, the admin list and both contest pages draw it. No stylesheet of its own: the
 * `gy-vc` blocks of styles/venture.scss, which every contest page imports (so the mini-program's
 * main package does not carry them).
 */
export function ContestCard({ contest, onOpen, className, children }: ContestCardProps) {
  const phase = contestPhase(contest)
  return (
    <View
      className={`gy-vc__card${className ? ` ${className}` : ''}`}
      {...(onOpen ? pressable({ role: 'link', label: `${contest.name}，${phase.label}` }) : {})}
      onClick={onOpen}
    >
      <View className='gy-vc__head'>
        <Text className='gy-vc__name'>{contest.name}</Text>
        <Text className={`gy-vc__badge gy-vc__badge--${phase.tone}`}>{phase.label}</Text>
      </View>
      {children}
    </View>
  )
}

export default ContestCard
