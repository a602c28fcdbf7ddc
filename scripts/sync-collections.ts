import { collections } from '../cloudfunctions/core/collections'
import { getDb } from '../cloudfunctions/core/cloudbase'
import { DB_ERROR } from '../cloudfunctions/core/store-errors'

/**
 * Create every declared collection in the CloudBase environment the SDK is configured for
 * (TCB_ENV + TCB_SECRET_ID/TCB_SECRET_KEY, or TCB_SERVICE_URL for the local stack). Indexes are
 * printed for creation in the console (the server SDK cannot create indexes).
 */
async function main() {
  const db = getDb()
  for (const spec of collections) {
    try {
      await db.createCollection(spec.name)
      console.log(`created ${spec.name}`)
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code !== 'DATABASE_COLLECTION_ALREADY_EXIST' && code !== DB_ERROR.duplicateWrite) throw error
      console.log(`exists  ${spec.name}`)
    }
    for (const index of spec.indexes) {
      console.log(`        index ${index.name}${index.unique ? ' (unique)' : ''}: ${JSON.stringify(index.keys)}`)
    }
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
