import * as z from 'zod/mini'
import { attendanceInput, createActivityInput } from '../../cloudfunctions/core/activity/activity.form-schema'
import { updateActivityInput } from '../../cloudfunctions/core/activity/activity.schema'
import { registerOrgInput } from '../../cloudfunctions/core/org/org.form-schema'
import { verifyOrgInput } from '../../cloudfunctions/core/org/org.schema'
import { joinOrgInput } from '../../cloudfunctions/core/user/user.form-schema'
import { registerVolunteerInput } from '../../cloudfunctions/core/user/user.schema'
import { toFieldErrors } from '../../cloudfunctions/core/validation'
import { followUpInput, submitMilestoneInput } from '../../cloudfunctions/core/venture/project.form-schema'
import { confirmWishInput, createWishInput, fulfilWishInput } from '../../cloudfunctions/core/wish/wish.form-schema'
import { buildActivityInput } from '../builders/activity'
import { buildOrgRegistration, nextCreditCode } from '../builders/org'
import { buildWishInput } from '../builders/wish'
import { validate } from '../../src/utils/schema-validation'

/**
 * The zod/mini form schemas (`<area>.form-schema.ts`): pages check forms with them and the functions parse
 * with the very same objects, so what they accept, how they transform it and what they say is checked here
 * directly (the functions' tests check it again through `main()`).
 */

