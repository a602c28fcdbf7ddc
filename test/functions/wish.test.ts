import { main as wish } from '../../cloudfunctions/wish/index'
import { main as org } from '../../cloudfunctions/org/index'
import { setClock } from '../../cloudfunctions/core/clock'
import type { MyWishesView, WishCardView, WishDetailView } from '../../cloudfunctions/core/wish/wish.schema'
import type { Page } from '../../cloudfunctions/core/org/org.schema'
import { seedDemoData } from '../../local/seed'
import { buildOrgRegistration, nextCreditCode } from '../builders/org'
import { buildWishInput } from '../builders/wish'
import { caller, expectError, expectOk } from '../support/call'
import { startTestCloudbase } from '../support/local-cloudbase'
import { addVolunteers } from '../support/people'

type WishReply = { wish: WishDetailView }

let stack: Awaited<ReturnType<typeof startTestCloudbase>>
const db = () => stack.app.database()
const DAY = 24 * 3600_000
let seq = 0
const newOpenid = () => `wish-user-${Date.now()}-${++seq}`
const reviewer = () => caller(wish, 'demo-org-admin') // 慈善总会: county-wide

beforeAll(async () => {
  stack = await startTestCloudbase()
  await seedDemoData(db())
})
afterAll(async () => {
  await stack.close()
})

let restoreClock: (() => void) | null = null
afterEach(() => {
  restoreClock?.()
  restoreClock = null
})
const moveClock = (ms: number) => {
  restoreClock?.()
  const at = new Date(Date.now() + ms)
  restoreClock = setClock(() => at)
}

/** A liaison posts a wish and the county federation approves it. */
async function openWish(overrides: Record<string, unknown> = {}) {
  const liaisonOpenid = newOpenid()
  const liaison = caller(wish, liaisonOpenid)
  const { wish: posted } = expectOk(await liaison<WishReply>('create', buildWishInput(overrides)))
  expectOk(await reviewer()('review', { wishId: posted.wishId, approve: true }))
  return { liaison, liaisonOpenid, wishId: posted.wishId }
}

async function uploadPhoto(wishId: string, openid: string, name = 'photo.jpg') {
  const { fileID } = await stack.app.uploadFile({ cloudPath: `wishes/${wishId}/${openid}/${name}`, fileContent: Buffer.from('fake-jpeg-bytes') })
  return fileID as string
}

describe('wish.create', () => {
  test('when a liaison posts on behalf of a neighbour, then it waits for review and only insiders see it', async () => {
    const openid = newOpenid()
    const { wish: posted } = expectOk(await caller(wish, openid)<WishReply>('create', buildWishInput({ beneficiary: { name: '陈秀英', group: 'elderly_alone' } })))
    expect(posted).toMatchObject({ status: 'pending_review', onBehalf: true, myRelation: 'submitter', beneficiaryFullName: '陈秀英', beneficiaryName: '陈*英' })
    expect(expectError(await caller(wish, 'demo-volunteer')('get', { wishId: posted.wishId })).code).toBe('NOT_FOUND')
  })

  test.each([
    ['a 3-character title', { title: '书包吧' }, 'title'],
    ['a 9-character content', { content: '希望有一个书包吧' }, 'content'],
    ['2001 yuan', { estimatedYuan: 2001 }, 'estimatedYuan'],
    ['a township outside the county', { township: '杭州市' }, 'township'],
    ['an unknown beneficiary group', { beneficiary: { name: '王小雨', group: 'rich' } }, 'beneficiary.group'],
    ['a beneficiary name in Latin letters', { beneficiary: { name: 'Tom', group: 'other' } }, 'beneficiary.name'],
  ])('when the wish has %s, then INVALID_ARGUMENT names the field and nothing is stored', async (_label, overrides, path) => {
    const openid = newOpenid()
    const error = expectError(await caller(wish, openid)('create', buildWishInput(overrides)))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.fields?.map((f) => f.path)).toContain(path)
    expect((await db().collection('wishes').where({ submittedBy: openid }).count()).total).toBe(0)
  })

  test('when the text fails the content check, then INVALID_ARGUMENT on content and nothing is stored', async () => {
    const openid = newOpenid()
    const error = expectError(await caller(wish, openid)('create', buildWishInput({ content: '帮我介绍一些赌博的门路，想赚点钱给孩子买书包' })))
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', fields: [{ path: 'content', message: '内容含有不允许发布的词语（赌博）' }] })
    expect((await db().collection('wishes').where({ submittedBy: openid }).count()).total).toBe(0)
  })

  test('when no contact phone is given and the profile has none, then INVALID_ARGUMENT names contactPhone', async () => {
    const input = buildWishInput()
    delete (input as { contactPhone?: string }).contactPhone
    const error = expectError(await caller(wish, newOpenid())('create', input))
    expect(error.fields).toEqual([{ path: 'contactPhone', message: '请填写联系电话，认领人将通过它与你联系' }])
  })

  test('when anonymous, then UNAUTHENTICATED', async () => {
    expect(expectError(await caller(wish, null)('create', buildWishInput())).code).toBe('UNAUTHENTICATED')
  })
})

