import { maskIdCardNo } from '../privacy/privacy.rules'
import type { AidApplicationView, AidProgramView } from './aid.schema'
import { isTownship } from '../settings/townships'
import {
  aidRuleLabels,
  familyStatusLabels,
  type AidDecision,
  type AidRuleKind,
  type AidStatus,
  type FamilyStatus,
  type HukouTownship,
  undecidedStatuses,
} from './aid.constants'

/** Pure rules of 救助申请: eligibility, status changes, what each viewer sees. Take `now` as a parameter. */

export interface AidTier {
  code: string
  label: string
  amountYuan: number
  /** Family situations this tier is for; empty: any. */
  familyStatuses: FamilyStatus[]
}

export interface AidRule {
  kind: AidRuleKind
}

/** An aid programme (救助项目): `aid_programs`. */
export interface AidProgramDoc {
  _id: string
  orgId: string
  orgName: string
  name: string
  year: number
  opensAt: string
  closesAt: string
  tiers: AidTier[]
  rules: AidRule[]
  description: string
  /** Days after a final decision until attachments and the encrypted ID number are deleted. */
  retentionDays: number
  createdBy: string
  createdAt: string
  updatedAt: string
}

/** What the applicant states about themselves; the ID number only ever as ciphertext plus its mask. */
export interface StoredApplicant {
  name: string
  /** AES-256-GCM ciphertext of the normalized ID number; null once purged. */
  idCardCipher: string | null
  /** `330327********1234` */
  idCardMasked: string
  phone: string
  hukouTownship: HukouTownship
  university: string
  admissionYear: number
  inPairedSponsorship: boolean
  familyStatus: FamilyStatus
}

/** An application (救助申请): `aid_applications`. */
export interface AidApplicationDoc {
  _id: string
  programId: string
  orgId: string
  programName: string
  openid: string
  /** The claim document's id (a keyed hash of the ID number), released on withdrawal. */
  claimId: string
  status: AidStatus
  tier: string
  tierLabel: string
  /** Fixed from the tier on approval. */
  amountYuan: number | null
  applicant: StoredApplicant
  statement: string
  attachmentFileIds: string[]
  consent: { sensitiveInfo: true; version: string; text: string; agreedAt: string }
  lastDecision: { decision: AidDecision; reason: string; at: string } | null
  disbursement: { reference: string; at: string; by: string } | null
  submittedAt: string
  /** When a final decision (rejected, withdrawn) was made: the retention clock starts here. */
  finalAt: string | null
  purgedAt: string | null
  createdAt: string
  updatedAt: string
}

export type AidEventKind = 'submitted' | 'updated' | 'withdrawn' | 'disbursed' | 'purged' | AidDecision

/** One entry of the append-only trail (`aid_events`): who, when, what, why. Never updated. */
export interface AidEventDoc {
  _id: string
  applicationId: string
  programId: string
  kind: AidEventKind
  by: string
  /** applicant / reviewer / admin / system */
  role: 'applicant' | 'reviewer' | 'admin' | 'system'
  reason: string | null
  at: string
}

/** One read of an application by a reviewer (`aid_access_log`). */
export interface AidAccessDoc {
  _id: string
  applicationId: string
  programId: string
  orgId: string
  openid: string
  /** get / queue / export */
  via: 'get' | 'queue' | 'export'
  at: string
}

/** The ID number as one person has it: no spaces, upper-case X. */
export const normalizeIdCardNo = (raw: string): string => raw.replace(/\s+/g, '').toUpperCase()

export interface ApplicantFacts {
  hukouTownship: string
  admissionYear: number
  inPairedSponsorship: boolean
  familyStatus: FamilyStatus
}

export interface Ineligibility {
  rule: AidRuleKind
  message: string
}

/** The first rule of the programme the applicant fails, with its message in Chinese; null when eligible. */
export function checkEligibility(program: Pick<AidProgramDoc, 'year' | 'rules' | 'tiers'>, tierCode: string, facts: ApplicantFacts): Ineligibility | null {
  const tier = program.tiers.find((t) => t.code === tierCode)
  for (const rule of program.rules) {
    switch (rule.kind) {
      case 'hukouInCounty':
        if (!isTownship(facts.hukouTownship)) return { rule: rule.kind, message: `不符合“${aidRuleLabels.hukouInCounty}”条件：本项目仅资助户籍在苍南县的学生` }
        break
      case 'admittedInProgramYear':
        if (facts.admissionYear !== program.year) return { rule: rule.kind, message: `不符合“${aidRuleLabels.admittedInProgramYear}”条件：本项目仅资助${program.year}年录取的新生` }
        break
      case 'notInPairedSponsorship':
        if (facts.inPairedSponsorship) return { rule: rule.kind, message: `不符合“${aidRuleLabels.notInPairedSponsorship}”条件：已在结对助学中的学生不能申请本项目` }
        break
      case 'tierMatchesFamilyStatus':
        if (tier && tier.familyStatuses.length > 0 && !tier.familyStatuses.includes(facts.familyStatus)) {
          return {
            rule: rule.kind,
            message: `不符合“${aidRuleLabels.tierMatchesFamilyStatus}”条件：“${tier.label}”档次适用于${tier.familyStatuses.map((s) => familyStatusLabels[s]).join('、')}`,
          }
        }
        break
    }
  }
  return null
}

