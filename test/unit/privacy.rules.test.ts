import { maskIdCardNo, maskName, maskPhone } from '../../cloudfunctions/core/privacy/privacy.rules'

describe('masking', () => {
  test.each([
    ['张小明', '张*明'],
    ['李四', '李*'],
    ['欧阳娜娜', '欧**娜'],
    ['王', '*'],
  ])('when the name is %s, then it shows as %s', (name, masked) => expect(maskName(name)).toBe(masked))

  test('when a phone is masked, then only the first 3 and last 4 digits remain', () => {
    expect(maskPhone('13857712345')).toBe('138****2345')
  })

  test('when an ID number is masked, then only the region code and last 4 remain', () => {
    expect(maskIdCardNo('330327199001011232')).toBe('330327********1232')
    expect(maskIdCardNo('123')).toBe('****')
  })
})