describe('wish.review', () => {
  test('when a reviewer rejects with a reason, then the submitter sees it and the wall does not show the wish', async () => {
    const openid = newOpenid()
    const { wish: posted } = expectOk(await caller(wish, openid)<WishReply>('create', buildWishInput()))
    expectOk(await reviewer()('review', { wishId: posted.wishId, approve: false, reason: '金额与描述不符，请补充说明' }))
    const { submitted } = expectOk(await caller(wish, openid)<MyWishesView>('mine'))
    expect(submitted.find((w) => w.wishId === posted.wishId)).toMatchObject({ status: 'rejected', review: { approved: false, reason: '金额与描述不符，请补充说明' } })
    const { items } = expectOk(await caller(wish, null)<Page<WishCardView>>('list', { limit: 50 }))
    expect(items.map((w) => w.wishId)).not.toContain(posted.wishId)
  })

  test('when staff of an org in another township review, then FORBIDDEN; a reviewer of the same township may', async () => {
    const { wish: posted } = expectOk(await caller(wish, newOpenid())<WishReply>('create', buildWishInput({ township: '宜山镇' })))
    // 爱心送考车队 is in 灵溪镇 and not county-wide
    expect(expectError(await caller(wish, 'demo-driver')('review', { wishId: posted.wishId, approve: true })).code).toBe('FORBIDDEN')
    expect(expectError(await caller(wish, 'demo-volunteer')('review', { wishId: posted.wishId, approve: true })).code).toBe('FORBIDDEN')
    expectOk(await caller(wish, 'demo-platform-admin')('review', { wishId: posted.wishId, approve: true }))
  })

  test('when reviewed twice, then INVALID_STATE', async () => {
    const { wishId } = await openWish()
    expect(expectError(await reviewer()('review', { wishId, approve: false, reason: '重复' })).code).toBe('INVALID_STATE')
  })

  test('when the queue is read, then it holds pending wishes only, for reviewers only', async () => {
    const { wish: posted } = expectOk(await caller(wish, newOpenid())<WishReply>('create', buildWishInput()))
    const { items } = expectOk(await reviewer()<Page<WishDetailView>>('reviewQueue', {}))
    expect(items.map((w) => w.wishId)).toContain(posted.wishId)
    expect(new Set(items.map((w) => w.status))).toEqual(new Set(['pending_review']))
    expect(expectError(await caller(wish, 'demo-volunteer')('reviewQueue', {})).code).toBe('FORBIDDEN')
  })
})

describe('the wall (wish.list) and masking', () => {
  test('when anyone reads the wall, then no full name, phone or address finer than community appears', async () => {
    const { wishId } = await openWish({ beneficiary: { name: '欧阳娜娜', group: 'child_in_difficulty' }, contactPhone: '13912345678' })
    const { items, fulfilledThisYear } = expectOk(await caller(wish, null)<Page<WishCardView> & { fulfilledThisYear: number }>('list', { limit: 50 }))
    const card = items.find((w) => w.wishId === wishId)
    expect(card?.beneficiaryName).toBe('欧**娜')
    const text = JSON.stringify(items)
    expect(text).not.toContain('欧阳娜娜')
    expect(text).not.toContain('13912345678')
    expect(text).not.toMatch(/1[3-9]\d{9}/)
    expect(Object.keys(card ?? {}).sort()).toEqual(['beneficiaryGroup', 'beneficiaryName', 'category', 'claimedAt', 'community', 'confirmedAt', 'content', 'createdAt', 'estimatedYuan', 'fulfilledAt', 'status', 'thanks', 'title', 'township', 'wishId'])
    expect(fulfilledThisYear).toBeGreaterThanOrEqual(1)
  })

  test('when a two-character name is shown, then it reads 李*', async () => {
    const { wishId } = await openWish({ beneficiary: { name: '李四', group: 'other' } })
    const { wish: seen } = expectOk(await caller(wish, null)<WishReply>('get', { wishId }))
    expect(seen).toMatchObject({ beneficiaryName: '李*', beneficiaryFullName: null, contactPhone: null })
  })

  test('when filtered by status fulfilled, then 已圆梦 wishes come too, newest first', async () => {
    const { items } = expectOk(await caller(wish, null)<Page<WishCardView>>('list', { status: 'fulfilled' }))
    expect(items.map((w) => w.wishId)).toContain('wish-demo-visit')
    for (const item of items) expect(['fulfilled', 'confirmed']).toContain(item.status)
  })
})

