import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { firstPages, quarterLabels, RANKING_PAGE_SIZE, type RankedOrg } from '../../stats-view'
import './index.scss'

export interface OrgRankingProps {
  orgs: RankedOrg[]
  pageSize?: number
}

/** 活跃指数排名: organizations by index, the inactive ones flagged 未开展活动, ten at a time. */
export function OrgRanking({ orgs, pageSize = RANKING_PAGE_SIZE }: OrgRankingProps) {
  const [pages, setPages] = useState(1)
  const { shown, hasMore, remaining } = firstPages(orgs, pages, pageSize)
  const inactive = orgs.filter((org) => org.inactive).length

  if (orgs.length === 0) return <Text className='gy-org-ranking__empty'>本年度还没有已认证的组织。</Text>

  return (
    <View className='gy-org-ranking'>
      <Text className='gy-org-ranking__note'>
        共 {orgs.length} 家组织{inactive ? `，其中 ${inactive} 家全年未开展活动` : '，均开展过活动'}
      </Text>
      {shown.map((org) => (
        <View key={org.orgId} className={`gy-org-ranking__row${org.inactive ? ' gy-org-ranking__row--inactive' : ''}`}>
          <Text className='gy-org-ranking__rank' aria-label={`第${org.rank}名`}>{org.rank}</Text>
          <View className='gy-org-ranking__body'>
            <Text className='gy-org-ranking__name'>{org.orgName}</Text>
            <Text className='gy-org-ranking__meta'>
              {org.township} · {org.kindLabel}
            </Text>
            <Text className='gy-org-ranking__meta'>
              活动 {org.activitiesHeld} 场 · 参与 {org.participants} 人 · {org.serviceHours} 小时
            </Text>
            {org.inactive ? (
              <Text className='gy-org-ranking__flag'>未开展活动</Text>
            ) : (
              <Text className='gy-org-ranking__meta'>活跃季度：{org.activeQuarters.map((q) => quarterLabels[q]).join('、')}</Text>
            )}
          </View>
          <View className='gy-org-ranking__score'>
            <Text className='gy-org-ranking__index'>{org.index}</Text>
            <Text className='gy-org-ranking__index-label'>活跃指数</Text>
          </View>
        </View>
      ))}
      {hasMore ? (
        <Button className='gy-org-ranking__more' fill='outline' onClick={() => setPages(pages + 1)}>
          加载更多（还有 {remaining} 家）
        </Button>
      ) : (
        <Text className='gy-org-ranking__end'>已显示全部</Text>
      )}
    </View>
  )
}

export default OrgRanking
