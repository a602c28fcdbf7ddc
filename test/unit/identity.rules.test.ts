import { idCardCheckChar, isIdCardNo, isMobile, isRealName } from '../../cloudfunctions/core/identity/identity.rules'

describe('isMobile', () => {
  test.each(['13000000000', '15957712345', '19912345678'])('when %s is a mainland mobile number, then true', (value) => {
    expect(isMobile(value)).toBe(true)
  })
  test.each(['12012345678', '1395771234', '139577123456', '+8613957712345', '1395771234a'])('when %s is not, then false', (value) => {
    expect(isMobile(value)).toBe(false)
  })
})

describe('isRealName', () => {
  test.each(['李四', '欧阳娜娜', '阿依古丽·买买提'])('when %s, then true', (value) => expect(isRealName(value)).toBe(true))
  test.each(['李', 'Li Si', '李4', '·李四', '李四·', '李'.repeat(21)])('when %s, then false', (value) => expect(isRealName(value)).toBe(false))
})

describe('isIdCardNo (GB 11643)', () => {
  test('when the standard example 11010519491231002X is checked, then its check character is X', () => {
    expect(idCardCheckChar('11010519491231002')).toBe('X')
    expect(isIdCardNo('11010519491231002X')).toBe(true)
  })
  test('when a Cangnan number has the right check digit, then true', () => {
    expect(isIdCardNo('330327199001011232')).toBe(true)
  })
  test.each([
    ['a wrong check digit', '330327199001011233'],
    ['an impossible date', '330327199002301234'],
    ['a birth year before 1900', '330327180001011232'],
    ['17 characters', '33032719900101123'],
    ['letters inside', '3303271990A1011232'],
  ])('when it has %s, then false', (_label, value) => expect(isIdCardNo(value)).toBe(false))
})
