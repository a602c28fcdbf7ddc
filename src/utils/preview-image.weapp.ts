import Taro from '@tarojs/taro'
import type { PreviewImageOptions } from './preview-image'

/** Full-screen photos: WeChat's own viewer (swipe, pinch to zoom, long press to save). */
export function previewImage({ urls, current }: PreviewImageOptions): void {
  void Taro.previewImage({ urls, current })
}
