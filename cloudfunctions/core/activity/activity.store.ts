import { randomBytes } from 'node:crypto'
import type { Database } from '../cloudbase'
import { AppError } from '../errors'
import { keysetPage, keysetPages } from '../keyset'
import { signUpRecoveryGraceSeconds } from '../settings/policies'
import type { Transaction } from '../transaction'
import { inTransaction } from '../transaction'
import type { UserDoc } from '../user/user.store'
import { activityAnnouncement, signUpNotice } from '../message/message.events'
import { notifyEach, notifyInTx, notifyOnce } from '../message/message.store'
import type { ActivityStatus } from './activity.schema'
import {
  agendaConflict,
  agendaEntry,
  inflightIsAbandoned,
  isActiveSignUp,
  signUpCanBeCancelled,
  signUpIsOpen,
  upcomingAgenda,
  type ActivityDoc,
  type AgendaConflict,
  type AgendaEntry,
  type InflightSignUp,
  type SignUpDoc,
} from './activity.rules'

export type { ActivityDoc, SignUpDoc } from './activity.rules'

const ACTIVITIES = 'activities'
const SIGNUPS = 'activity_signups'
const USERS = 'users'
export const newActivityId = () => `act-${randomBytes(6).toString('hex')}`
export const signUpId = (activityId: string, openid: string) => `${activityId}:${openid}`

const updatedCount = (result: unknown) => (result as { updated?: number }).updated ?? 0
/** `inflight.<openid>`: openids are WeChat ids ([A-Za-z0-9_-]), safe as a field name. */
const inflightPath = (openid: string) => `inflight.${openid}`

export async function findActivity(db: Database, activityId: string): Promise<ActivityDoc | null> {
  const { data } = await db.collection(ACTIVITIES).where({ _id: activityId }).limit(1).get()
  return (data as ActivityDoc[])[0] ?? null
}

export async function insertActivity(db: Database, activity: ActivityDoc): Promise<void> {
  await db.collection(ACTIVITIES).add({ ...activity, inflight: activity.inflight ?? {}, inflightCount: activity.inflightCount ?? 0 })
}

export async function findSignUp(db: Database, activityId: string, openid: string): Promise<SignUpDoc | null> {
  const { data } = await db.collection(SIGNUPS).where({ _id: signUpId(activityId, openid) }).limit(1).get()
  return (data as SignUpDoc[])[0] ?? null
}

async function findUserDoc(db: Database, openid: string): Promise<UserDoc | null> {
  const { data } = await db.collection(USERS).where({ _id: openid }).limit(1).get()
  return (data as UserDoc[])[0] ?? null
}

/** 1-based place in the waitlist now. */
export async function waitlistPosition(db: Database, activityId: string, waitSeq: number): Promise<number> {
  const { total } = await db.collection(SIGNUPS).where({ activityId, status: 'waitlisted', waitSeq: db.command.lt(waitSeq) }).count()
  return total + 1
}

// ---------------------------------------------------------------------------------------------
// Transactions: document-level reads and whole-document writes only (see core/transaction.ts).

async function readInTx<D>(tx: Transaction, collection: string, id: string): Promise<D | null> {
  const { data } = await tx.collection(collection).doc(id).get()
  return (data as D | null) ?? null
}

async function writeInTx<D extends { _id: string }>(tx: Transaction, collection: string, doc: D): Promise<void> {
  const { _id, ...fields } = doc
  await tx.collection(collection).doc(_id).set(fields)
}

const withoutInflight = (activity: ActivityDoc, openid: string): ActivityDoc => {
  const inflight = { ...(activity.inflight ?? {}) }
  delete inflight[openid]
  return { ...activity, inflight, inflightCount: Object.keys(inflight).length }
}

const agendaWithout = (user: UserDoc, activityId: string, now: Date): UserDoc => ({
  ...user,
  agenda: upcomingAgenda(user.agenda, now).filter((entry) => entry.activityId !== activityId),
  agendaRev: (user.agendaRev ?? 0) + 1,
})

/** The first waitlisted sign-ups in ticket order (read outside the transaction that checks them again). */
async function waitlistHead(db: Database, activityId: string, count: number): Promise<string[]> {
  const { data } = await db.collection(SIGNUPS).where({ activityId, status: 'waitlisted' }).orderBy('waitSeq', 'asc').limit(count).get()
  return (data as SignUpDoc[]).map((s) => s._id)
}