describe('wish.claim', () => {
  test('when 50 volunteers claim the same wish at once, then exactly one succeeds, 49 get INVALID_STATE, and the wish names that claimer', async () => {
    const { wishId } = await openWish()
    const volunteers = await addVolunteers(db(), 50, 'claim')
    const replies = await Promise.all(volunteers.map((openid) => caller(wish, openid)<WishReply>('claim', { wishId })))
    const winners = volunteers.filter((_, i) => replies[i]?.ok)
    expect(winners).toHaveLength(1)
    expect(replies.filter((r) => !r.ok).map((r) => expectError(r).code)).toEqual(Array(49).fill('INVALID_STATE'))
    const stored = (await db().collection('wishes').doc(wishId).get()).data[0]
    expect(stored).toMatchObject({ status: 'claimed', claimedBy: winners[0] })
  })

  test('when the claimer reads the wish, then they see the submitter phone and the 7-day deadline; others do not', async () => {
    const { wishId } = await openWish({ contactPhone: '13857700999' })
    const [claimer, other] = await addVolunteers(db(), 2)
    const { wish: claimed } = expectOk(await caller(wish, claimer as string)<WishReply>('claim', { wishId }))
    expect(claimed).toMatchObject({ status: 'claimed', myRelation: 'claimer', contactPhone: '13857700999', claimedByMe: true, beneficiaryFullName: null })
    expect(new Date(claimed.claimExpiresAt as string).getTime() - new Date(claimed.claimedAt as string).getTime()).toBe(7 * DAY)
    const { wish: seen } = expectOk(await caller(wish, other as string)<WishReply>('get', { wishId }))
    expect(seen).toMatchObject({ contactPhone: null, claimExpiresAt: null, claimedByMe: false })
  })

  test('when a resident claims, then FORBIDDEN; org staff who are not volunteers may', async () => {
    const { wishId } = await openWish()
    expect(expectError(await caller(wish, 'demo-resident')('claim', { wishId })).code).toBe('FORBIDDEN')
    expectOk(await caller(wish, 'seed-centre-director')('claim', { wishId }))
  })

  test('when the admin of a pending organization who is not a volunteer claims, then FORBIDDEN and the wish stays open; once the organization is verified, they may', async () => {
    const { wishId } = await openWish()
    const adminOpenid = newOpenid()
    const { org: pending } = expectOk(await caller(org, adminOpenid)<{ org: { orgId: string } }>('register', buildOrgRegistration({ creditCode: nextCreditCode() })))
    expect(expectError(await caller(wish, adminOpenid)('claim', { wishId })).code).toBe('FORBIDDEN')
    expect((await db().collection('wishes').doc(wishId).get()).data[0]).toMatchObject({ status: 'open', claimedBy: null })
    expectOk(await caller(org, 'demo-platform-admin')('verify', { orgId: pending.orgId, approve: true }))
    expect(expectOk(await caller(wish, adminOpenid)<WishReply>('claim', { wishId })).wish).toMatchObject({ status: 'claimed', myRelation: 'claimer' })
  })

  test('when the admin of a rejected organization who is not a volunteer claims, then FORBIDDEN', async () => {
    const { wishId } = await openWish()
    const adminOpenid = newOpenid()
    const { org: registered } = expectOk(await caller(org, adminOpenid)<{ org: { orgId: string } }>('register', buildOrgRegistration({ creditCode: nextCreditCode() })))
    expectOk(await caller(org, 'demo-platform-admin')('verify', { orgId: registered.orgId, approve: false, reason: '登记证书与名称不符' }))
    expect(expectError(await caller(wish, adminOpenid)('claim', { wishId })).code).toBe('FORBIDDEN')
    expect((await db().collection('wishes').doc(wishId).get()).data[0]).toMatchObject({ status: 'open', claimedBy: null })
  })

  test('when the submitter claims their own wish, then INVALID_STATE', async () => {
    const { wishId } = await openWish()
    const stored = (await db().collection('wishes').doc(wishId).get()).data[0]
    // the liaison is a volunteer too: still not their own wish
    await db().collection('users').where({ _id: stored.submittedBy }).update({ roles: ['resident', 'volunteer'], volunteer: { realName: '王芳', phone: '13800000000', township: '灵溪镇', skills: [], idCardNo: null, registeredAt: '2026-01-01T00:00:00.000Z' } })
    expect(expectError(await caller(wish, stored.submittedBy)('claim', { wishId })).code).toBe('INVALID_STATE')
  })

  test('when a wish is still pending review, then claiming it is INVALID_STATE', async () => {
    const { wish: posted } = expectOk(await caller(wish, newOpenid())<WishReply>('create', buildWishInput()))
    expect(expectError(await caller(wish, 'demo-volunteer')('claim', { wishId: posted.wishId })).code).toBe('INVALID_STATE')
  })
})

