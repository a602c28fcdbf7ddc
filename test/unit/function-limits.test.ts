import { readFileSync } from 'node:fs'
import path from 'node:path'
import { functionTimeoutSeconds, timeLimitMs } from '../../cloudfunctions/core/settings/function-limits'

describe('function time limits', () => {
  test('when cloudbaserc.json sets a timeout, then the functions plan with the same limit', () => {
    const rc = JSON.parse(readFileSync(path.resolve(__dirname, '../../cloudbaserc.json'), 'utf8')) as { functions: { name: string; timeout: number }[] }
    expect(functionTimeoutSeconds).toEqual(Object.fromEntries(rc.functions.map((f) => [f.name, f.timeout])))
    expect(timeLimitMs('activity')).toBe(20_000)
  })
})
