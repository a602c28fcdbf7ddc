import { main as activity } from '../../cloudfunctions/activity/index'
import { main as org } from '../../cloudfunctions/org/index'
import { main as wish } from '../../cloudfunctions/wish/index'
import type { ActivityView } from '../../cloudfunctions/core/activity/activity.schema'
import type { Page } from '../../cloudfunctions/core/org/org.schema'
import type { WishCardView, WishDetailView } from '../../cloudfunctions/core/wish/wish.schema'
import { seedDemoData } from '../../local/seed'
import { buildActivityInput } from '../builders/activity'
import { buildOrgRegistration, nextCreditCode } from '../builders/org'
import { buildWishInput } from '../builders/wish'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'
import { addVolunteers } from '../support/people'

/**
 * Personal data in public free text: phone and ID numbers are refused in every text the public
 * sees, naming the field; the beneficiary's name typed into a wish is masked for the public.
 */
type WishReply = { wish: WishDetailView }

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
let seq = 0
const newOpenid = () => `public-text-${Date.now()}-${++seq}`
const reviewer = () => caller(wish, 'demo-org-admin')
const CENTRE = 'org-volunteer-centre'

beforeAll(async () => {
  stack = await startTestCloudbase()
  await seedDemoData(db())
})
afterAll(async () => {
  await stack.close()
})

const PHONE = '有事请打138 5771 2345联系奶奶'
const ID = '孩子身份证号33032720120315002X，方便核实'
const LANDLINE = '村委会电话0577-64712345'

describe('wish.create refuses phone and ID numbers in public text', () => {
  test.each([
    ['a mobile in the content', { content: `五年级的小雨想要一个新书包。${PHONE}` }, 'content', '心愿描述中不能包含手机号或身份证号，请删除后再提交'],
    ['an ID number in the content', { content: `五年级的小雨想要一个新书包。${ID}` }, 'content', '心愿描述中不能包含手机号或身份证号，请删除后再提交'],
    ['a landline in the content', { content: `五年级的小雨想要一个新书包。${LANDLINE}` }, 'content', '心愿描述中不能包含手机号或身份证号，请删除后再提交'],
    ['a mobile in the title', { title: '书包 13857712345' }, 'title', '心愿标题中不能包含手机号或身份证号，请删除后再提交'],
  ])('when the wish has %s, then INVALID_ARGUMENT names the field and nothing is stored', async (_label, overrides, path, message) => {
    const openid = newOpenid()
    const error = expectError(await caller(wish, openid)('create', buildWishInput(overrides)))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields).toContainEqual({ path, message })
    expect((await db().collection('wishes').where({ submittedBy: openid }).count()).total).toBe(0)
  })

  test('when the content holds a date, an amount and a count, then the wish is accepted', async () => {
    const content = '2026-06-07开学前，希望给两个孩子各买一个书包，预计150元，共2个。'
    const { wish: posted } = expectOk(await caller(wish, newOpenid())<WishReply>('create', buildWishInput({ content })))
    expect(posted.content).toBe(content)
  })
})

describe("the beneficiary's name in a wish's text", () => {
  test('when the name is typed into the title and content, then anonymous visitors never see it on the wall or the detail; the submitter sees the text as written', async () => {
    const submitter = newOpenid()
    const input = buildWishInput({
      title: '陈秀英想要一床新棉被',
      content: '陈秀英老人独居，冬天的被子太薄了。陈秀英希望有一床厚棉被。',
      beneficiary: { name: '陈秀英', group: 'elderly_alone' },
    })
    const { wish: posted } = expectOk(await caller(wish, submitter)<WishReply>('create', input))
    expectOk(await reviewer()('review', { wishId: posted.wishId, approve: true }))

    const { items } = expectOk(await caller(wish, null)<Page<WishCardView>>('list', { limit: 50 }))
    const card = items.find((w) => w.wishId === posted.wishId)
    expect(card).toMatchObject({ title: '陈*英想要一床新棉被', content: '陈*英老人独居，冬天的被子太薄了。陈*英希望有一床厚棉被。', beneficiaryName: '陈*英' })
    expect(JSON.stringify(items)).not.toContain('陈秀英')

    const { wish: seen } = expectOk(await caller(wish, null)<WishReply>('get', { wishId: posted.wishId }))
    expect(JSON.stringify(seen)).not.toContain('陈秀英')
    expect(seen.title).toBe('陈*英想要一床新棉被')

    const { wish: own } = expectOk(await caller(wish, submitter)<WishReply>('get', { wishId: posted.wishId }))
    expect(own).toMatchObject({ title: '陈秀英想要一床新棉被', beneficiaryFullName: '陈秀英' })
  })

  test('when the claimer fulfils and the submitter thanks by name, then the public sees the name masked there too', async () => {
    const submitter = newOpenid()
    const { wish: posted } = expectOk(await caller(wish, submitter)<WishReply>('create', buildWishInput({ beneficiary: { name: '王小雨', group: 'left_behind_child' } })))
    expectOk(await reviewer()('review', { wishId: posted.wishId, approve: true }))
    const [claimer] = (await addVolunteers(db(), 1)) as [string]
    expectOk(await caller(wish, claimer)('claim', { wishId: posted.wishId }))
    const { fileID } = await stack.app.uploadFile({ cloudPath: `wishes/${posted.wishId}/${claimer}/photo.jpg`, fileContent: Buffer.from('jpeg') })
    expectOk(await caller(wish, claimer)('fulfil', { wishId: posted.wishId, note: '已把书包送到王小雨家中', photoFileIds: [fileID] }))
    expectOk(await caller(wish, submitter)('confirm', { wishId: posted.wishId, thanks: '王小雨和奶奶谢谢你！' }))
    const { wish: seen } = expectOk(await caller(wish, null)<WishReply>('get', { wishId: posted.wishId }))
    expect(seen.thanks).toBe('王*雨和奶奶谢谢你！')
    expect(seen.fulfilment?.note).toBe('已把书包送到王*雨家中')
  })
})

