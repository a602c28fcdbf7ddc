import { randomBytes } from 'node:crypto'
import type { Database } from '../cloudbase'
import { AppError } from '../errors'
import { keysetPage } from '../keyset'
import { withLease } from '../lease'
import { isDuplicateKey } from '../store-errors'
import type { ActivityCategory, ActivityStatus, SignUpStatus } from './activity.schema'
import { isActiveSignUp, overlaps, signUpCanBeCancelled, signUpIsOpen } from './activity.rules'

/** A volunteer activity (志愿服务活动): `activities`. Its counts change only by conditional updates. */
export interface ActivityDoc {
  _id: string
  orgId: string
  orgName: string
  title: string
  category: ActivityCategory
  description: string
  township: string
  address: string
  startAt: string
  endAt: string
  signUpDeadline: string
  capacity: number
  waitlist: boolean
  status: ActivityStatus
  confirmedCount: number
  waitlistedCount: number
  /** The last waitlist ticket handed out: tickets are strictly increasing, so the waitlist is first come, first served. */
  waitSeq: number
  /** capacity − confirmed, kept beside them: a place is taken by one conditional update on it. */
  placesLeft: number
  /** Derives the rotating on-site check-in code; never leaves the server. */
  checkInSecret: string
  cancelReason: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
  publishedAt: string | null
  cancelledAt: string | null
}

/** One volunteer's sign-up to one activity (报名): `activity_signups`, id `${activityId}:${openid}`. */
export interface SignUpDoc {
  _id: string
  activityId: string
  openid: string
  status: SignUpStatus
  /** Waitlist ticket while waitlisted (and kept after promotion, for the record). */
  waitSeq: number | null
  // the activity as the volunteer signed up for it, for 我的活动 without a second read
  title: string
  orgName: string
  township: string
  address: string
  startAt: string
  endAt: string
  /** When the place was confirmed (sign-up or promotion). */
  confirmedAt: string | null
  /** What the volunteer is told: the organization's reason when it cancelled the activity. */
  notice: string | null
  createdAt: string
  updatedAt: string
  promotedAt: string | null
}

const ACTIVITIES = 'activities'
const SIGNUPS = 'activity_signups'
export const newActivityId = () => `act-${randomBytes(6).toString('hex')}`
export const signUpId = (activityId: string, openid: string) => `${activityId}:${openid}`

export async function findActivity(db: Database, activityId: string): Promise<ActivityDoc | null> {
  const { data } = await db.collection(ACTIVITIES).where({ _id: activityId }).limit(1).get()
  return (data as ActivityDoc[])[0] ?? null
}

export async function insertActivity(db: Database, activity: ActivityDoc): Promise<void> {
  await db.collection(ACTIVITIES).add(activity)
}

export async function findSignUp(db: Database, activityId: string, openid: string): Promise<SignUpDoc | null> {
  const { data } = await db.collection(SIGNUPS).where({ _id: signUpId(activityId, openid) }).limit(1).get()
  return (data as SignUpDoc[])[0] ?? null
}

/** 1-based place in the waitlist now. */
export async function waitlistPosition(db: Database, activityId: string, waitSeq: number): Promise<number> {
  const { total } = await db.collection(SIGNUPS).where({ activityId, status: 'waitlisted', waitSeq: db.command.lt(waitSeq) }).count()
  return total + 1
}

/** The volunteer's confirmed places that are not over yet and overlap `activity`. */
async function confirmedClashes(db: Database, openid: string, activity: Pick<ActivityDoc, '_id' | 'startAt' | 'endAt'>, now: Date): Promise<SignUpDoc[]> {
  const { data } = await db
    .collection(SIGNUPS)
    .where({ openid, status: 'confirmed', endAt: db.command.gt(now.toISOString()) })
    .limit(200)
    .get()
  return (data as SignUpDoc[]).filter((s) => s.activityId !== activity._id && overlaps(s, activity))
}

const clashError = (other: SignUpDoc) =>
  new AppError('INVALID_STATE', `与你已报名的活动“${other.title}”时间冲突`, { details: { otherActivityId: other.activityId } })

/** A sign-up stuck half-way (its call died between two writes) may be taken over after this long. */
const ABANDONED_AFTER_MS = 60_000

