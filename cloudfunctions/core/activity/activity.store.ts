import { randomBytes } from 'node:crypto'
import type { Database } from '../cloudbase'
import { AppError } from '../errors'
import { keysetPage, keysetPages } from '../keyset'
import { signUpRecoveryGraceSeconds, underWayIsAbandoned } from '../settings/policies'
import type { Transaction } from '../transaction'
import { inTransaction } from '../transaction'
import { roleRequired } from '../access'
import { findUser, type UserDoc } from '../user/user.store'
import { activityAnnouncement, signUpNotice } from '../message/message.events'
import { findNotification, notifyEach, notifyInTx, notifyOnce } from '../message/message.store'
import { notificationId } from '../message/message.rules'
import type { ActivityStatus } from './activity.schema'
import {
  agendaConflict,
  agendaEntry,
  isActiveSignUp,
  signUpCanBeCancelled,
  signUpIsOpen,
  upcomingAgenda,
  type ActivityDoc,
  type AgendaConflict,
  type AgendaEntry,
  type SignUpDoc,
} from './activity.rules'

export type { ActivityDoc, SignUpDoc } from './activity.rules'

const ACTIVITIES = 'activities'
const SIGNUPS = 'activity_signups'
const USERS = 'users'
export const newActivityId = () => `act-${randomBytes(6).toString('hex')}`
export const signUpId = (activityId: string, openid: string) => `${activityId}:${openid}`

const updatedCount = (result: unknown) => (result as { updated?: number }).updated ?? 0

/** One activity; what it shows of its places is remembered for the sign-ups that follow (`placesSeen`). */
export async function findActivity(db: Database, activityId: string): Promise<ActivityDoc | null> {
  const { data } = await db.collection(ACTIVITIES).where({ _id: activityId }).limit(1).get()
  const activity = (data as ActivityDoc[])[0] ?? null
  if (activity) placesSeen.note(activity)
  return activity
}

export async function insertActivity(db: Database, activity: ActivityDoc): Promise<void> {
  await db.collection(ACTIVITIES).add({ ...activity, countRev: activity.countRev ?? 0, recountDue: activity.recountDue ?? false })
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
        if (user) await writeInTx(tx, USERS, { ...user, agenda: [...agenda, agendaEntry(activity, 'confirmed', waiting.intentAt)], agendaRev: (user.agendaRev ?? 0) + 1 })
        activity = { ...activity, placesLeft: activity.placesLeft - 1, confirmedCount: activity.confirmedCount + 1, waitlistedCount: activity.waitlistedCount - 1 }
        promoted = true
        break
      }
    }
    await writeInTx(tx, ACTIVITIES, { ...activity, countRev: (activity.countRev ?? 0) + 1, updatedAt: at })
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
 * a sign-up that is confirmed or waitlisted; for a clash, a confirmed place. An entry whose document
 * is not written yet stands while its sign-up may still be running (`underway`); an entry left
 * behind by a sign-up that ended (cancelled, released, cut short) is dropped.
 */
async function conflictStands(db: Database, openid: string, conflict: AgendaConflict, now: Date): Promise<SignUpDoc | 'underway' | null> {
  const signUp = await findSignUp(db, conflict.entry.activityId, openid)
  if (conflict.kind === 'duplicate' ? isActiveSignUp(signUp) : signUp?.status === 'confirmed') return signUp as SignUpDoc
  if (!isActiveSignUp(signUp) && conflict.entry.at && !underWayIsAbandoned(conflict.entry.at, now)) return 'underway'
  return null
}

/**
 * `agenda` without the entries in the activity's way that no longer stand for anything (a
 * duplicate or a clash left behind by a sign-up that ended), or the error of the first that stands.
 */
