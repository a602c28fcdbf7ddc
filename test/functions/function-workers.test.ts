import path from 'node:path'
import { threadId } from 'node:worker_threads'
import { startFunctionWorkers, type FunctionWorkers } from '../../local/function-workers'

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'functions')
const started: FunctionWorkers[] = []
const start = (count: number) => {
  const workers = startFunctionWorkers({ source: 'source', dir: FIXTURES, env: { ...process.env }, count })
  started.push(workers)
  return workers
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((workers) => workers.close()))
})

type Echo = { ok: true; data: { event: unknown; functionName: string; threadId: number } }

describe('the local host’s function instances', () => {
  test('when a function is called, then it runs in an instance apart from the caller’s thread and its envelope comes back', async () => {
    const workers = start(1)

    const reply = (await workers.call('echo', { action: 'ping', data: { n: 1 } }, { function_name: 'echo' })) as Echo

    expect(reply.data.event).toEqual({ action: 'ping', data: { n: 1 } })
    expect(reply.data.functionName).toBe('echo')
    expect(reply.data.threadId).not.toBe(threadId)
  })

  test('when a function loads a TypeScript module with import() (an export’s workbook), then the instance loads it', async () => {
    const workers = start(1)

    expect(await workers.call('lazy', {}, {})).toEqual({ ok: true, data: { name: 'roster.xlsx' } })
  })

  test('when calls overlap, then they spread over the instances (the one with fewest calls under way takes the next)', async () => {
    const workers = start(2)

    const replies = (await Promise.all([1, 2, 3, 4].map(() => workers.call('echo', { delayMs: 100 }, {})))) as Echo[]

    const threads = replies.map((reply) => reply.data.threadId)
    expect(new Set(threads).size).toBe(2)
    expect(threads.filter((id) => id === threads[0])).toHaveLength(2)
  })

  test('when an instance dies during a call, then that call fails and the next call is answered by a new instance', async () => {
    const workers = start(1)
    const before = (await workers.call('echo', {}, {})) as Echo

    await expect(workers.call('crash', {}, {})).rejects.toThrow(/function instance ended/)
    const after = (await workers.call('echo', { again: true }, {})) as Echo

    expect(after.data.event).toEqual({ again: true })
    expect(after.data.threadId).not.toBe(before.data.threadId)
  })

  test('when a function does not exist or throws on loading, then the call fails with the reason and the instance answers on', async () => {
    const workers = start(1)

    await expect(workers.call('missing', {}, {})).rejects.toThrow(/function missing not found/)
    await expect(workers.call('../echo', {}, {})).rejects.toThrow(/not a function name/)
    expect(((await workers.call('echo', {}, {})) as Echo).ok).toBe(true)
  })

  test('when the clock is moved, then every instance reads it, one started after the move too, until it is reset', async () => {
    const workers = start(1)
    const dayAhead = 24 * 3600_000
    const read = async () => Date.parse(((await workers.call('clock', {}, {})) as { data: { now: string } }).data.now)

    workers.setClockOffset(dayAhead)
    const moved = await read()
    await expect(workers.call('crash', {}, {})).rejects.toThrow()
    const restarted = await read()
    workers.setClockOffset(null)
    const reset = await read()

    expect(moved - Date.now()).toBeGreaterThan(dayAhead - 60_000)
    expect(restarted - Date.now()).toBeGreaterThan(dayAhead - 60_000)
    expect(Math.abs(reset - Date.now())).toBeLessThan(60_000)
  })

  test('when the host closes, then a late call is refused instead of waiting forever', async () => {
    const workers = start(1)
    await workers.close()

    await expect(workers.call('echo', {}, {})).rejects.toThrow(/closing/)
  })
})
