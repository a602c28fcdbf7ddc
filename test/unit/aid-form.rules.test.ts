import { aidFormProblems, maskForReview, type AidFormValues } from '../../cloudfunctions/core/aid/aid-form.rules'
import { nextIdCardNo } from '../builders/aid'

const valid = (): AidFormValues => ({
  tier: 'dibao', name: '陈思远', idCardNo: nextIdCardNo(), phone: '13812345678', hukouTownship: '灵溪镇', university: '浙江工业大学',
  admissionYear: '2026', inPairedSponsorship: false, familyStatus: 'dibao', statement: '家里是低保户，父亲因病不能工作，希望得到资助。', attachments: 2,
})

describe('the application form checks (before sending)', () => {
  test('when every field is filled correctly, then no problems', () => {
    expect(aidFormProblems(valid())).toEqual({})
  })

  test('when the ID number is typed with spaces and a lowercase x, then it is accepted', () => {
    const id = nextIdCardNo({ endsInX: true })
    expect(aidFormProblems({ ...valid(), idCardNo: `${id.slice(0, 6)} ${id.slice(6).toLowerCase()}` })).toEqual({})
  })

  test.each([
    ['idCardNo', { idCardNo: '330327200801011230' }, '身份证号不正确，请核对（校验位不符）'],
    ['phone', { phone: '1381234' }, '手机号格式不正确'],
    ['hukouTownship', { hukouTownship: '' }, '请选择户籍所在乡镇（或“县外”）'],
    ['inPairedSponsorship', { inPairedSponsorship: null }, '请选择是否已在结对助学中'],
    ['statement', { statement: '太短了' }, '申请说明为10–1000个字'],
    ['attachments', { attachments: 0 }, '请上传1–9个附件（录取通知书、困难证明）'],
  ])('when %s is wrong, then its message names it', (field, override, message) => {
    expect(aidFormProblems({ ...valid(), ...override } as AidFormValues)).toEqual({ [field]: message })
  })

  test('the review step shows the number masked as the server will', () => {
    expect(maskForReview('330327 20080101 123x')).toBe('330327********123X')
  })
})
