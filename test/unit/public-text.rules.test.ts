import { containsPersonalNumber, findPersonalNumbers, hidePersonalNumbers, maskNameInText, personalNumberMessage } from '../../cloudfunctions/core/privacy/public-text.rules'

describe('findPersonalNumbers: phone numbers', () => {
  test.each([
    ['a plain mobile', '有需要请联系13857712345', 'mobile'],
    ['a mobile in groups of 3-4-4 with spaces', '电话 138 5771 2345，白天都在', 'mobile'],
    ['a mobile with dashes', '奶奶的手机是138-5771-2345', 'mobile'],
    ['a mobile with +86', '联系 +86 138 5771 2345', 'mobile'],
    ['a mobile with +86 and no spaces', '+8613857712345', 'mobile'],
    ['a mobile with 86 in front', '8613857712345', 'mobile'],
    ['a mobile with 0086', '008613857712345', 'mobile'],
    ['a mobile in full-width digits', '电话１３８５７７１２３４５', 'mobile'],
    ['a mobile of 199', '19957712345', 'mobile'],
    ['a mobile at the very start', '13587712004是她女儿的电话', 'mobile'],
    ['a mobile between Chinese characters', '打13587712004找王阿姨', 'mobile'],
    ['a mobile in odd groups', '1385 771 2345', 'mobile'],
    ['a Cangnan landline with a dash', '村委会电话0577-64712345', 'landline'],
    ['a landline with 7 digits', '0577-6471234', 'landline'],
    ['a landline without separators', '057764712345', 'landline'],
    ['a landline with brackets', '（0577）64712345', 'landline'],
    ['a landline with spaces', '0577 6471 2345', 'landline'],
    ['a Beijing landline', '010-62751234', 'landline'],
    ['a local number after 电话', '社区电话：64712345', 'landline'],
    ['a local number after 座机', '座机 6471-2345', 'landline'],
  ])('when the text holds %s, then it is found', (_label, text, kind) => {
    expect(findPersonalNumbers(text).map((n) => n.kind)).toContain(kind)
    expect(containsPersonalNumber(text)).toBe(true)
  })
})

describe('findPersonalNumbers: ID numbers', () => {
  test.each([
    ['an 18-digit ID', '身份证号330327199001011232'],
    ['an 18-digit ID ending in X', '身份证33032720120315002X'],
    ['an 18-digit ID ending in lower-case x', '身份证33032720120315002x'],
    ['an 18-digit ID ending in full-width Ｘ', '33032720120315002Ｘ'],
    ['an 18-digit ID in groups', '330327 19900101 1232'],
    ['a 15-digit ID', '老身份证号330327560101123'],
    ['an ID in full-width digits', '３３０３２７１９９００１０１１２３２'],
  ])('when the text holds %s, then it is found as an ID number', (_label, text) => {
    expect(findPersonalNumbers(text).map((n) => n.kind)).toContain('idCard')
  })
})

describe('findPersonalNumbers: what is not personal data', () => {
  test.each([
    ['a date', '活动时间2026-06-07，上午集合'],
    ['a date range', '2026-06-07至2026-06-08'],
    ['two dates with a space', '2026-06-07 2026-06-08'],
    ['a compact date', '20260607报名截止'],
    ['a date and a time', '2026-06-07 07:30在灵溪镇集合'],
    ['a time range', '08:00-11:30，14:00-17:00'],
    ['month and day lists', '06-07 06-08 06-09 三天'],
    ['amounts', '预计花费150元，资助金额10,000–50,000元'],
    ['a large amount', '累计募集1734.8万元，资助3,469名学生'],
    ['an amount range', '15000-20000元'],
    ['an amount range in yuan', '150000-200000元的项目'],
    ['capacities', '招募20人，候补10人，年龄18-60岁'],
    ['years', '自2008年起连续15年开展，已服务16000小时'],
    ['a year range', '2020-2021年疫情防控'],
    ['a house number', '春晖路88号3幢201室'],
    ['a unified social credit code', '统一社会信用代码51330327MJ8921456D'],
    ['a check-in code', '签到码 482913'],
    ['a plate number', '浙C12345'],
    ['a county code', '行政区划代码330327'],
    ['a school grade and age', '五年级的小雨今年11岁，身高135厘米'],
    ['a count of people in a long number', '共计65000人次参与'],
    ['a decimal', '体温36.5度，血压120/80'],
  ])('when the text holds %s, then nothing is found', (_label, text) => {
    expect(findPersonalNumbers(text)).toEqual([])
  })
})

describe('personalNumberMessage', () => {
  test('when a field is named, then the message names it and says what to do', () => {
    expect(personalNumberMessage('心愿内容')).toBe('心愿内容中不能包含手机号或身份证号，请删除后再提交')
  })
})

describe('maskNameInText', () => {
  test.each([
    ['王小雨', '王小雨今年上五年级，王小雨想要一个新书包', '王*雨今年上五年级，王*雨想要一个新书包'],
    ['李四', '李四老人独居多年', '李*老人独居多年'],
    ['欧阳娜娜', '给欧阳娜娜买一件冬衣', '给欧**娜买一件冬衣'],
    ['王小雨', '五年级的孩子想要一个新书包', '五年级的孩子想要一个新书包'],
    [' 王小雨 ', '王小雨的书包', '王*雨的书包'],
  ])('when the beneficiary is %s, then %s reads %s', (name, text, masked) => {
    expect(maskNameInText(text, name)).toBe(masked)
  })

  test('when the name is a single character, then the text is left alone rather than masking every such character', () => {
    expect(maskNameInText('王奶奶想要王老吉', '王')).toBe('王奶奶想要王老吉')
  })
})

describe('hidePersonalNumbers (text stored before the check)', () => {
  test.each([
    ['有事打138 5771 2345找奶奶', '有事打（号码已隐藏）找奶奶'],
    ['身份证33032720120315002X', '身份证（号码已隐藏）'],
    ['村委会0577-64712345或13857712345', '村委会（号码已隐藏）或（号码已隐藏）'],
    ['社区电话：64712345', '社区电话：（号码已隐藏）'],
  ])('when the text is %s, then the public reads %s', (text, hidden) => {
    expect(hidePersonalNumbers(text)).toBe(hidden)
  })

  test('when the text holds no number, then it comes back exactly as typed, full-width punctuation included', () => {
    const text = '（灵溪镇）２０２６年６月７日，招募２０人'
    expect(hidePersonalNumbers(text)).toBe(text)
  })
})
