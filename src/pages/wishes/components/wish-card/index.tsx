import { Text, View } from '@tarojs/components'
import type { WishCardView } from '../../../../../cloudfunctions/core/wish/wish.schema'
import { beneficiaryLineOf, placeOf, wishStatusOf } from '../../../../utils/wish-feed'
import { pressable } from '../../../../utils/a11y'
import './index.scss'

export interface WishCardProps {
  wish: WishCardView
  onClick?: (wish: WishCardView) => void
}

/** One wish on the 心愿墙: only public fields (masked name, township · community); never a phone or full name. */
export function WishCard({ wish, onClick }: WishCardProps) {
  const status = wishStatusOf(wish)
  const done = wish.status === 'confirmed'
  return (
    <View className={`gy-wish-card gy-wish-card--${status.tone}`} {...pressable()} onClick={() => onClick?.(wish)}>
      <View className='gy-wish-card__header'>
        <Text className='gy-wish-card__title'>{wish.title}</Text>
        <Text className={`gy-wish-card__status gy-wish-card__status--${status.tone}`}>{status.text}</Text>
      </View>

      <View className='gy-wish-card__tags'>
        <Text className='gy-wish-card__category'>{wish.category}</Text>
        <Text className='gy-wish-card__beneficiary'>{beneficiaryLineOf(wish)}</Text>
      </View>

      <Text className='gy-wish-card__content'>{wish.content}</Text>

      <View className='gy-wish-card__footer'>
        <Text className='gy-wish-card__place'>{placeOf(wish)}</Text>
        <Text className='gy-wish-card__amount'>
          <Text className='gy-wish-card__amount-unit'>¥</Text>
          {wish.estimatedYuan}
        </Text>
      </View>

      {done ? (
        <View className='gy-wish-card__thanks'>
          <Text className='gy-wish-card__thanks-mark'>感谢</Text>
          <Text className='gy-wish-card__thanks-text'>{wish.thanks ? `“${wish.thanks}”` : '感谢爱心人士帮助实现这个心愿'}</Text>
        </View>
      ) : null}
    </View>
  )
}

/** A grey card in the shape of a WishCard, while the wall loads. */
export function WishCardSkeleton() {
  return (
    <View className='gy-wish-skeleton'>
      <View className='gy-wish-skeleton__bone gy-wish-skeleton__bone--title' />
      <View className='gy-wish-skeleton__bone gy-wish-skeleton__bone--tags' />
      <View className='gy-wish-skeleton__bone gy-wish-skeleton__bone--line' />
      <View className='gy-wish-skeleton__bone gy-wish-skeleton__bone--line' />
      <View className='gy-wish-skeleton__bone gy-wish-skeleton__bone--footer' />
    </View>
  )
}

export default WishCard