/**
 * One transaction that frees a place (`free` writes what frees it and returns the activity with its
 * counts moved; null: nothing to do) and hands the place to the first waitlisted volunteer whose
 * confirmed places do not clash (the others keep their tickets). All of it commits, or none of it:
 * a call that dies half-way leaves no trace. Returns whether someone was promoted.
 */
async function freeAndPromote(
  db: Database,
  activityId: string,
  now: Date,
  free: (tx: Transaction, activity: ActivityDoc) => Promise<ActivityDoc | null>,
): Promise<{ freed: boolean; promoted: boolean }> {
  const candidates = await waitlistHead(db, activityId, 10)
  const at = now.toISOString()
  return inTransaction(db, async (tx) => {
    const current = await readInTx<ActivityDoc>(tx, ACTIVITIES, activityId)
    if (!current) throw new AppError('NOT_FOUND', '活动不存在')
    const freed = await free(tx, current)
    if (!freed) return { freed: false, promoted: false }
    let activity = freed
    let promoted = false
    if (activity.status === 'published' && activity.placesLeft > 0) {
      for (const id of candidates) {
        const waiting = await readInTx<SignUpDoc>(tx, SIGNUPS, id)
        if (waiting?.status !== 'waitlisted') continue
        const user = await readInTx<UserDoc>(tx, USERS, waiting.openid)
        const agenda = upcomingAgenda(user?.agenda, now).filter((entry) => entry.activityId !== activityId)
        if (agendaConflict(agenda, activity, 'confirmed')) continue // a clashing place elsewhere: they keep their ticket
        const promotedSignUp: SignUpDoc = { ...waiting, status: 'confirmed', confirmedAt: at, promotedAt: at, updatedAt: at }
        await writeInTx(tx, SIGNUPS, promotedSignUp)
        // 候补成功: the message commits with the promotion, or neither does
        await notifyInTx(tx, signUpNotice('activity.promoted', activity, promotedSignUp), at)
        if (user) await writeInTx(tx, USERS, { ...user, agenda: [...agenda, agendaEntry(activity, 'confirmed')], agendaRev: (user.agendaRev ?? 0) + 1 })
        activity = { ...activity, placesLeft: activity.placesLeft - 1, confirmedCount: activity.confirmedCount + 1, waitlistedCount: activity.waitlistedCount - 1 }
        promoted = true
        break
      }
    }
    await writeInTx(tx, ACTIVITIES, { ...activity, updatedAt: at })
    return { freed: true, promoted }
  })
}

/**
 * Free places while people wait (capacity raised, a place given back by a sign-up that was
 * undone) go to the waitlist in ticket order, one transaction per place.
 */
export async function fillFreePlaces(db: Database, activityId: string, now: Date): Promise<number> {
  let promoted = 0
  for (let round = 0; round < 50; round++) {
    const result = await freeAndPromote(db, activityId, now, async (_tx, activity) =>
      activity.status === 'published' && activity.placesLeft > 0 && activity.waitlistedCount > 0 ? activity : null,
    )
    if (!result.promoted) return promoted
    promoted++
  }
  return promoted
}

// ---------------------------------------------------------------------------------------------
// The volunteer's agenda: one compare-and-set on their user document.

async function writeAgenda(db: Database, user: UserDoc, agenda: AgendaEntry[]): Promise<boolean> {
  const _ = db.command
  const rev = user.agendaRev ?? 0
  // (a user who never signed up has no agendaRev: `in [0, null]` matches the missing field)
  const result = await db
    .collection(USERS)
    .where({ _id: user._id, agendaRev: rev === 0 ? _.in([0, null]) : rev })
    .update({ agenda: _.set(agenda), agendaRev: rev + 1 })
  return updatedCount(result) === 1
}

/**
 * Whether an agenda entry that stands in the way still stands for something: for the same activity,
 * a sign-up that is confirmed or waitlisted; for a clash, a confirmed place or one being taken right
 * now. An entry left behind by a sign-up that ended (cancelled, released, undone) is dropped.
 */
