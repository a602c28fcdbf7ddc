import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, DatePicker, Input, Picker, Switch, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/datepicker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css'
import { publishIssues, scheduleIssues } from '../../../../../../cloudfunctions/core/activity/activity.rules'
import { activityCategories } from '../../../../../../cloudfunctions/core/activity/activity.constants'
import type { ActivityView } from '../../../../../../cloudfunctions/core/activity/activity.schema'
import { createActivityInput, type CreateActivityInput } from '../../../../../../cloudfunctions/core/activity/activity.form-schema'
import { townships } from '../../../../../../cloudfunctions/core/settings/townships'
import { FormField, FormSelect, pickerPopupProps } from '../../../../../components/form-field'
import { confirmedValue, pickerRows } from '../../../../../components/option-picker/rows'
import { type FormErrors, useFormFields } from '../../../../../hooks/use-form-fields'
import { useIdempotencyKey } from '../../../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../../../services/cloud'
import { createActivity, publishActivity, updateActivity } from '../../../../../services/activity'
import { formatClock, formatDate, formatDateTime, formatMonthDayWeekday, toBeijingIso } from '../../../../../utils/time'
import { messageOf, toastError } from '../../../../../utils/toast'
import { validate } from '../../../../../utils/schema-validation'
import { fieldMessagesByName } from '../../../../../utils/validation'
import { switchRole } from '../../../../../utils/a11y'
import './index.scss'

export type ActivityFormField = 'title' | 'category' | 'description' | 'township' | 'address' | 'startAt' | 'endAt' | 'signUpDeadline' | 'capacity'
export type ActivityFormErrors = FormErrors<ActivityFormField>
type FormValues = Record<ActivityFormField, string>
type TimeField = 'startAt' | 'endAt' | 'signUpDeadline'

const FIELDS: readonly ActivityFormField[] = ['title', 'category', 'description', 'township', 'address', 'startAt', 'endAt', 'signUpDeadline', 'capacity']

export const DESCRIPTION_MAX_LENGTH = 2000

/** How the editor ended: a new or edited draft, a published activity, or an edit to a published one. */
export type ActivitySaveOutcome = 'draft' | 'published' | 'updated'

export interface ActivityFormProps {
  /** The organization a new activity belongs to. */
  orgId: string
  /** The activity being edited (a draft or a published one); a new draft when absent. */
  activity?: ActivityView | null
  onSaved?: (activity: ActivityView, outcome: ActivitySaveOutcome) => void
}


const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS

const timeLabels: Record<TimeField, string> = { startAt: '开始时间', endAt: '结束时间', signUpDeadline: '报名截止时间' }

// Times are held as Beijing wall times `2026-12-05 09:00`, whatever the phone's own time zone.
const wallToMs = (wall: string) => new Date(toBeijingIso(wall)).getTime()
const msToWall = (ms: number) => formatDateTime(new Date(ms).toISOString())
const toUtc = (wall: string) => (wall ? new Date(toBeijingIso(wall)).toISOString() : undefined)

/** `2026年12月5日 周六 09:00` */
function displayWall(wall: string): string {
  if (!wall) return ''
  const iso = toBeijingIso(wall)
  return `${wall.slice(0, 4)}年${formatMonthDayWeekday(iso)} ${formatClock(iso)}`
}

/** The wall time as a Date whose local fields read the same: what NutUI's DatePicker shows. */
function wallToPickerDate(wall: string): Date {
  const [year, month, day, hour, minute] = wall.split(/[-\s:]/).map(Number)
  return new Date(year, month - 1, day, hour, minute)
}

const pad = (value: unknown) => String(value ?? '').padStart(2, '0')

/** Where a picker opens when the field is blank: next day 09:00, and the other two times fitted to the start. */
function suggestedWall(field: TimeField, values: FormValues, now: number): string {
  const start = values.startAt || `${formatDate(new Date(now + DAY_MS).toISOString())} 09:00`
  if (field === 'startAt') return values.endAt ? msToWall(wallToMs(values.endAt) - 2 * HOUR_MS) : start
  if (field === 'endAt') return msToWall(wallToMs(start) + 2 * HOUR_MS)
  // sign-up closes the evening before, or at the start when that evening has passed
  const eveBefore = wallToMs(`${start.slice(0, 10)} 20:00`) - DAY_MS
  return eveBefore > now ? msToWall(eveBefore) : start
}

