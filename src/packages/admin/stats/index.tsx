import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { isCloudError } from '../../../services/cloud'
import { exportOrgActivity, loadOrgActivity, loadOverview, type OrgActivityReply, type OverviewView, type Quarter } from '../../../services/stats'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { OrgRanking } from './components/org-ranking'
import { StatsChart } from './components/stats-chart'
import {
  averageAgainstTargets,
  countAxis,
  fiveStepAxis,
  formatNumber,
  formatShare,
  formulaLines,
  headlineFigures,
  quarterLabels,
  quarterList,
  quarterTrend,
  rankOrgs,
  townshipBars,
  townshipSummary,
  trendSummary,
  yearOptions,
} from './stats-view'
import './index.scss'

type Loaded<T> = { kind: 'loading' } | { kind: 'ready'; data: T } | { kind: 'error'; message: string }

const currentYear = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4)) // Beijing year
const YEARS_SHOWN = 3

/** Opens the exported .xlsx: a download in the browser, WeChat's document viewer in the mini-program. */
async function openExport(url: string, fileName: string): Promise<void> {
  if (process.env.TARO_ENV === 'weapp') {
    const { tempFilePath, statusCode } = await Taro.downloadFile({ url })
    if (statusCode !== 200) throw new Error('下载失败，请稍后重试')
    await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true })
    return
  }
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.appendChild(link)
  link.click()
  link.remove()
}

/** 平台管理 · 数据概览: the county at a glance for a year or quarter, and every organization's 活跃指数. */
export default function AdminStatsPage() {
  const [year, setYear] = useState(currentYear)
  const [quarter, setQuarter] = useState<Quarter | null>(null)
  const [overview, setOverview] = useState<Loaded<OverviewView>>({ kind: 'loading' })
  const [activity, setActivity] = useState<Loaded<OrgActivityReply>>({ kind: 'loading' })
  const [denied, setDenied] = useState<AccessDeniedReason | null>(null)
  const [exporting, setExporting] = useState(false)
  const [exported, setExported] = useState<{ url: string; fileName: string } | null>(null)
  const latest = useRef({ overview: 0, activity: 0 })
  const period = useRef<{ year: number; quarter: Quarter | null }>({ year, quarter })

  const fail = (error: unknown, set: (state: Loaded<never>) => void) => {
    const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
    if (reason) setDenied(reason)
    else set({ kind: 'error', message: messageOf(error) })
  }

  /** Only the latest load of each part wins, so a slow reply for an old year never overwrites a newer one. */
  const refreshOverview = useCallback(async (y: number, q: Quarter | null) => {
    const ticket = ++latest.current.overview
    setOverview({ kind: 'loading' })
    try {
      const data = await loadOverview(y, q)
      if (ticket === latest.current.overview) setOverview({ kind: 'ready', data })
    } catch (error) {
      if (ticket === latest.current.overview) fail(error, setOverview)
    }
  }, [])

  const refreshActivity = useCallback(async (y: number) => {
    const ticket = ++latest.current.activity
    setActivity({ kind: 'loading' })
    try {
      const data = await loadOrgActivity({ year: y })
      if (ticket === latest.current.activity) setActivity({ kind: 'ready', data })
    } catch (error) {
      if (ticket === latest.current.activity) fail(error, setActivity)
    }
  }, [])

  const refresh = useCallback(() => {
    const { year: y, quarter: q } = period.current
    return Promise.all([refreshOverview(y, q), refreshActivity(y)])
  }, [refreshOverview, refreshActivity])

  useDidShow(() => {
    void refresh()
  })

  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })

  const pickYear = (y: number) => {
    if (y === period.current.year) return
    period.current = { year: y, quarter: period.current.quarter }
    setYear(y)
    setExported(null)
    void refresh()
  }

  const pickQuarter = (q: Quarter | null) => {
    if (q === period.current.quarter) return
    period.current = { ...period.current, quarter: q }
    setQuarter(q)
    void refreshOverview(period.current.year, q)
  }

  const runExport = async () => {
    setExporting(true)
    try {
      const file = await exportOrgActivity(year)
      setExported(file)
      await openExport(file.url, file.fileName)
      toastSuccess('已导出')
    } catch (error) {
      toastError(error)
    } finally {
      setExporting(false)
    }
  }

  if (denied) {
    return (
      <View className='gy-page gy-admin-stats'>
        <View className='gy-admin-stats__card'>
          <AccessDenied reason={denied} description={denied === 'forbidden' ? '数据概览仅对平台管理员开放。' : undefined} />
        </View>
      </View>
    )
  }

  const years = yearOptions(currentYear()).slice(0, YEARS_SHOWN)
  const periodLabel = `${year}年${quarter ? quarterLabels[quarter] : '全年'}`

  return (
    <View className='gy-page gy-admin-stats'>
      <View className='gy-admin-stats__intro'>
        <Text className='gy-admin-stats__title'>数据概览</Text>
        <Text className='gy-admin-stats__subtitle'>全县社会组织、志愿服务与微心愿的整体情况，以及各组织的活跃指数。</Text>
      </View>

      <View className='gy-admin-stats__switcher'>
        <View className='gy-admin-stats__tabs gy-admin-stats__years' role='tablist' aria-label='选择年份'>
          {years.map((y) => (
            <View key={y} className={`gy-admin-stats__tab gy-admin-stats__year${y === year ? ' gy-admin-stats__tab--active' : ''}`} aria-selected={y === year} role='tab' onClick={() => pickYear(y)}>
              <Text>{y}年</Text>
            </View>
          ))}
        </View>
        <View className='gy-admin-stats__tabs gy-admin-stats__quarters' role='tablist' aria-label='选择季度'>
          {[null, ...quarterList].map((q) => (
            <View key={q ?? 'year'} className={`gy-admin-stats__tab gy-admin-stats__quarter${q === quarter ? ' gy-admin-stats__tab--active' : ''}`} aria-selected={q === quarter} role='tab' onClick={() => pickQuarter(q)}>
              <Text>{q ? quarterLabels[q] : '全年'}</Text>
            </View>
          ))}
        </View>
      </View>

      {overview.kind === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}
      {overview.kind === 'error' ? <PageError title='数据加载失败' message={overview.message} onRetry={() => void refreshOverview(year, quarter)} /> : null}
      {overview.kind === 'ready' ? <OverviewSection overview={overview.data} periodLabel={periodLabel} /> : null}

      <View className='gy-admin-stats__card gy-admin-stats__activity'>
        <View className='gy-admin-stats__card-head'>
          <Text className='gy-admin-stats__card-title'>{year}年 组织活跃指数</Text>
          <Button className='gy-admin-stats__export' type='primary' size='small' loading={exporting} disabled={activity.kind !== 'ready' || exporting} onClick={() => void runExport()}>
            导出
          </Button>
        </View>
        {exported ? (
          <Text className='gy-admin-stats__exported' data-url={exported.url}>
            已导出：{exported.fileName}
          </Text>
        ) : null}
        {activity.kind === 'loading' ? <Text className='gy-admin-stats__loading'>正在计算活跃指数…</Text> : null}
        {activity.kind === 'error' ? <PageError title='活跃指数加载失败' message={activity.message} onRetry={() => void refreshActivity(year)} /> : null}
        {activity.kind === 'ready' ? <ActivitySection reply={activity.data} year={year} /> : null}
      </View>
    </View>
  )
}

