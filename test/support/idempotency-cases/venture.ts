import { main as venture } from '../../../cloudfunctions/venture/index'
import { buildOrgDoc } from '../../builders/org'
import { buildContestInput, buildEntryInput } from '../../builders/venture'
import { caller, expectOk } from '../call'
import { addVolunteers } from '../people'
import type { IdempotencyCase, IdempotencyKit } from './kit'

const ADMIN = 'demo-platform-admin'
const DAY = 24 * 3600_000

/** The cases of the `venture` function's mutating actions, each on a fresh contest. */
export function ventureCases(kit: IdempotencyKit): Record<string, IdempotencyCase> {
  const admin = caller(venture, ADMIN)
  const name = (prefix: string) => `幂等测试大赛${kit.fresh(prefix).slice(-20)}`

  async function newContest(overrides: Record<string, unknown> = {}) {
    return expectOk(await admin<{ contest: { contestId: string } }>('createContest', buildContestInput({ name: name('c'), ...overrides }))).contest.contestId
  }
  async function newUser(prefix: string) {
    return (await addVolunteers(kit.db(), 1, prefix))[0]
  }
  /** A verified organization with one staff member. */
  async function newOrg() {
    const org = buildOrgDoc()
    const staff = await newUser('idem-venture-staff')
    await kit.db().collection('orgs').add(org)
    await kit.db().collection('org_members').add({ _id: `${org._id}:${staff}`, orgId: org._id, orgName: org.name, openid: staff, role: 'staff', joinedAt: new Date().toISOString() })
    return { orgId: org._id, staff }
  }
  /** A contest with one entry and one appointed expert, the clock moved past its entry window. */
  async function contestToScore(overrides: Record<string, unknown> = {}) {
    const contestId = await newContest(overrides)
    const org = await newOrg()
    const entry = expectOk(await caller(venture, org.staff)<{ entry: { entryId: string } }>('enter', buildEntryInput(contestId, org.orgId))).entry.entryId
    const expert = await newUser('idem-venture-expert')
    expectOk(await admin('appointExpert', { contestId, openid: expert }))
    kit.clockAt(new Date(Date.now() + 2 * DAY))
    const scoreInput = { contestId, round: 1, entryId: entry, scores: { 需求分析: 80, 项目设计: 70, 团队能力: 90 } }
    return { contestId, entry, expert, scoreInput }
  }
  const contestDoc = async (contestId: string) => (await kit.db().collection('venture_contests').doc(contestId).get()).data[0] as { status: string; rounds: { closedAt: string | null }[] }

  return {
    createContest: {
      arrange: async () => {
        const input = buildContestInput({ name: name('create') })
        return { openid: ADMIN, input, effect: () => kit.count('venture_contests', { name: input.name }) }
      },
    },
    appointExpert: {
      arrange: async () => {
        const contestId = await newContest()
        const openid = await newUser('idem-venture-expert')
        return { openid: ADMIN, input: { contestId, openid }, effect: () => kit.count('venture_experts', { contestId }) }
      },
    },
    removeExpert: {
      arrange: async () => {
        const contestId = await newContest()
        const openid = await newUser('idem-venture-expert')
        expectOk(await admin('appointExpert', { contestId, openid }))
        return { openid: ADMIN, input: { contestId, openid }, effect: async () => 1 - (await kit.count('venture_experts', { contestId })) }
      },
    },
    enter: {
      arrange: async () => {
        // two entries allowed: only the key, not the one-per-organization rule, keeps the retries to one
        const contestId = await newContest({ maxEntriesPerOrg: 2 })
        const org = await newOrg()
        return { openid: org.staff, input: buildEntryInput(contestId, org.orgId), effect: () => kit.count('venture_entries', { contestId }) }
      },
    },
    score: {
      arrange: async () => {
        const { contestId, expert, scoreInput } = await contestToScore()
        return { openid: expert, input: scoreInput, effect: () => kit.count('venture_scores', { contestId }) }
      },
    },
    closeRound: {
      arrange: async () => {
        const { contestId, expert, scoreInput } = await contestToScore()
        expectOk(await caller(venture, expert)('score', scoreInput))
        return { openid: ADMIN, input: { contestId, round: 1 }, effect: async () => ((await contestDoc(contestId)).rounds[0].closedAt ? 1 : 0) }
      },
    },
    publish: {
      arrange: async () => {
        const { contestId, entry, expert, scoreInput } = await contestToScore({ rounds: [buildContestInput().rounds[0]] })
        expectOk(await caller(venture, expert)('score', scoreInput))
        expectOk(await admin('closeRound', { contestId, round: 1 }))
        return { openid: ADMIN, input: { contestId, awards: [{ entryId: entry, amountYuan: 30_000 }] }, effect: async () => ((await contestDoc(contestId)).status === 'published' ? 1 : 0) }
      },
    },
  }
}
