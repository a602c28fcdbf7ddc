import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { OrgActivityReply } from '../../../../../services/stats'
import './index.scss'

export type ActivityIndexState = { kind: 'loading' } | { kind: 'ready'; year: number; reply: OrgActivityReply } | { kind: 'error'; message: string }

export interface ActivityIndexCardProps {
  state: ActivityIndexState
  onRetry: () => void
}

const quarterNames = ['一季度', '二季度', '三季度', '四季度']

export interface IndexPartView {
  key: 'frequency' | 'reach' | 'depth'
  label: string
  /** its weight in the index, e.g. "40%" */
  weight: string
  /** how far toward its target, 0–100 */
  percent: number
  detail: string
}

/** The three parts of the index as a person reads them: what each counts, its weight and how far it is. */
export function indexParts(reply: OrgActivityReply): IndexPartView[] {
  const row = reply.rows[0]
  const { weights, yearTargets } = reply.formula
  const pct = (share: number) => Math.round(share * 100)
  const hours = Math.round((row.year.serviceMinutes / 60) * 10) / 10
  return [
    { key: 'frequency', label: '活动频次', weight: `${pct(weights.frequency)}%`, percent: pct(row.year.parts.frequency), detail: `开展活动 ${row.year.activitiesHeld} 场，目标 ${yearTargets.activities} 场` },
    { key: 'reach', label: '参与人数', weight: `${pct(weights.reach)}%`, percent: pct(row.year.parts.reach), detail: `参与居民 ${row.year.participants} 人，目标 ${yearTargets.participants} 人` },
    { key: 'depth', label: '参与深度', weight: `${pct(weights.depth)}%`, percent: pct(row.year.parts.depth), detail: `服务时长 ${hours} 小时，人均目标 ${yearTargets.hoursPerParticipant} 小时` },
  ]
}

/** Each quarter: 活跃 (held an activity), 未活跃, or 未开始 (not begun yet). */
export function quarterStates(reply: OrgActivityReply): { name: string; state: 'active' | 'inactive' | 'upcoming' }[] {
  const begun = new Set(reply.county.activeShare.map((q) => q.quarter))
  return reply.rows[0].quarters.map((q) => ({ name: quarterNames[q.quarter - 1], state: q.active ? 'active' : begun.has(q.quarter) ? 'inactive' : 'upcoming' }))
}

const stateLabels = { active: '活跃', inactive: '未活跃', upcoming: '未开始' } as const

/** 组织工作台 · 活跃指数: this year's index, its three parts, the quarters active and what would raise it. */
export function ActivityIndexCard({ state, onRetry }: ActivityIndexCardProps) {
  if (state.kind === 'loading') {
    return (
      <View className='gy-index-card'>
        <Text className='gy-index-card__title'>活跃指数</Text>
        <Text className='gy-index-card__note'>正在计算…</Text>
      </View>
    )
  }
  if (state.kind === 'error') {
    return (
      <View className='gy-index-card'>
        <Text className='gy-index-card__title'>活跃指数</Text>
        <Text className='gy-index-card__note'>{state.message}</Text>
        <Button className='gy-index-card__retry' size='small' fill='outline' onClick={onRetry}>
          重新加载
        </Button>
      </View>
    )
  }
  const { reply, year } = state
  const row = reply.rows[0]
  if (!row) {
    return (
      <View className='gy-index-card'>
        <Text className='gy-index-card__title'>活跃指数</Text>
        <Text className='gy-index-card__note'>组织通过认证后计算活跃指数。</Text>
      </View>
    )
  }
  const parts = indexParts(reply)
  const quarters = quarterStates(reply)
  const activeCount = quarters.filter((q) => q.state === 'active').length
  return (
    <View className='gy-index-card'>
      <View className='gy-index-card__head'>
        <View className='gy-index-card__head-main'>
          <Text className='gy-index-card__title'>{year}年活跃指数</Text>
          <Text className='gy-index-card__note'>
            全县平均 {reply.county.averageIndex}，满分 100
          </Text>
        </View>
        <Text className='gy-index-card__index' aria-label={`活跃指数 ${row.year.index}`}>
          {row.year.index}
        </Text>
      </View>
      {!row.year.heldThisYear ? <Text className='gy-index-card__flag'>今年尚未开展活动</Text> : null}

      <View className='gy-index-card__parts'>
        {parts.map((part) => (
          <View key={part.key} className={`gy-index-card__part gy-index-card__part--${part.key}`}>
            <View className='gy-index-card__part-head'>
              <Text className='gy-index-card__part-label'>
                {part.label}（占 {part.weight}）
              </Text>
              <Text className='gy-index-card__part-value'>达成 {part.percent}%</Text>
            </View>
            <View className='gy-index-card__bar' role='progressbar' aria-valuenow={part.percent} aria-valuemin={0} aria-valuemax={100} aria-label={`${part.label}达成 ${part.percent}%`}>
              <View className='gy-index-card__bar-fill' style={{ width: `${part.percent}%` }} />
            </View>
            <Text className='gy-index-card__note'>{part.detail}</Text>
          </View>
        ))}
      </View>

      <Text className='gy-index-card__subtitle'>活跃季度 {activeCount}/4</Text>
      <View className='gy-index-card__quarters'>
        {quarters.map((q) => (
          <Text key={q.name} className={`gy-index-card__quarter gy-index-card__quarter--${q.state}`}>
            {q.name} {stateLabels[q.state]}
          </Text>
        ))}
      </View>

      <View className='gy-index-card__advice'>
        <Text className='gy-index-card__subtitle'>如何提高</Text>
        <Text className='gy-index-card__advice-text'>{row.advice}</Text>
      </View>
    </View>
  )
}

export default ActivityIndexCard