const fields = (schema: z.core.$ZodType, input: unknown) => {
  const parsed = z.safeParse(schema, input)
  if (parsed.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`)
  return toFieldErrors(parsed.error)
}

describe('createWishInput', () => {
  test('when the form is valid, then it parses to the trimmed input with an empty community left out', () => {
    const parsed = z.parse(createWishInput, buildWishInput({ title: '  想要一个新书包  ', community: '   ', contactPhone: ' 13857700123 ' }))

    expect(parsed).toEqual({
      title: '想要一个新书包',
      content: '五年级的小雨跟奶奶生活，书包背了四年已经破了，希望有一个新书包。',
      category: '学习用品',
      estimatedYuan: 150,
      township: '马站镇',
      community: undefined,
      beneficiary: { name: '王小雨', group: 'left_behind_child' },
      onBehalf: true,
      contactPhone: '13857700123',
    })
  })

  test('when fields are missing or wrong, then each is named with its Chinese message', () => {
    expect(
      fields(createWishInput, { title: '书包', content: '请拨打13857700123联系我们', estimatedYuan: 1.5, township: '杭州', beneficiary: { name: 'Tom' }, onBehalf: 'yes' }),
    ).toEqual([
      { path: 'title', message: '心愿标题为4–30个字' },
      { path: 'content', message: '心愿描述中不能包含手机号或身份证号，请删除后再提交' },
      { path: 'category', message: '请选择心愿类别' },
      { path: 'estimatedYuan', message: '预估金额须为整数（元）' },
      { path: 'township', message: '请从列表中选择所在乡镇' },
      { path: 'beneficiary.name', message: '受助人姓名须为2–20个汉字' },
      { path: 'beneficiary.group', message: '请选择受助人类别' },
      { path: 'onBehalf', message: '请选择是否代为发布' },
    ])
  })

  test('when the amount is out of range or the phone malformed, then those fields are named', () => {
    expect(fields(createWishInput, buildWishInput({ estimatedYuan: 2001, contactPhone: '12345' }))).toEqual([
      { path: 'estimatedYuan', message: '预估金额为1–2000元' },
      { path: 'contactPhone', message: '手机号格式不正确' },
    ])
  })
})

describe('fulfilWishInput and confirmWishInput (the detail page checks single fields through `.shape`)', () => {
  test('when the note and photos are valid, then they parse trimmed', () => {
    expect(z.parse(fulfilWishInput, { wishId: ' w1 ', note: ' 书包已送到 ', photoFileIds: ['cloud://a.jpg'] })).toEqual({ wishId: 'w1', note: '书包已送到', photoFileIds: ['cloud://a.jpg'] })
  })

  test('when the note is short and no photo is given, then both are named', () => {
    expect(fields(fulfilWishInput, { wishId: 'w1', note: '好', photoFileIds: [] })).toEqual([
      { path: 'note', message: '圆梦说明为2–200个字' },
      { path: 'photoFileIds', message: '请上传1–9张圆梦照片' },
    ])
  })

  test('when the thanks are left out, then they stay out; when they hold a phone number, then they are refused', () => {
    expect(z.parse(confirmWishInput, { wishId: 'w1' })).toEqual({ wishId: 'w1' })
    expect(validate(confirmWishInput.shape.thanks, '谢谢！有事打13857700123')).toEqual({ ok: false, fields: [{ path: '', message: '感谢语中不能包含手机号或身份证号，请删除后再提交' }] })
    expect(validate(fulfilWishInput.shape.note, '  已送达  ')).toEqual({ ok: true, data: '已送达' })
  })
})

describe('registerOrgInput', () => {
  test('when the credit code is typed in lower case, then it parses upper-cased, trimmed', () => {
    const code = nextCreditCode()
    const parsed = z.parse(registerOrgInput, buildOrgRegistration({ creditCode: ` ${code.toLowerCase()} `, community: '' }))

    expect(parsed).toEqual({ ...buildOrgRegistration(), creditCode: code, community: undefined })
  })

  test('when an unregistered community organization leaves the code empty, then it needs its community', () => {
    expect(fields(registerOrgInput, buildOrgRegistration({ kind: 'community', creditCode: '  ' }))).toEqual([{ path: 'community', message: '未登记的社区社会组织须填写所在社区' }])
    expect(z.parse(registerOrgInput, buildOrgRegistration({ kind: 'community', community: '城东社区' })).creditCode).toBeUndefined()
  })

  test('when the fields are wrong, then each is named', () => {
    expect(
      fields(registerOrgInput, buildOrgRegistration({ name: '协会', creditCode: '9144030070846113', contactName: 'Lin', contactPhone: '12345', intro: '身份证330327199001011234' })),
    ).toEqual([
      { path: 'name', message: '组织名称至少4个字' },
      { path: 'contactName', message: '姓名须为2–20个汉字（可含·）' },
      { path: 'contactPhone', message: '联系电话须为手机号或座机号（如 0577-64761234）' },
      { path: 'intro', message: '组织简介中不能包含手机号或身份证号，请删除后再提交' },
      // the whole-form rule still reads the code when other fields are wrong, so all problems show at once
      { path: 'creditCode', message: '统一社会信用代码为18位，当前16位' },
    ])
    expect(fields(registerOrgInput, buildOrgRegistration({ creditCode: '9144030070846113' }))).toEqual([{ path: 'creditCode', message: '统一社会信用代码为18位，当前16位' }])
    expect(fields(registerOrgInput, buildOrgRegistration())).toEqual([{ path: 'creditCode', message: '请填写18位统一社会信用代码' }])
  })

  test('when a landline is given, then it is accepted', () => {
    expect(z.parse(registerOrgInput, buildOrgRegistration({ creditCode: nextCreditCode(), contactPhone: '0577-64761234' })).contactPhone).toBe('0577-64761234')
  })
})

describe('createActivityInput', () => {
  test('when the instants carry an offset, then they parse to UTC ISO strings; waitlist defaults to false', () => {
    const parsed = z.parse(
      createActivityInput,
      buildActivityInput('o1', { startAt: '2026-06-07T09:00:00+08:00', endAt: '2026-06-07T12:00:00+08:00', signUpDeadline: ' 2026-06-06T20:00:00+08:00 ', waitlist: undefined }),
    )

    expect(parsed).toMatchObject({ orgId: 'o1', startAt: '2026-06-07T01:00:00.000Z', endAt: '2026-06-07T04:00:00.000Z', signUpDeadline: '2026-06-06T12:00:00.000Z', waitlist: false })
  })

  test('when the schedule is out of order, then endAt and signUpDeadline are named', () => {
    expect(
      fields(createActivityInput, buildActivityInput('o1', { startAt: '2026-06-07T09:00:00+08:00', endAt: '2026-06-07T08:00:00+08:00', signUpDeadline: '2026-06-07T10:00:00+08:00' })),
    ).toEqual([
      { path: 'endAt', message: '结束时间须晚于开始时间' },
      { path: 'signUpDeadline', message: '报名截止时间不能晚于活动开始时间' },
    ])
  })

  test('when the form is empty, then every required field is named', () => {
    expect(fields(createActivityInput, {})).toEqual([
      { path: 'orgId', message: '缺少组织' },
      { path: 'title', message: '请填写活动名称' },
      { path: 'category', message: '请选择服务类别' },
      { path: 'description', message: '请填写活动内容' },
      { path: 'township', message: '请从列表中选择所在乡镇' },
      { path: 'address', message: '请填写活动地点' },
      { path: 'startAt', message: '请选择开始时间' },
      { path: 'endAt', message: '请选择结束时间' },
      { path: 'signUpDeadline', message: '请选择报名截止时间' },
      { path: 'capacity', message: '招募人数须为数字' },
    ])
  })

  test('when an instant has no offset or the capacity is out of range, then those are named', () => {
    const problems = fields(createActivityInput, buildActivityInput('o1', { startAt: '2026-06-07 09:00', capacity: 0 }))

    expect(problems).toContainEqual({ path: 'startAt', message: '开始时间格式不正确' })
    expect(problems).toContainEqual({ path: 'capacity', message: '招募人数为1–10000' })
  })

  test('when the classic update schema reuses the mini fields, then it checks and transforms the same way', () => {
    expect(z.parse(updateActivityInput, { activityId: 'a1', startAt: '2026-06-07T09:00:00+08:00' })).toEqual({ activityId: 'a1', startAt: '2026-06-07T01:00:00.000Z' })
    expect(fields(updateActivityInput, { activityId: 'a1', title: '短' })).toEqual([{ path: 'title', message: '活动名称至少4个字' }])
  })
})

describe('attendanceInput', () => {
  test('when a volunteer gives the code, then it parses trimmed', () => {
    expect(z.parse(attendanceInput, { activityId: 'a1', code: ' 123456 ' })).toEqual({ activityId: 'a1', code: '123456' })
  })

  test('when neither code nor volunteer is given, or a reason without staff marking, then the field is named', () => {
    expect(fields(attendanceInput, { activityId: 'a1' })).toEqual([{ path: 'code', message: '请输入签到码' }])
    expect(fields(attendanceInput, { activityId: 'a1', code: '12345' })).toEqual([{ path: 'code', message: '签到码为6位数字' }])
    expect(fields(attendanceInput, { activityId: 'a1', code: '123456', openid: 'v1' })).toEqual([{ path: 'openid', message: '签到码和代签不能同时使用' }])
    expect(fields(attendanceInput, { activityId: 'a1', code: '123456', reason: '临时来帮忙' })).toEqual([{ path: 'reason', message: '只有工作人员代签时才填写现场加入原因' }])
  })
})

describe('joinOrgInput', () => {
  test('when the invite code is typed in lower case with spaces, then it parses upper-cased', () => {
    expect(z.parse(joinOrgInput, { inviteCode: ' abcd2345 ' })).toEqual({ inviteCode: 'ABCD2345' })
  })

  test('when it is missing or not 8 characters, then inviteCode is named', () => {
    expect(fields(joinOrgInput, {})).toEqual([{ path: 'inviteCode', message: '请填写邀请码' }])
    expect(fields(joinOrgInput, { inviteCode: 'ABC' })).toEqual([{ path: 'inviteCode', message: '邀请码为8位字符' }])
  })
})

describe('submitMilestoneInput and followUpInput', () => {
  const report = '本阶段在灵溪镇开展了三次助老服务，共服务老人一百二十人次。'

  test('when a milestone report is valid, then it parses trimmed', () => {
    expect(z.parse(submitMilestoneInput, { projectId: 'p1', seq: 1, text: ` ${report} `, photoFileIds: ['cloud://m.jpg'] })).toEqual({ projectId: 'p1', seq: 1, text: report, photoFileIds: ['cloud://m.jpg'] })
    expect(validate(submitMilestoneInput.shape.text, '太短')).toEqual({ ok: false, fields: [{ path: '', message: '节点报告为20–2000个字' }] })
  })

  test('when the milestone is out of range and photos missing, then both are named', () => {
    expect(fields(submitMilestoneInput, { projectId: 'p1', seq: 11, text: report })).toEqual([
      { path: 'seq', message: '节点不正确' },
      { path: 'photoFileIds', message: '请上传照片' },
    ])
  })

  test('when a follow-up is valid, then it parses; when the date does not exist, then date is named', () => {
    const valid = { projectId: 'p1', date: '2026-05-01', method: '实地走访', note: '走访了三户服务对象' }
    expect(z.parse(followUpInput, valid)).toEqual(valid)
    expect(fields(followUpInput, { ...valid, date: '2027-02-30' })).toEqual([{ path: 'date', message: '日期不正确' }])
  })

  test('when the date is not a date at all, then only its format is named (the calendar check used to throw)', () => {
    expect(fields(followUpInput, { projectId: 'p1', date: '下周一', method: '电话回访', note: '电话回访了负责人' })).toEqual([{ path: 'date', message: '日期格式应为 YYYY-MM-DD' }])
  })
})

describe('one zod configuration for classic and mini schemas', () => {
  test('when a mini schema has no message of its own, then the zh-CN locale set up in core/validation speaks', () => {
    const [issue] = fields(z.object({ count: z.number() }), { count: 'three' })

    expect(issue.path).toBe('count')
    expect(issue.message).toBe('无效输入：期望 数字，实际接收 string')
  })

  test('when a classic schema is built from mini pieces, then their messages come through', () => {
    expect(fields(registerVolunteerInput, { realName: 'Tom', phone: '123', township: '杭州' })).toEqual([
      { path: 'realName', message: '姓名须为2–20个汉字（可含·）' },
      { path: 'phone', message: '手机号格式不正确' },
      { path: 'township', message: '请从列表中选择所在乡镇' },
    ])
    expect(fields(verifyOrgInput, { orgId: 'o1', approve: false, reason: ' ' })).toEqual([{ path: 'reason', message: '驳回时请填写原因（至少2个字）' }])
  })
})
