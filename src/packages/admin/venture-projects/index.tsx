import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import { followUpMethods, type FollowUpMethod } from '../../../../cloudfunctions/core/venture/project.rules'
import { followUpInput } from '../../../../cloudfunctions/core/venture/project.form-schema'
import { beijing } from '../../../../cloudfunctions/core/time/beijing'
import { EmptyState } from '../../../components/empty-state'
import { FormField } from '../../../components/form-field'
import { PageError, PageLoading } from '../../../components/page-state'
import { MilestoneTimeline, ProjectSummary, yuanText } from '../../../components/project-progress'
import { ReasonDialog } from '../../../components/reason-dialog'
import { useCursorFeed } from '../../../hooks/use-cursor-feed'
import { createIdempotencyKey, isCloudError } from '../../../services/cloud'
import { completeProject, listProjectQueue, recordFollowUp, reviewMilestone, type ProjectView } from '../../../services/venture-projects'
import { modalColors } from '../../../constants/theme'
import { group, pressable } from '../../../utils/a11y'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { ListFooter } from '../../../components/list-footer'
import './index.scss'

const PAGE_SIZE = 10
export const ADMIN_PROJECTS_CHANGED_EVENT = 'venture:admin-projects-changed'

type Tab = 'pending' | 'active' | 'all'
const tabLabels: Record<Tab, string> = { pending: '待验收', active: '进行中', all: '全部' }

/** 资助项目管理 (platform admin): reports to accept (releasing the tranche) or return with a reason, follow-ups to record, projects to close. */
export default function AdminVentureProjectsPage() {
  const [returning, setReturning] = useState<{ project: ProjectView; seq: number; name: string } | null>(null)
  const [replaced, setReplaced] = useState<Map<string, ProjectView>>(new Map())
  const { filter, items, nextCursor, status, errorMessage, loadingMore, moreFailed, load, loadMore } = useCursorFeed({
    initialFilter: 'pending' as Tab,
    toQuery: (tab: Tab) => ({ filter: tab }),
    fetchPage: (query: { filter: Tab }, cursor) => listProjectQueue({ ...query, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }),
    keyOf: (project: ProjectView) => project.projectId,
    changedEvent: ADMIN_PROJECTS_CHANGED_EVENT,
    onFirstPage: () => setReplaced(new Map()),
  })

  const show = (project: ProjectView) => setReplaced((previous) => new Map(previous).set(project.projectId, project))
  const current = (project: ProjectView) => replaced.get(project.projectId) ?? project

  const accept = async (project: ProjectView, seq: number) => {
    const milestone = project.milestones.find((m) => m.seq === seq)
    if (!milestone) return
    const { confirm } = await Taro.showModal({
      title: '通过验收',
      content: `确认“${project.title}”的“${milestone.name}”报告通过验收？通过后拨付第${seq}笔资金 ${yuanText(milestone.trancheYuan)}，不能撤销。`,
      confirmText: '通过验收',
      cancelText: '再看看',
      ...modalColors(),
    })
    if (!confirm) return
    try {
      show(await reviewMilestone({ projectId: project.projectId, seq, accept: true }, { idempotencyKey: createIdempotencyKey() }))
      toastSuccess('已验收，资金已拨付')
    } catch (error) {
      toastError(error)
      void load(filter, 'refresh')
    }
  }

  const sendReturn = async (reason: string): Promise<string | null> => {
    if (!returning) return null
    try {
      show(await reviewMilestone({ projectId: returning.project.projectId, seq: returning.seq, accept: false, reason }, { idempotencyKey: createIdempotencyKey() }))
      setReturning(null)
      toastSuccess('已退回')
      return null
    } catch (error) {
      return isCloudError(error) ? (error.fields?.[0]?.message ?? error.message) : messageOf(error)
    }
  }

  return (
    <View className='gy-page gy-admin-venture'>
      <View className='gy-admin-venture__tabs' {...group('tablist', '资助项目筛选')}>
        {(Object.keys(tabLabels) as Tab[]).map((tab) => (
          <View
            key={tab}
            className={`gy-admin-venture__tab${filter === tab ? ' gy-admin-venture__tab--active' : ''}`}
            {...pressable({ role: 'tab', selected: filter === tab })}
            onClick={() => filter !== tab && void load(tab, 'reset')}
          >
            {tabLabels[tab]}
          </View>
        ))}
      </View>

      {status === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}
      {status === 'error' ? <PageError title='资助项目加载失败' message={errorMessage} onRetry={() => void load(filter, 'reset')} /> : null}
      {status === 'ready' && items.length === 0 ? (
        <EmptyState illustration='coming-soon' title={filter === 'pending' ? '没有待验收的报告' : '暂无资助项目'} description='公益创投大赛公布结果后，获得资助的项目会显示在这里；组织提交节点报告后会出现在“待验收”。' />
      ) : null}
      {status === 'ready'
        ? items.map((item) => {
            const project = current(item)
            return (
              <AdminProjectCard
                key={project.projectId}
                project={project}
                onAccept={(seq) => void accept(project, seq)}
                onReturn={(seq, name) => setReturning({ project, seq, name })}
                onChanged={show}
              />
            )
          })
        : null}
      {status === 'ready' && items.length > 0 ? (
        <ListFooter loadingMore={loadingMore} failed={moreFailed} hasMore={!!nextCursor} onMore={() => void loadMore()} />
      ) : null}

      <ReasonDialog
        visible={returning !== null}
        title='退回报告'
        subject={returning ? `${returning.project.title} · ${returning.name}` : ''}
        hint='退回原因会告知项目组织，组织修改后重新提交。'
        placeholder='例如：请补充入户走访的现场照片和服务台账'
        confirmText='退回'
        label='退回原因'
        emptyMessage='请填写退回原因，组织会看到它'
        minLength={2}
        maxLength={300}
        onCancel={() => setReturning(null)}
        onSubmit={sendReturn}
      />
    </View>
  )
}

