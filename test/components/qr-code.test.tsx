import { render } from '@testing-library/react'
import { QrCode } from '../../src/components/qr-code'

/** The rendered modules as a boolean grid: true for a dark cell. */
function renderedGrid(container: HTMLElement): boolean[][] {
  const rows = Array.from(container.querySelectorAll('.gy-qr-code__row'))
  return rows.map((row) => Array.from(row.querySelectorAll('.gy-qr-code__cell')).map((cell) => cell.classList.contains('gy-qr-code__cell--dark')))
}

const darkCells = (grid: boolean[][]) => grid.flat().filter(Boolean).length

describe('QrCode', () => {
  it('when given an invite payload, then it renders a square grid of size×size cells', () => {
    const { container } = render(<QrCode value='gycn:invite:ABCD2345' size={360} />)

    const grid = renderedGrid(container)
    const size = Number(container.querySelector('.gy-qr-code')?.getAttribute('data-size'))
    expect(size).toBeGreaterThanOrEqual(21) // version 1 is 21 modules, plus the quiet zone
    expect(grid).toHaveLength(size)
    for (const row of grid) expect(row).toHaveLength(size)
    expect(container.querySelectorAll('.gy-qr-code__cell')).toHaveLength(size * size)
  })

  it('when rendered, then the top-left finder pattern is a dark 7×7 ring inside the light quiet zone', () => {
    const { container } = render(<QrCode value='gycn:invite:ABCD2345' />)

    const grid = renderedGrid(container)
    const border = 2
    expect(grid[0].every((dark) => !dark)).toBe(true)
    for (let i = 0; i < 7; i++) {
      expect(grid[border][border + i]).toBe(true) // top edge
      expect(grid[border + 6][border + i]).toBe(true) // bottom edge
      expect(grid[border + i][border]).toBe(true) // left edge
      expect(grid[border + i][border + 6]).toBe(true) // right edge
    }
    expect(grid[border + 1][border + 1]).toBe(false) // the light ring
    expect(grid[border + 3][border + 3]).toBe(true) // the dark centre
  })

  it('when two different values are rendered, then their dark-cell patterns differ', () => {
    const first = renderedGrid(render(<QrCode value='gycn:invite:ABCD2345' />).container)
    const second = renderedGrid(render(<QrCode value='gycn:invite:WXYZ6789' />).container)

    expect(darkCells(first)).toBeGreaterThan(0)
    expect(darkCells(second)).toBeGreaterThan(0)
    expect(second).not.toEqual(first)
  })

  it('when the same value is rendered twice, then the pattern is the same', () => {
    const first = renderedGrid(render(<QrCode value='gycn:invite:ABCD2345' />).container)
    const again = renderedGrid(render(<QrCode value='gycn:invite:ABCD2345' />).container)

    expect(again).toEqual(first)
  })
})