async function conflictStands(db: Database, openid: string, conflict: AgendaConflict): Promise<SignUpDoc | true | null> {
  const signUp = await findSignUp(db, conflict.entry.activityId, openid)
  if (conflict.kind === 'duplicate') return isActiveSignUp(signUp) ? (signUp as SignUpDoc) : null
  if (signUp?.status === 'confirmed') return signUp
  const other = await findActivity(db, conflict.entry.activityId)
  return other?.inflight?.[openid] ? true : null
}

function conflictError(conflict: AgendaConflict, signUp: SignUpDoc | true): AppError {
  if (conflict.kind === 'duplicate') {
    return new AppError('ALREADY_EXISTS', signUp !== true && signUp.status === 'waitlisted' ? '你已在候补名单中' : '你已报名该活动')
  }
  const title = signUp === true ? '另一项活动' : `“${signUp.title}”`
  return new AppError('INVALID_STATE', `与你已报名的活动${title}时间冲突`, { details: { otherActivityId: conflict.entry.activityId } })
}

/** Put the activity on the volunteer's agenda, refusing a duplicate or a clash that still stands. */
async function placeOnAgenda(db: Database, user: UserDoc, activity: ActivityDoc, status: AgendaEntry['status'], now: Date): Promise<void> {
  let current: UserDoc | null = user
  for (let attempt = 0; attempt < 10 && current; attempt++) {
    let agenda = upcomingAgenda(current.agenda, now)
    for (let conflict = agendaConflict(agenda, activity, status); conflict; conflict = agendaConflict(agenda, activity, status)) {
      const stands = await conflictStands(db, user._id, conflict)
      if (stands) throw conflictError(conflict, stands)
      const stale = conflict.entry
      agenda = agenda.filter((entry) => entry !== stale)
    }
    if (await writeAgenda(db, current, [...agenda, agendaEntry(activity, status)])) return
    current = await findUserDoc(db, user._id) // another sign-up of theirs rewrote it first: check again
  }
  throw new AppError('RATE_LIMITED', '操作太频繁，请稍后再试')
}

async function removeFromAgenda(db: Database, openid: string, activityId: string, now: Date): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const user = await findUserDoc(db, openid)
    if (!user?.agenda?.some((entry) => entry.activityId === activityId)) return
    const next = agendaWithout(user, activityId, now)
    if (await writeAgenda(db, user, next.agenda ?? [])) return
  }
}

// ---------------------------------------------------------------------------------------------
// Sign-up (报名)

const graceSeconds = () => signUpRecoveryGraceSeconds()

function checkCanSignUp(activity: ActivityDoc | null, now: Date): asserts activity is ActivityDoc {
  if (!activity || activity.status === 'draft') throw new AppError('NOT_FOUND', '活动不存在')
  if (activity.status === 'cancelled') throw new AppError('INVALID_STATE', '活动已取消')
  if (!signUpIsOpen(activity, now)) throw new AppError('OUTSIDE_WINDOW', '报名已截止')
}

/**
 * Take a place, or (with a waitlist) the next ticket, with ONE atomic update on the activity that
 * also records the sign-up as under way (`inflight`). Returns the activity as it is after the update.
 */
