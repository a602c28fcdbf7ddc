import { useEffect, useRef } from 'react'
import Taro from '@tarojs/taro'
import { Canvas, View } from '@tarojs/components'
import { drawChart, type ChartSpec } from './draw'
import './index.scss'

export type { ChartSpec } from './draw'

export interface StatsChartProps {
  /** unique on the page: the canvas is found by it */
  canvasId: string
  chart: ChartSpec
  /** what the chart shows, in words, for screen readers */
  summary: string
  /** CSS height in px (750 design: twice this in rpx) */
  height?: number
}

interface CanvasTarget {
  context: CanvasRenderingContext2D
  width: number
  height: number
  pixelRatio: number
}

/** The drawing surface: canvas 2d through the selector query in the mini-program, the inner <canvas> in H5. */
function findCanvas(canvasId: string): Promise<CanvasTarget | null> {
  const pixelRatio = Taro.getSystemInfoSync().pixelRatio || 2
  if (process.env.TARO_ENV === 'weapp') {
    return new Promise((resolve) => {
      Taro.createSelectorQuery()
        .select(`#${canvasId}`)
        .fields({ node: true, size: true })
        .exec((res: { node?: HTMLCanvasElement; width: number; height: number }[]) => {
          const target = res?.[0]
          if (!target?.node) return resolve(null)
          const canvas = target.node
          canvas.width = target.width * pixelRatio
          canvas.height = target.height * pixelRatio
          const context = canvas.getContext('2d')
          resolve(context ? { context, width: target.width, height: target.height, pixelRatio } : null)
        })
    })
  }
  if (typeof document === 'undefined') return Promise.resolve(null)
  const host = document.getElementById(canvasId)
  const canvas = (host?.tagName === 'CANVAS' ? host : host?.querySelector('canvas')) as HTMLCanvasElement | null
  if (!host || !canvas || typeof canvas.getContext !== 'function') return Promise.resolve(null)
  const { width, height } = host.getBoundingClientRect()
  if (!width || !height) return Promise.resolve(null)
  canvas.width = width * pixelRatio
  canvas.height = height * pixelRatio
  canvas.style.width = `${width}px`
  canvas.style.height = `${height}px`
  let context: CanvasRenderingContext2D | null = null
  try {
    context = canvas.getContext('2d')
  } catch {
    context = null // jsdom has no canvas
  }
  return Promise.resolve(context ? { context, width, height, pixelRatio } : null)
}

/**
 * A chart drawn on a canvas 2d (./draw), with its summary as the accessible name: the canvas
 * itself is hidden from screen readers, which read `summary` (and the table the page puts beside it).
 */
export function StatsChart({ canvasId, chart, summary, height = 220 }: StatsChartProps) {
  const drawn = useRef(0)
  const key = JSON.stringify(chart)

  useEffect(() => {
    const ticket = ++drawn.current
    const timer = setTimeout(() => {
      void findCanvas(canvasId).then((target) => {
        if (!target || ticket !== drawn.current) return
        const { context, width, height: h, pixelRatio } = target
        context.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0)
        drawChart(context, chart, width, h)
      })
    }, 50)
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [canvasId, key])

  return (
    <View className='gy-stats-chart' role='img' aria-label={summary}>
      <Canvas type='2d' id={canvasId} canvasId={canvasId} className='gy-stats-chart__canvas' style={{ height: `${height}px` }} aria-hidden='true' />
    </View>
  )
}

export default StatsChart