async function withoutStaleConflicts(db: Database, openid: string, agenda: AgendaEntry[], activity: ActivityDoc, status: AgendaEntry['status'], now: Date): Promise<{ agenda: AgendaEntry[] } | { refusal: AppError }> {
  let kept = agenda
  for (let conflict = agendaConflict(kept, activity, status); conflict; conflict = agendaConflict(kept, activity, status)) {
    const stands = await conflictStands(db, openid, conflict, now)
    if (stands) return { refusal: conflictError(conflict, stands) }
    const stale = conflict.entry
    kept = kept.filter((entry) => entry !== stale)
  }
  return { agenda: kept }
}

function conflictError(conflict: AgendaConflict, signUp: SignUpDoc | 'underway'): AppError {
  if (conflict.kind === 'duplicate') {
    if (signUp === 'underway') return new AppError('RATE_LIMITED', '上一次报名还在处理中，请稍后再试')
    return new AppError('ALREADY_EXISTS', signUp.status === 'waitlisted' ? '你已在候补名单中' : '你已报名该活动')
  }
  const title = signUp === 'underway' ? '另一项活动' : `“${signUp.title}”`
  return new AppError('INVALID_STATE', `与你已报名的活动${title}时间冲突`, { details: { otherActivityId: conflict.entry.activityId } })
}

/**
 * Put the activity on the volunteer's agenda with one conditional write and no read before it: the
 * write requires the volunteer role and no entry for this activity yet, and returns the agenda as it
 * now is. Whichever of two clashing sign-ups is written second sees the other there and is refused
 * (an entry whose sign-up is still running stands), so two taps at the same instant never both hold
 * clashing places. When the write's conditions fail, the user document is read to say why: not a
 * volunteer, or the activity listed already (a second tap, or an entry left behind, which is dropped).
 */
async function placeOnAgenda(db: Database, openid: string, activity: ActivityDoc, status: AgendaEntry['status'], at: string, now: Date): Promise<void> {
  const entry = agendaEntry(activity, status, at)
  const placed = await pushOntoAgenda(db, openid, entry)
  if (!placed) {
    const user = await findUser(db, openid)
    if (!user?.roles.includes('volunteer')) throw roleRequired('volunteer')
    return rewriteAgendaWith(db, user, activity, entry, now)
  }
  const others = upcomingAgenda(placed.agenda, now).filter((other) => other.activityId !== activity._id)
  const checked = await withoutStaleConflicts(db, openid, others, activity, status, now)
  if ('refusal' in checked) {
    await removeFromAgenda(db, openid, activity._id, now, at)
    throw checked.refusal
  }
  // entries of ended activities and of sign-ups that ended come off, as any rewrite of the agenda
  // drops them (best effort: a change in between keeps them for the next rewrite)
  if (checked.agenda.length + 1 < (placed.agenda ?? []).length) await writeAgenda(db, placed, [...checked.agenda, entry])
}

/** The entry pushed onto the agenda of `openid` if they are a volunteer without an entry for its activity; their user document after it, or null. */
async function pushOntoAgenda(db: Database, openid: string, entry: AgendaEntry): Promise<UserDoc | null> {
  const _ = db.command
  const { doc } = (await db
    .collection(USERS)
    .where({ _id: openid, roles: 'volunteer', 'agenda.activityId': _.neq(entry.activityId) })
    .updateAndReturn({ agenda: _.push(entry), agendaRev: _.inc(1) })) as { doc?: UserDoc | null }
  return doc ?? null
}

/** The agenda rewritten with `entry` by compare-and-set, refusing a duplicate or a clash that still stands. */
async function rewriteAgendaWith(db: Database, user: UserDoc, activity: ActivityDoc, entry: AgendaEntry, now: Date): Promise<void> {
  let current: UserDoc | null = user
  for (let attempt = 0; attempt < 10 && current; attempt++) {
    const checked = await withoutStaleConflicts(db, user._id, upcomingAgenda(current.agenda, now), activity, entry.status, now)
    if ('refusal' in checked) throw checked.refusal
    if (await writeAgenda(db, current, [...checked.agenda, entry])) return
    current = await findUser(db, user._id) // another sign-up of theirs rewrote it first: check again
  }
  throw new AppError('RATE_LIMITED', '操作太频繁，请稍后再试')
}

