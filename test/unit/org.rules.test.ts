import {
  canSeeOrg,
  creditCodeCheckChar,
  creditCodeProblem,
  INVITE_CODE_ALPHABET,
  inviteCodeFrom,
  inviteIsValid,
  isCreditCode,
  maskContactPhone,
  parseInvitePayload,
} from '../../cloudfunctions/core/org/org.rules'

describe('unified social credit code (GB 32100-2015)', () => {
  test.each(['91440300708461136T', '91110000802100433B', '51330327MJ8921456D'])('when the code %s is real, then it is valid', (code) => {
    expect(isCreditCode(code)).toBe(true)
  })

  test('when the check character is computed, then it follows the weights modulo 31 (a result of 31 is 0)', () => {
    expect(creditCodeCheckChar('91440300708461136')).toBe('T')
    expect(creditCodeCheckChar('51330327MJ8988002')).toBe('6')
  })

  test('when one character of a valid code changes, then the check fails', () => {
    expect(creditCodeProblem('91440300708461137T')).toBe('统一社会信用代码校验位不正确，请核对')
  })

  test('when typed in lower case with spaces around, then it is read as upper case', () => {
    expect(isCreditCode(' 91440300708461136t ')).toBe(true)
  })

  test.each([
    ['9144030070846113', '统一社会信用代码为18位，当前16位'],
    ['91440300708461136TX', '统一社会信用代码为18位，当前19位'],
    ['9144030070846113OT', '统一社会信用代码不能包含“O”'],
    ['9144030070846113ST', '统一社会信用代码不能包含“S”'],
  ])('when the code is %s, then the problem is named', (code, message) => {
    expect(creditCodeProblem(code)).toBe(message)
  })
})

describe('invite codes', () => {
  test('when made from random bytes, then they are 8 characters from the unambiguous alphabet', () => {
    let counter = 0
    const bytes = (size: number) => Uint8Array.from({ length: size }, () => (counter = (counter * 97 + 13) % 256))
    for (let i = 0; i < 100; i++) {
      const code = inviteCodeFrom(bytes)
      expect(code).toHaveLength(8)
      for (const ch of code) expect(INVITE_CODE_ALPHABET).toContain(ch)
    }
    expect(INVITE_CODE_ALPHABET).not.toMatch(/[01OIL]/)
  })

  test('when a byte would bias the alphabet, then it is skipped (rejection sampling)', () => {
    // 248 is the first byte above the largest multiple of 31 below 256: it must be skipped
    const bytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i % 2 === 0 ? 250 : 0))
    expect(inviteCodeFrom(bytes)).toBe('AAAAAAAA')
  })

  test('when expiry is exactly now, then the invite is no longer valid', () => {
    const now = new Date('2026-11-23T00:00:00.000Z')
    expect(inviteIsValid({ expiresAt: '2026-11-23T00:00:00.001Z' }, now)).toBe(true)
    expect(inviteIsValid({ expiresAt: '2026-11-23T00:00:00.000Z' }, now)).toBe(false)
    expect(inviteIsValid(null, now)).toBe(false)
  })

  test('when a QR payload or a typed code is read, then the bare code comes back upper case', () => {
    expect(parseInvitePayload('gycn:invite:AB3DEF7H')).toBe('AB3DEF7H')
    expect(parseInvitePayload(' ab3def7h ')).toBe('AB3DEF7H')
  })
})

describe('who sees what of an organization', () => {
  const outsider = { memberRole: null, isPlatformAdmin: false }
  test('when the viewer is an outsider, then the contact phone is masked and only verified orgs are visible', () => {
    expect(maskContactPhone('13967712001', outsider)).toBe('139****2001')
    expect(canSeeOrg('verified', outsider)).toBe(true)
    expect(canSeeOrg('pending', outsider)).toBe(false)
    expect(canSeeOrg('rejected', outsider)).toBe(false)
  })

  test('when the viewer is staff or the platform admin, then the phone is whole and pending orgs are visible', () => {
    for (const viewer of [{ memberRole: 'staff' as const, isPlatformAdmin: false }, { memberRole: null, isPlatformAdmin: true }]) {
      expect(maskContactPhone('13967712001', viewer)).toBe('13967712001')
      expect(canSeeOrg('pending', viewer)).toBe(true)
    }
  })
})
