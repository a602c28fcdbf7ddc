import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Dialog, Input, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import { FormField } from '../../../../../components/form-field'
import './index.scss'

export const CORRECTION_NOTE_MIN = 2
export const CORRECTION_NOTE_MAX = 200
export const MAX_MINUTES = 1440

/** A correction as typed: the minutes as text, the note. */
export interface CorrectionDraft {
  minutes: string
  note: string
}

export type CorrectionErrors = Partial<Record<'minutes' | 'note' | '_form', string>>

/** What is wrong with a draft, in words for staff; empty when it can be sent. The server checks again. */
export function correctionProblems(draft: CorrectionDraft): CorrectionErrors {
  const errors: CorrectionErrors = {}
  const minutes = draft.minutes.trim()
  if (!minutes) errors.minutes = '请填写时长（分钟）'
  else if (!/^\d+$/.test(minutes)) errors.minutes = '时长须为整数分钟'
  else if (Number(minutes) > MAX_MINUTES) errors.minutes = `时长为0–${MAX_MINUTES}分钟`
  const note = draft.note.trim()
  if (note.length < CORRECTION_NOTE_MIN) errors.note = `修改时长须填写说明（至少${CORRECTION_NOTE_MIN}个字）`
  else if (note.length > CORRECTION_NOTE_MAX) errors.note = `说明不超过${CORRECTION_NOTE_MAX}个字`
  return errors
}

export interface CorrectDialogProps {
  /** Whose record: null closes the dialog. */
  target: { name: string; minutes: number } | null
  onCancel: () => void
  /** Sends the correction. Resolves to null when done (the dialog closes), or to errors to show. */
  onSubmit: (minutes: number, note: string) => Promise<CorrectionErrors | null>
}

/** 修改时长: new minutes and the required note; the original figure stays on the record beside it. */
export function CorrectDialog({ target, onCancel, onSubmit }: CorrectDialogProps) {
  const [draft, setDraft] = useState<CorrectionDraft>({ minutes: '', note: '' })
  const [errors, setErrors] = useState<CorrectionErrors>({})

  useEffect(() => {
    if (target) {
      setDraft({ minutes: String(target.minutes), note: '' })
      setErrors({})
    }
  }, [target])

  // NutUI closes the dialog when onConfirm resolves and leaves it open when it rejects
  const confirm = async () => {
    const problems = correctionProblems(draft)
    if (Object.keys(problems).length) {
      setErrors(problems)
      throw new Error('invalid correction')
    }
    const failure = await onSubmit(Number(draft.minutes.trim()), draft.note.trim())
    if (failure) {
      setErrors(failure)
      throw new Error('correction refused')
    }
  }

  const change = (key: keyof CorrectionDraft, value: string) => {
    setDraft((previous) => ({ ...previous, [key]: key === 'minutes' ? value.replace(/\D+/g, '').slice(0, 4) : value }))
    setErrors((previous) => ({ ...previous, [key]: undefined, _form: undefined }))
  }

  return (
    <Dialog
      className='gy-correct-dialog'
      visible={target !== null}
      title='修改服务时长'
      confirmText='保存修改'
      cancelText='取消'
      closeOnOverlayClick={false}
      onConfirm={confirm}
      onCancel={onCancel}
      onClose={onCancel}
    >
      <View className='gy-correct-dialog__body'>
        <Text className='gy-correct-dialog__who'>{target ? `${target.name} · 当前 ${target.minutes} 分钟` : ''}</Text>
        <Text className='gy-correct-dialog__hint'>原时长会保留在记录中，志愿者可以看到修改说明。</Text>
        <FormField className='gy-correct-dialog__field gy-correct-dialog__field--minutes' label='服务时长（分钟）' mark='required' error={errors.minutes}>
          <Input name='minutes' type='number' placeholder='0–1440' maxLength={4} value={draft.minutes} onChange={(value) => change('minutes', value)} />
        </FormField>
        <FormField className='gy-correct-dialog__field gy-correct-dialog__field--note' label='说明' mark='required' error={errors.note}>
          <TextArea
            value={draft.note}
            placeholder='例如：协助布置会场，提前30分钟到岗'
            maxLength={CORRECTION_NOTE_MAX}
            autoSize={false}
            onChange={(value) => change('note', value)}
          />
        </FormField>
        {errors._form ? <Text className='gy-correct-dialog__error'>{errors._form}</Text> : null}
      </View>
    </Dialog>
  )
}

export default CorrectDialog
