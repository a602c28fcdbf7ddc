import { main as aid } from '../../../cloudfunctions/aid/index'
import type { AidApplicationView } from '../../../cloudfunctions/core/aid/aid.schema'
import { newAidDataKey } from '../../../cloudfunctions/core/aid/aid-crypto'
import { getApp } from '../../../cloudfunctions/core/cloudbase'
import { DEMO_AID_PROGRAM_ID } from '../../../local/seed'
import { buildApplyInput } from '../../builders/aid'
import { caller, expectOk } from '../call'
import type { IdempotencyCase, IdempotencyKit } from './kit'

// apply encrypts and hashes the ID number: the functions need a data key (aid.test.ts makes one the same way)
process.env.AID_DATA_KEY ??= newAidDataKey()

const PROGRAM = DEMO_AID_PROGRAM_ID // 慈善总会, open now
const CHARITY = 'org-charity-federation'
const ADMIN = 'demo-org-admin' // 慈善总会 admin (reviews and disburses)

type AppReply = { application: AidApplicationView }

/**
 * Each count must be exactly 1 (an `effect` of several writes): 1 when they all are, otherwise a
 * failure that names the counts.
 */
async function eachOnce(counts: Record<string, Promise<number>>): Promise<number> {
  const entries = await Promise.all(Object.entries(counts).map(async ([name, n]) => [name, await n] as const))
  const wrong = entries.filter(([, n]) => n !== 1)
  if (wrong.length > 0) throw new Error(`expected each write once, got ${entries.map(([name, n]) => `${name}=${n}`).join(', ')}`)
  return 1
}

/** The cases of the `aid` function's mutating actions, each on a fresh applicant and application. */
export function aidCases(kit: IdempotencyKit): Record<string, IdempotencyCase> {
  /** An attachment the applicant uploaded to their folder under the programme (what apply checks). */
  async function upload(openid: string, name: string) {
    const { fileID } = await getApp().uploadFile({ cloudPath: `aid/${PROGRAM}/${openid}/${name}`, fileContent: Buffer.from(`fake-${name}`) })
    return fileID as string
  }

  /** A fresh applicant's valid `apply` input (a new ID number, two own uploads). */
  async function applyInput(prefix: string) {
    const openid = kit.fresh(prefix)
    const files = [await upload(openid, 'admission-letter.jpg'), await upload(openid, 'hardship-proof.jpg')]
    return { openid, input: buildApplyInput(PROGRAM, files) }
  }

  /** A fresh applicant's submitted application. */
  async function submitted(prefix: string) {
    const { openid, input } = await applyInput(prefix)
    const { application } = expectOk(await caller(aid, openid)<AppReply>('apply', input))
    return { openid, applicationId: application.applicationId }
  }

  async function reviewed(prefix: string, decision: 'approve' | 'needs_info', reason: string) {
    const applied = await submitted(prefix)
    expectOk(await caller(aid, ADMIN)('review', { applicationId: applied.applicationId, decision, reason }))
    return applied
  }

  const events = (applicationId: string, kind: string) => kit.count('aid_events', { applicationId, kind })
  const reads = (applicationId: string) => kit.count('aid_access_log', { applicationId, openid: ADMIN, via: 'get' })

  return {
    createProgram: {
      arrange: async () => {
        const name = `幂等测试项目${kit.fresh('p').slice(-12)}`
        return {
          openid: ADMIN,
          input: {
            orgId: CHARITY,
            name,
            year: 2027,
            opensAt: '2027-07-01T00:00:00+08:00',
            closesAt: '2027-09-30T23:59:59+08:00',
            tiers: [{ code: 'dibao', label: '低保家庭', amountYuan: 8000, familyStatuses: ['dibao'] }],
            rules: [{ kind: 'hukouInCounty' }, { kind: 'admittedInProgramYear' }],
          },
          effect: () => kit.count('aid_programs', { orgId: CHARITY, name, createdBy: ADMIN }),
        }
      },
    },
    apply: {
      arrange: async () => {
        const { openid, input } = await applyInput('idem-aid-apply')
        return {
          openid,
          input,
          // the application, its claim (one per ID number) and the first entry of its trail
          effect: async () => {
            const [application] = (await kit.db().collection('aid_applications').where({ openid }).get()).data as { _id: string }[]
            return eachOnce({
              applications: kit.count('aid_applications', { openid }),
              claims: application ? kit.count('aid_claims', { applicationId: application._id }) : Promise.resolve(0),
              submittedEvents: kit.count('aid_events', { by: openid, kind: 'submitted' }),
            })
          },
        }
      },
    },
    update: {
      arrange: async () => {
        const { openid, applicationId } = await reviewed('idem-aid-update', 'needs_info', '请补充街道出具的低保证明')
        return {
          openid,
          input: { applicationId, statement: '已补充街道出具的低保证明，家庭情况如前所述，恳请审核。', note: '已补充低保证明' },
          effect: () => eachOnce({ updatedEvents: events(applicationId, 'updated'), backInQueue: kit.count('aid_applications', { _id: applicationId, status: 'submitted' }) }),
        }
      },
    },
    review: {
      arrange: async () => {
        const { applicationId } = await submitted('idem-aid-review')
        return {
          openid: ADMIN,
          input: { applicationId, decision: 'approve', reason: '材料齐全，符合低保家庭档次' },
          // the decision joins the trail once, and the reviewer's read is logged once
          effect: () => eachOnce({ approveEvents: events(applicationId, 'approve'), reads: reads(applicationId), approved: kit.count('aid_applications', { _id: applicationId, status: 'approved' }) }),
        }
      },
    },
    disburse: {
      arrange: async () => {
        const { applicationId } = await reviewed('idem-aid-disburse', 'approve', '材料齐全，符合低保家庭档次')
        const readsBefore = await reads(applicationId) // the review's
        return {
          openid: ADMIN,
          input: { applicationId, reference: `CS-${kit.fresh('idem').slice(-16)}` },
          effect: () =>
            eachOnce({
              disbursedEvents: events(applicationId, 'disbursed'),
              reads: reads(applicationId).then((n) => n - readsBefore),
              disbursed: kit.count('aid_applications', { _id: applicationId, status: 'disbursed' }),
            }),
        }
      },
    },
    withdraw: {
      arrange: async () => {
        const { openid, applicationId } = await submitted('idem-aid-withdraw')
        return {
          openid,
          input: { applicationId },
          // one trail entry; the claim is released (0 left, so 1 - 0)
          effect: () =>
            eachOnce({
              withdrawnEvents: events(applicationId, 'withdrawn'),
              claimReleased: kit.count('aid_claims', { applicationId }).then((n) => 1 - n),
            }),
        }
      },
    },
  }
}
