import type { WishDetailView } from '../../cloudfunctions/core/wish/wish.schema'
import { policies } from '../../cloudfunctions/core/settings/policies'
import { formatMonthDayWeekdayTime } from './time'

// what the 微心愿 wall needs lives in wish-feed.ts (kept out of the weapp main package's share of this module)
export { beneficiaryLineOf, placeOf, WISH_CHANGED_EVENT, wishStatusOf, type WishStatusTone } from './wish-feed'

/**
 * What a person reads off a wish (微心愿): the status tag and the detail page's bottom bar, derived
 * from the views the `wish` function returns. Who may do what is decided by the server; this only
 * chooses which button to offer.
 */

export type WishAction = 'claim' | 'fulfil' | 'release' | 'confirm'

export interface WishBarButton {
  action: WishAction
  label: string
  /** `primary`: brand colour; `secondary`: outlined. */
  tone: 'primary' | 'secondary'
}

/**
 * The detail page's bottom bar. `kind` names the situation: `claim` (anyone but the submitter, on an
 * open wish), `claimer` (the caller holds the claim), `confirm` (delivered; submitter or reviewer),
 * `readonly` (a grey label only).
 */
export interface WishBarState {
  kind: 'claim' | 'claimer' | 'confirm' | 'readonly'
  buttons: WishBarButton[]
  /** The grey label when there is nothing to do. */
  label: string | null
  /** One line above the buttons. */
  hint: string | null
}

const readonly = (label: string, hint: string | null = null): WishBarState => ({ kind: 'readonly', buttons: [], label, hint })

/** The bottom bar for `wish` as the caller sees it. */
export function wishBarOf(wish: WishDetailView): WishBarState {
  const submitter = wish.myRelation === 'submitter'
  switch (wish.status) {
    case 'pending_review':
      return readonly('待审核') // the page's notice says what happens next
    case 'rejected':
      return readonly('未通过审核', submitter ? '可根据驳回原因修改后重新发布' : null)
    case 'open':
      if (submitter) return readonly('等待认领', '有爱心人士认领后，会通过你留的电话与你联系')
      return {
        kind: 'claim',
        buttons: [{ action: 'claim', label: '我来认领', tone: 'primary' }],
        label: null,
        hint: `认领后请在${policies.wishClaimDays}天内帮助完成心愿`,
      }
    case 'claimed':
      if (wish.claimedByMe) {
        return {
          kind: 'claimer',
          buttons: [
            { action: 'release', label: '放弃认领', tone: 'secondary' },
            { action: 'fulfil', label: '上传圆梦照片', tone: 'primary' },
          ],
          label: null,
          hint: wish.claimExpiresAt ? `请在 ${formatMonthDayWeekdayTime(wish.claimExpiresAt)} 前完成，逾期将重新开放认领` : null,
        }
      }
      return readonly('已被认领', submitter ? '认领人会通过你留的电话与你联系' : '爱心人士正在帮助完成这个心愿')
    case 'fulfilled':
      if (submitter || wish.myRelation === 'reviewer') {
        return {
          kind: 'confirm',
          buttons: [{ action: 'confirm', label: '确认收到', tone: 'primary' }],
          label: null,
          hint: '认领人已送达，请核实后确认收到',
        }
      }
      return readonly('已送达', wish.claimedByMe ? '已提交圆梦照片，等待发布人确认收到' : '等待发布人确认收到')
    case 'confirmed':
      return readonly('已圆梦', '感谢每一份善意')
  }
}
