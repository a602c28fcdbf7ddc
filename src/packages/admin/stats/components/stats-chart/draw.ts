/**
 * The two charts of 数据概览, drawn on a canvas 2d context in CSS pixels (the caller scales for the
 * pixel ratio). Pure drawing on the part of CanvasRenderingContext2D that WeChat's canvas 2d and the
 * browser share; no chart library (uCharts was 158 KB of the browser build for these two charts).
 */

/** What the drawing uses of a canvas 2d context. */
export type ChartContext = Pick<
  CanvasRenderingContext2D,
  'beginPath' | 'moveTo' | 'lineTo' | 'arc' | 'closePath' | 'fill' | 'stroke' | 'fillRect' | 'fillText' | 'measureText' | 'setLineDash' | 'save' | 'restore'
> & {
  fillStyle: unknown
  strokeStyle: unknown
  lineWidth: number
  font: string
  textAlign: CanvasTextAlign
  textBaseline: CanvasTextBaseline
}

/** A value axis from 0: its top and how many equal steps it is divided into. */
export interface ValueAxis {
  max: number
  splitNumber: number
}

export interface BarChart {
  kind: 'bar'
  categories: string[]
  values: number[]
  color: string
  axis: ValueAxis
}

export interface TrendSeries {
  name: string
  color: string
  values: (number | null)[]
}

export interface TrendChart {
  kind: 'trend'
  categories: string[]
  /** columns on the left axis */
  columns: TrendSeries & { axis: ValueAxis; unit: string }
  /** a line on the right axis */
  line: TrendSeries & { axis: ValueAxis; unit: string }
  /** a dashed reference line on the right axis */
  target?: { value: number; color: string }
}

export type ChartSpec = BarChart | TrendChart

export const CHART_TEXT = '#3c4048'
const GRID = '#d5d8dd'
const FONT = '12px sans-serif'

/** 0 → max in splitNumber steps, whole numbers printed without decimals. */
export function axisTicks(axis: ValueAxis): number[] {
  const steps = Math.max(1, Math.round(axis.splitNumber))
  return Array.from({ length: steps + 1 }, (_, i) => (axis.max * i) / steps)
}

const tickLabel = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1))
const share = (value: number, axis: ValueAxis) => (axis.max > 0 ? Math.min(1, Math.max(0, value / axis.max)) : 0)

function dashedLine(ctx: ChartContext, x1: number, y1: number, x2: number, y2: number, color: string, dash: number[]) {
  ctx.save()
  ctx.strokeStyle = color
  ctx.lineWidth = 1
  ctx.setLineDash(dash)
  ctx.beginPath()
  ctx.moveTo(x1, y1)
  ctx.lineTo(x2, y2)
  ctx.stroke()
  ctx.restore()
}

/** A bar with rounded far end(s); horizontal bars grow right, columns grow up. */
function roundedBar(ctx: ChartContext, x: number, y: number, width: number, height: number, horizontal: boolean) {
  if (width <= 0 || height <= 0) return
  const r = Math.min(horizontal ? height / 2 : width / 2, horizontal ? width : height)
  ctx.beginPath()
  if (horizontal) {
    ctx.moveTo(x, y)
    ctx.lineTo(x + width - r, y)
    ctx.arc(x + width - r, y + r, r, -Math.PI / 2, Math.PI / 2)
    ctx.lineTo(x, y + height)
  } else {
    ctx.moveTo(x, y + height)
    ctx.lineTo(x, y + r)
    ctx.arc(x + r, y + r, r, Math.PI, 0)
    ctx.lineTo(x + width, y + height)
  }
  ctx.closePath()
  ctx.fill()
}

/** Horizontal bars, one per category, with the value at the end of each and a dashed grid. */
function drawBars(ctx: ChartContext, chart: BarChart, width: number, height: number) {
  ctx.font = FONT
  const labelWidth = Math.max(0, ...chart.categories.map((c) => ctx.measureText(c).width)) + 8
  const left = labelWidth + 4
  const right = width - 24
  const top = 8
  const bottom = height - 22
  const band = (bottom - top) / Math.max(1, chart.categories.length)
  const barHeight = Math.min(16, band * 0.6)
  const ticks = axisTicks(chart.axis)

  ctx.textBaseline = 'top'
  ctx.textAlign = 'center'
  for (const tick of ticks) {
    const x = left + (right - left) * share(tick, chart.axis)
    dashedLine(ctx, x, top, x, bottom, GRID, [4, 4])
    ctx.fillStyle = CHART_TEXT
    ctx.fillText(tickLabel(tick), x, bottom + 6)
  }
  chart.categories.forEach((category, i) => {
    const value = chart.values[i] ?? 0
    const y = top + band * i + (band - barHeight) / 2
    const length = (right - left) * share(value, chart.axis)
    ctx.fillStyle = chart.color
    roundedBar(ctx, left, y, length, barHeight, true)
    ctx.fillStyle = CHART_TEXT
    ctx.textBaseline = 'middle'
    ctx.textAlign = 'right'
    ctx.fillText(category, labelWidth, y + barHeight / 2)
    ctx.textAlign = 'left'
    ctx.fillText(tickLabel(value), left + length + 4, y + barHeight / 2)
  })
}