/**
 * Why the caller may not sign up for the activity, if a reason of theirs comes before the
 * activity's own (a sign-up that could not take a place reports these first): not a volunteer, or
 * signed up already.
 */
async function callerRefusal(db: Database, openid: string, activityId: string, now: Date): Promise<AppError | null> {
  const user = await findUser(db, openid)
  if (!user?.roles.includes('volunteer')) return roleRequired('volunteer')
  const listed = upcomingAgenda(user.agenda, now).find((entry) => entry.activityId === activityId)
  if (!listed) return null
  const stands = await conflictStands(db, openid, { kind: 'duplicate', entry: listed }, now)
  return stands ? conflictError({ kind: 'duplicate', entry: listed }, stands) : null
}

/** Take the activity off an agenda, unless the entry there is another sign-up's than `at`'s (when given). */
async function removeFromAgenda(db: Database, openid: string, activityId: string, now: Date, at?: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const user = await findUser(db, openid)
    const entry = user?.agenda?.find((e) => e.activityId === activityId)
    if (!user || !entry || (at !== undefined && entry.at !== at)) return
    const next = agendaWithout(user, activityId, now)
    if (await writeAgenda(db, user, next.agenda ?? [])) return
  }
}

// ---------------------------------------------------------------------------------------------
// Sign-up (报名)

function checkCanSignUp(activity: ActivityDoc | null, now: Date): asserts activity is ActivityDoc {
  if (!activity || activity.status === 'draft') throw new AppError('NOT_FOUND', '活动不存在')
  if (activity.status === 'cancelled') throw new AppError('INVALID_STATE', '活动已取消')
  if (!signUpIsOpen(activity, now)) throw new AppError('OUTSIDE_WINDOW', '报名已截止')
}

type SignUpKind = AgendaEntry['status']

/**
 * Take a place, or (with a waitlist) the next ticket, with ONE atomic update on the activity, which
 * also marks the counters for a recount once the crowd has passed. Returns the activity as it is
 * after the update.
 */
async function takePlaceOrTicket(db: Database, activityId: string, now: Date): Promise<{ activity: ActivityDoc; kind: SignUpKind }> {
  const _ = db.command
  const at = now.toISOString()
  const open = { _id: activityId, status: 'published', signUpDeadline: _.gte(at) }
  const taken = { countRev: _.inc(1), recountDue: true, lastTakeAt: at, updatedAt: at }
  const takePlace = async () =>
    ((await db
      .collection(ACTIVITIES)
      .where({ ...open, placesLeft: _.gt(0) })
      .updateAndReturn({ placesLeft: _.inc(-1), confirmedCount: _.inc(1), ...taken })) as { doc?: ActivityDoc | null }).doc
  const drawTicket = async () =>
    ((await db
      .collection(ACTIVITIES)
      .where({ ...open, waitlist: true, placesLeft: _.lte(0) })
      .updateAndReturn({ waitSeq: _.inc(1), waitlistedCount: _.inc(1), ...taken })) as { doc?: ActivityDoc | null }).doc
  for (let attempt = 0; attempt < 5; attempt++) {
    // an activity this instance believes full: the ticket first (its conditions say whether it is still full)
    if (attempt === 0 && placesSeen.likelyFull(activityId)) {
      const ticket = await drawTicket()
      if (ticket) return { activity: ticket, kind: 'waitlisted' }
    }
    const place = await placesSeen.whileTaking(activityId, takePlace)
    if (place) {
      placesSeen.note(place)
      return { activity: place, kind: 'confirmed' }
    }

    // no place: the crowd's usual case is a full activity with a waitlist, so draw the ticket straight
    // away (its conditions are the full story: published, open, full, a waitlist)
    const ticket = await drawTicket()
    if (ticket) {
      placesSeen.note(ticket)
      return { activity: ticket, kind: 'waitlisted' }
    }

    // neither: find out why
    const activity = await findActivity(db, activityId)
    checkCanSignUp(activity, now)
    if (activity.placesLeft > 0) continue // a place came free in between
    if (!activity.waitlist) throw new AppError('CAPACITY_FULL', '活动名额已满')
  }
  throw new AppError('RATE_LIMITED', '报名人数较多，请稍后再试')
}

