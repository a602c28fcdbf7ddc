import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { WishDetailView } from '../../../../cloudfunctions/core/wish/wish.schema'
import { ReviewQueue } from '../../../components/review-queue'
import { listReviewQueue, reviewWish } from '../../../services/wish'
import { WishReviewCard } from './components/wish-review-card'
import './index.scss'

/** 心愿审核: reviewers approve pending wishes onto the wall, or send them back with a reason. */
export default function WishReviewPage() {
  return (
    <ReviewQueue<WishDetailView>
      className='gy-wish-review'
      title='心愿审核'
      intro='核实受助人情况与心愿是否真实、金额是否合理，描述中不得出现身份证号、住址等隐私信息。通过后心愿墙上只显示受助人的脱敏姓名。'
      load={({ cursor }) => listReviewQueue(cursor)}
      keyOf={(wish) => wish.wishId}
      renderItem={(wish, controls) => (
        <WishReviewCard wish={wish} deciding={controls.deciding} disabled={controls.disabled} onApprove={controls.approve} onReject={controls.reject} />
      )}
      approval={{
        confirm: (wish) => ({ title: '通过审核', content: `确定通过「${wish.title}」？通过后心愿将显示在心愿墙上，可被认领。` }),
        decide: (wish, idempotencyKey) => reviewWish(wish.wishId, true, undefined, { idempotencyKey }),
        done: '已通过，已上心愿墙',
      }}
      rejection={{
        title: '驳回心愿',
        subject: (wish) => wish.title,
        hint: '请写明不通过的原因或需要修改的地方，发布人会在「我的心愿」中看到。',
        placeholder: '例如：心愿金额超出实际需要，请核实后重新发布',
        emptyMessage: '请填写驳回原因，发布人会看到它',
        decide: (wish, reason, idempotencyKey) => reviewWish(wish.wishId, false, reason, { idempotencyKey }),
        done: '已驳回',
      }}
      empty={() => ({ illustration: 'wishes', title: '暂无待审核的心愿', description: '你所服务乡镇的居民发布心愿后，会出现在这里。' })}
      errorTitle='审核列表加载失败'
      denied={{
        signedOut: '请先登录认证社会组织工作人员或平台管理员账号。',
        forbidden: '仅服务该乡镇的认证社会组织或平台管理员可以审核心愿',
        notFound: '页面不存在。',
      }}
      deniedAction={(reason) =>
        reason === 'signedOut' ? (
          <Button className='gy-wish-review__button' type='primary' fill='outline' size='small' onClick={() => void Taro.switchTab({ url: '/pages/mine/index' })}>
            去登录
          </Button>
        ) : null
      }
    />
  )
}
