import type { MatchDoc, NeedDoc } from '../../../cloudfunctions/core/needs/needs.store'
import { buildNeedInput, buildProjectInput, buildResourceInput } from '../../builders/needs'
import type { IdempotencyCase, IdempotencyKit } from './kit'

/** Cases for every mutating action of `needs`: each arranges a fresh situation in which the action succeeds once. */
export function needsCases(kit: IdempotencyKit): Record<string, IdempotencyCase> {
  const at = () => new Date().toISOString()
  const resource = async () => {
    const _id = kit.fresh('res-idem')
    await kit.db().collection('resources').add({
      _id, provider: { name: '某爱心企业', kind: 'enterprise' }, offers: ['goods'], township: '灵溪镇', description: '可提供米面油等生活物资。',
      contact: { name: '陈经理', phone: '13967712345' }, createdBy: 'demo-platform-admin', createdAt: at(), updatedBy: 'demo-platform-admin', updatedAt: at(),
    })
    return _id
  }
  return {
    proposeMatch: {
      arrange: async () => {
        const projectId = kit.fresh('proj-idem')
        await kit.db().collection('projects').add({
          _id: projectId, orgId: 'org-volunteer-centre', needIds: ['need-demo-yishan-meals'], title: '银龄陪伴计划', goals: '陪伴独居老人。', plan: '每周上门一次。',
          budgetLines: [{ item: '培训', amountYuan: 1000 }], team: [{ role: '志愿者', count: 5 }], durationMonths: 6, proposedBy: 'demo-org-staff', createdAt: at(), updatedAt: at(),
        })
        return { openid: 'demo-org-staff', input: { projectId, providerIds: [await resource()], undertakerOrgId: 'org-volunteer-centre' }, effect: () => kit.count('matches', { projectId }) }
      },
    },
    confirmMatch: {
      arrange: async () => {
        const match: MatchDoc = {
          _id: kit.fresh('match-idem'), projectId: 'proj-x', projectTitle: '银龄陪伴计划', needIds: ['need-demo-yishan-meals'],
          undertaker: { orgId: 'org-volunteer-centre', orgName: '苍南县志愿服务中心' }, providers: [{ resourceId: 'res-x', name: '某爱心企业', kind: 'enterprise' }],
          status: 'pending', confirmations: { undertaker: null, providers: null }, proposedBy: 'demo-platform-admin', createdAt: at(), updatedAt: at(), confirmedAt: null,
        }
        await kit.db().collection('matches').add(match)
        return { openid: 'demo-org-staff', input: { matchId: match._id, side: 'undertaker' }, effect: () => kit.count('matches', { _id: match._id, 'confirmations.undertaker.by': 'demo-org-staff' }) }
      },
    },
    addResource: {
      arrange: async () => {
        const name = kit.fresh('idem提供方')
        return { openid: 'demo-platform-admin', input: buildResourceInput({ provider: { name, kind: 'enterprise' } }), effect: () => kit.count('resources', { 'provider.name': name }) }
      },
    },
    updateResource: {
      arrange: async () => {
        const resourceId = await resource()
        const description = kit.fresh('每月可提供物资')
        return { openid: 'demo-platform-admin', input: { resourceId, description }, effect: () => kit.count('resources', { description }) }
      },
    },
    postNeed: {
      arrange: async () => {
        const community = kit.fresh('idem社区')
        return { openid: 'demo-platform-admin', input: buildNeedInput({ community }), effect: () => kit.count('needs', { community }) }
      },
    },
    closeNeed: {
      arrange: async () => {
        const need: NeedDoc = {
          _id: kit.fresh('need-idem-close'), orgId: null, township: '灵溪镇', community: '城西社区', field: '其他', beneficiaries: '社区居民', beneficiaryCount: 5,
          content: '需要一次社区环境整治的志愿服务。', status: 'open', projectCount: 0, postedBy: 'demo-platform-admin', createdAt: at(), updatedAt: at(),
        }
        await kit.db().collection('needs').add(need)
        // closed once: a retry gives the first reply, not INVALID_STATE
        return { openid: 'demo-platform-admin', input: { needId: need._id, outcome: 'withdrawn', reason: '社区已自行解决' }, effect: () => kit.count('needs', { _id: need._id, status: 'closed' }) }
      },
    },
    proposeProject: {
      arrange: async () => {
        const at = new Date().toISOString()
        const need: NeedDoc = {
          _id: kit.fresh('need-idem'), orgId: null, township: '灵溪镇', community: '城东社区', field: '其他', beneficiaries: '社区居民', beneficiaryCount: 5,
          content: '需要一次社区环境整治的志愿服务。', status: 'open', projectCount: 0, postedBy: 'demo-platform-admin', createdAt: at, updatedAt: at,
        }
        await kit.db().collection('needs').add(need)
        // one project, counted once on the need
        const effect = async () => {
          const projects = await kit.count('projects', { needIds: need._id })
          const counted = ((await kit.db().collection('needs').doc(need._id).get()).data[0] as NeedDoc).projectCount
          return projects === counted ? projects : -1
        }
        return { openid: 'demo-org-staff', input: buildProjectInput('org-volunteer-centre', [need._id]), effect }
      },
    },
  }
}