async function takePlaceOrTicket(db: Database, activityId: string, openid: string, now: Date): Promise<{ activity: ActivityDoc; kind: InflightSignUp['kind'] }> {
  const _ = db.command
  const at = now.toISOString()
  const open = { _id: activityId, status: 'published', signUpDeadline: _.gte(at), [inflightPath(openid)]: _.exists(false) }
  const takePlace = async () =>
    ((await db
      .collection(ACTIVITIES)
      .where({ ...open, placesLeft: _.gt(0) })
      .updateAndReturn({ placesLeft: _.inc(-1), confirmedCount: _.inc(1), [inflightPath(openid)]: _.set({ kind: 'confirmed', at }), inflightCount: _.inc(1), updatedAt: at })) as { doc?: ActivityDoc | null }).doc
  const drawTicket = async () =>
    ((await db
      .collection(ACTIVITIES)
      .where({ ...open, waitlist: true, placesLeft: _.lte(0) })
      .updateAndReturn({ waitSeq: _.inc(1), waitlistedCount: _.inc(1), [inflightPath(openid)]: _.set({ kind: 'waitlisted', at }), inflightCount: _.inc(1), updatedAt: at })) as { doc?: ActivityDoc | null }).doc
  for (let attempt = 0; attempt < 5; attempt++) {
    // an activity this instance saw full a moment ago: the ticket first (its conditions say whether it is still full)
    if (attempt === 0 && seenFull(activityId)) {
      const ticket = await drawTicket()
      if (ticket) return { activity: ticket, kind: 'waitlisted' }
    }
    const place = await takePlace()
    if (place) {
      noteFullness(activityId, place.placesLeft <= 0 && place.waitlist)
      return { activity: place, kind: 'confirmed' }
    }

    // no place: the crowd's usual case is a full activity with a waitlist, so draw the ticket straight
    // away (its conditions are the full story: published, open, full, a waitlist, nothing under way)
    const ticket = await drawTicket()
    if (ticket) {
      noteFullness(activityId, true)
      return { activity: ticket, kind: 'waitlisted' }
    }

    // neither: find out why
    const activity = await findActivity(db, activityId)
    checkCanSignUp(activity, now)
    const mine = activity.inflight?.[openid]
    if (mine) {
      if (!inflightIsAbandoned(mine, now, graceSeconds())) throw new AppError('RATE_LIMITED', '上一次报名还在处理中，请稍后再试')
      await recoverInflight(db, activity, openid, mine, now)
      continue
    }
    if (activity.placesLeft > 0) continue // a place came free in between
    if (!activity.waitlist) throw new AppError('CAPACITY_FULL', '活动名额已满')
  }
  throw new AppError('RATE_LIMITED', '报名人数较多，请稍后再试')
}

/**
 * Activities this function instance saw full in the last few seconds (wall clock), so that the crowd
 * behind a full activity draws its tickets without first being refused a place: one round trip less.
 * Only the order of two conditional updates depends on it, never what they allow: a stale entry costs
 * one refused ticket, and the place is taken as usual.
 */
const fullSince = new Map<string, number>()
const FULL_MEMORY_MS = 5_000
const seenFull = (activityId: string) => {
  const since = fullSince.get(activityId)
  return since !== undefined && Date.now() - since < FULL_MEMORY_MS
}
/** Forget every activity seen full (tests of the path without the memory). */
export const forgetFullActivities = () => fullSince.clear()
function noteFullness(activityId: string, full: boolean) {
  if (!full) {
    fullSince.delete(activityId)
    return
  }
  if (fullSince.size >= 1000) fullSince.clear()
  fullSince.set(activityId, Date.now())
}

function signUpDoc(activity: ActivityDoc, openid: string, kind: InflightSignUp['kind'], at: string): SignUpDoc {
  return {
    _id: signUpId(activity._id, openid),
    activityId: activity._id,
    openid,
    status: kind,
    waitSeq: kind === 'waitlisted' ? activity.waitSeq : null,
    title: activity.title,
    orgName: activity.orgName,
    township: activity.township,
    address: activity.address,
    startAt: activity.startAt,
    endAt: activity.endAt,
    confirmedAt: kind === 'confirmed' ? at : null,
    notice: null,
    createdAt: at,
    updatedAt: at,
    promotedAt: null,
    intentAt: at,
  }
}

/**
 * The sign-up is written down: its `inflight` entry goes. Returns the activity after the update, or
 * null when the entry was gone (recovery finished it) or the activity is no longer published.
 */
async function clearInflight(db: Database, activityId: string, openid: string, at: string, onlyIfPublished: boolean): Promise<ActivityDoc | null> {
  const _ = db.command
  const result = (await db
    .collection(ACTIVITIES)
    .where({ _id: activityId, [`${inflightPath(openid)}.at`]: at, ...(onlyIfPublished ? { status: 'published' } : {}) })
    .updateAndReturn({ [inflightPath(openid)]: _.remove(), inflightCount: _.inc(-1) })) as { doc?: ActivityDoc | null }
  return result.doc ?? null
}

/**
 * The end of a sign-up's protocol on its usual path, with a reply of one number instead of the
 * activity document (which carries the whole crowd's `inflight` map): clears the entry of a
 * sign-up written down while the activity is published and, for a waitlist ticket, while no place
 * is free. Returns false when any of that does not hold (nothing changed then); the caller then
 * clears it with `clearInflight` to learn the activity's state.
 */
