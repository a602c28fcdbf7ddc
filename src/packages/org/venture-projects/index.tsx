import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import { submitMilestoneInput } from '../../../../cloudfunctions/core/venture/project.form-schema'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { FormField } from '../../../components/form-field'
import { PageError, PageLoading } from '../../../components/page-state'
import { MilestoneTimeline, ProjectSummary } from '../../../components/project-progress'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../services/cloud'
import { uploadProjectPhoto } from '../../../services/files'
import { listOrgProjects, submitMilestone, type OrgProjectView } from '../../../services/venture-projects'
import { pressable } from '../../../utils/a11y'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { PhotoPicker } from '../../../components/photo-picker'
import './index.scss'

type PageState = { kind: 'loading' } | { kind: 'ready'; projects: OrgProjectView[] } | { kind: 'denied'; reason: AccessDeniedReason; description: string } | { kind: 'error'; message: string }

const MAX_PHOTOS = 9

/** Why a report cannot be sent yet (the server's own rules for the text: length, no phone or ID number); null when it can. */
function reportProblem(text: string, photos: string[]): string | null {
  const checked = submitMilestoneInput.shape.text.safeParse(text)
  if (!checked.success) return checked.error.issues[0]?.message ?? '节点报告为20–2000个字'
  if (photos.length === 0) return '请至少选择1张照片'
  return null
}

/** 公益创投项目 (`?orgId=`, the organization's staff): our funded projects, their milestones and tranches, and the form that submits the current milestone's report. */
export default function OrgVentureProjectsPage() {
  const orgId = useRouter().params.orgId ?? ''
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const [openForm, setOpenForm] = useState<string | null>(null)
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    try {
      const { items } = await listOrgProjects(orgId)
      if (ticket === latest.current) setPage({ kind: 'ready', projects: items })
    } catch (error) {
      if (ticket !== latest.current) return
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      if (reason) setPage({ kind: 'denied', reason, description: reason === 'forbidden' ? '仅本组织的工作人员可以查看资助项目。' : messageOf(error) })
      else setPage({ kind: 'error', message: messageOf(error) })
    }
  }, [orgId])

  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const submitted = (project: OrgProjectView) => {
    setOpenForm(null)
    setPage((previous) => (previous.kind === 'ready' ? { kind: 'ready', projects: previous.projects.map((p) => (p.projectId === project.projectId ? project : p)) } : previous))
  }

  return (
    <View className='gy-page gy-org-venture'>
      <View className='gy-org-venture__intro'>
        <Text className='gy-org-venture__title'>公益创投项目</Text>
        <Text className='gy-org-venture__lead'>本组织获得资助的项目。按节点提交报告和照片，平台验收后拨付该节点的资金；验收通过的报告会在项目进展页公开。</Text>
      </View>

      {page.kind === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}
      {page.kind === 'denied' ? (
        <View className='gy-org-venture__card'>
          <AccessDenied reason={page.reason} description={page.description} />
        </View>
      ) : null}
      {page.kind === 'error' ? <PageError title='资助项目加载失败' message={page.message} onRetry={() => void load()} /> : null}
      {page.kind === 'ready' && page.projects.length === 0 ? (
        <EmptyState illustration='coming-soon' title='暂无资助项目' description='本组织在公益创投大赛中获得资助后，项目会显示在这里。' />
      ) : null}
      {page.kind === 'ready'
        ? page.projects.map((project) => (
            <ProjectCard key={project.projectId} project={project} formOpen={openForm === project.projectId} onOpen={() => setOpenForm(project.projectId)} onClose={() => setOpenForm(null)} onSubmitted={submitted} />
          ))
        : null}
    </View>
  )
}

interface ProjectCardProps {
  project: OrgProjectView
  formOpen: boolean
  onOpen: () => void
  onClose: () => void
  onSubmitted: (project: OrgProjectView) => void
}