function valuesOf(activity: ActivityView | null | undefined): FormValues {
  if (!activity) {
    return { title: '', category: '', description: '', township: '', address: '', startAt: '', endAt: '', signUpDeadline: '', capacity: '' }
  }
  return {
    title: activity.title,
    category: activity.category,
    description: activity.description,
    township: activity.township,
    address: activity.address,
    startAt: formatDateTime(activity.startAt),
    endAt: formatDateTime(activity.endAt),
    signUpDeadline: formatDateTime(activity.signUpDeadline),
    capacity: String(activity.capacity),
  }
}

/** The form's text → the action's fields: trimmed, blanks left out (so the schema says 请填写…), times with +08:00. */
function toFields(values: FormValues, waitlist: boolean) {
  const text = (value: string) => value.trim() || undefined
  const capacity = values.capacity.trim()
  return {
    title: text(values.title),
    category: values.category || undefined,
    description: text(values.description),
    township: values.township || undefined,
    address: text(values.address),
    startAt: values.startAt ? toBeijingIso(values.startAt) : undefined,
    endAt: values.endAt ? toBeijingIso(values.endAt) : undefined,
    signUpDeadline: values.signUpDeadline ? toBeijingIso(values.signUpDeadline) : undefined,
    capacity: capacity ? Number(capacity) : undefined,
    waitlist,
  }
}
/** What is sent: the schema's checked values, with the times as picked (`+08:00`). */
type ActivityInput = Omit<CreateActivityInput, 'orgId'>

/** Blank fields in the form's own words; the schedule's order even while other fields are blank. */
function clientMessages(values: FormValues): ActivityFormErrors {
  const errors: ActivityFormErrors = {}
  if (!values.category) errors.category = '请选择服务类别'
  if (!values.township) errors.township = '请选择活动所在乡镇'
  if (!values.capacity.trim()) errors.capacity = '请填写招募人数'
  else if (!/^\d+$/.test(values.capacity.trim())) errors.capacity = '招募人数须为整数'
  for (const issue of scheduleIssues({ startAt: toUtc(values.startAt), endAt: toUtc(values.endAt), signUpDeadline: toUtc(values.signUpDeadline) })) {
    errors[issue.path as TimeField] ??= issue.message
  }
  return errors
}

/** What changed against the stored activity: only those fields are sent, so untouched past times are not re-checked. */
function changesFrom(fields: ActivityInput, saved: ActivityView): Partial<ActivityInput> {
  const changes: Partial<ActivityInput> = {}
  const put = <K extends keyof ActivityInput>(key: K, value: ActivityInput[K]) => {
    changes[key] = value
  }
  if (fields.title !== saved.title) put('title', fields.title)
  if (fields.category !== saved.category) put('category', fields.category)
  if (fields.description !== saved.description) put('description', fields.description)
  if (fields.township !== saved.township) put('township', fields.township)
  if (fields.address !== saved.address) put('address', fields.address)
  for (const key of ['startAt', 'endAt', 'signUpDeadline'] as const) {
    const value = fields[key]
    if (new Date(value).toISOString() !== new Date(saved[key]).toISOString()) put(key, value)
  }
  if (fields.capacity !== saved.capacity) put('capacity', fields.capacity)
  if (fields.waitlist !== saved.waitlist) put('waitlist', fields.waitlist)
  return changes
}

