import { Image, Text, View } from '@tarojs/components'
import type { ProjectView } from '../../services/venture-projects'
import { describedImage, pressable } from '../../utils/a11y'
import { previewImage } from '../../utils/preview-image'
import { formatDate } from '../../utils/time'
import './index.scss'

type Milestone = ProjectView['milestones'][number]

export const yuanText = (yuan: number) => `¥${yuan.toLocaleString('en-US')}`

/** A milestone's status in words, and its tone. */
export const milestoneStatusLabels: Record<Milestone['status'], { label: string; tone: 'muted' | 'info' | 'warn' | 'ok' }> = {
  pending: { label: '未提交', tone: 'muted' },
  submitted: { label: '待验收', tone: 'info' },
  returned: { label: '已退回', tone: 'warn' },
  accepted: { label: '已验收', tone: 'ok' },
}

export interface ProjectSummaryProps {
  project: Pick<ProjectView, 'amountYuan' | 'releasedYuan' | 'milestonesAccepted' | 'milestonesTotal' | 'followUpCount' | 'followUpsRequired' | 'status'>
}

/** 已拨付 / 资助总额, a bar, 节点 n/3 and 回访 n/3. */
export function ProjectSummary({ project }: ProjectSummaryProps) {
  const percent = project.amountYuan > 0 ? Math.round((project.releasedYuan / project.amountYuan) * 100) : 0
  const followUpsMet = project.followUpCount >= project.followUpsRequired
  return (
    <View className='gy-project-progress__summary'>
      <View className='gy-project-progress__money'>
        <Text className='gy-project-progress__released'>已拨付 {yuanText(project.releasedYuan)}</Text>
        <Text className='gy-project-progress__total'>资助 {yuanText(project.amountYuan)}</Text>
      </View>
      <View className='gy-project-progress__bar' {...(process.env.TARO_ENV === 'h5' ? { role: 'progressbar', 'aria-label': `已拨付${percent}%`, 'aria-valuenow': percent, 'aria-valuemin': 0, 'aria-valuemax': 100 } : { 'aria-label': `已拨付${percent}%` })}>
        <View className='gy-project-progress__fill' style={{ width: `${percent}%` }} />
      </View>
      <View className='gy-project-progress__figures'>
        <Text className='gy-project-progress__figure'>
          节点 {project.milestonesAccepted}/{project.milestonesTotal}
        </Text>
        <Text className={`gy-project-progress__figure${followUpsMet ? ' gy-project-progress__figure--ok' : ''}`}>
          回访 {project.followUpCount}/{project.followUpsRequired}
        </Text>
        {project.status === 'completed' ? <Text className='gy-project-progress__figure gy-project-progress__figure--ok'>已结项</Text> : null}
      </View>
    </View>
  )
}

export interface MilestoneTimelineProps {
  milestones: Milestone[]
}

/** 启动 → 中期 → 结项: each with its tranche (已拨付 or 待拨付), due date, status, and the report when shown. */
export function MilestoneTimeline({ milestones }: MilestoneTimelineProps) {
  return (
    <View className='gy-project-progress__timeline'>
      {milestones.map((m) => {
        const status = milestoneStatusLabels[m.status]
        const photos = m.report?.photos ?? []
        return (
          <View key={m.seq} className={`gy-project-progress__milestone gy-project-progress__milestone--${status.tone}`}>
            <View className='gy-project-progress__dot' aria-hidden />
            <View className='gy-project-progress__body'>
              <View className='gy-project-progress__head'>
                <Text className='gy-project-progress__name'>
                  {m.seq}. {m.name}
                </Text>
                <Text className={`gy-project-progress__tag gy-project-progress__tag--${status.tone}`}>{status.label}</Text>
              </View>
              <Text className='gy-project-progress__line'>
                第{m.seq}笔拨款 {yuanText(m.trancheYuan)} · {m.released ? `已拨付${m.releasedAt ? `（${formatDate(m.releasedAt)}）` : ''}` : '验收后拨付'}
              </Text>
              {m.status === 'accepted' ? null : <Text className='gy-project-progress__line'>计划 {m.dueDate} 前提交</Text>}
              {m.returnReason ? <Text className='gy-project-progress__reason'>退回原因：{m.returnReason}</Text> : null}
              {m.report ? (
                <View className='gy-project-progress__report'>
                  <Text className='gy-project-progress__report-text'>{m.report.text}</Text>
                  {photos.length > 0 ? (
                    <View className='gy-project-progress__photos'>
                      {photos.map((url, index) => (
                        <Image
                          key={url}
                          className='gy-project-progress__photo'
                          src={url}
                          mode='aspectFill'
                          {...describedImage(`${m.name}照片 ${index + 1}，共 ${photos.length} 张`)}
                          {...pressable({ label: `查看${m.name}照片 ${index + 1}` })}
                          onClick={() => previewImage({ urls: photos, current: url })}
                        />
                      ))}
                    </View>
                  ) : null}
                  <Text className='gy-project-progress__stamp'>{formatDate(m.report.submittedAt)} 提交</Text>
                </View>
              ) : null}
            </View>
          </View>
        )
      })}
    </View>
  )
}
