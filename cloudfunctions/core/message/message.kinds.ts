/**
 * Every event a person hears about (shared/api.md, `message`): its title, the body template and the
 * page a tap opens. Adding an event is one line here, plus the call that writes it where the change
 * happens (core/message/message.store.ts: `notifyInTx` inside a transaction, `notifyOnce` in a
 * recoverable protocol).
 *
 * Templates are Chinese; `{name}` is filled from the notification's params. No phone or ID number
 * ever goes into a text (rendering hides any that a typed reason carries: message.rules.ts).
 * `link.params` names the params copied into the link's query.
 */
export const MESSAGE_PAGES = {
  activityDetail: '/packages/activity/detail/index',
  activityRecord: '/packages/activity/record/index',
  wishDetail: '/packages/wish/detail/index',
  orgWorkbench: '/packages/org/workbench/index',
  rideMine: '/packages/ride/mine/index',
  rideTrips: '/packages/ride/trips/index',
  rideDriver: '/packages/ride/driver/index',
  aidMine: '/packages/aid/mine/index',
} as const

export interface MessageKindSpec {
  title: string
  body: string
  link: { page: (typeof MESSAGE_PAGES)[keyof typeof MESSAGE_PAGES]; params: readonly string[] } | null
}

const P = MESSAGE_PAGES

export const messageKinds = {
  'activity.confirmed': { title: '报名成功', body: '你已成功报名“{activityTitle}”，活动时间{startAt}，地点{place}。', link: { page: P.activityDetail, params: ['activityId'] } },
  'activity.promoted': { title: '候补成功', body: '有人取消了报名，你已从候补转为正式报名“{activityTitle}”，活动时间{startAt}，地点{place}。', link: { page: P.activityDetail, params: ['activityId'] } },
  'activity.changed': { title: '活动信息变更', body: '你报名的活动“{activityTitle}”信息有变更：时间{startAt}，地点{place}，请留意。', link: { page: P.activityDetail, params: ['activityId'] } },
  'activity.cancelled': { title: '活动已取消', body: '你报名的活动“{activityTitle}”（{startAt}）已取消。{reason}', link: { page: P.activityDetail, params: ['activityId'] } },
  'hours.confirmed': { title: '服务时长已确认', body: '“{activityTitle}”的志愿服务时长已确认：{hours}。', link: { page: P.activityRecord, params: [] } },
  'hours.corrected': { title: '服务时长已更正', body: '“{activityTitle}”的志愿服务时长已由{fromHours}更正为{hours}。说明：{note}', link: { page: P.activityRecord, params: [] } },
  'wish.approved': { title: '心愿审核通过', body: '你提交的心愿“{wishTitle}”已通过审核，已在心愿墙展示。', link: { page: P.wishDetail, params: ['wishId'] } },
  'wish.rejected': { title: '心愿未通过审核', body: '你提交的心愿“{wishTitle}”未通过审核。{reason}', link: { page: P.wishDetail, params: ['wishId'] } },
  'wish.claimed': { title: '心愿已被认领', body: '你提交的心愿“{wishTitle}”已被认领，认领人将在{claimExpiresAt}前完成。', link: { page: P.wishDetail, params: ['wishId'] } },
  'wish.released': { title: '心愿认领已放弃', body: '认领人放弃了心愿“{wishTitle}”，它已重新回到心愿墙。', link: { page: P.wishDetail, params: ['wishId'] } },
  'wish.fulfilled': { title: '心愿已完成', body: '心愿“{wishTitle}”已由认领人完成，请查看照片并确认。', link: { page: P.wishDetail, params: ['wishId'] } },
  'wish.expired': { title: '心愿认领已过期', body: '你认领的心愿“{wishTitle}”已超过认领期限，已重新回到心愿墙', link: { page: P.wishDetail, params: ['wishId'] } },
  'org.verified': { title: '组织认证通过', body: '“{orgName}”已通过认证，现在可以发布活动、开展服务。', link: { page: P.orgWorkbench, params: ['orgId'] } },
  'org.rejected': { title: '组织认证未通过', body: '“{orgName}”的认证未通过。{reason}', link: { page: P.orgWorkbench, params: ['orgId'] } },
  'org.joined': { title: '新成员加入', body: '{memberName}已通过邀请码加入“{orgName}”，身份：{role}。', link: { page: P.orgWorkbench, params: ['orgId'] } },
  'ride.driverApproved': { title: '司机登记已通过', body: '你在“{orgName}”的爱心送考司机登记已通过审核（{plateNo}），可以接单了。', link: { page: P.rideTrips, params: [] } },
  'ride.assigned': { title: '送考已派车', body: '{studentName}{dateText}的送考已安排：司机{driverName}，车牌{plateNo}，接送时间{pickupAt}。', link: { page: P.rideMine, params: [] } },
  'ride.changed': { title: '送考安排变更', body: '{studentName}{dateText}的送考安排有变更：司机{driverName}，车牌{plateNo}，接送时间{pickupAt}。', link: { page: P.rideMine, params: [] } },
  'ride.cancelled': { title: '送考预约已取消', body: '{dateText}{pickupAt}接送的送考预约已由家长取消，该行程已从你的安排中移除。', link: { page: P.rideTrips, params: [] } },
  'ride.completed': { title: '送考已送达', body: '{studentName}已于{completedAt}送达{siteName}，祝考试顺利！', link: { page: P.rideMine, params: [] } },
  'aid.approved': { title: '救助申请已通过', body: '你的“{programName}”申请已通过审核，资助金额{amountYuan}元。', link: { page: P.aidMine, params: [] } },
  'aid.rejected': { title: '救助申请未通过', body: '你的“{programName}”申请未通过审核。原因：{reason}', link: { page: P.aidMine, params: [] } },
  'aid.needsInfo': { title: '救助申请需补充材料', body: '你的“{programName}”申请需要补充材料：{reason}', link: { page: P.aidMine, params: [] } },
  'aid.disbursed': { title: '救助金已发放', body: '你的“{programName}”资助{amountYuan}元已登记发放。', link: { page: P.aidMine, params: [] } },
  'reminder.activity': { title: '明天有活动', body: '提醒：你报名的“{activityTitle}”将于{startAt}开始，地点{place}，请准时签到。', link: { page: P.activityDetail, params: ['activityId'] } },
  'reminder.ride': { title: '明天送考提醒', body: '提醒：{studentName}明天的送考，司机{driverName}，车牌{plateNo}，接送时间{pickupAt}，地点{pickupAddress}。', link: { page: P.rideMine, params: [] } },
  'reminder.wishClaim': { title: '认领即将到期', body: '你认领的心愿“{wishTitle}”将于{claimExpiresAt}到期，请尽快完成并上传照片。', link: { page: P.wishDetail, params: ['wishId'] } },
} as const satisfies Record<string, MessageKindSpec>

export type MessageKind = keyof typeof messageKinds
export const MESSAGE_KINDS = Object.keys(messageKinds) as MessageKind[]