function ProjectCard({ project, formOpen, onOpen, onClose, onSubmitted }: ProjectCardProps) {
  const current = project.status === 'active' ? project.milestones.find((m) => m.status !== 'accepted') ?? null : null
  const canSubmit = current !== null && current.status !== 'submitted'
  return (
    <View className='gy-org-venture__card'>
      <Text className='gy-org-venture__contest'>{project.contestName}</Text>
      <Text className='gy-org-venture__name'>{project.title}</Text>
      <ProjectSummary project={project} />
      <View className='gy-org-venture__timeline'>
        <MilestoneTimeline milestones={project.milestones} />
      </View>
      {current?.status === 'submitted' ? <Text className='gy-org-venture__waiting'>“{current.name}”报告已提交，等待平台验收。</Text> : null}
      {canSubmit && current && !formOpen ? (
        <Button className='gy-org-venture__open' type='primary' block onClick={onOpen}>
          {current.status === 'returned' ? `重新提交“${current.name}”报告` : `提交“${current.name}”报告`}
        </Button>
      ) : null}
      {canSubmit && current && formOpen ? <MilestoneForm project={project} seq={current.seq} name={current.name} onCancel={onClose} onSubmitted={onSubmitted} /> : null}
      <Text
        className='gy-org-venture__public'
        {...pressable({ role: 'link' })}
        onClick={() => void Taro.navigateTo({ url: `/packages/venture/project/index?projectId=${encodeURIComponent(project.projectId)}` })}
      >
        查看公开的项目进展页 ›
      </Text>
    </View>
  )
}

interface MilestoneFormProps {
  project: OrgProjectView
  seq: number
  name: string
  onCancel: () => void
  onSubmitted: (project: OrgProjectView) => void
}

/** 提交节点报告: the report (public once accepted) and 1–9 photos, each uploaded once (kept by its local path for a retry), then `submitMilestone`. */
function MilestoneForm({ project, seq, name, onCancel, onSubmitted }: MilestoneFormProps) {
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [error, setError] = useState('')
  const [progress, setProgress] = useState<string | null>(null)
  const uploaded = useRef(new Map<string, string>())
  const idempotency = useIdempotencyKey()

  const choose = async () => {
    try {
      const { tempFilePaths } = await Taro.chooseImage({ count: MAX_PHOTOS - photos.length, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
      setPhotos((previous) => [...previous, ...tempFilePaths.filter((path) => !previous.includes(path))].slice(0, MAX_PHOTOS))
      setError('')
    } catch {
      // cancelled
    }
  }

  const submit = async () => {
    if (progress) return
    const problem = reportProblem(text, photos)
    if (problem) {
      setError(problem)
      return
    }
    setError('')
    try {
      const photoFileIds: string[] = []
      for (const [index, path] of photos.entries()) {
        setProgress(`正在上传第 ${index + 1}/${photos.length} 张照片…`)
        let fileId = uploaded.current.get(path)
        if (!fileId) {
          fileId = await uploadProjectPhoto(project.photoFolder, path, index)
          uploaded.current.set(path, fileId)
        }
        photoFileIds.push(fileId)
      }
      setProgress('正在提交…')
      const input = { projectId: project.projectId, seq, text: text.trim(), photoFileIds }
      const updated = await submitMilestone(input, { idempotencyKey: idempotency.keyFor(input) })
      idempotency.forget()
      toastSuccess('报告已提交')
      onSubmitted({ ...updated, photoFolder: project.photoFolder })
    } catch (failure) {
      idempotency.forgetUnlessLost(failure)
      if (isCloudError(failure)) setError(failure.fields?.[0]?.message ?? failure.message)
      else toastError(failure)
    } finally {
      setProgress(null)
    }
  }

  return (
    <View className='gy-org-venture__form'>
      <Text className='gy-org-venture__form-title'>提交“{name}”报告</Text>
      <FormField label='节点报告' mark='required' hint='20–2000字。验收通过后公开，请勿填写手机号、身份证号，也不要写服务对象的姓名和住址。'>
        <TextArea
          className='gy-org-venture__text'
          value={text}
          placeholder='例如：已完成42户独居老人的入户走访和需求评估，组建了15人的志愿服务队……'
          maxLength={2000}
          showCount
          autoSize={false}
          onChange={(value) => {
            setText(value)
            if (error) setError('')
          }}
        />
      </FormField>
      <Text className='gy-org-venture__photos-label'>
        现场照片（{photos.length}/{MAX_PHOTOS}）
      </Text>
      <PhotoPicker photos={photos} max={MAX_PHOTOS} busy={!!progress} onAdd={() => void choose()} onRemove={(path) => setPhotos((previous) => previous.filter((item) => item !== path))} />
      {error ? (
        <Text className='gy-org-venture__error' aria-live='polite'>
          {error}
        </Text>
      ) : null}
      {progress ? <Text className='gy-org-venture__progress'>{progress}</Text> : null}
      <View className='gy-org-venture__actions'>
        <Button className='gy-org-venture__cancel' fill='outline' disabled={!!progress} onClick={onCancel}>
          取消
        </Button>
        <Button className='gy-org-venture__submit' type='primary' loading={!!progress} onClick={() => void submit()}>
          提交报告
        </Button>
      </View>
    </View>
  )
}
