import { useMemo } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { encode, type QrCodeGenerateResult } from 'uqr'
import { pictureRole } from '../../utils/a11y'
import './index.scss'

/** Quiet zone in modules: enough for WeChat's scanner on a white card. */
const QR_BORDER = 2

/** The module matrix for `value` (medium error correction, a 2-module quiet zone). */
export function qrMatrix(value: string): QrCodeGenerateResult {
  return encode(value, { ecc: 'M', border: QR_BORDER })
}

export interface QrCodeProps {
  /** The text the code carries. */
  value: string
  /** Side length in design px (750-wide design); rounded down to a whole number of modules. */
  size?: number
  className?: string
  /** What the code is for, read out by screen readers (e.g. 现场签到二维码). */
  label?: string
}

/**
 * A QR code drawn as rows of small Views (dark and light modules), so it looks the same in the
 * mini-program and in H5 without a canvas. Module size is an even number of design px, so each
 * module covers whole CSS pixels on a 375-wide phone and no hairlines show between dark modules.
 */
export function QrCode({ value, size = 360, className, label = '二维码' }: QrCodeProps) {
  const matrix = useMemo(() => qrMatrix(value), [value])
  const moduleSize = Math.max(2, Math.floor(size / matrix.size / 2) * 2)
  const side = Taro.pxTransform(moduleSize * matrix.size)

  return (
    <View
      className={`gy-qr-code${className ? ` ${className}` : ''}`}
      style={{ width: side, height: side }}
      data-size={matrix.size}
      {...pictureRole(label)}
    >
      {matrix.data.map((row, y) => (
        <View key={y} className='gy-qr-code__row'>
          {row.map((dark, x) => (
            <View key={x} className={dark ? 'gy-qr-code__cell gy-qr-code__cell--dark' : 'gy-qr-code__cell'} />
          ))}
        </View>
      ))}
    </View>
  )
}

export default QrCode
