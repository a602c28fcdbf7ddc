import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { isTownship, townships, type Township } from '../../../../cloudfunctions/core/settings/townships'
import type { CountyView, NeedView, ResourceView } from '../../../../cloudfunctions/core/needs/needs.schema'
import { needFields, providerKindLabels, resourceOfferLabels, resourceOffers, type NeedField, type ResourceOffer } from '../../../../cloudfunctions/core/needs/needs.constants'
import { EmptyState } from '../../../components/empty-state'
import { OptionPicker } from '../../../components/option-picker'
import { PageError, PageLoading } from '../../../components/page-state'
import { useCursorFeed } from '../../../hooks/use-cursor-feed'
import { getCountyView, listNeeds, listResources } from '../../../services/needs'
import { group, pressable } from '../../../utils/a11y'
import { ListFooter } from '../../../components/list-footer'
import './index.scss'

const PAGE_SIZE = 20
const ALL_TOWNSHIPS = '全部乡镇'
const townshipOptions = [ALL_TOWNSHIPS, ...townships]
const ALL_FIELDS = '全部领域'
const fieldOptions = [ALL_FIELDS, ...needFields]
const ALL_OFFERS = '全部资源'
const offerByLabel = new Map(resourceOffers.map((offer) => [resourceOfferLabels[offer], offer] as const))
const offerOptions = [ALL_OFFERS, ...offerByLabel.keys()]
/** Nothing else changes these lists from the mini-program yet; kept for the feed's reload-on-show. */
export const NEEDS_CHANGED_EVENT = 'needs:changed'

type Tab = 'needs' | 'resources'
const tabLabels: Record<Tab, string> = { needs: '需求清单', resources: '资源清单' }

interface Filter {
  tab: Tab
  /** null: 全部乡镇 */
  township: Township | null
  /** 需求清单 by field (null: 全部领域) */
  field: NeedField | null
  /** 资源清单 by what is offered (null: 全部资源) */
  offer: ResourceOffer | null
}

type Item = { kind: 'need'; need: NeedView } | { kind: 'resource'; resource: ResourceView }

type County = { kind: 'loading' } | { kind: 'ready'; view: CountyView } | { kind: 'error' }

async function fetchItems(filter: Filter, cursor: string | undefined): Promise<{ items: Item[]; nextCursor: string | null }> {
  const query = { ...(filter.township ? { township: filter.township } : {}), ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }
  if (filter.tab === 'needs') {
    const page = await listNeeds({ ...query, ...(filter.field ? { field: filter.field } : {}), open: true })
    return { items: page.items.map((need) => ({ kind: 'need', need })), nextCursor: page.nextCursor }
  }
  const page = await listResources({ ...query, ...(filter.offer ? { offer: filter.offer } : {}) })
  return { items: page.items.map((resource) => ({ kind: 'resource', resource })), nextCursor: page.nextCursor }
}

const emptyTexts: Record<Tab, { title: string; description: string }> = {
  needs: { title: '暂无征集中的需求', description: '社区社会组织发布需求后会显示在这里，社会组织可据此设计公益项目。' },
  resources: { title: '暂无资源', description: '平台登记的场地、资金、物资、专业服务和志愿者资源会显示在这里。' },
}

