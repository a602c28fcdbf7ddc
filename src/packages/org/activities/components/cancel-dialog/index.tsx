import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Dialog, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import './index.scss'

export const CANCEL_REASON_MAX = 200

/** Why a reason cannot be sent, in words for the organizer; null when it is fine. The server checks again. */
export function cancelReasonProblem(reason: string): string | null {
  const text = reason.trim()
  if (!text) return '请填写取消原因，已报名的志愿者会看到它'
  if (text.length > CANCEL_REASON_MAX) return `取消原因不超过${CANCEL_REASON_MAX}个字`
  return null
}

export interface CancelDialogProps {
  visible: boolean
  title: string
  /** Confirmed and waitlisted volunteers who will be told. */
  affected: number
  onCancel: () => void
  /** Cancels the activity. Resolves to null when done (the dialog closes), or to a message to show under the text box. */
  onSubmit: (reason: string) => Promise<string | null>
}

/** 取消活动: asks for the reason every volunteer who signed up will read. */
export function CancelDialog({ visible, title, affected, onCancel, onSubmit }: CancelDialogProps) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')

  const close = () => {
    setReason('')
    setError('')
    onCancel()
  }

  // NutUI calls onClose after onConfirm resolves and leaves the dialog open when it rejects
  const confirm = async () => {
    const problem = cancelReasonProblem(reason)
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
      className='gy-cancel-dialog'
      visible={visible}
      title='取消活动'
      confirmText='确认取消活动'
      cancelText='再想想'
      closeOnOverlayClick={false}
      onConfirm={confirm}
      onCancel={close}
      onClose={onCancel}
    >
      <View className='gy-cancel-dialog__body'>
        <Text className='gy-cancel-dialog__activity'>{title}</Text>
        <Text className='gy-cancel-dialog__hint'>
          {affected > 0
            ? `取消后 ${affected} 位已报名或候补的志愿者的报名将被释放，他们会在“我的活动”中看到取消原因。取消后不能恢复。`
            : '取消后活动将不再接受报名，且不能恢复。'}
        </Text>
        <TextArea
          className={`gy-cancel-dialog__input${error ? ' gy-cancel-dialog__input--error' : ''}`}
          value={reason}
          placeholder='例如：受台风影响，为保障安全，本次活动取消'
          maxLength={CANCEL_REASON_MAX}
          showCount
          autoSize={false}
          onChange={(value) => {
            setReason(value)
            if (error) setError('')
          }}
        />
        {error ? <Text className='gy-cancel-dialog__error'>{error}</Text> : null}
      </View>
    </Dialog>
  )
}

export default CancelDialog