/**
 * What this function instance last saw of an activity's places (wall clock, a few seconds), and the
 * places it is taking right now: when the places it saw are all being taken, the crowd behind a full
 * activity draws its tickets without first being refused a place (one round trip less). Only the
 * order of two conditional updates depends on it, never what they allow: a wrong guess costs one
 * refused ticket, and the place is taken as usual.
 */
const placesSeen = (() => {
  const MEMORY_MS = 5_000
  const seen = new Map<string, { left: number; at: number }>()
  const taking = new Map<string, number>()
  return {
    likelyFull(activityId: string): boolean {
      const last = seen.get(activityId)
      return last !== undefined && Date.now() - last.at < MEMORY_MS && last.left - (taking.get(activityId) ?? 0) <= 0
    },
    /** Remembers the places of an activity just read or written (only one with a waitlist has tickets to draw). */
    note(activity: Pick<ActivityDoc, '_id' | 'placesLeft' | 'waitlist'>) {
      if (!activity.waitlist) return
      if (seen.size >= 1000) seen.clear()
      seen.set(activity._id, { left: activity.placesLeft, at: Date.now() })
    },
    async whileTaking<T>(activityId: string, take: () => Promise<T>): Promise<T> {
      taking.set(activityId, (taking.get(activityId) ?? 0) + 1)
      try {
        return await take()
      } finally {
        const left = (taking.get(activityId) ?? 1) - 1
        if (left > 0) taking.set(activityId, left)
        else taking.delete(activityId)
      }
    },
    forget: () => seen.clear(),
  }
})()

/** Forget every activity's places seen (tests of the path without the memory). */
export const forgetPlacesSeen = () => placesSeen.forget()