async function clearInflightQuietly(db: Database, activityId: string, openid: string, at: string, kind: InflightSignUp['kind']): Promise<boolean> {
  const _ = db.command
  const result = await db
    .collection(ACTIVITIES)
    .where({ _id: activityId, [`${inflightPath(openid)}.at`]: at, status: 'published', ...(kind === 'waitlisted' ? { placesLeft: _.lte(0) } : {}) })
    .update({ [inflightPath(openid)]: _.remove(), inflightCount: _.inc(-1) })
  return updatedCount(result) === 1
}

/**
 * Take back a sign-up that was never written down (its call died, or the agenda refused it): the
 * ticket or the place returns in one atomic step with the `inflight` entry, and a returned place goes
 * to the head of the waitlist in the same transaction. Doing it twice changes nothing more.
 */
async function undoInflight(db: Database, activityId: string, openid: string, entry: InflightSignUp, now: Date): Promise<void> {
  const _ = db.command
  if (entry.kind === 'waitlisted') {
    await db
      .collection(ACTIVITIES)
      .where({ _id: activityId, [`${inflightPath(openid)}.at`]: entry.at })
      .update({ [inflightPath(openid)]: _.remove(), inflightCount: _.inc(-1), waitlistedCount: _.inc(-1), updatedAt: now.toISOString() })
    return
  }
  await freeAndPromote(db, activityId, now, async (_tx, activity) => {
    if (activity.inflight?.[openid]?.at !== entry.at) return null
    const rest = withoutInflight(activity, openid)
    return { ...rest, placesLeft: rest.placesLeft + 1, confirmedCount: rest.confirmedCount - 1 }
  })
}

/**
 * Finish or take back a sign-up whose call died between its writes: written down → clear the entry
 * (and release it if the activity was cancelled meanwhile); not written → undo it.
 */
async function recoverInflight(db: Database, activity: ActivityDoc, openid: string, entry: InflightSignUp, now: Date): Promise<'completed' | 'undone'> {
  const signUp = await findSignUp(db, activity._id, openid)
  if (signUp && signUp.intentAt === entry.at) {
    if (activity.status === 'cancelled' && isActiveSignUp(signUp)) await releaseSignUps(db, activity, now.toISOString(), signUp._id)
    // the call may have died before writing its 报名成功 message: write it now (once, by its id)
    else if (signUp.status === 'confirmed' && !signUp.promotedAt) await notifyOnce(db, signUpNotice('activity.confirmed', activity, signUp), now.toISOString())
    await clearInflight(db, activity._id, openid, entry.at, false)
    return 'completed'
  }
  if (!isActiveSignUp(signUp)) await removeFromAgenda(db, openid, activity._id, now)
  await undoInflight(db, activity._id, openid, entry, now)
  return 'undone'
}

/**
 * Sign up, first come first served, in six database round trips on the usual paths, counting the
 * read of the caller's user document by the access check (a place: place, agenda, sign-up, message,
 * clearing; a waitlist ticket: refused place, ticket, agenda, sign-up, clearing):
 * 1. take a place — or draw a waitlist ticket — with one atomic update that also records the
 *    sign-up as under way on the activity (never more places than capacity, under any concurrency);
 * 2. put it on the volunteer's agenda with one compare-and-set (refuses a second sign-up and a
 *    clashing place, even for two taps at the same instant);
 * 3. write the sign-up document (and, for a place, its 报名成功 message); 4. clear the under-way
 *    record, with a reply of one number (the activity document carries the crowd's records).
 * A full activity with a waitlist draws the ticket right after the refused place, without reading
 * the activity first; the reply tells the ticket's position without counting the waitlist.
 * A call that dies between two steps leaves an under-way record that recovery (on the next read of
 * the activity, the next attempt, and the timer) completes or undoes, so counters end equal to the
 * documents and the volunteer can act again.
 */