describe('wishes stored before the check', () => {
  test('when a stored wish already holds a phone and an ID number, then anonymous visitors see them hidden', async () => {
    const submitter = newOpenid()
    const { wish: posted } = expectOk(await caller(wish, submitter)<WishReply>('create', buildWishInput()))
    expectOk(await reviewer()('review', { wishId: posted.wishId, approve: true }))
    await db().collection('wishes').doc(posted.wishId).update({ content: '王小雨想要书包，联系奶奶13857712345，身份证33032720120315002X' })
    const { wish: seen } = expectOk(await caller(wish, null)<WishReply>('get', { wishId: posted.wishId }))
    expect(seen.content).toBe('王*雨想要书包，联系奶奶（号码已隐藏），身份证（号码已隐藏）')
    const { items } = expectOk(await caller(wish, null)<Page<WishCardView>>('list', { limit: 50 }))
    expect(JSON.stringify(items)).not.toMatch(/13857712345|33032720120315002X/)
  })
})

describe('wish.fulfil and wish.confirm refuse phone and ID numbers', () => {
  test('when the fulfil note or the thanks hold a phone or ID number, then INVALID_ARGUMENT names that field and the wish does not move', async () => {
    const submitter = newOpenid()
    const { wish: posted } = expectOk(await caller(wish, submitter)<WishReply>('create', buildWishInput()))
    expectOk(await reviewer()('review', { wishId: posted.wishId, approve: true }))
    const [claimer] = (await addVolunteers(db(), 1)) as [string]
    expectOk(await caller(wish, claimer)('claim', { wishId: posted.wishId }))
    const { fileID } = await stack.app.uploadFile({ cloudPath: `wishes/${posted.wishId}/${claimer}/photo.jpg`, fileContent: Buffer.from('jpeg') })

    const noteError = expectError(await caller(wish, claimer)('fulfil', { wishId: posted.wishId, note: '已送到，有问题打13857712345', photoFileIds: [fileID] }))
    expect(noteError).toMatchObject({ code: 'INVALID_ARGUMENT', fields: [{ path: 'note', message: '圆梦说明中不能包含手机号或身份证号，请删除后再提交' }] })
    expect((await db().collection('wishes').doc(posted.wishId).get()).data[0].status).toBe('claimed')

    expectOk(await caller(wish, claimer)('fulfil', { wishId: posted.wishId, note: '书包已于2026-06-07送到', photoFileIds: [fileID] }))
    const thanksError = expectError(await caller(wish, submitter)('confirm', { wishId: posted.wishId, thanks: '谢谢！我的身份证330327199001011232' }))
    expect(thanksError).toMatchObject({ code: 'INVALID_ARGUMENT', fields: [{ path: 'thanks', message: '感谢语中不能包含手机号或身份证号，请删除后再提交' }] })
    expect((await db().collection('wishes').doc(posted.wishId).get()).data[0].status).toBe('fulfilled')
  })
})

describe('activity and organization text', () => {
  const staff = () => caller(activity, 'demo-org-staff')

  test.each([
    ['a mobile in the description', { description: '陪伴老人聊天读报，报名请联系张老师 138-5771-2345。' }, 'description', '活动内容中不能包含手机号或身份证号，请删除后再提交'],
    ['a landline in the title', { title: '敬老院陪伴 0577-64712345' }, 'title', '活动名称中不能包含手机号或身份证号，请删除后再提交'],
  ])('when an activity has %s, then INVALID_ARGUMENT names the field', async (_label, overrides, path, message) => {
    const error = expectError(await staff()('create', buildActivityInput(CENTRE, overrides)))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields).toContainEqual({ path, message })
  })

  test('when a draft is edited to hold an ID number, then INVALID_ARGUMENT and the description stays', async () => {
    const { activity: draft } = expectOk(await staff()<{ activity: ActivityView }>('create', buildActivityInput(CENTRE)))
    const error = expectError(await staff()('update', { activityId: draft.activityId, description: '请携带身份证330327199001011232到场登记' }))
    expect(error.fields).toContainEqual({ path: 'description', message: '活动内容中不能包含手机号或身份证号，请删除后再提交' })
    const { activity: after } = expectOk(await staff()<{ activity: ActivityView }>('get', { activityId: draft.activityId }))
    expect(after.description).toBe(draft.description)
  })

  test('when the description holds dates, times, a capacity and an address, then the activity is created', async () => {
    const description = '2026-06-07 08:00-11:30在春晖路88号集合，招募20人，年龄18-60岁，自带水杯。'
    const { activity: created } = expectOk(await staff()<{ activity: ActivityView }>('create', buildActivityInput(CENTRE, { description, capacity: 20 })))
    expect(created.description).toBe(description)
  })

  test('when an organization registers with a phone in its public intro, then INVALID_ARGUMENT names intro', async () => {
    const error = expectError(await caller(org, newOpenid())('register', buildOrgRegistration({ creditCode: nextCreditCode(), intro: '为困难学生提供助学，咨询电话13857712345' })))
    expect(error.fields).toContainEqual({ path: 'intro', message: '组织简介中不能包含手机号或身份证号，请删除后再提交' })
  })
})
