import { randomBytes } from 'node:crypto'
import type { Database } from '../cloudbase'
import { AppError } from '../errors'
import { keysetPage } from '../keyset'
import { isDuplicateKey } from '../store-errors'
import { inTransaction, type Transaction } from '../transaction'
import type { AidStatus } from './aid.constants'
import type { AidAccessDoc, AidApplicationDoc, AidEventDoc, AidProgramDoc } from './aid.rules'

/**
 * Data access of 救助申请. Collections: `aid_programs`, `aid_applications`, `aid_claims` (one per
 * person and programme, id = keyed hash of the ID number), `aid_events` (append-only decision
 * trail), `aid_access_log` (every reviewer read).
 */
const PROGRAMS = 'aid_programs'
const APPLICATIONS = 'aid_applications'
const CLAIMS = 'aid_claims'
const EVENTS = 'aid_events'
const ACCESS = 'aid_access_log'

const newId = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`
export const newProgramId = () => newId('aidp')
export const newApplicationId = () => newId('aida')

export type NewEvent = Omit<AidEventDoc, '_id'>

export async function insertProgram(db: Database, program: AidProgramDoc): Promise<void> {
  await db.collection(PROGRAMS).add(program)
}

export async function findProgram(db: Database, programId: string): Promise<AidProgramDoc | null> {
  const { data } = await db.collection(PROGRAMS).where({ _id: programId }).limit(1).get()
  return (data as AidProgramDoc[])[0] ?? null
}

export async function listPrograms(db: Database, orgId?: string): Promise<AidProgramDoc[]> {
  const { data } = await db.collection(PROGRAMS).where(orgId ? { orgId } : {}).orderBy('opensAt', 'desc').limit(100).get()
  return data as AidProgramDoc[]
}

export async function findApplication(db: Database, applicationId: string): Promise<AidApplicationDoc | null> {
  const { data } = await db.collection(APPLICATIONS).where({ _id: applicationId }).limit(1).get()
  return (data as AidApplicationDoc[])[0] ?? null
}

/**
 * The claim (id = keyed hash of the ID number), the application and its first trail entry, in one
 * transaction: of any number of applications with the same number, exactly one lands.
 */
export async function submitApplication(db: Database, application: AidApplicationDoc, event: NewEvent): Promise<void> {
  const duplicate = () => new AppError('ALREADY_EXISTS', '该身份证号已申请过本项目，请勿重复申请')
  try {
    await inTransaction(db, async (tx) => {
      const claim = await tx.collection(CLAIMS).doc(application.claimId).get()
      if (claim.data) throw duplicate()
      await tx.collection(CLAIMS).add({ _id: application.claimId, programId: application.programId, applicationId: application._id, createdAt: application.createdAt })
      await tx.collection(APPLICATIONS).add(application)
      await tx.collection(EVENTS).add({ _id: newId('aide'), ...event })
    })
  } catch (error) {
    if (isDuplicateKey(error)) throw duplicate()
    throw error
  }
}

/**
 * Change one application in a transaction: `decide` reads it from the snapshot and returns the patch
 * (or throws); the patch and one trail entry are written together. Safe to re-run on a conflict.
 */
export async function changeApplication(
  db: Database,
  applicationId: string,
  decide: (application: AidApplicationDoc) => { patch: Partial<AidApplicationDoc>; event: NewEvent | null; also?: (tx: Transaction) => Promise<void> },
): Promise<AidApplicationDoc> {
  return inTransaction(db, async (tx) => {
    const current = (await tx.collection(APPLICATIONS).doc(applicationId).get()).data as AidApplicationDoc | null
    if (!current) throw new AppError('NOT_FOUND', '申请不存在')
    const { patch, event, also } = decide(current)
    await tx.collection(APPLICATIONS).doc(applicationId).update(patch)
    if (event) await tx.collection(EVENTS).add({ _id: newId('aide'), ...event })
    if (also) await also(tx)
    return { ...current, ...patch }
  })
}

/** Release the person's claim (a withdrawal lets them apply again). */
export const releaseClaim = (tx: Transaction, claimId: string) => tx.collection(CLAIMS).doc(claimId).remove().then(() => undefined)

export async function listMyApplications(db: Database, openid: string): Promise<AidApplicationDoc[]> {
  const { data } = await db.collection(APPLICATIONS).where({ openid }).orderBy('createdAt', 'desc').limit(100).get()
  return data as AidApplicationDoc[]
}

export async function listEvents(db: Database, applicationIds: string[]): Promise<AidEventDoc[]> {
  if (applicationIds.length === 0) return []
  const { data } = await db.collection(EVENTS).where({ applicationId: db.command.in(applicationIds) }).orderBy('at', 'asc').limit(1000).get()
  return data as AidEventDoc[]
}

/** The review queue, first submitted first, keyset-paginated on (submittedAt, _id). */
export async function queuePage(db: Database, filter: { programId: string; status?: AidStatus; tier?: string; township?: string }, page: { cursor?: string; limit: number }) {
  const conditions: object[] = [{ programId: filter.programId }]
  if (filter.status) conditions.push({ status: filter.status })
  if (filter.tier) conditions.push({ tier: filter.tier })
  if (filter.township) conditions.push({ 'applicant.hukouTownship': filter.township })
  return keysetPage<AidApplicationDoc>(db, APPLICATIONS, conditions, { field: 'submittedAt', order: 'asc' }, page)
}

export async function listByStatus(db: Database, programId: string, statuses: AidStatus[]): Promise<AidApplicationDoc[]> {
  const { data } = await db.collection(APPLICATIONS).where({ programId, status: db.command.in(statuses) }).orderBy('submittedAt', 'asc').limit(1000).get()
  return data as AidApplicationDoc[]
}

export async function recordAccess(db: Database, entries: Omit<AidAccessDoc, '_id'>[]): Promise<void> {
  if (entries.length === 0) return
  await db.collection(ACCESS).add(entries.map((entry) => ({ _id: newId('aidl'), ...entry })))
}

/** The access log of a programme (or one application), newest first. */
export async function accessPage(db: Database, filter: { programId: string; applicationId?: string }, page: { cursor?: string; limit: number }) {
  const conditions: object[] = [{ programId: filter.programId }]
  if (filter.applicationId) conditions.push({ applicationId: filter.applicationId })
  return keysetPage<AidAccessDoc>(db, ACCESS, conditions, { field: 'at', order: 'desc' }, page)
}

export async function findApplicationsByIds(db: Database, ids: string[]): Promise<AidApplicationDoc[]> {
  if (ids.length === 0) return []
  const { data } = await db.collection(APPLICATIONS).where({ _id: db.command.in(ids) }).limit(ids.length).get()
  return data as AidApplicationDoc[]
}

/** Rejected and withdrawn applications whose final decision was at or before `cutoff`, not yet purged. */
export async function purgeCandidates(db: Database, cutoff: string): Promise<AidApplicationDoc[]> {
  const _ = db.command
  const { data } = await db.collection(APPLICATIONS).where({ status: _.in(['rejected', 'withdrawn']), purgedAt: null, finalAt: _.lte(cutoff) }).limit(200).get()
  return data as AidApplicationDoc[]
}
