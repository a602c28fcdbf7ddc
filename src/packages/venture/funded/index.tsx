import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { ProjectSummary } from '../../../components/project-progress'
import { useCursorFeed } from '../../../hooks/use-cursor-feed'
import { listFundedProjects, type FundedSummaryView } from '../../../services/venture-projects'
import { pressable } from '../../../utils/a11y'
import { ListFooter } from '../../../components/list-footer'
import './index.scss'

const PAGE_SIZE = 20
/** A milestone decision or a follow-up elsewhere marks the list stale. */
export const FUNDED_CHANGED_EVENT = 'venture:funded-changed'

/** 资助项目 (`?contestId=` optional): the projects 公益创投 funds, newest first, each with its progress; a tap opens 项目进展. */
export default function FundedProjectsPage() {
  const contestId = useRouter().params.contestId || undefined
  const { items, nextCursor, status, errorMessage, loadingMore, moreFailed, load, loadMore } = useCursorFeed({
    initialFilter: contestId ?? null,
    toQuery: (contest: string | null) => (contest ? { contestId: contest } : {}),
    fetchPage: (query: { contestId?: string }, cursor) => listFundedProjects({ ...query, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }),
    keyOf: (project: FundedSummaryView) => project.projectId,
    changedEvent: FUNDED_CHANGED_EVENT,
  })

  const open = (project: FundedSummaryView) => void Taro.navigateTo({ url: `/packages/venture/project/index?projectId=${encodeURIComponent(project.projectId)}` })

  return (
    <View className='gy-page gy-funded'>
      <View className='gy-funded__intro'>
        <Text className='gy-funded__title'>资助项目</Text>
        <Text className='gy-funded__lead'>公益创投大赛资助的项目，按节点验收、分期拨付，平台在项目周期内至少回访3次。</Text>
      </View>

      {status === 'loading' ? <PageLoading skeletons={['review-card', 'review-card', 'review-card']} /> : null}
      {status === 'error' ? <PageError title='资助项目加载失败' message={errorMessage} onRetry={() => void load(contestId ?? null, 'reset')} /> : null}
      {status === 'ready' && items.length === 0 ? (
        <EmptyState illustration='coming-soon' title='暂无资助项目' description='公益创投大赛公布结果后，获得资助的项目和它们的进展会显示在这里。' />
      ) : null}

      {status === 'ready' && items.length > 0 ? (
        <View className='gy-funded__list'>
          {items.map((project) => (
            <View
              key={project.projectId}
              className='gy-funded__item'
              {...pressable({ role: 'link', label: `${project.title}，${project.orgName}，已拨付${project.releasedYuan}元，共${project.amountYuan}元` })}
              onClick={() => open(project)}
            >
              <Text className='gy-funded__contest'>
                {project.contestName} · {project.field}
              </Text>
              <Text className='gy-funded__name'>{project.title}</Text>
              <Text className='gy-funded__org'>{project.orgName}</Text>
              {project.currentMilestone ? (
                <Text className='gy-funded__now'>
                  当前节点：{project.currentMilestone.name}（{project.currentMilestone.status === 'submitted' ? '待验收' : project.currentMilestone.status === 'returned' ? '整改中' : `计划 ${project.currentMilestone.dueDate} 前提交`}）
                </Text>
              ) : null}
              <ProjectSummary project={project} />
            </View>
          ))}
          <ListFooter loadingMore={loadingMore} failed={moreFailed} hasMore={!!nextCursor} onMore={() => void loadMore()} />
        </View>
      ) : null}
    </View>
  )
}