function OverviewSection({ overview, periodLabel }: { overview: OverviewView; periodLabel: string }) {
  const figures = headlineFigures(overview)
  const bars = townshipBars(overview)
  const withActivity = bars.filter((b) => b.activitiesHeld > 0 || b.serviceHours > 0)
  return (
    <View className='gy-admin-stats__overview'>
      <View className='gy-admin-stats__card'>
        <Text className='gy-admin-stats__card-title'>{periodLabel} · 全县</Text>
        <View className='gy-admin-stats__figures'>
          {figures.map((figure) => (
            <View key={figure.key} className={`gy-admin-stats__figure gy-admin-stats__figure--${figure.key}`}>
              <Text className='gy-admin-stats__figure-label'>{figure.label}</Text>
              <Text className='gy-admin-stats__figure-value'>
                {figure.value}
                <Text className='gy-admin-stats__figure-unit'> {figure.unit}</Text>
              </Text>
              {figure.breakdown.length > 0 ? (
                <Text className='gy-admin-stats__figure-breakdown'>{figure.breakdown.map((b) => `${b.label} ${formatNumber(b.count)}`).join(' · ')}</Text>
              ) : null}
            </View>
          ))}
        </View>
      </View>

      <View className='gy-admin-stats__card'>
        <Text className='gy-admin-stats__card-title'>各乡镇对比</Text>
        {withActivity.length === 0 ? (
          <EmptyState illustration='activities' title='本期暂无活动数据' description='各乡镇开展活动、确认服务时长后会出现在这里。' />
        ) : (
          <>
            <StatsChart
              canvasId='gy-stats-townships'
              height={Math.max(160, withActivity.length * 44)}
              chart={{
                kind: 'bar',
                categories: withActivity.map((b) => b.township),
                values: withActivity.map((b) => b.activitiesHeld),
                color: '#c8432d',
                axis: countAxis(Math.max(...withActivity.map((b) => b.activitiesHeld))),
              }}
              summary={townshipSummary(bars)}
            />
            <View className='gy-admin-stats__table' aria-hidden='true'>
              <View className='gy-admin-stats__table-row gy-admin-stats__table-row--head'>
                <Text>乡镇</Text>
                <Text>活动（场）</Text>
                <Text>时长（小时）</Text>
                <Text>志愿者</Text>
              </View>
              {withActivity.map((b) => (
                <View key={b.township} className='gy-admin-stats__table-row gy-admin-stats__township'>
                  <Text>{b.township}</Text>
                  <Text>{b.activitiesHeld}</Text>
                  <Text>{formatNumber(b.serviceHours)}</Text>
                  <Text>{b.volunteers}</Text>
                </View>
              ))}
            </View>
          </>
        )}
      </View>
    </View>
  )
}

