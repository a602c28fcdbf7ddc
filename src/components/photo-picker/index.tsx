import { Image, Text, View } from '@tarojs/components'
import { describedImage, pressable } from '../../utils/a11y'
import { previewImage } from '../../utils/preview-image'
import './index.scss'

export interface PhotoPickerProps {
  /** local paths of the chosen photos, in order */
  photos: string[]
  /** the most that may be chosen: the 添加照片 tile goes at that count */
  max: number
  /** an upload is under way: nothing can be added or removed */
  busy?: boolean
  onAdd: () => void
  onRemove: (path: string) => void
}

/**
 * Photos chosen for an upload (圆梦照片, a milestone's 现场照片): thumbnails three a row that open the
 * viewer, a × on each to take it out, and a 添加照片 tile while fewer than `max` are chosen.
 */
export function PhotoPicker({ photos, max, busy = false, onAdd, onRemove }: PhotoPickerProps) {
  return (
    <View className='gy-photo-picker'>
      {photos.map((path, index) => (
        <View key={path} className='gy-photo-picker__thumb'>
          <Image
            className='gy-photo-picker__image'
            src={path}
            mode='aspectFill'
            {...describedImage(`已选照片 ${index + 1}`)}
            {...pressable({ label: `查看已选照片 ${index + 1}` })}
            onClick={() => previewImage({ urls: photos, current: path })}
          />
          <Text className='gy-photo-picker__remove' {...pressable({ label: `移除照片 ${index + 1}`, disabled: busy })} onClick={() => !busy && onRemove(path)}>
            ×
          </Text>
        </View>
      ))}
      {photos.length < max ? (
        <View className='gy-photo-picker__add' {...pressable({ label: '添加照片', disabled: busy })} onClick={() => !busy && onAdd()}>
          <Text className='gy-photo-picker__add-icon'>＋</Text>
          <Text className='gy-photo-picker__add-text'>添加照片</Text>
        </View>
      ) : null}
    </View>
  )
}

export default PhotoPicker
