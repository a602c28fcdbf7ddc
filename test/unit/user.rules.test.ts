import { toFieldErrors } from '../../cloudfunctions/core/validation'
import { idCardCheckChar } from '../../cloudfunctions/core/identity/identity.rules'
import { normalizeVolunteerRegistration, volunteerRegistrationIssues, type VolunteerRegistrationDraft } from '../../cloudfunctions/core/user/user.rules'
import { registerVolunteerInput } from '../../cloudfunctions/core/user/user.schema'

const first17 = '33032719900101123'
const validIdCardNo = first17 + idCardCheckChar(first17)
const draft = (overrides: Partial<VolunteerRegistrationDraft> = {}): VolunteerRegistrationDraft => ({
  realName: '陈晓明',
  phone: '13857712345',
  township: '灵溪镇',
  ...overrides,
})

/** The schema's verdict in the form's terms. */
function schemaIssues(input: VolunteerRegistrationDraft) {
  const parsed = registerVolunteerInput.safeParse(input)
  return parsed.success ? [] : toFieldErrors(parsed.error)
}

describe('volunteerRegistrationIssues (the zod-free check of the registration form)', () => {
  const cases: [string, VolunteerRegistrationDraft][] = [
    ['a valid draft', draft()],
    ['a valid draft with skills and an ID number', draft({ skills: ['急救', '驾驶'], idCardNo: validIdCardNo })],
    ['an ID number in lower case', draft({ idCardNo: validIdCardNo.toLowerCase() })],
    ['padded text', draft({ realName: ' 陈晓明 ', phone: ' 13857712345 ' })],
    ['everything blank', draft({ realName: '', phone: '', township: '' })],
    ['a Latin name', draft({ realName: 'Tom' })],
    ['a name with a middle dot', draft({ realName: '阿依古丽·买买提' })],
    ['a short phone number', draft({ phone: '1385771' })],
    ['a phone number starting 12', draft({ phone: '12857712345' })],
    ['a township from elsewhere', draft({ township: '鳌江镇' })],
    ['a blank skill', draft({ skills: ['急救', ' '] })],
    ['a skill too long', draft({ skills: ['急'.repeat(21)] })],
    ['eleven skills', draft({ skills: Array.from({ length: 11 }, (_, i) => `技能${i}`) })],
    ['eleven skills, one too long', draft({ skills: [...Array.from({ length: 10 }, (_, i) => `技能${i}`), '急'.repeat(21)] })],
    ['a wrong check character', draft({ idCardNo: `${first17}${idCardCheckChar(first17) === '0' ? '1' : '0'}` })],
    ['an impossible birth date', draft({ idCardNo: '330327199002301234' })],
    ['several fields wrong at once', draft({ realName: 'A', phone: '1', township: 'x', skills: [''], idCardNo: '1' })],
  ]

  test.each(cases)('when the form holds %s, then it reports exactly what the schema reports', (_name, input) => {
    expect(volunteerRegistrationIssues(input)).toEqual(schemaIssues(input))
  })

  test('when the draft passes, then its normalized form is what the schema outputs', () => {
    const input = draft({ realName: ' 陈晓明 ', skills: [' 急救 '], idCardNo: ` ${validIdCardNo.toLowerCase()} ` })
    expect(volunteerRegistrationIssues(input)).toEqual([])
    expect(normalizeVolunteerRegistration(input)).toEqual(registerVolunteerInput.parse(input))
  })
})
