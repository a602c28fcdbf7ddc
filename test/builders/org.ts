import type { OrgDoc } from '../../cloudfunctions/core/org/org.store'

let seq = 0

/** A stored organization, verified unless a test says otherwise; counts match one admin. */
export const buildOrgDoc = (overrides: Partial<OrgDoc> = {}): OrgDoc => {
  const id = `org-test-${Date.now().toString(36)}-${++seq}`
  return {
    _id: id,
    name: '苍南县志愿服务中心',
    creditCode: null,
    kind: 'private_non_enterprise',
    township: '灵溪镇',
    community: null,
    intro: '统筹全县志愿服务活动。',
    contactName: '郑晓东',
    contactPhone: '13967712001',
    status: 'verified',
    review: null,
    memberCount: 1,
    adminCount: 1,
    createdBy: 'someone',
    createdAt: '2026-03-01T01:00:00.000Z',
    updatedAt: '2026-03-01T01:00:00.000Z',
    verifiedAt: '2026-03-01T01:00:00.000Z',
    ...overrides,
  }
}

/** A valid 组织入驻 form; `creditCode` must be unique per test, so callers pass one from `creditCodes`. */
export const buildOrgRegistration = (overrides: Record<string, unknown> = {}) => ({
  name: '苍南县爱心助学协会',
  kind: 'social_group',
  township: '灵溪镇',
  contactName: '林晓燕',
  contactPhone: '13857712345',
  intro: '为困难家庭学生提供助学金与课业辅导。',
  ...overrides,
})

const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/**
 * A fresh GB 32100 code each call (computed here independently of the code under test, so a wrong
 * check in org.rules cannot make its own test data pass).
 */
let codeSeq = 0
export function nextCreditCode(): string {
  const serial = String(Date.now() % 1_000_000_000 + ++codeSeq * 7919).padStart(9, '0').slice(-9)
  const first17 = `51330327${serial}`
  const sum = Array.from(first17).reduce((acc, ch, i) => acc + CREDIT_CODE_CHARS.indexOf(ch) * WEIGHTS[i], 0)
  return first17 + CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]
}
