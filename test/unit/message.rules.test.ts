import { MESSAGE_KINDS, messageKinds } from '../../cloudfunctions/core/message/message.kinds'
import { buildNotification, linkPath, notificationId, renderMessage, retryDelayMs, templateData, tomorrowInBeijing } from '../../cloudfunctions/core/message/message.rules'
import { LOCAL_DEMO_TEMPLATES, templatesForPurpose } from '../../cloudfunctions/core/settings/subscribe-messages'

describe('the kinds table', () => {
  test('when the kinds are listed, then they are exactly those of shared/api.md, each with a Chinese title and body', () => {
    expect([...MESSAGE_KINDS].sort()).toEqual(
      [
        'activity.confirmed', 'activity.promoted', 'activity.changed', 'activity.cancelled', 'hours.confirmed', 'hours.corrected',
        'wish.approved', 'wish.rejected', 'wish.claimed', 'wish.released', 'wish.fulfilled', 'wish.expired', 'org.verified', 'org.rejected', 'org.joined',
        'ride.driverApproved', 'ride.assigned', 'ride.changed', 'ride.cancelled', 'ride.completed', 'aid.approved', 'aid.rejected', 'aid.needsInfo', 'aid.disbursed',
        'reminder.activity', 'reminder.ride', 'reminder.wishClaim',
      ].sort(),
    )
    for (const kind of MESSAGE_KINDS) {
      expect(messageKinds[kind].title).toMatch(/[\u4e00-\u9fa5]/)
      expect(messageKinds[kind].body).toMatch(/[\u4e00-\u9fa5]/)
    }
  })

  test('when every kind has a local demo template, then no purpose asks for more than WeChat allows (3)', () => {
    for (const kind of MESSAGE_KINDS) expect(LOCAL_DEMO_TEMPLATES.kinds[kind]).toBeDefined()
    const previous = process.env.TCB_SERVICE_URL
    process.env.TCB_SERVICE_URL = 'http://127.0.0.1:1'
    try {
      for (const purpose of ['activitySignUp', 'wishCreate', 'rideBook', 'aidApply'] as const) {
        const ids = templatesForPurpose(purpose)
        expect(ids.length).toBeGreaterThan(0)
        expect(ids.length).toBeLessThanOrEqual(3)
      }
    } finally {
      if (previous === undefined) delete process.env.TCB_SERVICE_URL
      else process.env.TCB_SERVICE_URL = previous
    }
  })
})

describe('renderMessage', () => {
  test('when a reason carries a phone or ID number, then the message hides it', () => {
    const { body } = renderMessage('aid.rejected', { programName: '助学', reason: '请联系13857700123或核对330327200001011234' })
    expect(body).not.toMatch(/13857700123|330327200001011234/)
    expect(body).toContain('号码已隐藏')
  })

  test('when a kind links to a page, then the link carries the named params only', () => {
    const { link } = renderMessage('activity.promoted', { activityId: 'act-1', activityTitle: '清扫', startAt: '6月7日 08:00', place: '灵溪镇' })
    expect(link).toEqual({ page: '/packages/activity/detail/index', params: { activityId: 'act-1' } })
    expect(linkPath(link)).toBe('packages/activity/detail/index?activityId=act-1')
  })
})

describe('ids, backoff, template fields and days', () => {
  test('when the same change is described twice, then it has the same id; another version, another id', () => {
    const a = buildNotification({ kind: 'wish.claimed', openid: 'o1', subjectId: 'w1', version: 1, params: {} }, '2026-01-01T00:00:00.000Z')
    const b = buildNotification({ kind: 'wish.claimed', openid: 'o1', subjectId: 'w1', version: 1, params: {} }, '2026-01-02T00:00:00.000Z')
    expect(a._id).toBe(b._id)
    expect(notificationId('wish.claimed', 'w1', 'o1', 2)).not.toBe(a._id)
  })

  test('when tries fail, then the wait doubles from one minute and stops growing at six hours', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000])
    expect(retryDelayMs(20)).toBe(6 * 3600_000)
  })

  test('when a field is longer than its type allows, then it is cut with an ellipsis', () => {
    const data = templateData({ thing1: '{title}', phrase2: '{state}', time3: '{at}' }, { params: { state: '已通过审核', at: '6月7日 08:00' }, title: '一二三四五六七八九十一二三四五六七八九十一', body: '' })
    expect(data.thing1?.value).toHaveLength(20)
    expect(data.thing1?.value.endsWith('…')).toBe(true)
    expect(data.phrase2?.value).toBe('已通过审核')
    expect(data.time3?.value).toBe('6月7日 08:00')
  })

  test('when it is late evening in Beijing, then tomorrow is the next Beijing day', () => {
    // 23:30 on 6 June in Beijing is 15:30 UTC
    expect(tomorrowInBeijing(new Date('2027-06-06T15:30:00Z'))).toEqual({ from: '2027-06-06T16:00:00.000Z', to: '2027-06-07T16:00:00.000Z', date: '2027-06-07' })
  })
})
