/**
 * Writer for the durability test: opens the local CloudBase on the data directory given as argv[2]
 * and writes through the real SDK as fast as it can, printing a line after each acknowledged write
 * (`ack add <i>` for an insert, `ack tx <i>` for a committed transaction setting counter.value = i),
 * until it is killed.
 */
import { startLocalCloudbase } from '../../local/database'
import { localSdk } from '../support/local-cloudbase'

const JOURNAL = [{ name: 'journal', indexes: [] }]

/** The part of the SDK's (untyped) transaction the writer uses. */
interface Tx {
  collection(name: string): { doc(id: string): { update(data: object): Promise<unknown> } }
}

async function main() {
  const dataDir = process.argv[2]
  if (!dataDir) throw new Error('usage: durability-child.ts <dataDir>')
  process.env.TENCENTCLOUD = 'true'
  const running = await startLocalCloudbase({ dataDir, collections: JOURNAL })
  const db = localSdk(running.serviceUrl).database()
  await db.collection('journal').doc('counter').set({ value: 0 })
  process.stdout.write('ready\n')
  for (let i = 1; ; i++) {
    await db.collection('journal').add({ _id: `entry-${i}`, i })
    process.stdout.write(`ack add ${i}\n`)
    await db.runTransaction(async (tx: Tx) => {
      await tx.collection('journal').doc('counter').update({ value: i })
    })
    process.stdout.write(`ack tx ${i}\n`)
  }
}

main().catch((error) => {
  process.stderr.write(`durability child failed: ${String(error?.stack ?? error)}\n`)
  process.exit(1)
})