function checkCanSignUp(activity: ActivityDoc | null, existing: SignUpDoc | null, now: Date): asserts activity is ActivityDoc {
  if (!activity || activity.status === 'draft') throw new AppError('NOT_FOUND', '活动不存在')
  if (activity.status === 'cancelled') throw new AppError('INVALID_STATE', '活动已取消')
  if (!signUpIsOpen(activity, now)) throw new AppError('OUTSIDE_WINDOW', '报名已截止')
  if (isActiveSignUp(existing) || (existing?.status === 'pending' && now.getTime() - new Date(existing.updatedAt).getTime() < ABANDONED_AFTER_MS)) {
    throw new AppError('ALREADY_EXISTS', existing?.status === 'waitlisted' ? '你已在候补名单中' : '你已报名该活动')
  }
  if (activity.placesLeft <= 0 && !activity.waitlist) throw new AppError('CAPACITY_FULL', '活动名额已满')
}

function pendingSignUp(activity: ActivityDoc, openid: string, at: string): SignUpDoc {
  return {
    _id: signUpId(activity._id, openid),
    activityId: activity._id,
    openid,
    status: 'pending',
    waitSeq: null,
    title: activity.title,
    orgName: activity.orgName,
    township: activity.township,
    address: activity.address,
    startAt: activity.startAt,
    endAt: activity.endAt,
    confirmedAt: null,
    notice: null,
    createdAt: at,
    updatedAt: at,
    promotedAt: null,
  }
}

/**
 * Hold the sign-up's own document (status `pending`): the document id makes a second tap by the
 * same person a duplicate write. A cancelled, released or abandoned sign-up is taken over by one
 * conditional update, so two taps cannot both take it over.
 */
async function holdSignUp(db: Database, doc: SignUpDoc, now: Date): Promise<void> {
  try {
    await db.collection(SIGNUPS).add(doc)
    return
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
  }
  const _ = db.command
  const { _id, ...fields } = doc
  const stale = new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString()
  const result = await db
    .collection(SIGNUPS)
    .where(_.and([{ _id }, _.or([{ status: _.in(['cancelled', 'released']) }, { status: 'pending', updatedAt: _.lt(stale) }])]))
    .update(fields)
  if ((result as { updated?: number }).updated !== 1) throw new AppError('ALREADY_EXISTS', '你已报名该活动')
}

/** Move the first waitlisted volunteer (in ticket order) into a place; false when nobody can take it. */
async function promoteHead(db: Database, activity: Pick<ActivityDoc, '_id' | 'startAt' | 'endAt'>, now: Date): Promise<boolean> {
  const at = now.toISOString()
  for (let round = 0; round < 10; round++) {
    const { data } = await db.collection(SIGNUPS).where({ activityId: activity._id, status: 'waitlisted' }).orderBy('waitSeq', 'asc').limit(20).get()
    const candidates = data as SignUpDoc[]
    if (candidates.length === 0) return false
    let tried = 0
    for (const candidate of candidates) {
      // a volunteer whose confirmed places now clash with this one keeps their waitlist ticket
      if ((await confirmedClashes(db, candidate.openid, activity, now)).length) continue
      tried++
      const result = await db
        .collection(SIGNUPS)
        .where({ _id: candidate._id, status: 'waitlisted' })
        .update({ status: 'confirmed', confirmedAt: at, promotedAt: at, updatedAt: at })
      if ((result as { updated?: number }).updated === 1) {
        await db.collection(ACTIVITIES).where({ _id: activity._id }).update({ waitlistedCount: db.command.inc(-1), updatedAt: at })
        return true
      }
    }
    if (tried === 0) return false
  }
  return false
}

/** A place was given up: it goes to the head of the waitlist, or back to the free places. */
async function releasePlace(db: Database, activity: Pick<ActivityDoc, '_id' | 'startAt' | 'endAt'>, now: Date): Promise<boolean> {
  if (await promoteHead(db, activity, now)) return true
  const _ = db.command
  await db.collection(ACTIVITIES).where({ _id: activity._id }).update({ placesLeft: _.inc(1), confirmedCount: _.inc(-1), updatedAt: now.toISOString() })
  return false
}

/**
 * Free places while people wait (a place given back between someone's two writes, or capacity
 * raised) go to the waitlist in ticket order: take a place, hand it to the head; give it back when
 * nobody can take it.
 */
async function fillFreePlaces(db: Database, activity: Pick<ActivityDoc, '_id' | 'startAt' | 'endAt'>, now: Date): Promise<number> {
  const _ = db.command
  let promoted = 0
  for (;;) {
    const taken = await db
      .collection(ACTIVITIES)
      .where({ _id: activity._id, status: 'published', placesLeft: _.gt(0), waitlistedCount: _.gt(0) })
      .update({ placesLeft: _.inc(-1), confirmedCount: _.inc(1) })
    if ((taken as { updated?: number }).updated !== 1) return promoted
    if (!(await promoteHead(db, activity, now))) {
      await db.collection(ACTIVITIES).where({ _id: activity._id }).update({ placesLeft: _.inc(1), confirmedCount: _.inc(-1) })
      return promoted
    }
    promoted++
  }
}