describe('release, expiry and notices', () => {
  test('when the claimer releases, then it is open again at once; someone else cannot release it', async () => {
    const { wishId } = await openWish()
    const [claimer, other] = await addVolunteers(db(), 2)
    expectOk(await caller(wish, claimer as string)('claim', { wishId }))
    expect(expectError(await caller(wish, other as string)('release', { wishId })).code).toBe('FORBIDDEN')
    expect(expectOk(await caller(wish, claimer as string)<WishReply>('release', { wishId })).wish.status).toBe('open')
    expectOk(await caller(wish, other as string)('claim', { wishId }))
  })

  test('when 7 days pass without fulfilment, then reading the wish puts it back on the wall and the claimer is told', async () => {
    const { wishId } = await openWish({ title: '想要一床厚棉被' })
    const [claimer] = await addVolunteers(db(), 1)
    expectOk(await caller(wish, claimer as string)('claim', { wishId }))
    moveClock(7 * DAY + 60_000)
    expect(expectOk(await caller(wish, null)<WishReply>('get', { wishId })).wish.status).toBe('open')
    const { notices, claimed } = expectOk(await caller(wish, claimer as string)<MyWishesView>('mine'))
    expect(notices[0]).toMatchObject({ wishId, text: '你认领的心愿“想要一床厚棉被”已超过认领期限，已重新回到心愿墙' })
    expect(claimed.map((w) => w.wishId)).not.toContain(wishId)
  })

  test('when the timer trigger fires, then every overdue claim expires, once', async () => {
    const { wishId } = await openWish()
    const [claimer] = await addVolunteers(db(), 1)
    expectOk(await caller(wish, claimer as string)('claim', { wishId }))
    moveClock(8 * DAY)
    const timer = { Type: 'Timer', TriggerName: 'expireClaims', Time: new Date().toISOString() }
    const first = await wish(timer, { request_id: 't1', environment: '{}' })
    const second = await wish(timer, { request_id: 't2', environment: '{}' })
    expect(first.ok && (first.data as { expired: number }).expired).toBeGreaterThanOrEqual(1)
    expect(second.ok && (second.data as { expired: number }).expired).toBe(0)
    expect((await db().collection('wishes').doc(wishId).get()).data[0].status).toBe('open')
    expect((await db().collection('notifications').where({ openid: claimer, kind: 'wish.expired', 'params.wishId': wishId }).count()).total).toBe(1)
  })

  test('when 6 days pass, then the claim holds', async () => {
    const { wishId } = await openWish()
    const [claimer] = await addVolunteers(db(), 1)
    expectOk(await caller(wish, claimer as string)('claim', { wishId }))
    moveClock(6 * DAY)
    expect(expectOk(await caller(wish, null)<WishReply>('get', { wishId })).wish.status).toBe('claimed')
  })
})