/** The programme's rules and tiers in plain words, for people deciding whether to apply. */
export function rulesText(program: Pick<AidProgramDoc, 'year' | 'rules' | 'tiers'>): string[] {
  const lines: string[] = []
  for (const rule of program.rules) {
    if (rule.kind === 'hukouInCounty') lines.push('申请人须为苍南县户籍')
    if (rule.kind === 'admittedInProgramYear') lines.push(`申请人须于${program.year}年被教育部批准的普通高等院校录取（含高职院校）`)
    if (rule.kind === 'notInPairedSponsorship') lines.push('已在结对助学中的学生不能申请')
  }
  const withConditions = program.rules.some((r) => r.kind === 'tierMatchesFamilyStatus')
  for (const tier of program.tiers) {
    const who = withConditions && tier.familyStatuses.length ? `${tier.familyStatuses.map((s) => familyStatusLabels[s]).join('、')}的学生` : `${tier.label}的学生`
    lines.push(`${who}：一次性资助${tier.amountYuan.toLocaleString('en-US')}元`)
  }
  return lines
}

export type WindowState = 'upcoming' | 'open' | 'closed'

export function windowState(program: Pick<AidProgramDoc, 'opensAt' | 'closesAt'>, now: Date): WindowState {
  const at = now.toISOString()
  if (at < program.opensAt) return 'upcoming'
  if (at >= program.closesAt) return 'closed'
  return 'open'
}

/** What each decision does to an application that is `submitted`. */
export function statusAfter(decision: AidDecision): AidStatus {
  return decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'needs_info'
}

export const canWithdraw = (status: AidStatus) => undecidedStatuses.includes(status)

/** Whether the retention period of a rejected or withdrawn application has run out. */
export function retentionExpired(application: Pick<AidApplicationDoc, 'status' | 'finalAt' | 'purgedAt'>, retentionDays: number, now: Date): boolean {
  if (application.purgedAt || !application.finalAt) return false
  if (application.status !== 'rejected' && application.status !== 'withdrawn') return false
  return new Date(application.finalAt).getTime() + retentionDays * 24 * 3600_000 <= now.getTime()
}

/** The cut-off: final decisions at or before this time are due for deletion. */
export const retentionCutoff = (retentionDays: number, now: Date) => new Date(now.getTime() - retentionDays * 24 * 3600_000).toISOString()

export const maskedIdCardNo = (normalized: string) => maskIdCardNo(normalized)

/** Views, field by field: the one place an application is turned into what a person sees. */
export function toProgramView(program: AidProgramDoc, now: Date): AidProgramView {
  return {
    programId: program._id,
    orgId: program.orgId,
    orgName: program.orgName,
    name: program.name,
    year: program.year,
    opensAt: program.opensAt,
    closesAt: program.closesAt,
    window: windowState(program, now),
    tiers: program.tiers.map((t) => ({ code: t.code, label: t.label, amountYuan: t.amountYuan, familyStatuses: [...t.familyStatuses] })),
    rules: program.rules.map((r) => ({ kind: r.kind })),
    rulesText: rulesText(program),
    description: program.description,
    retentionDays: program.retentionDays,
  }
}

export function toApplicationView(
  application: AidApplicationDoc,
  viewer: 'applicant' | 'reviewer',
  events: AidEventDoc[],
  /** Short-lived links, in the order of the attachments; none outside `get`. */
  links: (string | null)[] = [],
): AidApplicationView {
  const a = application.applicant
  const mine = viewer === 'applicant'
  return {
    applicationId: application._id,
    programId: application.programId,
    programName: application.programName,
    orgId: application.orgId,
    status: application.status,
    tier: application.tier,
    tierLabel: application.tierLabel,
    amountYuan: application.amountYuan,
    applicant: {
      name: a.name,
      idCardNo: a.idCardMasked,
      phone: a.phone,
      hukouTownship: a.hukouTownship,
      university: a.university,
      admissionYear: a.admissionYear,
      inPairedSponsorship: a.inPairedSponsorship,
      familyStatus: a.familyStatus,
    },
    statement: application.statement,
    attachments: application.attachmentFileIds.map((fileId, i) => ({ fileId, url: links[i] ?? null })),
    attachmentCount: application.attachmentFileIds.length,
    consent: { version: application.consent.version, agreedAt: application.consent.agreedAt },
    lastDecision: application.lastDecision ? { ...application.lastDecision } : null,
    disbursement: application.disbursement ? { reference: application.disbursement.reference, at: application.disbursement.at } : null,
    timeline: events
      .filter((e) => e.applicationId === application._id)
      .map((e) => ({ kind: e.kind, role: e.role, reason: e.reason, at: e.at })),
    submittedAt: application.submittedAt,
    updatedAt: application.updatedAt,
    purged: application.purgedAt !== null,
    canWithdraw: mine && canWithdraw(application.status),
    canUpdate: mine && application.status === 'needs_info',
  }
}
