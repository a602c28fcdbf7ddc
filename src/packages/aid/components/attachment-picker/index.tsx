import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { AID_MAX_ATTACHMENTS } from '../../../../../cloudfunctions/core/aid/aid.constants'
import { uploadAidAttachment } from '../../../../services/files'
import { messageOf } from '../../../../utils/toast'
import './index.scss'

export interface AttachmentPickerProps {
  programId: string
  openid: string | null
  /** Uploaded file IDs, in order. */
  fileIds: string[]
  onChange: (fileIds: string[]) => void
  error?: string
}

/** 证明材料: photos of the admission letter and proof of hardship, uploaded at once into the applicant's private folder. */
export function AttachmentPicker({ programId, openid, fileIds, onChange, error }: AttachmentPickerProps) {
  const [progress, setProgress] = useState<string | null>(null)
  const [failure, setFailure] = useState('')

  const choose = async () => {
    if (progress) return
    if (!openid) {
      setFailure('正在确认你的身份，请稍后再试')
      return
    }
    let paths: string[] = []
    try {
      paths = (await Taro.chooseImage({ count: AID_MAX_ATTACHMENTS - fileIds.length, sizeType: ['compressed'], sourceType: ['album', 'camera'] })).tempFilePaths
    } catch {
      return // cancelled
    }
    setFailure('')
    const added: string[] = []
    try {
      for (const [index, path] of paths.entries()) {
        setProgress(`正在上传第 ${index + 1}/${paths.length} 个文件…`)
        added.push(await uploadAidAttachment(programId, openid, path, fileIds.length + index))
      }
    } catch (cause) {
      setFailure(`上传失败：${messageOf(cause)}`)
    } finally {
      setProgress(null)
      if (added.length) onChange([...fileIds, ...added].slice(0, AID_MAX_ATTACHMENTS))
    }
  }

  return (
    <View className={`gy-aid-attachments${error ? ' gy-aid-attachments--invalid' : ''}`}>
      {fileIds.map((id, index) => (
        <View key={id} className='gy-aid-attachments__item'>
          <Text className='gy-aid-attachments__name'>附件 {index + 1} 已上传</Text>
          <Text className='gy-aid-attachments__remove' onClick={() => onChange(fileIds.filter((other) => other !== id))}>
            移除
          </Text>
        </View>
      ))}
      {fileIds.length < AID_MAX_ATTACHMENTS ? (
        <Button className='gy-aid-attachments__add' size='small' fill='outline' type='primary' disabled={progress !== null} onClick={() => void choose()}>
          {progress ?? '上传照片'}
        </Button>
      ) : null}
      <Text className='gy-aid-attachments__hint'>录取通知书、低保证/孤儿证明或医疗、受灾证明的照片，仅你和审核人员可见。</Text>
      {failure || error ? <Text className='gy-aid-attachments__error'>{failure || error}</Text> : null}
    </View>
  )
}

export default AttachmentPicker
