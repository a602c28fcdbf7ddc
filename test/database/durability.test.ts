import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { startLocalCloudbase } from '../../local/database'
import { localSdk } from '../support/local-cloudbase'

const ROOT = path.resolve(__dirname, '../..')
const CHILD = path.join(__dirname, 'durability-child.ts')
const ACKS_BEFORE_KILL = 40

let dataDir: string
beforeAll(() => {
  process.env.TENCENTCLOUD = 'true' // the SDK skips its metadata probe
})
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'local-cloudbase-durability-'))
})
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

/** Collects the child's acknowledgements until `enough` of them, then SIGKILLs its whole process group. */
function runAndKill(child: ChildProcess, enough: number): Promise<{ adds: number[]; txs: number[] }> {
  const adds: number[] = []
  const txs: number[] = []
  return new Promise((resolve, reject) => {
    let killed = false
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      const match = /^ack (add|tx) (\d+)$/.exec(line)
      if (!match || killed) return
      ;(match[1] === 'add' ? adds : txs).push(Number(match[2]))
      if (adds.length + txs.length >= enough) {
        killed = true
        process.kill(-child.pid!, 'SIGKILL') // npx, tsx and the writer: the group spawned below
      }
    })
    child.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve({ adds, txs })
      else reject(new Error(`writer exited early (code ${code}, signal ${signal})`))
    })
    child.on('error', reject)
  })
}

describe('durability', () => {
  test('when the writing process is killed with SIGKILL, then every acknowledged write is there after reopening the data directory', async () => {
    const child = spawn('npx', ['tsx', CHILD, dataDir], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'inherit'] })

    const { adds, txs } = await runAndKill(child, ACKS_BEFORE_KILL)
    await new Promise((resolve) => setTimeout(resolve, 200)) // let the killed group's exits settle

    const reopened = await startLocalCloudbase({ dataDir, collections: [{ name: 'journal', indexes: [] }] })
    try {
      const db = localSdk(reopened.serviceUrl).database()
      const { data } = await db.collection('journal').where({ i: db.command.exists(true) }).limit(1000).get()
      const stored = new Set(data.map((doc: { i: number }) => doc.i))
      const counter = (await db.collection('journal').doc('counter').get()).data[0]

      expect(adds.length).toBeGreaterThan(0)
      expect(txs.length).toBeGreaterThan(0)
      expect(adds.filter((i) => !stored.has(i))).toEqual([])
      expect(counter.value).toBeGreaterThanOrEqual(Math.max(...txs))
    } finally {
      await reopened.close()
    }
  }, 60_000)
})
