import { main as venture } from '../../../cloudfunctions/venture/index'
import { buildOrgDoc } from '../../builders/org'
import { buildContestInput, buildEntryInput } from '../../builders/venture'
import { buildClosedContest } from '../../builders/venture-project'
import { projectPhotoFolder } from '../../../cloudfunctions/core/venture/project.photos'
import { formatDate } from '../../../cloudfunctions/core/time/beijing'
import { getApp } from '../../../cloudfunctions/core/cloudbase'
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
  /** A published contest's funded project (written closed, then published), its organization's staff, and a report input with an uploaded photo. */
  async function fundedProject() {
    const org = await newOrg()
    const { contest, entries } = buildClosedContest([{ orgId: org.orgId, orgName: '幂等测试组织' }], { name: name('funded') })
    await kit.db().collection('venture_contests').add(contest)
    await kit.db().collection('venture_entries').add(entries[0])
    expectOk(await admin('publish', { contestId: contest._id, awards: [{ entryId: entries[0]._id, amountYuan: 30_000 }] }))
    const projectId = entries[0]._id.split(':').join('_')
    const { fileID } = await getApp().uploadFile({ cloudPath: `${projectPhotoFolder(projectId, org.staff)}a.jpg`, fileContent: Buffer.from('jpeg') })
    const report = { projectId, seq: 1, text: '幂等测试：项目已签订协议并完成首批入户走访和需求评估。', photoFileIds: [fileID as string] }
    return { projectId, staff: org.staff, report }
  }
  const projectDoc = async (projectId: string) =>
    (await kit.db().collection('venture_projects').doc(projectId).get()).data[0] as { status: string; releasedYuan: number; followUps: unknown[]; milestones: { status: string }[] }

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
    submitMilestone: {
      arrange: async () => {
        const { projectId, staff, report } = await fundedProject()
        return { openid: staff, input: report, effect: async () => ((await projectDoc(projectId)).milestones[0].status === 'submitted' ? 1 : 0) }
      },
    },
    reviewMilestone: {
      arrange: async () => {
        const { projectId, staff, report } = await fundedProject()
        expectOk(await caller(venture, staff)('submitMilestone', report))
        // one release of the first tranche (¥12,000 of ¥30,000): 1
        return { openid: ADMIN, input: { projectId, seq: 1, accept: true }, effect: async () => (await projectDoc(projectId)).releasedYuan / 12_000 }
      },
    },
    followUp: {
      arrange: async () => {
        const { projectId } = await fundedProject()
        const input = { projectId, date: formatDate(new Date().toISOString()), method: '电话回访', note: '幂等测试回访记录' }
        return { openid: ADMIN, input, effect: async () => (await projectDoc(projectId)).followUps.length }
      },
    },
    completeProject: {
      arrange: async () => {
        const { projectId, staff, report } = await fundedProject()
        for (const seq of [1, 2, 3]) {
          expectOk(await caller(venture, staff)('submitMilestone', { ...report, seq }))
          expectOk(await admin('reviewMilestone', { projectId, seq, accept: true }))
        }
        for (let i = 0; i < 3; i++) expectOk(await admin('followUp', { projectId, date: formatDate(new Date().toISOString()), method: '实地走访', note: '幂等测试回访记录' }))
        return { openid: ADMIN, input: { projectId }, effect: async () => ((await projectDoc(projectId)).status === 'completed' ? 1 : 0) }
      },
    },
  }
}
