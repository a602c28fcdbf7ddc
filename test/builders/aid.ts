import { idCardCheckChar } from '../../cloudfunctions/core/identity/identity.rules'

let seq = 0

/** A fresh, valid Cangnan ID number (GB 11643 check character), optionally ending in X. */
export function nextIdCardNo(options: { endsInX?: boolean } = {}): string {
  for (;;) {
    seq++
    const body = `330327${2008 - (seq % 3)}0${1 + (seq % 9)}1${seq % 10}${String(100 + (seq % 900)).padStart(3, '0')}`
    const check = idCardCheckChar(body)
    if ((check === 'X') === !!options.endsInX) return body + check
  }
}

/** A valid `aid.apply` input; tests override what decides their outcome. */
export function buildApplyInput(programId: string, attachmentFileIds: string[], overrides: { applicant?: Record<string, unknown>; [key: string]: unknown } = {}) {
  const { applicant, ...rest } = overrides
  return {
    programId,
    tier: 'dibao',
    applicant: {
      name: '陈思远',
      idCardNo: nextIdCardNo(),
      phone: '13812345678',
      hukouTownship: '灵溪镇',
      university: '浙江工业大学',
      admissionYear: new Date(Date.now() + 8 * 3600_000).getUTCFullYear(),
      inPairedSponsorship: false,
      familyStatus: 'dibao',
      ...applicant,
    },
    statement: '家里是低保户，父亲因病不能工作，靠母亲打零工维持生活，希望得到资助完成学业。',
    attachmentFileIds,
    consent: { sensitiveInfo: true },
    ...rest,
  }
}