export async function signUp(db: Database, activityId: string, user: UserDoc, now: Date): Promise<SignedUp> {
  const openid = user._id
  const at = now.toISOString()
  const listed = upcomingAgenda(user.agenda, now).find((entry) => entry.activityId === activityId)
  if (listed) {
    // most likely a second tap: refuse before taking anything (a stale entry is dropped on the way)
    const stands = await conflictStands(db, openid, { kind: 'duplicate', entry: listed })
    if (stands) throw conflictError({ kind: 'duplicate', entry: listed }, stands)
  }

  const { activity, kind } = await takePlaceOrTicket(db, activityId, openid, now)
  try {
    await placeOnAgenda(db, user, activity, kind, now)
  } catch (error) {
    await undoInflight(db, activityId, openid, { kind, at }, now)
    throw error
  }
  const doc = signUpDoc(activity, openid, kind, at)
  const { _id, ...fields } = doc
  await db.collection(SIGNUPS).doc(_id).set(fields)
  // 报名成功 is a step of the protocol: written before the under-way record goes, so a call that dies
  // here leaves a record whose recovery writes it (its id comes from the sign-up: never two)
  if (kind === 'confirmed') await notifyOnce(db, signUpNotice('activity.confirmed', activity, doc), at)
  // a ticket's place in the waitlist when it was drawn: every waitlisted sign-up holds an earlier ticket
  const drawnPosition = kind === 'waitlisted' ? activity.waitlistedCount : null
  if (await clearInflightQuietly(db, activityId, openid, at, kind)) return { signUp: doc, waitlistPosition: drawnPosition }

  const settled = await clearInflight(db, activityId, openid, at, true)
  if (!settled) {
    // the organization cancelled meanwhile (or recovery finished it first): release like the rest
    const after = await findActivity(db, activityId)
    if (after?.status === 'cancelled') {
      await releaseSignUps(db, after, at, _id)
      await clearInflight(db, activityId, openid, at, false)
      throw new AppError('INVALID_STATE', '活动已取消')
    }
  }
  if (kind === 'waitlisted' && settled && settled.placesLeft > 0) {
    // a place given back while this ticket was being written down found nobody waiting yet: hand it over now
    if ((await fillFreePlaces(db, activityId, now)) > 0) {
      return { signUp: (await findSignUp(db, activityId, openid)) ?? doc, waitlistPosition: null }
    }
  }
  return { signUp: doc, waitlistPosition: null }
}

/**
 * What a sign-up ended as. `waitlistPosition`: a ticket's place in the waitlist as the ticket was
 * drawn (the waitlisted count then: every other ticket is earlier), so the reply needs no count;
 * null when the caller must count it (a sign-up that took a slower path, or a place).
 */
export interface SignedUp {
  signUp: SignUpDoc
  waitlistPosition: number | null
}

/** Give up a place or a waitlist ticket until the activity starts; a freed place goes to the head of the waitlist in the same transaction. */
export async function cancelSignUp(db: Database, activityId: string, openid: string, now: Date): Promise<{ promoted: number }> {
  const [activity, existing] = await Promise.all([findActivity(db, activityId), findSignUp(db, activityId, openid)])
  if (!activity || !existing || !isActiveSignUp(existing)) throw new AppError('NOT_FOUND', '你没有报名该活动')
  if (!signUpCanBeCancelled(activity, now)) throw new AppError('OUTSIDE_WINDOW', '活动已开始，不能取消报名')
  const at = now.toISOString()
  const { promoted, freed } = await freeAndPromote(db, activityId, now, async (tx, current) => {
    const signUp = await readInTx<SignUpDoc>(tx, SIGNUPS, existing._id)
    if (!signUp || !isActiveSignUp(signUp)) throw new AppError('NOT_FOUND', '你没有报名该活动')
    await writeInTx(tx, SIGNUPS, { ...signUp, status: 'cancelled', updatedAt: at })
    const user = await readInTx<UserDoc>(tx, USERS, openid)
    if (user) await writeInTx(tx, USERS, agendaWithout(user, activityId, now))
    return signUp.status === 'confirmed'
      ? { ...current, placesLeft: current.placesLeft + 1, confirmedCount: current.confirmedCount - 1 }
      : { ...current, waitlistedCount: current.waitlistedCount - 1 }
  })
  // someone drew a ticket after the waitlist was read for this transaction: the place is theirs
  if (freed && !promoted && existing.status === 'confirmed') return { promoted: (await fillFreePlaces(db, activityId, now)) > 0 ? 1 : 0 }
  return { promoted: promoted ? 1 : 0 }
}

/**
 * Recovery of one activity: sign-ups whose calls died half-way are completed or undone, and free
 * places go to the waitlist. Runs on reads of the activity, on the timer, and on the local host.
 */