/** 需求与资源 (issue #16): the county's open needs and its resource providers, by township. */
export default function NeedsResourcesPage() {
  const [county, setCounty] = useState<County>({ kind: 'loading' })
  /** The first load asks for the summary once; later first pages (refresh, another tab or township) ask again. */
  const firstPageSeen = useRef(false)

  const loadCounty = useCallback(async () => {
    try {
      setCounty({ kind: 'ready', view: await getCountyView() })
    } catch {
      setCounty({ kind: 'error' })
    }
  }, [])
  useEffect(() => {
    void loadCounty()
  }, [loadCounty])

  const { filter, items, nextCursor, status, errorMessage, loadingMore, moreFailed, load, loadMore, changeFilter } = useCursorFeed({
    initialFilter: { tab: 'needs', township: null, field: null, offer: null } as Filter,
    toQuery: (next: Filter) => next,
    fetchPage: fetchItems,
    keyOf: (item: Item) => (item.kind === 'need' ? item.need.needId : item.resource.resourceId),
    changedEvent: NEEDS_CHANGED_EVENT,
    onFirstPage: () => {
      if (firstPageSeen.current) void loadCounty()
      firstPageSeen.current = true
    },
  })

  const countyTotals = county.kind === 'ready' ? county.view : null
  const townshipTotal = countyTotals && filter.township ? (countyTotals.openByTownship.find((row) => row.township === filter.township)?.total ?? 0) : null

  return (
    <View className='gy-page gy-needs'>
      <View className='gy-needs__intro'>
        <Text className='gy-needs__title'>需求与资源</Text>
        <Text className='gy-needs__lead'>需求清单是各乡镇社区提出、正在征集公益项目的服务需求；资源清单是愿意提供场地、资金、物资、专业服务和志愿者的单位与个人。</Text>
      </View>

      <View className='gy-needs__summary' {...group('group', '全县概况')}>
        {county.kind === 'ready' ? (
          <>
            <View className='gy-needs__figure'>
              <Text className='gy-needs__figure-value'>{county.view.openTotal}</Text>
              <Text className='gy-needs__figure-label'>全县征集中的需求</Text>
            </View>
            <View className='gy-needs__figure'>
              <Text className='gy-needs__figure-value gy-needs__figure-value--alert'>{county.view.unanswered.length}</Text>
              <Text className='gy-needs__figure-label'>暂无项目对接</Text>
            </View>
            <View className='gy-needs__figure'>
              <Text className='gy-needs__figure-value'>{county.view.openByTownship.filter((row) => row.total > 0).length}</Text>
              <Text className='gy-needs__figure-label'>涉及乡镇</Text>
            </View>
          </>
        ) : (
          <Text className='gy-needs__summary-note'>{county.kind === 'loading' ? '正在统计全县需求…' : '全县概况暂时无法加载，下拉可重试'}</Text>
        )}
      </View>

      <View className='gy-needs__tabs' {...group('tablist', '清单')}>
        {(['needs', 'resources'] as const).map((tab) => (
          <View
            key={tab}
            className={`gy-needs__tab${filter.tab === tab ? ' gy-needs__tab--active' : ''}`}
            {...pressable({ role: 'tab', selected: filter.tab === tab })}
            onClick={() => {
              if (filter.tab !== tab) changeFilter({ ...filter, tab })
            }}
          >
            <Text>{tabLabels[tab]}</Text>
          </View>
        ))}
      </View>

      <View className='gy-needs__filters'>
        <OptionPicker
          title='选择乡镇'
          options={townshipOptions}
          value={filter.township ?? ALL_TOWNSHIPS}
          onConfirm={(picked) => {
            const next = isTownship(picked) ? picked : null
            if (next !== filter.township) changeFilter({ ...filter, township: next })
          }}
        >
          <View
            className={`gy-needs__township${filter.township ? ' gy-needs__township--active' : ''}`}
            {...pressable({ label: `按乡镇筛选：${filter.township ?? ALL_TOWNSHIPS}` })}
          >
            <Text>{filter.township ?? ALL_TOWNSHIPS}</Text>
            <Text className='gy-needs__township-arrow' aria-hidden='true'>
              ▾
            </Text>
          </View>
        </OptionPicker>
        {filter.tab === 'needs' ? (
          <OptionPicker
            title='选择服务领域'
            options={fieldOptions}
            value={filter.field ?? ALL_FIELDS}
            onConfirm={(picked) => {
              const next = (needFields as readonly string[]).includes(picked) ? (picked as NeedField) : null
              if (next !== filter.field) changeFilter({ ...filter, field: next })
            }}
          >
            <View className={`gy-needs__township gy-needs__field-filter${filter.field ? ' gy-needs__township--active' : ''}`} {...pressable({ label: `按服务领域筛选：${filter.field ?? ALL_FIELDS}` })}>
              <Text>{filter.field ?? ALL_FIELDS}</Text>
              <Text className='gy-needs__township-arrow' aria-hidden='true'>
                ▾
              </Text>
            </View>
          </OptionPicker>
        ) : (
          <OptionPicker
            title='选择资源类型'
            options={offerOptions}
            value={filter.offer ? resourceOfferLabels[filter.offer] : ALL_OFFERS}
            onConfirm={(picked) => {
              const next = offerByLabel.get(picked) ?? null
              if (next !== filter.offer) changeFilter({ ...filter, offer: next })
            }}
          >
            <View className={`gy-needs__township gy-needs__offer-filter${filter.offer ? ' gy-needs__township--active' : ''}`} {...pressable({ label: `按资源类型筛选：${filter.offer ? resourceOfferLabels[filter.offer] : ALL_OFFERS}` })}>
              <Text>{filter.offer ? resourceOfferLabels[filter.offer] : ALL_OFFERS}</Text>
              <Text className='gy-needs__township-arrow' aria-hidden='true'>
                ▾
              </Text>
            </View>
          </OptionPicker>
        )}
        {filter.tab === 'needs' && townshipTotal !== null && !filter.field ? <Text className='gy-needs__filter-note'>{filter.township}征集中 {townshipTotal} 项</Text> : null}
      </View>

      {status === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}
      {status === 'error' ? <PageError title={`${tabLabels[filter.tab]}加载失败`} message={errorMessage} onRetry={() => void load(filter, 'reset')} /> : null}
      {status === 'ready' && items.length === 0 ? (
        <View className='gy-needs__card'>
          <EmptyState
            illustration='coming-soon'
            title={filter.township ? `${filter.township}${emptyTexts[filter.tab].title}` : emptyTexts[filter.tab].title}
            description={emptyTexts[filter.tab].description}
          />
        </View>
      ) : null}
      {status === 'ready'
        ? items.map((item) => (item.kind === 'need' ? <NeedCard key={item.need.needId} need={item.need} /> : <ResourceCard key={item.resource.resourceId} resource={item.resource} />))
        : null}
      {status === 'ready' && items.length > 0 ? <ListFooter loadingMore={loadingMore} failed={moreFailed} hasMore={!!nextCursor} onMore={() => void loadMore()} /> : null}
    </View>
  )
}