/**
 * Sign up, first come first served, with conditional writes only (no read-then-write):
 * 1. hold the sign-up document (a second tap is ALREADY_EXISTS);
 * 2. take a place: one conditional update on the activity, `placesLeft > 0` → `placesLeft − 1`;
 *    else, with a waitlist, draw the next ticket (an atomic increment that returns it); else CAPACITY_FULL;
 * 3. write what it got on the sign-up.
 * One volunteer's sign-ups run one at a time (a lease), so two clashing places cannot both be taken.
 * Confirmed sign-ups never exceed capacity under any concurrency: step 2 is atomic in the database.
 * A call that dies between steps can only leave a place unused, never one too many.
 */
export function signUp(db: Database, activityId: string, openid: string, now: Date): Promise<SignUpDoc> {
  // one sign-up at a time per volunteer, so the clash check below sees their other places
  return withLease(db, `volunteer:${openid}`, () => signUpHoldingLease(db, activityId, openid, now))
}

async function signUpHoldingLease(db: Database, activityId: string, openid: string, now: Date): Promise<SignUpDoc> {
  const _ = db.command
  const [activity, previous] = await Promise.all([findActivity(db, activityId), findSignUp(db, activityId, openid)])
  checkCanSignUp(activity, previous, now)
  const [clash] = await confirmedClashes(db, openid, activity, now)
  if (clash) throw clashError(clash)

  const at = now.toISOString()
  const doc = pendingSignUp(activity, openid, at)
  await holdSignUp(db, doc, now)

  const seat = await db
    .collection(ACTIVITIES)
    .where({ _id: activityId, status: 'published', placesLeft: _.gt(0) })
    .update({ placesLeft: _.inc(-1), confirmedCount: _.inc(1), updatedAt: at })
  if ((seat as { updated?: number }).updated === 1) {
    doc.status = 'confirmed'
    doc.confirmedAt = at
  } else if (activity.waitlist) {
    const ticket = (await db
      .collection(ACTIVITIES)
      .where({ _id: activityId, status: 'published' })
      .updateAndReturn({ waitSeq: _.inc(1), waitlistedCount: _.inc(1), updatedAt: at })) as { doc?: ActivityDoc | null }
    if (!ticket.doc) {
      await db.collection(SIGNUPS).where({ _id: doc._id, status: 'pending' }).remove()
      throw new AppError('INVALID_STATE', '活动已取消')
    }
    doc.status = 'waitlisted'
    doc.waitSeq = ticket.doc.waitSeq
  } else {
    await db.collection(SIGNUPS).where({ _id: doc._id, status: 'pending' }).remove()
    throw new AppError('CAPACITY_FULL', '活动名额已满')
  }
  await db.collection(SIGNUPS).where({ _id: doc._id, status: 'pending' }).update({ status: doc.status, waitSeq: doc.waitSeq, confirmedAt: doc.confirmedAt, updatedAt: at })

  if (doc.status === 'waitlisted') await fillFreePlaces(db, activity, now)

  // cancelled by the organization between taking the place and writing it down: released like the rest
  const after = await findActivity(db, activityId)
  if (after?.status === 'cancelled') {
    await db.collection(SIGNUPS).where({ _id: doc._id, status: _.in(['confirmed', 'waitlisted']) }).update({ status: 'released', notice: releaseNotice(after.cancelReason), updatedAt: at })
    throw new AppError('INVALID_STATE', '活动已取消')
  }
  return (await findSignUp(db, activityId, openid)) ?? doc
}

/** Give up a place or a waitlist ticket until the activity starts; a freed place goes to the head of the waitlist. */
export async function cancelSignUp(db: Database, activityId: string, openid: string, now: Date): Promise<{ promoted: number }> {
  const [activity, existing] = await Promise.all([findActivity(db, activityId), findSignUp(db, activityId, openid)])
  if (!activity || !existing || !isActiveSignUp(existing)) throw new AppError('NOT_FOUND', '你没有报名该活动')
  if (!signUpCanBeCancelled(activity, now)) throw new AppError('OUTSIDE_WINDOW', '活动已开始，不能取消报名')
  const at = now.toISOString()
  const result = await db.collection(SIGNUPS).where({ _id: existing._id, status: existing.status }).update({ status: 'cancelled', updatedAt: at })
  if ((result as { updated?: number }).updated !== 1) throw new AppError('NOT_FOUND', '你没有报名该活动')
  if (existing.status === 'waitlisted') {
    await db.collection(ACTIVITIES).where({ _id: activityId }).update({ waitlistedCount: db.command.inc(-1), updatedAt: at })
    return { promoted: 0 }
  }
  return { promoted: (await releasePlace(db, activity, now)) ? 1 : 0 }
}