/** 编辑活动: the activity's details, checked with the same schema as the server; saved as a draft or published. */
export function ActivityForm({ orgId, activity, onSaved }: ActivityFormProps) {
  const { values, errors, setErrors, setField, bind } = useFormFields<ActivityFormField>(valuesOf(activity))
  const [waitlist, setWaitlist] = useState(activity?.waitlist ?? false)
  // the stored activity: after a first save (a new draft whose publishing then failed) it is the one to update
  const [saved, setSaved] = useState<ActivityView | null>(activity ?? null)
  const [busy, setBusy] = useState<'draft' | 'publish' | null>(null)
  const [picker, setPicker] = useState<'category' | 'township' | TimeField | null>(null)
  const saveKey = useIdempotencyKey()
  const publishKey = useIdempotencyKey()

  const published = saved?.status === 'published'
  const [now] = useState(() => Date.now())
  const pickerStart = new Date(new Date(now).getFullYear(), new Date(now).getMonth(), new Date(now).getDate())
  const pickerEnd = new Date(new Date(now).getFullYear() + 2, 11, 31, 23, 59)

  /** Saves (create or update), then publishes when asked; field errors go under their fields. */
  const submit = async (intent: 'draft' | 'publish') => {
    if (busy) return
    const fields = toFields(values, waitlist)
    const checked = validate(createActivityInput, { orgId: saved?.orgId ?? orgId, ...fields })
    const messages: ActivityFormErrors = checked.ok ? {} : fieldMessagesByName(checked.fields, FIELDS)
    Object.assign(messages, clientMessages(values))
    let input: ActivityInput | null = null
    if (checked.ok) {
      const { orgId: _owner, ...data } = checked.data
      input = { ...data, startAt: toBeijingIso(values.startAt), endAt: toBeijingIso(values.endAt), signUpDeadline: toBeijingIso(values.signUpDeadline) }
      if (saved && data.capacity < saved.signedUp) messages.capacity = `招募人数不能少于已报名的${saved.signedUp}人`
      // going live (now, or already live with new times): the times must still be ahead
      const changes = saved ? changesFrom(input, saved) : input
      if (intent === 'publish' || (published && (changes.startAt || changes.signUpDeadline))) {
        for (const issue of publishIssues(data, new Date())) messages[issue.path as TimeField] ??= issue.message
      }
    }
    if (Object.values(messages).some(Boolean)) {
      setErrors(messages)
      return
    }
    if (!input) return
    setErrors({})
    setBusy(intent)
    let current = saved
    try {
      if (!current) {
        const create = { orgId, ...input }
        current = await createActivity(create, { idempotencyKey: saveKey.keyFor(create) })
        saveKey.forget()
        setSaved(current)
      } else if (Object.keys(changesFrom(input, current)).length > 0) {
        // only what changed: an untouched time that has passed is not checked again
        const update = { activityId: current.activityId, ...changesFrom(input, current) }
        current = await updateActivity(update, { idempotencyKey: saveKey.keyFor(update) })
        saveKey.forget()
        setSaved(current)
      }
    } catch (error) {
      saveKey.forgetUnlessLost(error)
      setBusy(null)
      showServerError(error)
      return
    }
    if (intent === 'draft') {
      setBusy(null)
      onSaved?.(current, current.status === 'published' ? 'updated' : 'draft')
      return
    }
    try {
      const live = await publishActivity(current.activityId, { idempotencyKey: publishKey.keyFor(current.activityId) })
      publishKey.forget()
      setSaved(live)
      onSaved?.(live, 'published')
    } catch (error) {
      publishKey.forgetUnlessLost(error)
      showServerError(error, '草稿已保存，但未能发布')
    } finally {
      setBusy(null)
    }
  }

  /** Field errors under their fields; anything else in a toast. `context`: what happened before the failure. */
  const showServerError = (error: unknown, context?: string) => {
    if (isCloudError(error) && error.code === 'INVALID_ARGUMENT' && error.fields.length) {
      const messages = fieldMessagesByName(error.fields, FIELDS)
      setErrors(context ? { _form: `${context}：请修改标出的内容后再发布`, ...messages } : messages)
      return
    }
    if (context) setErrors({ _form: `${context}：${messageOf(error)}` })
    toastError(error)
  }

  const timeField = (field: TimeField, className: string, hint?: string) => (
    <FormField className={`gy-activity-form__field--${className}`} label={timeLabels[field]} mark='required' error={errors[field]} hint={errors[field] ? undefined : hint}>
      <FormSelect className={`gy-activity-form__${className}`} value={displayWall(values[field])} placeholder={`请选择${timeLabels[field]}`} onClick={() => setPicker(field)} />
    </FormField>
  )

  /** A time picked: the schedule's messages depend on all three times, so they are cleared together. */
  const setTime = (field: TimeField, wall: string) => {
    setErrors((current) => ({ ...current, startAt: undefined, endAt: undefined, signUpDeadline: undefined }))
    setField(field, wall)
  }

  const isDraft = !published

  return (
    <View className='gy-activity-form'>
      {errors._form ? <Text className='gy-activity-form__form-error'>{errors._form}</Text> : null}

      {published ? (
        <Text className='gy-activity-form__notice'>
          活动已发布：修改后，已报名的志愿者保留名额；招募人数不能少于已报名的{saved?.signedUp ?? 0}人。
        </Text>
      ) : null}

      <Text className='gy-activity-form__section gy-activity-form__section--first'>活动信息</Text>

      <FormField className='gy-activity-form__field--title' label='活动名称' mark='required' error={errors.title}>
        <Input className='gy-activity-form__title' placeholder='如：灵溪镇敬老院陪伴日' maxLength={40} {...bind('title')} />
      </FormField>

      <FormField className='gy-activity-form__field--category' label='服务类别' mark='required' error={errors.category}>
        <FormSelect className='gy-activity-form__category' value={values.category} placeholder='请选择服务类别' onClick={() => setPicker('category')} />
      </FormField>

      <FormField className='gy-activity-form__field--description' label='活动内容' mark='required' error={errors.description}>
        <TextArea
          className='gy-activity-form__description'
          placeholder='服务内容、对志愿者的要求、集合方式和注意事项'
          maxLength={DESCRIPTION_MAX_LENGTH}
          showCount
          autoSize
          {...bind('description')}
        />
      </FormField>

      <Text className='gy-activity-form__section'>时间地点</Text>

      <FormField className='gy-activity-form__field--township' label='乡镇' mark='required' error={errors.township}>
        <FormSelect className='gy-activity-form__township' value={values.township} placeholder='请选择活动所在乡镇' onClick={() => setPicker('township')} />
      </FormField>

      <FormField className='gy-activity-form__field--address' label='活动地点' mark='required' error={errors.address}>
        <Input className='gy-activity-form__address' placeholder='详细地址或集合地点' maxLength={100} {...bind('address')} />
      </FormField>

      {timeField('startAt', 'start-at')}
      {timeField('endAt', 'end-at')}
      {timeField('signUpDeadline', 'deadline', '不晚于开始时间，截止后志愿者不能再报名')}

      <Text className='gy-activity-form__section'>招募</Text>

      <FormField className='gy-activity-form__field--capacity' label='招募人数' mark='required' error={errors.capacity} hint={errors.capacity ? undefined : '1–10000人'}>
        <Input className='gy-activity-form__capacity' type='digit' placeholder='需要多少名志愿者' maxLength={5} {...bind('capacity')} />
      </FormField>

      <View className='gy-activity-form__switch-row'>
        <View className='gy-activity-form__switch-text'>
          <Text className='gy-activity-form__switch-label'>开启候补</Text>
          <Text className='gy-activity-form__switch-hint'>满员后可排队候补，有人取消时按顺序递补</Text>
        </View>
        <Switch className='gy-activity-form__waitlist' {...switchRole(waitlist, '开启候补')} checked={waitlist} onChange={(value) => setWaitlist(value)} />
      </View>

      <View className='gy-activity-form__actions'>
        {isDraft ? (
          <>
            <Button
              className='gy-activity-form__save'
              type='primary'
              fill='outline'
              size='large'
              disabled={busy !== null}
              loading={busy === 'draft'}
              onClick={() => void submit('draft')}
            >
              保存草稿
            </Button>
            <Button className='gy-activity-form__publish' type='primary' size='large' disabled={busy !== null} loading={busy === 'publish'} onClick={() => void submit('publish')}>
              保存并发布
            </Button>
          </>
        ) : (
          <Button className='gy-activity-form__save gy-activity-form__save--wide' type='primary' size='large' block disabled={busy !== null} loading={busy === 'draft'} onClick={() => void submit('draft')}>
            保存修改
          </Button>
        )}
      </View>
      {isDraft ? <Text className='gy-activity-form__footnote'>草稿只有本组织成员可见；发布后志愿者即可报名。</Text> : null}

      <Picker
        title='选择服务类别'
        visible={picker === 'category'}
        options={[pickerRows(activityCategories, values.category, '请选择服务类别')]}
        popupProps={pickerPopupProps}
        value={[values.category]}
        onConfirm={(_options, selected) => {
          const picked = confirmedValue(selected)
          if (picked !== null) setField('category', picked)
        }}
        onClose={() => setPicker(null)}
      />
      <Picker
        title='选择活动所在乡镇'
        visible={picker === 'township'}
        options={[pickerRows(townships, values.township, '请选择活动所在乡镇')]}
        popupProps={pickerPopupProps}
        value={[values.township]}
        onConfirm={(_options, selected) => {
          const picked = confirmedValue(selected)
          if (picked !== null) setField('township', picked)
        }}
        onClose={() => setPicker(null)}
      />
      {(['startAt', 'endAt', 'signUpDeadline'] as const).map((field) => (
        <DatePicker
          key={field}
          className={`gy-activity-form__picker gy-activity-form__picker--${field}`}
          title={`选择${timeLabels[field]}`}
          type='datetime'
          showChinese
          minuteStep={5}
          startDate={pickerStart}
          endDate={pickerEnd}
          visible={picker === field}
          value={wallToPickerDate(values[field] || suggestedWall(field, values, now))}
          pickerProps={{ popupProps: pickerPopupProps }}
          onConfirm={(_options, selected) => {
            const [year, month, day, hour, minute] = selected
            if (minute == null) return
            setTime(field, `${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}`)
          }}
          onClose={() => setPicker(null)}
        />
      ))}
    </View>
  )
}

export default ActivityForm