function ActivitySection({ reply, year }: { reply: OrgActivityReply; year: number }) {
  const { rows, county, formula } = reply
  const trend = quarterTrend(rows, county)
  const { average, checks } = averageAgainstTargets(county)
  const target = county.targets.activeShareEachQuarter
  const begun = trend.filter((p) => p.activeShare !== null)
  return (
    <View className='gy-admin-stats__activity-body'>
      <View className='gy-admin-stats__average'>
        <View className='gy-admin-stats__average-main'>
          <Text className='gy-admin-stats__figure-label'>全县平均活跃度</Text>
          <Text className='gy-admin-stats__figure-value'>{formatNumber(average)}%</Text>
        </View>
        <View className='gy-admin-stats__checks'>
          {checks.map((check) => (
            <Text key={check.label} className={`gy-admin-stats__check gy-admin-stats__check--${check.met ? 'met' : 'short'}`}>
              {check.label} {check.target}%：{check.met ? '已达到' : '未达到'}
            </Text>
          ))}
        </View>
        <Text className='gy-admin-stats__figure-breakdown'>
          全年开展过活动的组织 {county.heldThisYear}/{county.organizations} 家
        </Text>
      </View>

      <Text className='gy-admin-stats__section-title'>按季度趋势</Text>
      {begun.length === 0 ? (
        <Text className='gy-admin-stats__loading'>{year}年尚未开始。</Text>
      ) : (
        <>
          <StatsChart
            canvasId='gy-stats-trend'
            chart={{
              kind: 'trend',
              categories: trend.map((p) => p.label),
              columns: {
                name: '开展活动（场）',
                unit: '场',
                color: '#c8432d',
                values: trend.map((p) => p.activitiesHeld),
                axis: fiveStepAxis(Math.max(...trend.map((p) => p.activitiesHeld))),
              },
              line: {
                name: '活跃组织占比（%）',
                unit: '%',
                color: '#1f5fad',
                values: trend.map((p) => (p.activeShare === null ? null : Math.round(p.activeShare * 100))),
                axis: { max: 100, splitNumber: 5 },
              },
              target: { value: Math.round(target * 100), color: '#b26b00' },
            }}
            summary={trendSummary(trend, target)}
          />
          <Text className='gy-admin-stats__caption'>黄色虚线：每季度活跃组织占比目标 {formatShare(target)}（右侧刻度）</Text>
          <View className='gy-admin-stats__table' aria-hidden='true'>
            <View className='gy-admin-stats__table-row gy-admin-stats__table-row--head'>
              <Text>季度</Text>
              <Text>活动（场）</Text>
              <Text>活跃占比</Text>
              <Text>目标{formatShare(target)}</Text>
            </View>
            {trend.map((p) => (
              <View key={p.quarter} className='gy-admin-stats__table-row gy-admin-stats__trend-row'>
                <Text>{p.label}</Text>
                <Text>{p.activeShare === null ? '—' : p.activitiesHeld}</Text>
                <Text>{p.activeShare === null ? '未开始' : formatShare(p.activeShare)}</Text>
                <Text className={p.meetsTarget === false ? 'gy-admin-stats__short' : ''}>{p.meetsTarget === null ? '—' : p.meetsTarget ? '达标' : '未达标'}</Text>
              </View>
            ))}
          </View>
        </>
      )}

      <Text className='gy-admin-stats__section-title'>活跃指数排名</Text>
      <OrgRanking orgs={rankOrgs(rows)} />

      <View className='gy-admin-stats__formula'>
        <Text className='gy-admin-stats__section-title'>活跃指数怎么算</Text>
        {formulaLines(formula).map((line) => (
          <Text key={line} className='gy-admin-stats__formula-line'>
            {line}
          </Text>
        ))}
      </View>
    </View>
  )
}
