import type { NeedDoc } from '../../../cloudfunctions/core/needs/needs.store'
import { buildNeedInput, buildProjectInput, buildResourceInput } from '../../builders/needs'
import type { IdempotencyCase, IdempotencyKit } from './kit'

/** Cases for every mutating action of `needs`: each arranges a fresh situation in which the action succeeds once. */
export function needsCases(kit: IdempotencyKit): Record<string, IdempotencyCase> {
  return {
    addResource: {
      arrange: async () => {
        const name = kit.fresh('idem提供方')
        return { openid: 'demo-platform-admin', input: buildResourceInput({ provider: { name, kind: 'enterprise' } }), effect: () => kit.count('resources', { 'provider.name': name }) }
      },
    },
    updateResource: {
      arrange: async () => {
        const at = new Date().toISOString()
        const resourceId = kit.fresh('res-idem')
        await kit.db().collection('resources').add({
          _id: resourceId, provider: { name: '某爱心企业', kind: 'enterprise' }, offers: ['goods'], township: '灵溪镇', description: '可提供米面油等生活物资。',
          contact: { name: '陈经理', phone: '13967712345' }, createdBy: 'demo-platform-admin', createdAt: at, updatedBy: 'demo-platform-admin', updatedAt: at,
        })
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
