import { townships } from '../settings/townships'
import { hidePersonalNumbers } from '../privacy/public-text.rules'
import { maskName, maskPhone } from '../privacy/privacy.rules'
import { needFields, type NeedField } from './needs.constants'
import type { CountyView, MatchView, NeedView, ProjectView, ResourceView } from './needs.schema'
import type { MatchDoc, NeedDoc, ProjectDoc, ResourceDoc } from './needs.store'

/** Pure rules of the needs → projects list: views, totals, the county counts. */

export const budgetTotalYuan = (lines: { amountYuan: number }[]): number => lines.reduce((sum, line) => sum + line.amountYuan, 0)

export const teamSize = (team: { count: number }[]): number => team.reduce((sum, member) => sum + member.count, 0)

/** The public view of a need; stored text is passed through the number filter once more. */
export function toNeedView(need: NeedDoc, orgName: string | null): NeedView {
  return {
    needId: need._id,
    orgId: need.orgId,
    orgName,
    township: need.township,
    community: hidePersonalNumbers(need.community),
    field: need.field,
    beneficiaries: hidePersonalNumbers(need.beneficiaries),
    beneficiaryCount: need.beneficiaryCount,
    content: hidePersonalNumbers(need.content),
    status: need.status,
    projectCount: need.projectCount,
    closedAs: need.closedAs ?? null,
    closeReason: need.closeReason ? hidePersonalNumbers(need.closeReason) : null,
    closedAt: need.closedAt ?? null,
    createdAt: need.createdAt,
  }
}

export function toProjectView(project: ProjectDoc, orgName: string): ProjectView {
  return {
    projectId: project._id,
    orgId: project.orgId,
    orgName,
    needIds: project.needIds,
    title: hidePersonalNumbers(project.title),
    goals: hidePersonalNumbers(project.goals),
    plan: hidePersonalNumbers(project.plan),
    budgetLines: project.budgetLines.map((line) => ({ item: hidePersonalNumbers(line.item), amountYuan: line.amountYuan })),
    budgetTotalYuan: budgetTotalYuan(project.budgetLines),
    team: project.team.map((member) => ({ role: hidePersonalNumbers(member.role), count: member.count })),
    teamSize: teamSize(project.team),
    durationMonths: project.durationMonths,
    createdAt: project.createdAt,
  }
}

/**
 * Why these needs cannot be answered by a new project, or null when they all can: each id must be
 * a stored need (`missing`) that is still open (`closed`).
 */
export function unanswerableNeeds(needIds: string[], found: Pick<NeedDoc, '_id' | 'status'>[]): { missing: string[]; closed: string[] } | null {
  const byId = new Map(found.map((need) => [need._id, need]))
  const missing = needIds.filter((id) => !byId.has(id))
  const closed = needIds.filter((id) => byId.get(id)?.status === 'closed')
  return missing.length || closed.length ? { missing, closed } : null
}

/**
 * Open needs counted by township (in the county's order, townships without any left out) and by
 * field within each; needs of an unknown township come last under their own name.
 */
export function countOpenNeeds(needs: Pick<NeedDoc, 'township' | 'field' | 'status'>[]): Pick<CountyView, 'openByTownship' | 'openTotal'> {
  const counts = new Map<string, Partial<Record<NeedField, number>>>()
  let openTotal = 0
  for (const need of needs) {
    if (need.status !== 'open') continue
    openTotal++
    const byField = counts.get(need.township) ?? {}
    byField[need.field] = (byField[need.field] ?? 0) + 1
    counts.set(need.township, byField)
  }
  const order = [...townships, ...[...counts.keys()].filter((t) => !(townships as readonly string[]).includes(t)).sort()]
  const fieldOrder = (byField: Partial<Record<NeedField, number>>) =>
    Object.fromEntries(needFields.filter((f) => byField[f]).map((f) => [f, byField[f]])) as Partial<Record<NeedField, number>>
  const openByTownship = order
    .filter((township) => counts.has(township))
    .map((township) => {
      const byField = counts.get(township) ?? {}
      return { township, total: Object.values(byField).reduce((a, b) => a + (b ?? 0), 0), byField: fieldOrder(byField) }
    })
  return { openByTownship, openTotal }
}

/** A resource as the caller may see it: the contact in full only for the platform admin. */
export function toResourceView(resource: ResourceDoc, isPlatformAdmin: boolean): ResourceView {
  return {
    resourceId: resource._id,
    provider: { name: hidePersonalNumbers(resource.provider.name), kind: resource.provider.kind },
    offers: resource.offers,
    township: resource.township,
    description: hidePersonalNumbers(resource.description),
    contact: isPlatformAdmin ? resource.contact : { name: maskName(resource.contact.name), phone: maskPhone(resource.contact.phone) },
    updatedAt: resource.updatedAt,
  }
}

export function toMatchView(match: MatchDoc): MatchView {
  return {
    matchId: match._id,
    projectId: match.projectId,
    projectTitle: hidePersonalNumbers(match.projectTitle),
    needIds: match.needIds,
    undertaker: match.undertaker,
    providers: match.providers.map((p) => ({ ...p, name: hidePersonalNumbers(p.name) })),
    status: match.status,
    confirmed: { undertaker: match.confirmations.undertaker !== null, providers: match.confirmations.providers !== null },
    confirmedAt: match.confirmedAt,
    createdAt: match.createdAt,
  }
}