function signUpDoc(activity: ActivityDoc, openid: string, kind: SignUpKind, at: string): SignUpDoc {
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
 * Give back a place or a ticket taken by a sign-up that goes no further (the agenda refused it): a
 * place goes to the head of the waitlist in the same transaction.
 */
async function giveBack(db: Database, activityId: string, kind: SignUpKind, now: Date): Promise<void> {
  const _ = db.command
  if (kind === 'waitlisted') {
    await db.collection(ACTIVITIES).where({ _id: activityId }).update({ waitlistedCount: _.inc(-1), countRev: _.inc(1), updatedAt: now.toISOString() })
    return
  }
  await freeAndPromote(db, activityId, now, async (_tx, activity) => ({ ...activity, placesLeft: activity.placesLeft + 1, confirmedCount: activity.confirmedCount - 1 }))
}

/**
 * Sign up, first come first served, in four database round trips with a place and three with a
 * waitlist ticket on the usual paths (a place: place, agenda, 报名成功, sign-up; a ticket: ticket,
 * agenda, sign-up — one more, a refused place, unless this instance saw the activity full a moment
 * ago). The caller's user document is not read first: the agenda write checks the volunteer role
 * and a second sign-up itself, and a refusal there gives back what was taken (the place goes to the
 * head of the waitlist), as a clash always has.
 * 1. take a place — or draw a waitlist ticket — with one atomic update on the activity (never more
 *    places than capacity, under any concurrency); when it takes nothing, the caller's own reason
 *    (not a volunteer, signed up already) is reported before the activity's;
 * 2. put it on the volunteer's agenda with one conditional write, the entry stamped with when this
 *    call started (refuses a non-volunteer, a second sign-up and a clashing place, even for two taps
 *    at the same instant); a refusal gives the place or ticket back;
 * 3. for a place, write its 报名成功 message (its id comes from the sign-up: never two);
 * 4. write the sign-up document: the sign-up is done.
 * A call that dies between two steps leaves the activity's counters one above its documents; the
 * activity is marked for a recount, which runs once no sign-up can still be running (on the next
 * read of the activity, or the timer): it finishes a sign-up whose volunteer was told 报名成功,
 * takes the others off their agendas, and sets the counters from the documents.
 */
export async function signUp(db: Database, activityId: string, openid: string, now: Date): Promise<SignedUp> {
  const at = now.toISOString()
  const { activity, kind } = await takePlaceOrTicket(db, activityId, now).catch(async (error: unknown) => {
    throw (error instanceof AppError && (await callerRefusal(db, openid, activityId, now))) || error
  })
  try {
    await placeOnAgenda(db, openid, activity, kind, at, now)
  } catch (error) {
    await giveBack(db, activityId, kind, now)
    throw error
  }
  const doc = signUpDoc(activity, openid, kind, at)
  // 报名成功 before the document: a call that dies between the two is finished by the recount
  // (the volunteer was told), one that dies before it is taken back
  if (kind === 'confirmed') await notifyOnce(db, signUpNotice('activity.confirmed', activity, doc), at)
  const { _id, ...fields } = doc
  await db.collection(SIGNUPS).doc(_id).set(fields)
  // a ticket's place in the waitlist when it was drawn: every waitlisted sign-up holds an earlier ticket
  return { signUp: doc, waitlistPosition: kind === 'waitlisted' ? activity.waitlistedCount : null }
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

// ---------------------------------------------------------------------------------------------
// Recovery: the recount after a crowd

/** The activity's sign-up documents that hold a place and a ticket, counted. */
async function countSignUps(db: Database, activityId: string): Promise<{ confirmed: number; waitlisted: number }> {
  const [confirmed, waitlisted] = await Promise.all(
    (['confirmed', 'waitlisted'] as const).map(async (status) => (await db.collection(SIGNUPS).where({ activityId, status }).count()).total),
  )
  return { confirmed, waitlisted }
}

/**
 * Sign-ups of this activity cut short after their agenda entry: an entry with no document of its
 * own. One whose volunteer was told 报名成功 (its message is there) is written down; the others come
 * off the agenda. Returns how many were finished and how many taken back.
 */
async function settleInterrupted(db: Database, activity: ActivityDoc, now: Date): Promise<{ finished: number; undone: number }> {
  const _ = db.command
  const settled = { finished: 0, undone: 0 }
  for await (const users of keysetPages<UserDoc>(db, USERS, [{ 'agenda.activityId': activity._id }], { field: 'createdAt', order: 'asc' })) {
    const { data } = await db.collection(SIGNUPS).where({ _id: _.in(users.map((user) => signUpId(activity._id, user._id))) }).limit(users.length).get()
    const byId = new Map((data as SignUpDoc[]).map((doc) => [doc._id, doc]))
    for (const user of users) {
      const entry = user.agenda?.find((e) => e.activityId === activity._id)
      const doc = byId.get(signUpId(activity._id, user._id))
      if (!entry || isActiveSignUp(doc)) continue
      if (entry.at && !underWayIsAbandoned(entry.at, now)) continue // still running: not this recount's
      const told = entry.status === 'confirmed' && entry.at && (await findNotification(db, notificationId('activity.confirmed', activity._id, user._id, Date.parse(entry.at))))
      if (told && entry.at && activity.status === 'published') {
        const { _id, ...fields } = signUpDoc(activity, user._id, 'confirmed', entry.at)
        await db.collection(SIGNUPS).doc(_id).set(fields)
        settled.finished++
      } else {
        await removeFromAgenda(db, user._id, activity._id, now, entry.at)
        settled.undone++
      }
    }
  }
  return settled
}

/**
 * The recount of an activity whose crowd has passed (`recountDue`, the last place taken longer ago
 * than any function may run): when the counters are above the documents, a sign-up died after
 * taking its place: settle those cut short, then set the counters from the documents — only if
 * nothing moved them meanwhile (`countRev`) and the capacity is the one counted against. A
 * cancelled activity's sign-ups written after its release are released too. Returns how many
 * sign-ups cut short it finished or took back.
 */
async function recount(db: Database, activity: ActivityDoc, now: Date): Promise<number> {
  const at = now.toISOString()
  const unchanged = { _id: activity._id, countRev: activity.countRev ?? 0, capacity: activity.capacity, status: activity.status }
  if (activity.status === 'cancelled') {
    await releaseSignUps(db, activity, at)
    await announce(db, { ...activity, noticePending: true }, at, { releaseFirst: false })
    await db.collection(ACTIVITIES).where(unchanged).update({ recountDue: false })
    return 0
  }
  let counted = await countSignUps(db, activity._id)
  if (counted.confirmed === activity.confirmedCount && counted.waitlisted === activity.waitlistedCount) {
    await db.collection(ACTIVITIES).where(unchanged).update({ recountDue: false })
    return 0
  }
  const settled = await settleInterrupted(db, activity, now)
  counted = await countSignUps(db, activity._id)
  const lost = activity.confirmedCount - counted.confirmed + (activity.waitlistedCount - counted.waitlisted)
  await db
    .collection(ACTIVITIES)
    .where(unchanged)
    .update({
      confirmedCount: counted.confirmed,
      waitlistedCount: counted.waitlisted,
      placesLeft: activity.capacity - counted.confirmed,
      countRev: db.command.inc(1),
      recountDue: false,
      updatedAt: at,
    })
  return settled.finished + Math.max(lost, settled.undone)
}

const recountIsDue = (activity: ActivityDoc, now: Date) => activity.recountDue === true && (!activity.lastTakeAt || underWayIsAbandoned(activity.lastTakeAt, now))

/**
 * Recovery of one activity: the recount once its crowd has passed, and free places handed to the
 * waitlist. Runs on reads of the activity, on the timer, and on the local host.
 */
export async function recoverActivity(db: Database, activityId: string, now: Date): Promise<{ recovered: number; promoted: number }> {
  const activity = await findActivity(db, activityId)
  if (!activity) return { recovered: 0, promoted: 0 }
  const recovered = recountIsDue(activity, now) ? await recount(db, activity, now) : 0
  const after = recovered ? await findActivity(db, activityId) : activity
  const promoted = after && after.status === 'published' && after.waitlistedCount > 0 ? await fillFreePlaces(db, activityId, now) : 0
  return { recovered, promoted }
}

/** Whether reading this activity should first run recovery on it. */
export const needsRecovery = (activity: ActivityDoc, now: Date) =>
  recountIsDue(activity, now) || (activity.status === 'published' && activity.placesLeft > 0 && activity.waitlistedCount > 0)

/** The recovery timer: every activity whose recount is due, or with free places while people wait. */
export async function recoverAll(db: Database, now: Date): Promise<{ activities: number; recovered: number; promoted: number }> {
  const _ = db.command
  const passed = new Date(now.getTime() - signUpRecoveryGraceSeconds() * 1000).toISOString()
  const [due, waiting] = await Promise.all([
    db.collection(ACTIVITIES).where({ recountDue: true, lastTakeAt: _.lte(passed) }).limit(200).get(),
    db.collection(ACTIVITIES).where({ status: 'published', placesLeft: _.gt(0), waitlistedCount: _.gt(0) }).limit(200).get(),
  ])
  const ids = new Set([...(due.data as ActivityDoc[]), ...(waiting.data as ActivityDoc[])].map((a) => a._id))
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