interface AdminProjectCardProps {
  project: ProjectView
  onAccept: (seq: number) => void
  onReturn: (seq: number, name: string) => void
  onChanged: (project: ProjectView) => void
}

function AdminProjectCard({ project, onAccept, onReturn, onChanged }: AdminProjectCardProps) {
  const [followUpOpen, setFollowUpOpen] = useState(false)
  const pending = project.milestones.find((m) => m.status === 'submitted')

  const complete = async () => {
    const { confirm } = await Taro.showModal({ title: '项目结项', content: `确认“${project.title}”结项？结项后不能再提交报告或添加回访。`, confirmText: '结项', cancelText: '取消', ...modalColors() })
    if (!confirm) return
    try {
      onChanged(await completeProject(project.projectId, { idempotencyKey: createIdempotencyKey() }))
      toastSuccess('项目已结项')
    } catch (error) {
      toastError(error)
    }
  }

  return (
    <View className='gy-admin-venture__card'>
      <Text className='gy-admin-venture__contest'>
        {project.contestName} · {project.orgName}
      </Text>
      <Text className='gy-admin-venture__name'>{project.title}</Text>
      <ProjectSummary project={project} />
      <View className='gy-admin-venture__timeline'>
        <MilestoneTimeline milestones={project.milestones} />
      </View>

      {pending ? (
        <View className='gy-admin-venture__decide'>
          <Text className='gy-admin-venture__decide-text'>
            “{pending.name}”报告待验收，通过后拨付 {yuanText(pending.trancheYuan)}
          </Text>
          <View className='gy-admin-venture__buttons'>
            <Button className='gy-admin-venture__return' fill='outline' onClick={() => onReturn(pending.seq, pending.name)}>
              退回
            </Button>
            <Button className='gy-admin-venture__accept' type='primary' onClick={() => onAccept(pending.seq)}>
              通过验收
            </Button>
          </View>
        </View>
      ) : null}

      {project.followUps.length > 0 ? (
        <View className='gy-admin-venture__follow-ups'>
          <Text className='gy-admin-venture__section-title'>
            回访记录 {project.followUpCount}/{project.followUpsRequired}
          </Text>
          {project.followUps.map((f) => (
            <View key={f.followUpId} className='gy-admin-venture__follow-up'>
              <Text className='gy-admin-venture__follow-head'>
                {f.date} · {f.method}
              </Text>
              {f.note ? <Text className='gy-admin-venture__follow-note'>{f.note}</Text> : null}
            </View>
          ))}
        </View>
      ) : null}

      {project.status === 'active' && followUpOpen ? (
        <FollowUpForm project={project} onCancel={() => setFollowUpOpen(false)} onSaved={(p) => {
          setFollowUpOpen(false)
          onChanged(p)
        }} />
      ) : null}

      {project.status === 'active' && !followUpOpen ? (
        <View className='gy-admin-venture__buttons'>
          <Button className='gy-admin-venture__follow' fill='outline' onClick={() => setFollowUpOpen(true)}>
            记录回访
          </Button>
          <Button className='gy-admin-venture__complete' type='primary' fill='outline' disabled={project.completionBlocker !== null} onClick={() => void complete()}>
            结项
          </Button>
        </View>
      ) : null}
      {project.status === 'active' && project.completionBlocker ? <Text className='gy-admin-venture__blocker'>{project.completionBlocker}</Text> : null}
    </View>
  )
}

