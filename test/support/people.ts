import type { Database } from '../../cloudfunctions/core/cloudbase'
import type { UserDoc } from '../../cloudfunctions/core/user/user.store'

let seq = 0

/** Registered volunteers written straight to the database (fast setup for crowds). */
export async function addVolunteers(db: Database, count: number, prefix = 'vol'): Promise<string[]> {
  const at = new Date().toISOString()
  const run = `${prefix}-${Date.now().toString(36)}-${++seq}`
  const docs: UserDoc[] = Array.from({ length: count }, (_, i) => {
    const openid = `${run}-${i}`
    const phone = `138${String(10_000_000 + i).slice(-8)}`
    return {
      _id: openid, openid, nickname: `志愿者${i}`, township: '灵溪镇', phone, roles: ['resident', 'volunteer'],
      volunteer: { realName: '陈志愿', phone, township: '灵溪镇', skills: [], idCardNo: null, registeredAt: at },
      createdAt: at, updatedAt: at,
    }
  })
  for (let i = 0; i < docs.length; i += 500) await db.collection('users').add(docs.slice(i, i + 500))
  return docs.map((d) => d.openid)
}
