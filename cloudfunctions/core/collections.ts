/**
 * Every collection the functions use, with its indexes. The one declaration that the local stack
 * (which creates the collections and enforces unique indexes) and the deploy config read.
 */
export interface IndexSpec {
  name: string
  keys: Record<string, 1 | -1>
  unique?: boolean
}

export interface CollectionSpec {
  name: string
  indexes: IndexSpec[]
}

export const collections: CollectionSpec[] = [
  {
    name: 'users',
    indexes: [
      { name: 'roles', keys: { roles: 1 } },
      // cancelling an activity takes it off every volunteer's agenda
      { name: 'agenda_activityId', keys: { 'agenda.activityId': 1 } },
    ],
  },
  {
    name: 'orgs',
    indexes: [
      { name: 'creditCode', keys: { creditCode: 1 } },
      { name: 'status_township', keys: { status: 1, township: 1 } },
      // the organization list: by status, newest first
      { name: 'status_createdAt', keys: { status: 1, createdAt: -1 } },
    ],
  },
  {
    name: 'org_members',
    indexes: [
      { name: 'openid', keys: { openid: 1 } },
      { name: 'orgId', keys: { orgId: 1 } },
    ],
  },
  {
    // invite codes (邀请码): the document id is the code itself
    name: 'org_invites',
    indexes: [{ name: 'orgId', keys: { orgId: 1 } }],
  },
  {
    // registered credit codes (统一社会信用代码): the document id is the code, so it is registered once
    name: 'org_credit_codes',
    indexes: [],
  },
  {
    // volunteer activities (志愿服务活动): places are taken by conditional updates on placesLeft
    name: 'activities',
    indexes: [
      { name: 'status_startAt', keys: { status: 1, startAt: 1 } },
      { name: 'orgId_status', keys: { orgId: 1, status: 1 } },
      // the recovery timer looks for activities whose crowd has passed and whose recount is due
      { name: 'recountDue_lastTakeAt', keys: { recountDue: 1, lastTakeAt: 1 } },
      // and for announcements (changed, cancelled) not yet told to every volunteer
      { name: 'noticePending', keys: { noticePending: 1 } },
    ],
  },
  {
    // sign-ups (报名): id `${activityId}:${openid}`
    name: 'activity_signups',
    indexes: [
      { name: 'activityId_status_waitSeq', keys: { activityId: 1, status: 1, waitSeq: 1 } },
      { name: 'openid_status', keys: { openid: 1, status: 1 } },
    ],
  },
  {
    // attendance (签到/签退): id `${activityId}:${openid}`
    name: 'activity_attendance',
    indexes: [{ name: 'activityId', keys: { activityId: 1 } }],
  },
  {
    // service records (志愿服务记录): id `${activityId}:${openid}`; corrections keep the original
    name: 'service_records',
    indexes: [
      { name: 'openid_date', keys: { openid: 1, date: -1 } },
      { name: 'activityId', keys: { activityId: 1 } },
    ],
  },
  {
    // micro-wishes (微心愿): each status change is one conditional update on the status it leaves
    name: 'wishes',
    indexes: [
      { name: 'status_createdAt', keys: { status: 1, createdAt: -1 } },
      { name: 'status_claimExpiresAt', keys: { status: 1, claimExpiresAt: 1 } },
      { name: 'submittedBy', keys: { submittedBy: 1 } },
      { name: 'claimedBy', keys: { claimedBy: 1 } },
    ],
  },
  {
    // the outbox (消息): one document per person told of one change, written with the change
    // (core/message/message.store.ts); id `<kind>:<subject>:<openid>[:<version>]`
    name: 'notifications',
    indexes: [
      // 消息, newest first
      { name: 'openid_createdAt', keys: { openid: 1, createdAt: -1 } },
      // the unread count and 全部已读
      { name: 'openid_readAt', keys: { openid: 1, readAt: 1 } },
      // the sender: pending and due
      { name: 'sendState_sendAfter', keys: { sendState: 1, sendAfter: 1 } },
    ],
  },
  {
    // one-time subscribe-message grants (一次性订阅消息): id `${openid}:${templateId}`, `count` not yet used
    name: 'message_subscriptions',
    indexes: [],
  },
  {
    // aid programmes (救助项目)
    name: 'aid_programs',
    indexes: [{ name: 'orgId_opensAt', keys: { orgId: 1, opensAt: -1 } }],
  },
  {
    // aid applications (救助申请): the ID number only as ciphertext and mask, never in a queryable field
    name: 'aid_applications',
    indexes: [
      { name: 'programId_status_submittedAt', keys: { programId: 1, status: 1, submittedAt: 1 } },
      { name: 'openid_createdAt', keys: { openid: 1, createdAt: -1 } },
      { name: 'status_finalAt', keys: { status: 1, finalAt: 1 } },
    ],
  },
  {
    // one per person and programme: id = keyed hash (HMAC) of the normalized ID number
    name: 'aid_claims',
    indexes: [],
  },
  {
    // the append-only decision trail of each application (who, when, what, why)
    name: 'aid_events',
    indexes: [{ name: 'applicationId_at', keys: { applicationId: 1, at: 1 } }],
  },
  {
    // every reviewer read of an application
    name: 'aid_access_log',
    indexes: [{ name: 'programId_at', keys: { programId: 1, at: -1 } }],
  },
  {
    // 爱心送考 exam sessions (考试场次) with their sites
    name: 'ride_sessions',
    indexes: [{ name: 'bookingOpensAt', keys: { bookingOpensAt: -1 } }],
  },
  {
    // driver registrations (送考司机登记): id `${orgId}:${openid}`
    name: 'ride_drivers',
    indexes: [
      { name: 'openid', keys: { openid: 1 } },
      { name: 'orgId_status', keys: { orgId: 1, status: 1 } },
    ],
  },
  {
    // ride bookings (送考预约); the ticket number only as a keyed hash plus its last four digits
    name: 'ride_bookings',
    indexes: [
      { name: 'bookedBy_pickupAt', keys: { bookedBy: 1, pickupAt: -1 } },
      { name: 'sessionId_date_status', keys: { sessionId: 1, date: 1, status: 1 } },
      // the ride reminder: assigned bookings of tomorrow
      { name: 'status_date', keys: { status: 1, date: 1 } },
    ],
  },
  {
    // one booking per ticket, date and direction: the id is a keyed hash of the four
    name: 'ride_ticket_claims',
    indexes: [],
  },
  {
    // a driver's exam day (offers and trips), id `${openid}:${date}`: rewritten whole in transactions
    name: 'ride_schedules',
    indexes: [{ name: 'openid_date', keys: { openid: 1, date: 1 } }],
  },
  // 公益创投: contests; experts `${contestId}:${openid}`; entries `${contestId}:${orgId}:${slot}`; scores `${contestId}:${round}:${entryId}:${openid}`
  { name: 'venture_contests', indexes: [{ name: 'year_opensAt', keys: { year: 1, opensAt: -1 } }, { name: 'opensAt', keys: { opensAt: -1 } }] },
  { name: 'venture_experts', indexes: [{ name: 'openid', keys: { openid: 1 } }] },
  { name: 'venture_entries', indexes: [{ name: 'contestId_createdAt', keys: { contestId: 1, createdAt: 1 } }, { name: 'orgId_createdAt', keys: { orgId: 1, createdAt: -1 } }] },
  { name: 'venture_scores', indexes: [{ name: 'contestId_round_openid', keys: { contestId: 1, round: 1, openid: 1 } }] },
  // funded projects (资助项目), id from the awarded entry's: public list newest first (by contest too), the admin's queue, an organization's own
  {
    name: 'venture_projects',
    indexes: [
      { name: 'publishedAt', keys: { publishedAt: -1 } },
      { name: 'contestId_publishedAt', keys: { contestId: 1, publishedAt: -1 } },
      { name: 'pendingReview_publishedAt', keys: { pendingReview: 1, publishedAt: -1 } },
      { name: 'status_publishedAt', keys: { status: 1, publishedAt: -1 } },
      { name: 'orgId_publishedAt', keys: { orgId: 1, publishedAt: -1 } },
    ],
  },
  // needs (需求清单) by township/field/status, newest first; projects (项目清单) by the needs they answer and by organization
  { name: 'needs', indexes: [{ name: 'township_field_status_createdAt', keys: { township: 1, field: 1, status: 1, createdAt: -1 } }, { name: 'status_createdAt', keys: { status: 1, createdAt: -1 } }, { name: 'orgId_createdAt', keys: { orgId: 1, createdAt: -1 } }] },
  { name: 'projects', indexes: [{ name: 'needIds_createdAt', keys: { needIds: 1, createdAt: -1 } }, { name: 'orgId_createdAt', keys: { orgId: 1, createdAt: -1 } }] },
  // matches (对接) by the needs they serve, confirmed newest first; by project and by organization (undertaker or project's), newest first
  {
    name: 'matches',
    indexes: [
      { name: 'needIds_status_confirmedAt', keys: { needIds: 1, status: 1, confirmedAt: -1 } },
      { name: 'projectId_createdAt', keys: { projectId: 1, createdAt: -1 } },
      { name: 'undertakerOrgId_createdAt', keys: { 'undertaker.orgId': 1, createdAt: -1 } },
      { name: 'projectOrgId_createdAt', keys: { projectOrgId: 1, createdAt: -1 } },
      { name: 'status_createdAt', keys: { status: 1, createdAt: -1 } },
    ],
  },
  // resources (资源清单) by township and offer, recently updated first
  { name: 'resources', indexes: [{ name: 'township_offers_updatedAt', keys: { township: 1, offers: 1, updatedAt: -1 } }, { name: 'updatedAt', keys: { updatedAt: -1 } }] },
  {
    // replies stored for idempotent retries, keyed by caller, function, action and key
    name: 'idempotency',
    indexes: [{ name: 'createdAt', keys: { createdAt: 1 } }],
  },
]

export const collectionNames = collections.map((c) => c.name)