describe('fulfil and confirm', () => {
  test('when the claimer uploads photos and a note, then it is fulfilled; photos are readable by insiders only; the submitter confirms with thanks', async () => {
    const { wishId, liaison } = await openWish()
    const [claimer, stranger] = await addVolunteers(db(), 2)
    expectOk(await caller(wish, claimer as string)('claim', { wishId }))
    const photos = [await uploadPhoto(wishId, claimer as string, 'a.jpg'), await uploadPhoto(wishId, claimer as string, 'b.jpg')]
    const { wish: done } = expectOk(await caller(wish, claimer as string)<WishReply>('fulfil', { wishId, note: '周六把书包送到了小雨家', photoFileIds: photos }))
    expect(done.status).toBe('fulfilled')
    expect(done.fulfilment?.photoUrls).toHaveLength(2)
    const response = await fetch(done.fulfilment?.photoUrls[0] as string)
    expect(Buffer.from(await response.arrayBuffer()).toString()).toBe('fake-jpeg-bytes')

    const { wish: outsider } = expectOk(await caller(wish, stranger as string)<WishReply>('get', { wishId }))
    expect(outsider.fulfilment).toMatchObject({ note: '周六把书包送到了小雨家', photoUrls: [] })
    expect(expectOk(await liaison<WishReply>('get', { wishId })).wish.fulfilment?.photoUrls).toHaveLength(2)

    const { wish: confirmed } = expectOk(await liaison<WishReply>('confirm', { wishId, thanks: '谢谢你，小雨很喜欢！' }))
    expect(confirmed).toMatchObject({ status: 'confirmed', thanks: '谢谢你，小雨很喜欢！' })
    const { items } = expectOk(await caller(wish, null)<Page<WishCardView>>('list', { status: 'fulfilled', limit: 50 }))
    expect(items.find((w) => w.wishId === wishId)).toMatchObject({ status: 'confirmed', thanks: '谢谢你，小雨很喜欢！' })
  })

  test('when photos are not in the claimer folder, or there are none or ten, then INVALID_ARGUMENT', async () => {
    const { wishId } = await openWish()
    const [claimer, other] = await addVolunteers(db(), 2)
    expectOk(await caller(wish, claimer as string)('claim', { wishId }))
    const foreign = await uploadPhoto(wishId, other as string)
    expect(expectError(await caller(wish, claimer as string)('fulfil', { wishId, note: '已送达', photoFileIds: [foreign] })).fields?.[0]?.path).toBe('photoFileIds.0')
    expect(expectError(await caller(wish, claimer as string)('fulfil', { wishId, note: '已送达', photoFileIds: [] })).fields?.[0]?.path).toBe('photoFileIds')
    const ten = Array.from({ length: 10 }, (_, i) => `cloud://local.local-local/wishes/${wishId}/${claimer}/${i}.jpg`)
    expect(expectError(await caller(wish, claimer as string)('fulfil', { wishId, note: '已送达', photoFileIds: ten })).fields?.[0]?.path).toBe('photoFileIds')
    const missing = `cloud://local.local-local/wishes/${wishId}/${claimer}/never-uploaded.jpg`
    expect(expectError(await caller(wish, claimer as string)('fulfil', { wishId, note: '已送达', photoFileIds: [missing] })).fields?.[0]).toEqual({ path: 'photoFileIds.0', message: '照片不存在，请重新上传' })
  })

  test('when someone else fulfils, or confirm comes before fulfilment, or a stranger confirms, then FORBIDDEN / INVALID_STATE', async () => {
    const { wishId, liaison } = await openWish()
    const [claimer, stranger] = await addVolunteers(db(), 2)
    expectOk(await caller(wish, claimer as string)('claim', { wishId }))
    const photo = await uploadPhoto(wishId, stranger as string)
    expect(expectError(await caller(wish, stranger as string)('fulfil', { wishId, note: '已送达', photoFileIds: [photo] })).code).toBe('FORBIDDEN')
    expect(expectError(await liaison('confirm', { wishId })).code).toBe('INVALID_STATE')
    const mine = await uploadPhoto(wishId, claimer as string)
    expectOk(await caller(wish, claimer as string)('fulfil', { wishId, note: '已送达', photoFileIds: [mine] }))
    expect(expectError(await caller(wish, stranger as string)('confirm', { wishId })).code).toBe('FORBIDDEN')
    expect(expectError(await caller(wish, claimer as string)('release', { wishId })).code).toBe('INVALID_STATE')
    expectOk(await reviewer()('confirm', { wishId }))
    expect(expectError(await liaison('confirm', { wishId })).code).toBe('INVALID_STATE')
  })
})
