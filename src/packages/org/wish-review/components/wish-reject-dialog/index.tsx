import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Dialog, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import './index.scss'

export const WISH_REJECT_REASON_MIN = 2
export const WISH_REJECT_REASON_MAX = 200

/** Why a reason cannot be sent, in words for the reviewer; null when it is fine. The server checks again. */
export function wishRejectReasonProblem(reason: string): string | null {
  const text = reason.trim()
  if (!text) return '请填写驳回原因，发布人会看到它'
  if (text.length < WISH_REJECT_REASON_MIN) return `驳回原因至少${WISH_REJECT_REASON_MIN}个字`
  if (text.length > WISH_REJECT_REASON_MAX) return `驳回原因不超过${WISH_REJECT_REASON_MAX}个字`
  return null
}

export interface WishRejectDialogProps {
  visible: boolean
  wishTitle: string
  onCancel: () => void
  /** Sends the decision: resolves to null when done (the dialog closes), or to a message to show under the reason. */
  onSubmit: (reason: string) => Promise<string | null>
}

/** 驳回心愿: asks for the reason (2–200 characters) the submitter will read in 我的心愿. */
export function WishRejectDialog({ visible, wishTitle, onCancel, onSubmit }: WishRejectDialogProps) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')

  const close = () => {
    setReason('')
    setError('')
    onCancel()
  }

  // NutUI calls onClose after onConfirm resolves and leaves the dialog open when it rejects
  const confirm = async () => {
    const problem = wishRejectReasonProblem(reason)
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
      className='gy-wish-reject-dialog'
      visible={visible}
      title='驳回心愿'
      confirmText='确认驳回'
      cancelText='取消'
      closeOnOverlayClick={false}
      onConfirm={confirm}
      onCancel={close}
      onClose={onCancel}
    >
      <View className='gy-wish-reject-dialog__body'>
        <Text className='gy-wish-reject-dialog__wish'>{wishTitle}</Text>
        <Text className='gy-wish-reject-dialog__hint'>请写明不通过的原因或需要修改的地方，发布人会在「我的心愿」中看到。</Text>
        <TextArea
          className={`gy-wish-reject-dialog__input${error ? ' gy-wish-reject-dialog__input--error' : ''}`}
          value={reason}
          placeholder='例如：心愿金额超出实际需要，请核实后重新发布'
          maxLength={WISH_REJECT_REASON_MAX}
          showCount
          autoSize={false}
          onChange={(value) => {
            setReason(value)
            if (error) setError('')
          }}
        />
        {error ? <Text className='gy-wish-reject-dialog__error'>{error}</Text> : null}
      </View>
    </Dialog>
  )
}

export default WishRejectDialog
