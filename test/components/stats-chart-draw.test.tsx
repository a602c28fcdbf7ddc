import { axisTicks, drawChart, type ChartContext, type ChartSpec } from '../../src/packages/admin/stats/components/stats-chart/draw'
import { fiveStepAxis } from '../../src/packages/admin/stats/stats-view'

interface Call {
  op: string
  args: number[] | [string, number, number]
  fillStyle?: unknown
  strokeStyle?: unknown
  dash?: number[]
}

/** A canvas 2d context that records what is drawn (text at its place, paths, dashes). */
function recordingContext() {
  const calls: Call[] = []
  let dash: number[] = []
  const state: Record<string, unknown>[] = []
  const ctx = {
    fillStyle: '' as unknown,
    strokeStyle: '' as unknown,
    lineWidth: 1,
    font: '',
    textAlign: 'left' as CanvasTextAlign,
    textBaseline: 'alphabetic' as CanvasTextBaseline,
    beginPath: () => calls.push({ op: 'beginPath', args: [] }),
    closePath: () => calls.push({ op: 'closePath', args: [] }),
    moveTo: (x: number, y: number) => calls.push({ op: 'moveTo', args: [x, y], strokeStyle: ctx.strokeStyle, dash }),
    lineTo: (x: number, y: number) => calls.push({ op: 'lineTo', args: [x, y], strokeStyle: ctx.strokeStyle, dash }),
    arc: (x: number, y: number, r: number) => calls.push({ op: 'arc', args: [x, y, r], fillStyle: ctx.fillStyle }),
    fill: () => calls.push({ op: 'fill', args: [], fillStyle: ctx.fillStyle }),
    stroke: () => calls.push({ op: 'stroke', args: [], strokeStyle: ctx.strokeStyle, dash }),
    fillRect: (x: number, y: number, w: number, h: number) => calls.push({ op: 'fillRect', args: [x, y, w, h], fillStyle: ctx.fillStyle }),
    fillText: (text: string, x: number, y: number) => calls.push({ op: 'fillText', args: [text, x, y], fillStyle: ctx.fillStyle }),
    measureText: (text: string) => ({ width: text.length * 12 }) as TextMetrics,
    setLineDash: (next: number[]) => {
      dash = next
    },
    save: () => state.push({ fillStyle: ctx.fillStyle, strokeStyle: ctx.strokeStyle, lineWidth: ctx.lineWidth, dash }),
    restore: () => {
      const saved = state.pop()!
      ctx.fillStyle = saved.fillStyle
      ctx.strokeStyle = saved.strokeStyle
      ctx.lineWidth = saved.lineWidth as number
      dash = saved.dash as number[]
    },
  }
  return { ctx: ctx as unknown as ChartContext, calls }
}

const texts = (calls: Call[]) => calls.filter((c) => c.op === 'fillText').map((c) => c.args as [string, number, number])
const textAt = (calls: Call[], text: string) => texts(calls).find(([t]) => t === text)

describe('数据概览 charts drawn on a canvas (stats-chart/draw)', () => {
  it('when an axis is split, then its ticks run from 0 to its top in equal steps', () => {
    expect(axisTicks({ max: 10, splitNumber: 5 })).toEqual([0, 2, 4, 6, 8, 10])
    expect(axisTicks(fiveStepAxis(6))).toEqual([0, 2, 4, 6, 8, 10])
    expect(axisTicks(fiveStepAxis(0))).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('when township bars are drawn, then each bar is as long as its value on the axis and labelled with its name and value', () => {
    const { ctx, calls } = recordingContext()
    const chart: ChartSpec = { kind: 'bar', categories: ['灵溪镇', '钱库镇'], values: [6, 3], color: '#c8432d', axis: { max: 6, splitNumber: 3 } }
    drawChart(ctx, chart, 320, 120)

    // bars are filled paths in the series colour: their right ends tell their lengths
    const barEnds = calls
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.op === 'fill' && c.fillStyle === '#c8432d')
      .map(({ i }) => {
        const path = calls.slice(0, i)
        const start = path.map((c) => c.op).lastIndexOf('beginPath')
        const xs = path.slice(start).filter((c) => c.op === 'moveTo' || c.op === 'lineTo' || c.op === 'arc').map((c) => (c.op === 'arc' ? (c.args[0] as number) + (c.args[2] as number) : (c.args[0] as number)))
        return { left: Math.min(...xs), right: Math.max(...xs) }
      })
    expect(barEnds).toHaveLength(2)
    const [first, second] = barEnds.map((b) => b.right - b.left)
    expect(first / second).toBeCloseTo(2, 1)
    expect(textAt(calls, '灵溪镇')).toBeDefined()
    expect(textAt(calls, '钱库镇')![2]).toBeGreaterThan(textAt(calls, '灵溪镇')![2])
    // value labels sit just after the end of their bars, on their rows (the last "6" drawn: the first is the axis tick)
    const valueLabel = (text: string) => texts(calls).filter(([t]) => t === text).at(-1)!
    expect(valueLabel('6')[1]).toBeGreaterThan(barEnds[0].right)
    expect(valueLabel('6')[2]).toBe(textAt(calls, '灵溪镇')![2])
    expect(valueLabel('3')[1]).toBeGreaterThan(barEnds[1].right)
    expect(valueLabel('3')[2]).toBe(textAt(calls, '钱库镇')![2])
    // axis ticks 0, 2, 4, 6 (whole numbers only)
    for (const tick of ['0', '2', '4']) expect(textAt(calls, tick)).toBeDefined()
  })

  it('when the quarterly trend is drawn, then the target line sits at its share on the right axis and a missing quarter breaks the line', () => {
    const { ctx, calls } = recordingContext()
    const chart: ChartSpec = {
      kind: 'trend',
      categories: ['一季度', '二季度', '三季度', '四季度'],
      columns: { name: '开展活动（场）', unit: '场', color: '#c8432d', values: [1, 2, 2, 0], axis: { max: 5, splitNumber: 5 } },
      line: { name: '活跃组织占比（%）', unit: '%', color: '#1f5fad', values: [25, 50, null, null], axis: { max: 100, splitNumber: 5 } },
      target: { value: 30, color: '#b26b00' },
    }
    drawChart(ctx, chart, 320, 240)

    // the right axis is labelled 0…100 on the left axis' grid lines
    const zero = texts(calls).filter(([t]) => t === '0')
    const hundred = textAt(calls, '100')!
    const five = textAt(calls, '5')!
    expect(hundred[2]).toBe(five[2])
    const bottom = Math.max(...zero.map(([, , y]) => y))
    const top = hundred[2]
    // the dashed target line in its colour, 30% of the way up
    const target = calls.find((c) => c.op === 'moveTo' && c.strokeStyle === '#b26b00')!
    expect(target.dash!.length).toBeGreaterThan(0)
    expect((bottom - (target.args[1] as number)) / (bottom - top)).toBeCloseTo(0.3, 2)
    // the line: one segment between the two known quarters, points labelled 25 and 50, nothing for the rest
    const line = calls.filter((c) => (c.op === 'moveTo' || c.op === 'lineTo') && c.strokeStyle === '#1f5fad')
    expect(line.map((c) => c.op)).toEqual(['moveTo', 'lineTo'])
    expect(textAt(calls, '25')).toBeDefined()
    expect(textAt(calls, '50')).toBeDefined()
    // the legend names both series
    expect(textAt(calls, '开展活动（场）')).toBeDefined()
    expect(textAt(calls, '活跃组织占比（%）')).toBeDefined()
  })
})
