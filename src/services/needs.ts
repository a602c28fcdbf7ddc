import type { CountyView, NeedField, NeedView, ResourceOffer, ResourceView } from '../../cloudfunctions/core/needs/needs.schema'
import type { Page } from '../../cloudfunctions/core/org/org.schema'
import { callFunction } from './cloud'

/** The `needs` cloud function (issue #16: 需求清单 / 资源清单, cloudfunctions/needs/README.md): the public reads. */

export function getCountyView(): Promise<CountyView> {
  return callFunction<CountyView>('needs', 'countyView', {})
}

export interface NeedsQuery {
  township?: string
  field?: NeedField
  open?: boolean
  cursor?: string
  limit?: number
}

/** 需求清单: newest first. */
export function listNeeds(query: NeedsQuery = {}): Promise<Page<NeedView>> {
  return callFunction<Page<NeedView>>('needs', 'needs', query)
}

export interface ResourcesQuery {
  township?: string
  offer?: ResourceOffer
  cursor?: string
  limit?: number
}

/** 资源清单: recently updated first; contacts masked for everyone but the platform admin. */
export function listResources(query: ResourcesQuery = {}): Promise<Page<ResourceView>> {
  return callFunction<Page<ResourceView>>('needs', 'resources', query)
}