/**
 * Edit an activity. A capacity change is one conditional update (`placesLeft` moves by the same
 * amount and may not go below zero), so it can never fall below the confirmed sign-ups; places
 * added while people wait go to the waitlist in ticket order.
 */
export async function updateActivity(db: Database, activityId: string, edit: (activity: ActivityDoc) => Partial<ActivityDoc>, now: Date): Promise<ActivityDoc> {
  const _ = db.command
  const at = now.toISOString()
  for (let attempt = 0; attempt < 5; attempt++) {
    const activity = await findActivity(db, activityId)
    if (!activity) throw new AppError('NOT_FOUND', '活动不存在')
    const patch = edit(activity)
    const { capacity, ...rest } = patch
    const change = capacity === undefined ? 0 : capacity - activity.capacity
    const result = await db
      .collection(ACTIVITIES)
      .where({ _id: activityId, status: activity.status, capacity: activity.capacity, placesLeft: _.gte(-change) })
      .update({ ...rest, ...(change ? { capacity, placesLeft: _.inc(change) } : {}), updatedAt: at })
    if ((result as { updated?: number }).updated === 1) {
      const next = (await findActivity(db, activityId)) as ActivityDoc
      if (next.status === 'published' && next.placesLeft > 0 && next.waitlistedCount > 0) await fillFreePlaces(db, next, now)
      return (await findActivity(db, activityId)) as ActivityDoc
    }
    const current = await findActivity(db, activityId)
    if (current && current.status === activity.status && current.capacity === activity.capacity && capacity !== undefined) {
      const message = `招募人数不能少于已报名的${current.confirmedCount}人`
      throw new AppError('INVALID_ARGUMENT', message, { fields: [{ path: 'capacity', message }] })
    }
  }
  throw new AppError('INVALID_STATE', '活动正在被修改，请刷新后重试')
}

/**
 * Cancel the activity (conditionally: only from draft or published) and release every sign-up,
 * telling each volunteer why. Running it again on a cancelled activity finishes a release that was
 * cut short.
 */
export async function cancelActivity(db: Database, activityId: string, reason: string | null, at: string): Promise<number> {
  const _ = db.command
  await db
    .collection(ACTIVITIES)
    .where({ _id: activityId, status: _.in(['draft', 'published']) })
    .update({ status: 'cancelled', cancelReason: reason, cancelledAt: at, updatedAt: at })
  const notice = releaseNotice(reason)
  const result = await db
    .collection(SIGNUPS)
    .where({ activityId, status: _.in(['confirmed', 'waitlisted']) })
    .update({ status: 'released', notice, updatedAt: at })
  return (result as { updated?: number }).updated ?? 0
}

const releaseNotice = (reason: string | null) => (reason ? `活动已取消：${reason}` : '活动已取消')

export interface ActivityListFilter {
  status: ActivityStatus
  township?: string
  category?: string
  orgId?: string
  from?: string
  to?: string
}

/** Activities soonest first, keyset-paginated on (startAt, _id): no skip over large sets. */
export async function listActivities(db: Database, filter: ActivityListFilter, page: { cursor?: string; limit: number }) {
  const _ = db.command
  const conditions: object[] = [{ status: filter.status }]
  if (filter.township) conditions.push({ township: filter.township })
  if (filter.category) conditions.push({ category: filter.category })
  if (filter.orgId) conditions.push({ orgId: filter.orgId })
  if (filter.from) conditions.push({ startAt: _.gte(filter.from) })
  if (filter.to) conditions.push({ startAt: _.lte(filter.to) })
  return keysetPage<ActivityDoc>(db, ACTIVITIES, conditions, { field: 'startAt', order: 'asc' }, page)
}

/** My sign-ups, soonest activity first (at most 200: a volunteer's upcoming and recent ones). */
export async function listMySignUps(db: Database, openid: string): Promise<SignUpDoc[]> {
  const { data } = await db.collection(SIGNUPS).where({ openid }).orderBy('startAt', 'desc').limit(200).get()
  return data as SignUpDoc[]
}

export async function listSignUps(db: Database, activityId: string): Promise<SignUpDoc[]> {
  const { data } = await db.collection(SIGNUPS).where({ activityId }).orderBy('createdAt', 'asc').limit(1000).get()
  return data as SignUpDoc[]
}