/** The last seven Beijing dates, today first: a follow-up is recorded soon after it happens. */
function recentDates(now: Date): { date: string; label: string }[] {
  const today = beijing(now)
  return Array.from({ length: 7 }, (_, i) => {
    const date = today.subtract(i, 'day').format('YYYY-MM-DD')
    return { date, label: i === 0 ? '今天' : i === 1 ? '昨天' : today.subtract(i, 'day').format('M月D日') }
  })
}

function FollowUpForm({ project, onCancel, onSaved }: { project: ProjectView; onCancel: () => void; onSaved: (project: ProjectView) => void }) {
  const [dates] = useState(() => recentDates(new Date()))
  const [date, setDate] = useState(dates[0].date)
  const [method, setMethod] = useState<FollowUpMethod>('实地走访')
  const [note, setNote] = useState('')
  const [error, setError] = useState('')
  const [saving, setSaving] = useState(false)
  const [key] = useState(createIdempotencyKey)

  const save = async () => {
    if (saving) return
    const input = { projectId: project.projectId, date, method, note: note.trim() }
    const checked = followUpInput.safeParse(input)
    if (!checked.success) {
      setError(checked.error.issues[0]?.message ?? '请检查回访记录')
      return
    }
    setSaving(true)
    setError('')
    try {
      onSaved(await recordFollowUp(input, { idempotencyKey: key }))
      toastSuccess('已记录回访')
    } catch (failure) {
      setError(isCloudError(failure) ? (failure.fields?.[0]?.message ?? failure.message) : messageOf(failure))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='gy-admin-venture__form'>
      <Text className='gy-admin-venture__section-title'>记录回访（第{project.followUpCount + 1}次）</Text>
      <Text className='gy-admin-venture__label'>回访日期</Text>
      <View className='gy-admin-venture__chips' {...group('radiogroup', '回访日期')}>
        {dates.map((d) => (
          <Text key={d.date} className={`gy-admin-venture__chip${date === d.date ? ' gy-admin-venture__chip--active' : ''}`} {...pressable({ role: 'radio', selected: date === d.date, label: `${d.label} ${d.date}` })} onClick={() => setDate(d.date)}>
            {d.label}
          </Text>
        ))}
      </View>
      <Text className='gy-admin-venture__label'>回访方式</Text>
      <View className='gy-admin-venture__chips' {...group('radiogroup', '回访方式')}>
        {followUpMethods.map((m) => (
          <Text key={m} className={`gy-admin-venture__chip${method === m ? ' gy-admin-venture__chip--active' : ''}`} {...pressable({ role: 'radio', selected: method === m })} onClick={() => setMethod(m)}>
            {m}
          </Text>
        ))}
      </View>
      <FormField label='回访记录' mark='required' error={error || null} hint='5–500字，仅平台和项目组织可见'>
        <TextArea
          className='gy-admin-venture__note'
          value={note}
          placeholder='例如：到服务点查看了志愿者排班和服务台账，走访了两户服务对象'
          maxLength={500}
          showCount
          autoSize={false}
          onChange={(value) => {
            setNote(value)
            if (error) setError('')
          }}
        />
      </FormField>
      <View className='gy-admin-venture__buttons'>
        <Button className='gy-admin-venture__cancel' fill='outline' disabled={saving} onClick={onCancel}>
          取消
        </Button>
        <Button className='gy-admin-venture__save' type='primary' loading={saving} onClick={() => void save()}>
          保存回访
        </Button>
      </View>
    </View>
  )
}
