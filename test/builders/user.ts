import type { RegisterVolunteerInput } from '../../cloudfunctions/core/user/user.schema'

/** A valid volunteer registration; a test overrides only what decides its outcome. */
export const buildVolunteerRegistration = (overrides: Partial<Record<keyof RegisterVolunteerInput, unknown>> = {}) => ({
  realName: '陈晓明',
  phone: '13857712345',
  township: '灵溪镇',
  skills: ['急救', '驾驶'],
  ...overrides,
})

/** GB 11643 valid ID numbers (check characters computed by hand). */
export const VALID_ID_CARD_NO = '330327199001011232'
export const VALID_ID_CARD_NO_WITH_X = '11010519491231002X'
