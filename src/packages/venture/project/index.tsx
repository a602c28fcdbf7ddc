import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { AccessDenied } from '../../../components/access-denied'
import { PageError, PageLoading } from '../../../components/page-state'
import { MilestoneTimeline, ProjectSummary } from '../../../components/project-progress'
import { isCloudError } from '../../../services/cloud'
import { getFundedProject, type ProjectView } from '../../../services/venture-projects'
import { pressable } from '../../../utils/a11y'
import { messageOf, toastError } from '../../../utils/toast'
import './index.scss'

type PageState = { kind: 'loading' } | { kind: 'ready'; project: ProjectView } | { kind: 'notFound' } | { kind: 'error'; message: string }

/** 项目进展 (`?projectId=`): a funded project's milestones, tranches released, accepted reports with photos and the platform's follow-ups. Public. */
export default function FundedProjectPage() {
  const projectId = useRouter().params.projectId ?? ''
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const latest = useRef(0)
  const shown = useRef(false)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!projectId) {
      setPage({ kind: 'notFound' })
      return
    }
    try {
      const project = await getFundedProject(decodeURIComponent(projectId))
      if (ticket !== latest.current) return
      shown.current = true
      setPage({ kind: 'ready', project })
    } catch (error) {
      if (ticket !== latest.current) return
      if (isCloudError(error) && error.code === 'NOT_FOUND') setPage({ kind: 'notFound' })
      else if (shown.current) toastError(error)
      else setPage({ kind: 'error', message: messageOf(error) })
    }
  }, [projectId])

  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <View className='gy-page gy-funded-project'>
      {page.kind === 'loading' ? <PageLoading skeletons={['org-profile', 'review-card', 'review-card']} /> : null}
      {page.kind === 'notFound' ? (
        <View className='gy-funded-project__card'>
          <AccessDenied reason='notFound' description='该资助项目不存在，请从“资助项目”列表进入。' />
        </View>
      ) : null}
      {page.kind === 'error' ? <PageError title='项目进展加载失败' message={page.message} onRetry={() => void load()} /> : null}
      {page.kind === 'ready' ? <ProjectDetail project={page.project} /> : null}
    </View>
  )
}

function ProjectDetail({ project }: { project: ProjectView }) {
  return (
    <View className='gy-funded-project__content'>
      <View className='gy-funded-project__card'>
        <Text className='gy-funded-project__contest'>
          {project.contestName} · 第{project.rank}名
        </Text>
        <Text className='gy-funded-project__title'>{project.title}</Text>
        <Text className='gy-funded-project__org'>
          {project.orgName} · {project.field} · 周期{project.durationMonths}个月
        </Text>
        <Text className='gy-funded-project__intro'>{project.summary}</Text>
        <ProjectSummary project={project} />
      </View>

      <View className='gy-funded-project__card'>
        <Text className='gy-funded-project__section-title'>项目节点</Text>
        <Text className='gy-funded-project__hint'>每个节点的报告经平台验收后拨付对应资金；验收通过的报告和照片在此公开。</Text>
        <MilestoneTimeline milestones={project.milestones} />
      </View>

      <View className='gy-funded-project__card'>
        <View className='gy-funded-project__section-head'>
          <Text className='gy-funded-project__section-title'>跟踪回访</Text>
          <Text className='gy-funded-project__count'>
            回访 {project.followUpCount}/{project.followUpsRequired}
          </Text>
        </View>
        <Text className='gy-funded-project__hint'>项目周期内平台至少回访{project.followUpsRequired}次。</Text>
        {project.followUps.length === 0 ? <Text className='gy-funded-project__none'>暂无回访记录</Text> : null}
        {project.followUps.map((f) => (
          <View key={f.followUpId} className='gy-funded-project__follow-up'>
            <Text className='gy-funded-project__follow-date'>{f.date}</Text>
            <Text className='gy-funded-project__follow-method'>{f.method}</Text>
          </View>
        ))}
      </View>

      <Text
        className='gy-funded-project__more'
        {...pressable({ role: 'link' })}
        onClick={() => void Taro.navigateTo({ url: `/packages/venture/funded/index?contestId=${encodeURIComponent(project.contestId)}` })}
      >
        查看本届全部资助项目 ›
      </Text>
    </View>
  )
}