function NeedCard({ need }: { need: NeedView }) {
  return (
    <View
      className='gy-needs__card gy-need'
      {...pressable({ role: 'link', label: `${need.township}${need.community}的${need.field}需求：${need.beneficiaries}，查看详情` })}
      onClick={() => void Taro.navigateTo({ url: `/packages/needs/detail/index?needId=${encodeURIComponent(need.needId)}` })}
    >
      <View className='gy-need__head'>
        <Text className='gy-need__place'>
          {need.township} · {need.community}
        </Text>
        <Text className='gy-need__field'>{need.field}</Text>
      </View>
      <Text className='gy-need__beneficiaries'>
        服务对象：{need.beneficiaries}（{need.beneficiaryCount} 人）
      </Text>
      <Text className='gy-need__content'>{need.content}</Text>
      <View className='gy-need__foot'>
        {need.orgName ? <Text className='gy-need__org'>{need.orgName}</Text> : <Text className='gy-need__org'>平台登记</Text>}
        <Text className={`gy-need__projects${need.projectCount > 0 ? ' gy-need__projects--answered' : ''}`}>
          {need.projectCount > 0 ? `已有 ${need.projectCount} 个项目` : '暂无项目对接'}
        </Text>
      </View>
    </View>
  )
}

function ResourceCard({ resource }: { resource: ResourceView }) {
  return (
    <View className='gy-needs__card gy-resource'>
      <View className='gy-need__head'>
        <Text className='gy-resource__name'>{resource.provider.name}</Text>
        <Text className='gy-resource__kind'>{providerKindLabels[resource.provider.kind]}</Text>
      </View>
      <View className='gy-resource__offers'>
        {resource.offers.map((offer) => (
          <Text key={offer} className='gy-resource__offer'>
            {resourceOfferLabels[offer]}
          </Text>
        ))}
      </View>
      <Text className='gy-need__content'>{resource.description}</Text>
      <View className='gy-need__foot'>
        <Text className='gy-need__org'>{resource.township}</Text>
        <Text className='gy-resource__contact'>
          联系人：{resource.contact.name} {resource.contact.phone}
        </Text>
      </View>
    </View>
  )
}

