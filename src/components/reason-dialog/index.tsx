import { useState, type ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { Dialog, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import './index.scss'

export interface ReasonRules {
  /** What the reason is called in messages, e.g. 驳回原因. */
  label: string
  /** Shown when nothing was written: who will read the reason. */
  emptyMessage: string
  /** Fewest characters after trimming; 1 when left out. */
  minLength?: number
  maxLength: number
}

/** Why a reason cannot be sent, in words for the person writing it; null when it is fine. The server checks again. */
export function reasonProblem(reason: string, { label, emptyMessage, minLength = 1, maxLength }: ReasonRules): string | null {
  const text = reason.trim()
  if (!text) return emptyMessage
  if (text.length < minLength) return `${label}至少${minLength}个字`
  if (text.length > maxLength) return `${label}不超过${maxLength}个字`
  return null
}

export interface ReasonDialogProps extends ReasonRules {
  visible: boolean
  title: string
  /** The bold line naming what the decision is about. */
  subject: string
  hint: ReactNode
  placeholder: string
  confirmText: string
  cancelText?: string
  onCancel: () => void
  /** Sends the decision: resolves to null when done (the dialog closes), or to a message to show under the text box. */
  onSubmit: (reason: string) => Promise<string | null>
}

/** Asks for a written reason (驳回, 取消活动) before a decision is sent. */
export function ReasonDialog({
  visible,
  title,
  subject,
  hint,
  placeholder,
  confirmText,
  cancelText = '取消',
  onCancel,
  onSubmit,
  ...rules
}: ReasonDialogProps) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')

  const close = () => {
    setReason('')
    setError('')
    onCancel()
  }

  // NutUI calls onClose after onConfirm resolves and leaves the dialog open when it rejects
  const confirm = async () => {
    const problem = reasonProblem(reason, rules)
    if (problem) {
      setError(problem)
      throw new Error(problem)
    }
    const failure = await onSubmit(reason.trim())
    if (failure) {
      setError(failure)
      throw new Error(failure)
    }
    setReason('')
    setError('')
  }

  return (
    <Dialog
      className='gy-reason-dialog'
      visible={visible}
      title={title}
      confirmText={confirmText}
      cancelText={cancelText}
      closeOnOverlayClick={false}
      onConfirm={confirm}
      onCancel={close}
      onClose={onCancel}
    >
      <View className='gy-reason-dialog__body'>
        <Text className='gy-reason-dialog__subject'>{subject}</Text>
        <Text className='gy-reason-dialog__hint'>{hint}</Text>
        <TextArea
          className={`gy-reason-dialog__input${error ? ' gy-reason-dialog__input--error' : ''}`}
          value={reason}
          placeholder={placeholder}
          maxLength={rules.maxLength}
          showCount
          autoSize={false}
          onChange={(value) => {
            setReason(value)
            if (error) setError('')
          }}
        />
        {error ? <Text className='gy-reason-dialog__error'>{error}</Text> : null}
      </View>
    </Dialog>
  )
}

export default ReasonDialog
