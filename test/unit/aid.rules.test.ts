import { decryptIdCardNo, encryptIdCardNo, idCardClaimKey, newAidDataKey } from '../../cloudfunctions/core/aid/aid-crypto'
import { checkEligibility, normalizeIdCardNo, retentionExpired, rulesText, windowState, type AidProgramDoc } from '../../cloudfunctions/core/aid/aid.rules'

const program: Pick<AidProgramDoc, 'year' | 'rules' | 'tiers' | 'opensAt' | 'closesAt'> = {
  year: 2026,
  opensAt: '2026-07-01T00:00:00.000Z',
  closesAt: '2026-09-01T00:00:00.000Z',
  rules: [{ kind: 'hukouInCounty' }, { kind: 'admittedInProgramYear' }, { kind: 'notInPairedSponsorship' }, { kind: 'tierMatchesFamilyStatus' }],
  tiers: [
    { code: 'dibao', label: '低保家庭', amountYuan: 8000, familyStatuses: ['dibao'] },
    { code: 'special', label: '因病因灾等特殊困难', amountYuan: 5000, familyStatuses: ['illness', 'disaster'] },
  ],
}
const facts = { hukouTownship: '灵溪镇', admissionYear: 2026, inPairedSponsorship: false, familyStatus: 'dibao' as const }

describe('checkEligibility', () => {
  test('when every rule holds, then eligible', () => {
    expect(checkEligibility(program, 'dibao', facts)).toBeNull()
  })

  test.each([
    ['县外', { hukouTownship: '县外' }, 'hukouInCounty', '本项目仅资助户籍在苍南县的学生'],
    ['admitted last year', { admissionYear: 2025 }, 'admittedInProgramYear', '本项目仅资助2026年录取的新生'],
    ['in a paired sponsorship', { inPairedSponsorship: true }, 'notInPairedSponsorship', '已在结对助学中的学生不能申请本项目'],
    ['an orphan in the 低保 tier', { familyStatus: 'orphan' }, 'tierMatchesFamilyStatus', '“低保家庭”档次适用于低保家庭'],
  ])('when %s, then the rule that fails is named with its reason', (_label, override, rule, message) => {
    const failed = checkEligibility(program, 'dibao', { ...facts, ...override } as typeof facts)
    expect(failed?.rule).toBe(rule)
    expect(failed?.message).toContain(message)
  })

  test('when a rule is not part of the programme, then it is not applied', () => {
    expect(checkEligibility({ ...program, rules: [] }, 'dibao', { ...facts, hukouTownship: '县外' })).toBeNull()
  })

  test('when the rules are shown, then each is in plain words with the amounts', () => {
    expect(rulesText(program)).toEqual([
      '申请人须为苍南县户籍',
      '申请人须于2026年被教育部批准的普通高等院校录取（含高职院校）',
      '已在结对助学中的学生不能申请',
      '低保家庭的学生：一次性资助8,000元',
      '因病致困、因灾致困的学生：一次性资助5,000元',
    ])
  })
})

test('windowState: upcoming before, open inside, closed from the close', () => {
  expect(windowState(program, new Date('2026-06-30T23:59:59Z'))).toBe('upcoming')
  expect(windowState(program, new Date('2026-07-01T00:00:00Z'))).toBe('open')
  expect(windowState(program, new Date('2026-09-01T00:00:00Z'))).toBe('closed')
})

test('retentionExpired: rejected and withdrawn only, once the days after the final decision have run out', () => {
  const base = { finalAt: '2026-01-01T00:00:00.000Z', purgedAt: null }
  expect(retentionExpired({ ...base, status: 'rejected' }, 180, new Date('2026-06-30T00:00:00Z'))).toBe(true)
  expect(retentionExpired({ ...base, status: 'rejected' }, 180, new Date('2026-06-29T00:00:00Z'))).toBe(false)
  expect(retentionExpired({ ...base, status: 'approved' }, 180, new Date('2027-01-01T00:00:00Z'))).toBe(false)
  expect(retentionExpired({ ...base, status: 'withdrawn', purgedAt: '2026-07-01T00:00:00Z' }, 180, new Date('2027-01-01T00:00:00Z'))).toBe(false)
})

describe('ID numbers at rest', () => {
  const saved = process.env.AID_DATA_KEY
  afterEach(() => {
    process.env.AID_DATA_KEY = saved
  })

  test('normalizing removes spaces and upper-cases the x', () => {
    expect(normalizeIdCardNo(' 330327 20080101 123x ')).toBe('33032720080101123X')
  })

  test('when encrypted, then it decrypts to the same number, and two encryptions differ', () => {
    process.env.AID_DATA_KEY = newAidDataKey()
    const a = encryptIdCardNo('330327200801011234')
    expect(a).not.toContain('330327')
    expect(decryptIdCardNo(a)).toBe('330327200801011234')
    expect(encryptIdCardNo('330327200801011234')).not.toBe(a)
  })

  test('when the claim key is taken, then it depends on the key and the programme, not only on the number', () => {
    process.env.AID_DATA_KEY = newAidDataKey()
    const first = idCardClaimKey('p1', '330327200801011234')
    expect(idCardClaimKey('p1', '330327200801011234')).toBe(first)
    expect(idCardClaimKey('p2', '330327200801011234')).not.toBe(first)
    process.env.AID_DATA_KEY = newAidDataKey()
    expect(idCardClaimKey('p1', '330327200801011234')).not.toBe(first)
  })

  test.each([
    ['missing', undefined],
    ['too short', Buffer.alloc(16).toString('base64')],
    ['not base64', 'this is not a key at all, not at all!!!!!!!'],
  ])('when AID_DATA_KEY is %s, then encryption refuses to run', (_label, value) => {
    if (value === undefined) delete process.env.AID_DATA_KEY
    else process.env.AID_DATA_KEY = value
    expect(() => encryptIdCardNo('330327200801011234')).toThrow(/AID_DATA_KEY/)
  })
})
