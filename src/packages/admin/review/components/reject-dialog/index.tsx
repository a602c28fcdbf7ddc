import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Dialog, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import './index.scss'

export const REJECT_REASON_MIN = 2
export const REJECT_REASON_MAX = 200

/** Why a reason cannot be sent, in words for the reviewer; null when it is fine. The server checks again. */
export function rejectReasonProblem(reason: string): string | null {
  const text = reason.trim()
  if (!text) return '请填写驳回原因，组织管理员会看到它'
  if (text.length < REJECT_REASON_MIN) return `驳回原因至少${REJECT_REASON_MIN}个字`
  if (text.length > REJECT_REASON_MAX) return `驳回原因不超过${REJECT_REASON_MAX}个字`
  return null
}

export interface RejectDialogProps {
  visible: boolean
  orgName: string
  onCancel: () => void
  /**
   * Sends the decision. Resolves when done (the dialog closes); resolves to a message to keep
   * the dialog open with that message under the text box.
   */
  onSubmit: (reason: string) => Promise<string | null>
}

/** 驳回: asks for the reason (2–200 characters) the organization's admin will read. */
export function RejectDialog({ visible, orgName, onCancel, onSubmit }: RejectDialogProps) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')

  const close = () => {
    setReason('')
    setError('')
    onCancel()
  }

  // NutUI calls onClose after onConfirm resolves and leaves the dialog open when it rejects
  const confirm = async () => {
    const problem = rejectReasonProblem(reason)
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
      className='gy-reject-dialog'
      visible={visible}
      title='驳回认证申请'
      confirmText='确认驳回'
      cancelText='取消'
      closeOnOverlayClick={false}
      onConfirm={confirm}
      onCancel={close}
      onClose={onCancel}
    >
      <View className='gy-reject-dialog__body'>
        <Text className='gy-reject-dialog__org'>{orgName}</Text>
        <Text className='gy-reject-dialog__hint'>请写明需要补充或更正的材料，组织管理员会在工作台看到驳回原因。</Text>
        <TextArea
          className={`gy-reject-dialog__input${error ? ' gy-reject-dialog__input--error' : ''}`}
          value={reason}
          placeholder='例如：统一社会信用代码与登记证书不一致，请核对后重新提交'
          maxLength={REJECT_REASON_MAX}
          showCount
          autoSize={false}
          onChange={(value) => {
            setReason(value)
            if (error) setError('')
          }}
        />
        {error ? <Text className='gy-reject-dialog__error'>{error}</Text> : null}
      </View>
    </Dialog>
  )
}

export default RejectDialog