export async function recoverActivity(db: Database, activityId: string, now: Date): Promise<{ recovered: number; promoted: number }> {
  const activity = await findActivity(db, activityId)
  if (!activity) return { recovered: 0, promoted: 0 }
  let recovered = 0
  for (const [openid, entry] of Object.entries(activity.inflight ?? {})) {
    if (!inflightIsAbandoned(entry, now, graceSeconds())) continue
    await recoverInflight(db, activity, openid, entry, now)
    recovered++
  }
  const promoted = activity.status === 'published' && activity.waitlistedCount > 0 ? await fillFreePlaces(db, activityId, now) : 0
  return { recovered, promoted }
}

/** Whether reading this activity should first run recovery on it. */
export const needsRecovery = (activity: ActivityDoc, now: Date) =>
  Object.values(activity.inflight ?? {}).some((entry) => inflightIsAbandoned(entry, now, graceSeconds())) ||
  (activity.status === 'published' && activity.placesLeft > 0 && activity.waitlistedCount > 0)

/** The recovery timer: every activity with a sign-up under way too long, or free places while people wait. */
export async function recoverAll(db: Database, now: Date): Promise<{ activities: number; recovered: number; promoted: number }> {
  const _ = db.command
  const [inflight, waiting] = await Promise.all([
    db.collection(ACTIVITIES).where({ inflightCount: _.gt(0) }).limit(200).get(),
    db.collection(ACTIVITIES).where({ status: 'published', placesLeft: _.gt(0), waitlistedCount: _.gt(0) }).limit(200).get(),
  ])
  const ids = new Set([...(inflight.data as ActivityDoc[]), ...(waiting.data as ActivityDoc[])].map((a) => a._id))
  let recovered = 0
  let promoted = 0
  for (const id of ids) {
    const result = await recoverActivity(db, id, now)
    recovered += result.recovered
    promoted += result.promoted
  }
  // announcements whose fan-out was cut short (the change landed, not every volunteer was told yet)
  const { data: unannounced } = await db.collection(ACTIVITIES).where({ noticePending: true }).limit(200).get()
  for (const activity of unannounced as ActivityDoc[]) await announce(db, activity, now.toISOString())
  return { activities: ids.size, recovered, promoted }
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
    // a change of what volunteers come for (time, place, title) is announced to them: the
    // announcement is recorded in this same conditional update and told by a fan-out (see announce)
    const announced = activity.status === 'published' && announcedFieldsChange(activity, rest)
    const result = await db
      .collection(ACTIVITIES)
      .where({ _id: activityId, status: activity.status, capacity: activity.capacity, placesLeft: _.gte(-change) })
      .update({
        ...rest,
        ...(change ? { capacity, placesLeft: _.inc(change) } : {}),
        ...(announced ? { noticeKind: 'activity.changed', noticeRev: _.inc(1), noticePending: true } : {}),
        updatedAt: at,
      })
    if ((result as { updated?: number }).updated === 1) {
      const next = (await findActivity(db, activityId)) as ActivityDoc
      if (next.noticePending) await announce(db, next, at)
      if (next.status === 'published' && next.placesLeft > 0 && next.waitlistedCount > 0) await fillFreePlaces(db, activityId, now)
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
 * Cancel the activity (conditionally: only from draft or published), release every sign-up telling
 * each volunteer why, and take it off their agendas. Running it again on a cancelled activity
 * finishes a release that was cut short; a sign-up under way at that moment releases itself.
 */
export async function cancelActivity(db: Database, activityId: string, reason: string | null, at: string): Promise<number> {
  const _ = db.command
  await db
    .collection(ACTIVITIES)
    .where({ _id: activityId, status: _.in(['draft', 'published']) })
    .update({ status: 'cancelled', cancelReason: reason, cancelledAt: at, updatedAt: at, noticeKind: 'activity.cancelled', noticeRev: _.inc(1), noticePending: true })
  const current = await findActivity(db, activityId)
  if (!current) return 0
  const released = await releaseSignUps(db, current, at)
  await announce(db, current, at, { releaseFirst: false })
  return released
}

/** Release the active sign-ups of a cancelled activity (or one of them) and take them off the agendas. */
async function releaseSignUps(db: Database, activity: ActivityDoc, at: string, onlyId?: string): Promise<number> {
  const _ = db.command
  const activityId = activity._id
  const result = await db
    .collection(SIGNUPS)
    .where({ activityId, status: _.in(['confirmed', 'waitlisted']), ...(onlyId ? { _id: onlyId } : {}) })
    .update({ status: 'released', notice: releaseNotice(activity.cancelReason), updatedAt: at })
  await db
    .collection(USERS)
    .where({ 'agenda.activityId': activityId, ...(onlyId ? { _id: onlyId.slice(activityId.length + 1) } : {}) })
    .update({ agenda: _.pull({ activityId }), agendaRev: _.inc(1) })
  // a sign-up released on its own (it was under way when the activity was cancelled) is told too
  if (onlyId && activity.noticeKind === 'activity.cancelled') {
    await notifyOnce(db, activityAnnouncement('activity.cancelled', activity, onlyId.slice(activityId.length + 1), activity.noticeRev ?? 1), at)
  }
  return updatedCount(result)
}

const ANNOUNCED_FIELDS = ['title', 'startAt', 'endAt', 'township', 'address'] as const
const announcedFieldsChange = (activity: ActivityDoc, patch: Partial<ActivityDoc>) => ANNOUNCED_FIELDS.some((field) => patch[field] !== undefined && patch[field] !== activity[field])

/**
 * Tell every volunteer concerned of the activity's latest announcement (`noticeRev`): a change goes
 * to the confirmed and waitlisted, a cancellation to the sign-ups it released.
 *
 * Why a fan-out and not a transaction: one change can concern a thousand volunteers, more writes
 * than one transaction should carry. So the change and the announcement's record (`noticeKind`,
 * `noticeRev`, `noticePending: true`) are ONE conditional update on the activity — the change never
 * lands without it — and this fan-out is its recoverable second half: each message has an id
 * derived from (kind, activity, volunteer, rev), written create-if-absent, and `noticePending` is
 * cleared (only for that rev) after all are written. A call that dies part-way leaves
 * `noticePending`, and the activity recovery timer runs this again: nobody is told twice, nobody
 * is left out. A newer announcement supersedes an older one still pending (the latest is what counts).
 */
export async function announce(db: Database, activity: ActivityDoc, at: string, options: { releaseFirst: boolean } = { releaseFirst: true }): Promise<number> {
  if (!activity.noticePending || !activity.noticeKind) return 0
  const _ = db.command
  const kind = activity.noticeKind
  const rev = activity.noticeRev ?? 1
  if (kind === 'activity.cancelled' && options.releaseFirst) await releaseSignUps(db, activity, at) // finish a release cut short
  const statuses = kind === 'activity.cancelled' ? ['released'] : ['confirmed', 'waitlisted']
  const told: string[] = []
  for (let page = 0; page < 20; page++) {
    const { data } = await db
      .collection(SIGNUPS)
      .where({ activityId: activity._id, status: _.in(statuses), ...(told.length ? { _id: _.gt(told[told.length - 1] as string) } : {}) })
      .orderBy('_id', 'asc')
      .limit(1000)
      .get()
    const signUps = data as SignUpDoc[]
    await notifyEach(db, signUps.map((s) => activityAnnouncement(kind, activity, s.openid, rev)), at)
    told.push(...signUps.map((s) => s._id))
    if (signUps.length < 1000) break
  }
  await db.collection(ACTIVITIES).where({ _id: activity._id, noticeRev: rev, noticePending: true }).update({ noticePending: false })
  return told.length
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

/** Published activities starting in [from, to), page by page (the reminders' timer). */
export function activitiesStartingBetween(db: Database, from: string, to: string): AsyncGenerator<ActivityDoc[]> {
  const _ = db.command
  return keysetPages<ActivityDoc>(db, ACTIVITIES, [{ status: 'published', startAt: _.and(_.gte(from), _.lt(to)) }], { field: 'startAt', order: 'asc' })
}

/** The confirmed sign-ups of some activities, page by page: one query per page, not one per activity. */
export function confirmedSignUpsOf(db: Database, activityIds: string[]): AsyncGenerator<SignUpDoc[]> {
  const _ = db.command
  return keysetPages<SignUpDoc>(db, SIGNUPS, [{ activityId: _.in(activityIds), status: 'confirmed' }], { field: 'createdAt', order: 'asc' })
}