/** Columns on the left axis, a line with points on the right axis, a dashed target, a legend below. */
function drawTrend(ctx: ChartContext, chart: TrendChart, width: number, height: number) {
  ctx.font = FONT
  const { columns, line } = chart
  const left = 34
  const right = width - 34
  const top = 22
  const bottom = height - 46
  const band = (right - left) / Math.max(1, chart.categories.length)
  const columnWidth = Math.min(18, band * 0.4)
  const yOf = (value: number, axis: ValueAxis) => bottom - (bottom - top) * share(value, axis)

  // grid and both scales (the two axes share the grid lines: same number of steps)
  ctx.textBaseline = 'middle'
  axisTicks(columns.axis).forEach((tick, i) => {
    const y = yOf(tick, columns.axis)
    dashedLine(ctx, left, y, right, y, GRID, [4, 4])
    ctx.fillStyle = CHART_TEXT
    ctx.textAlign = 'right'
    ctx.fillText(tickLabel(tick), left - 6, y)
    const rightTick = axisTicks(line.axis)[i]
    if (rightTick !== undefined && line.axis.splitNumber === columns.axis.splitNumber) {
      ctx.textAlign = 'left'
      ctx.fillText(tickLabel(rightTick), right + 6, y)
    }
  })
  if (line.axis.splitNumber !== columns.axis.splitNumber) {
    ctx.textAlign = 'left'
    for (const tick of axisTicks(line.axis)) ctx.fillText(tickLabel(tick), right + 6, yOf(tick, line.axis))
  }
  ctx.textBaseline = 'bottom'
  ctx.textAlign = 'right'
  ctx.fillText(columns.unit, left - 6, top - 8)
  ctx.textAlign = 'left'
  ctx.fillText(line.unit, right + 6, top - 8)

  if (chart.target) {
    const y = yOf(chart.target.value, line.axis)
    ctx.save()
    ctx.lineWidth = 1.5
    dashedLine(ctx, left, y, right, y, chart.target.color, [6, 4])
    ctx.restore()
  }

  // columns with their values
  chart.categories.forEach((category, i) => {
    const centre = left + band * i + band / 2
    const value = columns.values[i]
    if (value !== null && value !== undefined) {
      const y = yOf(value, columns.axis)
      ctx.fillStyle = columns.color
      roundedBar(ctx, centre - columnWidth / 2, y, columnWidth, bottom - y, false)
      ctx.fillStyle = CHART_TEXT
      ctx.textAlign = 'center'
      ctx.textBaseline = 'bottom'
      ctx.fillText(tickLabel(value), centre, y - 2)
    }
    ctx.fillStyle = CHART_TEXT
    ctx.textAlign = 'center'
    ctx.textBaseline = 'top'
    ctx.fillText(category, centre, bottom + 6)
  })

  // the line: segments between known points, a dot and its value on each
  const points = line.values.map((value, i) =>
    value === null || value === undefined ? null : { x: left + band * i + band / 2, y: yOf(value, line.axis), value },
  )
  ctx.save()
  ctx.strokeStyle = line.color
  ctx.lineWidth = 2
  ctx.setLineDash([])
  ctx.beginPath()
  let drawing = false
  for (const point of points) {
    if (!point) {
      drawing = false
      continue
    }
    if (drawing) ctx.lineTo(point.x, point.y)
    else ctx.moveTo(point.x, point.y)
    drawing = true
  }
  ctx.stroke()
  ctx.restore()
  for (const point of points) {
    if (!point) continue
    ctx.fillStyle = line.color
    ctx.beginPath()
    ctx.arc(point.x, point.y, 3, 0, Math.PI * 2)
    ctx.fill()
    ctx.textAlign = 'center'
    ctx.textBaseline = 'bottom'
    ctx.fillText(tickLabel(point.value), point.x, point.y - 5)
  }

  // legend
  const legendY = height - 12
  let x = left
  ctx.textBaseline = 'middle'
  ctx.textAlign = 'left'
  for (const [series, kind] of [[columns, 'column'], [line, 'line']] as const) {
    ctx.fillStyle = series.color
    if (kind === 'column') ctx.fillRect(x, legendY - 5, 12, 10)
    else {
      ctx.fillRect(x, legendY - 1, 12, 2)
      ctx.beginPath()
      ctx.arc(x + 6, legendY, 3, 0, Math.PI * 2)
      ctx.fill()
    }
    ctx.fillStyle = CHART_TEXT
    ctx.fillText(series.name, x + 16, legendY)
    x += 16 + ctx.measureText(series.name).width + 16
  }
}

/** Draws the chart on a context whose unit is one CSS pixel of a width × height area. */
export function drawChart(ctx: ChartContext, chart: ChartSpec, width: number, height: number): void {
  ctx.fillStyle = '#FFFFFF'
  ctx.fillRect(0, 0, width, height)
  if (chart.kind === 'bar') drawBars(ctx, chart, width, height)
  else drawTrend(ctx, chart, width, height)
}
