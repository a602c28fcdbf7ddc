import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { Button, Dialog, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import type { WishDetailView } from '../../../../cloudfunctions/core/wish/wish.schema'
import { beneficiaryGroupLabels } from '../../../../cloudfunctions/core/wish/wish.constants'
import { confirmWishInput, fulfilWishInput } from '../../../../cloudfunctions/core/wish/wish.form-schema'
import { policies } from '../../../../cloudfunctions/core/settings/policies'
import { AccessDenied } from '../../../components/access-denied'
import { PageError } from '../../../components/page-state'
import { useCurrentUser } from '../../../hooks/use-current-user'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../services/cloud'
import { uploadWishPhoto } from '../../../services/files'
import { claimWish, confirmWish, fulfilWish, getWish, releaseWish } from '../../../services/wish'
import { formatDate, formatDateTime, formatMonthDayWeekdayTime } from '../../../utils/time'
import { messageOf, toastError, toastSuccess } from '../../../utils/toast'
import { previewImage } from '../../../utils/preview-image'
import { placeOf, WISH_CHANGED_EVENT, wishBarOf, wishStatusOf, type WishAction } from '../../../utils/wish-state'
import { modalColors } from '../../../constants/theme'
import { describedImage, pressable } from '../../../utils/a11y'
import { missingFor } from '../../../utils/eligibility'
import { PhotoPicker } from '../../../components/photo-picker'
import './index.scss'

type PageState = { kind: 'loading' } | { kind: 'ready'; wish: WishDetailView } | { kind: 'notFound'; description: string } | { kind: 'error'; message: string }

const MINE_TAB = '/pages/mine/index'
const WALL_TAB = '/pages/wishes/index'
const MAX_PHOTOS = 9
const NOTE_MIN = 2
const NOTE_MAX = 200
const THANKS_MAX = 200

/** 认领 needs a volunteer registration (or staff of an organization): explain it and offer the way there. */
async function askToRegister() {
  const { confirm } = await Taro.showModal({
    title: '认领需先注册成为志愿者',
    content: '微心愿仅限注册志愿者或社会组织工作人员认领。在“我的”页面完成志愿者实名注册后，回到这里即可认领。',
    confirmText: '去注册',
    cancelText: '再看看',
    ...modalColors(),
  })
  if (confirm) void Taro.switchTab({ url: MINE_TAB })
}

/** No identity reached the server (the H5 demo's 匿名访客). */
async function askToSignIn() {
  const h5 = process.env.TARO_ENV === 'h5'
  const { confirm } = await Taro.showModal({
    title: '请先登录',
    content: h5 ? '当前为匿名访客，无法认领。请在“我的”页面选择一个演示身份后再来。' : '登录后才能认领心愿，请在微信中重新打开小程序。',
    confirmText: h5 ? '去登录' : '知道了',
    showCancel: h5,
    cancelText: '取消',
    ...modalColors(),
  })
  if (confirm && h5) void Taro.switchTab({ url: MINE_TAB })
}

/** Why a 圆梦 submission cannot be sent yet; null when it can. The note is checked by the server's own schema (length, no phone or ID number); the server checks again. */
function fulfilProblem(photos: string[], note: string): string | null {
  if (photos.length === 0) return '请至少选择1张圆梦照片'
  const checked = fulfilWishInput.shape.note.safeParse(note)
  return checked.success ? null : (checked.error.issues[0]?.message ?? `圆梦说明为${NOTE_MIN}–${NOTE_MAX}个字`)
}

/** Why a 感谢语 cannot be sent (it shows on the wall: no phone or ID number); null when it can. */
function thanksProblem(thanks: string): string | null {
  const checked = confirmWishInput.shape.thanks.safeParse(thanks || undefined)
  return checked.success ? null : (checked.error.issues[0]?.message ?? '感谢语不正确')
}

/** 心愿详情 (`?wishId=`): the wish, what the caller's relation to it shows, and the bar that claims, fulfils or confirms it. */
export default function WishDetailPage() {
  const wishId = useRouter().params.wishId ?? ''
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const [busy, setBusy] = useState(false)
  const [fulfilOpen, setFulfilOpen] = useState(false)
  const [confirmOpen, setConfirmOpen] = useState(false)
  const latest = useRef(0)
  const shown = useRef(false)
  const idempotency = useIdempotencyKey()
  const currentUser = useCurrentUser()
  const { refresh: refreshUser } = currentUser

  /** Only the latest load wins, so a slow reply never overwrites a newer one. */
  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!wishId) {
      setPage({ kind: 'notFound', description: '缺少心愿编号，请从心愿墙进入。' })
      return
    }
    try {
      const wish = await getWish(wishId)
      if (ticket !== latest.current) return
      shown.current = true
      setPage({ kind: 'ready', wish })
    } catch (error) {
      if (ticket !== latest.current) return
      if (isCloudError(error) && error.code === 'NOT_FOUND') {
        shown.current = false
        setPage({ kind: 'notFound', description: '该心愿不存在、尚未通过审核，或你无权查看。' })
      } else if (shown.current) toastError(error) // a refresh failed: keep what is on screen
      else setPage({ kind: 'error', message: messageOf(error) })
    }
  }, [wishId])

  // the claimer's openid names their upload folder: know it whenever this person holds the claim
  const holdsClaim = page.kind === 'ready' && page.wish.claimedByMe && page.wish.status === 'claimed'
  useEffect(() => {
    if (holdsClaim) void refreshUser()
  }, [holdsClaim, refreshUser])

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const show = (wish: WishDetailView) => {
    setPage({ kind: 'ready', wish })
    Taro.eventCenter.trigger(WISH_CHANGED_EVENT, wishId)
  }

  /** A definite refusal: the claim modal for FORBIDDEN / UNAUTHENTICATED, else the server's words and a reload. */
  const handleFailure = async (error: unknown, action: WishAction) => {
    idempotency.forgetUnlessLost(error)
    if (isCloudError(error) && error.code === 'FORBIDDEN' && action === 'claim') return askToRegister()
    if (isCloudError(error) && error.code === 'UNAUTHENTICATED') return askToSignIn()
    toastError(error)
    if (isCloudError(error) && error.code !== 'INTERNAL' && error.code !== 'INVALID_ARGUMENT') {
      Taro.eventCenter.trigger(WISH_CHANGED_EVENT, wishId)
      await load()
    }
  }

  /** Runs one mutation with the spinner; failures are handled after it stops, so a modal can open. */
  const run = async (action: WishAction, task: (key: string) => Promise<WishDetailView>, success: string, keyInput: unknown = { action, wishId }) => {
    let failure: unknown = null
    setBusy(true)
    try {
      const wish = await task(idempotency.keyFor(keyInput))
      idempotency.forget()
      toastSuccess(success)
      show(wish)
    } catch (error) {
      failure = error
    } finally {
      setBusy(false)
    }
    if (failure) await handleFailure(failure, action)
    return !failure
  }

  const doClaim = async () => {
    // say what is needed (sign in, register as a volunteer) before asking to confirm
    setBusy(true)
    const missing = await missingFor('claim')
    setBusy(false)
    if (missing === 'signIn') return askToSignIn()
    if (missing === 'register') return askToRegister()
    const { confirm } = await Taro.showModal({
      title: '认领这个心愿',
      content: `认领后请在${policies.wishClaimDays}天内与发布人联系并帮助完成心愿，完成后上传圆梦照片。逾期未完成，心愿将重新开放认领。`,
      confirmText: '确认认领',
      cancelText: '再想想',
      ...modalColors(),
    })
    if (confirm) await run('claim', (idempotencyKey) => claimWish(wishId, { idempotencyKey }), '认领成功')
  }

  const doRelease = async () => {
    const { confirm } = await Taro.showModal({
      title: '放弃认领',
      content: '确定放弃认领？心愿将重新回到心愿墙，由其他爱心人士认领。',
      confirmText: '放弃认领',
      cancelText: '再想想',
      ...modalColors('danger'),
    })
    if (!confirm) return
    if (await run('release', (idempotencyKey) => releaseWish(wishId, { idempotencyKey }), '已放弃认领')) setFulfilOpen(false)
  }

  const press = (action: WishAction) => {
    if (busy) return
    if (action === 'claim') void doClaim()
    else if (action === 'release') void doRelease()
    else if (action === 'fulfil') {
      setFulfilOpen(true)
      Taro.nextTick(() => void Taro.pageScrollTo({ selector: '.gy-wish-fulfil', duration: 300 }).catch(() => undefined))
    }
    else setConfirmOpen(true)
  }

  const submitFulfilment = async (photoFileIds: string[], note: string) =>
    run('fulfil', (idempotencyKey) => fulfilWish(wishId, note, photoFileIds, { idempotencyKey }), '已提交圆梦照片', { action: 'fulfil', wishId, note, photoFileIds })

  const submitConfirmation = async (thanks: string) =>
    run('confirm', (idempotencyKey) => confirmWish(wishId, thanks || undefined, { idempotencyKey }), '已确认收到', { action: 'confirm', wishId, thanks })

  const ready = page.kind === 'ready'

  return (
    <View className={`gy-page gy-wish-detail${ready ? ' gy-wish-detail--with-bar' : ''}`}>
      {page.kind === 'loading' ? <DetailSkeleton /> : null}

      {page.kind === 'notFound' ? (
        <View className='gy-wish-detail__card'>
          <AccessDenied reason='notFound' description={page.description}>
            <Button className='gy-wish-detail__home' type='primary' fill='outline' size='small' onClick={() => void Taro.switchTab({ url: WALL_TAB })}>
              返回心愿墙
            </Button>
          </AccessDenied>
        </View>
      ) : null}

      {page.kind === 'error' ? (
        <PageError
          title='心愿加载失败'
          message={page.message}
          onRetry={() => {
            setPage({ kind: 'loading' })
            void load()
          }}
        />
      ) : null}

      {page.kind === 'ready' ? (
        <>
          <WishDetail wish={page.wish} />
          {fulfilOpen && page.wish.claimedByMe && page.wish.status === 'claimed' ? (
            <FulfilSection wishId={wishId} openid={currentUser.user?.openid ?? null} onSubmit={submitFulfilment} onCancel={() => setFulfilOpen(false)} />
          ) : null}
          <ActionBar wish={page.wish} busy={busy} fulfilOpen={fulfilOpen} onPress={press} />
          <ConfirmDialog visible={confirmOpen} onClose={() => setConfirmOpen(false)} onSubmit={submitConfirmation} />
        </>
      ) : null}
    </View>
  )
}

function WishDetail({ wish }: { wish: WishDetailView }) {
  const status = wishStatusOf(wish)
  // the full name already shows under 受助人; this card is for reaching the submitter
  const insider = wish.contactPhone !== null || (wish.status === 'claimed' && wish.claimExpiresAt !== null)
  const rejected = wish.myRelation === 'submitter' && wish.review && !wish.review.approved

  return (
    <View className='gy-wish-detail__content'>
      {rejected ? (
        <View className='gy-wish-detail__notice gy-wish-detail__notice--danger'>
          <Text className='gy-wish-detail__notice-title'>心愿未通过审核</Text>
          <Text className='gy-wish-detail__notice-text'>{wish.review?.reason ? `驳回原因：${wish.review.reason}` : '审核未通过，可修改后重新发布。'}</Text>
        </View>
      ) : null}
      {wish.status === 'pending_review' && wish.myRelation === 'submitter' ? (
        <View className='gy-wish-detail__notice'>
          <Text className='gy-wish-detail__notice-title'>心愿审核中</Text>
          <Text className='gy-wish-detail__notice-text'>社区或社会组织审核通过后，心愿会展示在心愿墙上。</Text>
        </View>
      ) : null}

      <View className='gy-wish-detail__card gy-wish-detail__head'>
        <View className='gy-wish-detail__tags'>
          <Text className='gy-wish-detail__tag gy-wish-detail__tag--category'>{wish.category}</Text>
          <Text className={`gy-wish-detail__tag gy-wish-detail__tag--${status.tone}`}>{status.text}</Text>
          {wish.onBehalf ? <Text className='gy-wish-detail__tag gy-wish-detail__tag--plain'>代为发布</Text> : null}
        </View>
        <Text className='gy-wish-detail__title'>{wish.title}</Text>
        <View className='gy-wish-detail__amount'>
          <Text className='gy-wish-detail__amount-label'>预估金额</Text>
          <Text className='gy-wish-detail__amount-value'>¥{wish.estimatedYuan}</Text>
        </View>
      </View>

      <View className='gy-wish-detail__card'>
        <InfoRow label='受助人' value={`${wish.beneficiaryFullName ?? wish.beneficiaryName} · ${beneficiaryGroupLabels[wish.beneficiaryGroup]}`} />
        <InfoRow label='所在地' value={placeOf(wish)} />
        <InfoRow label='发布时间' value={formatDate(wish.createdAt)} />
      </View>

      <View className='gy-wish-detail__card'>
        <Text className='gy-wish-detail__section-title'>心愿描述</Text>
        <Text className='gy-wish-detail__text'>{wish.content}</Text>
      </View>

      {insider ? (
        <View className='gy-wish-detail__card gy-wish-detail__private'>
          <View className='gy-wish-detail__section-head'>
            <Text className='gy-wish-detail__section-title'>联系信息</Text>
            <Text className='gy-wish-detail__section-note'>仅你可见，请勿外传</Text>
          </View>
          {wish.contactPhone ? (
            <View className='gy-wish-detail__row'>
              <Text className='gy-wish-detail__label'>联系电话</Text>
              <Text className='gy-wish-detail__value gy-wish-detail__phone'>{wish.contactPhone}</Text>
              <Button
                className='gy-wish-detail__call'
                type='primary'
                fill='outline'
                size='small'
                onClick={() => void Taro.makePhoneCall({ phoneNumber: wish.contactPhone ?? '' }).catch(() => undefined)}
              >
                拨打
              </Button>
            </View>
          ) : null}
          {wish.status === 'claimed' && wish.claimExpiresAt ? <InfoRow label='认领期限' value={`${formatMonthDayWeekdayTime(wish.claimExpiresAt)} 前完成`} /> : null}
        </View>
      ) : null}

      {wish.fulfilment ? (
        <View className='gy-wish-detail__card gy-wish-detail__fulfilment'>
          <View className='gy-wish-detail__section-head'>
            <Text className='gy-wish-detail__section-title'>圆梦记录</Text>
            <Text className='gy-wish-detail__section-note'>{formatDateTime(wish.fulfilment.at)}</Text>
          </View>
          <Text className='gy-wish-detail__text'>{wish.fulfilment.note}</Text>
          {wish.fulfilment.photoUrls.length > 0 ? <PhotoGrid urls={wish.fulfilment.photoUrls} /> : null}
        </View>
      ) : null}

      {wish.status === 'confirmed' ? (
        <View className='gy-wish-detail__card gy-wish-detail__thanks'>
          <Text className='gy-wish-detail__thanks-title'>心愿已圆梦</Text>
          <Text className='gy-wish-detail__thanks-text'>{wish.thanks ? `“${wish.thanks}”` : '感谢爱心人士的帮助，让这个小小心愿成真。'}</Text>
          {wish.confirmedAt ? <Text className='gy-wish-detail__thanks-date'>{formatDate(wish.confirmedAt)} 确认收到</Text> : null}
        </View>
      ) : null}
    </View>
  )
}

function PhotoGrid({ urls }: { urls: string[] }) {
  return (
    <View className='gy-wish-detail__photos'>
      {urls.map((url, index) => (
        <Image
          key={url}
          className='gy-wish-detail__photo'
          src={url}
          mode='aspectFill'
          {...describedImage(`圆梦照片 ${index + 1}，共 ${urls.length} 张`)}
          {...pressable({ label: `查看圆梦照片 ${index + 1}` })}
          onClick={() => previewImage({ urls, current: url })}
        />
      ))}
    </View>
  )
}

interface FulfilSectionProps {
  wishId: string
  openid: string | null
  onSubmit: (photoFileIds: string[], note: string) => Promise<boolean>
  onCancel: () => void
}

/** 上传圆梦照片: up to 9 photos and a note; each photo is uploaded once (kept by its local path for a retry), then `fulfil`. */
function FulfilSection({ wishId, openid, onSubmit, onCancel }: FulfilSectionProps) {
  const [photos, setPhotos] = useState<string[]>([])
  const [note, setNote] = useState('')
  const [error, setError] = useState('')
  const [progress, setProgress] = useState<string | null>(null)
  const uploaded = useRef(new Map<string, string>())

  const choose = async () => {
    try {
      const { tempFilePaths } = await Taro.chooseImage({ count: MAX_PHOTOS - photos.length, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
      setPhotos((previous) => [...previous, ...tempFilePaths.filter((path) => !previous.includes(path))].slice(0, MAX_PHOTOS))
      setError('')
    } catch {
      // cancelled
    }
  }

  const submit = async () => {
    if (progress) return
    const problem = fulfilProblem(photos, note)
    if (problem) {
      setError(problem)
      return
    }
    if (!openid) {
      setError('正在确认你的身份，请稍后再试')
      return
    }
    setError('')
    try {
      const fileIds: string[] = []
      for (const [index, path] of photos.entries()) {
        setProgress(`正在上传第 ${index + 1}/${photos.length} 张照片…`)
        let fileId = uploaded.current.get(path)
        if (!fileId) {
          fileId = await uploadWishPhoto(wishId, openid, path, index)
          uploaded.current.set(path, fileId)
        }
        fileIds.push(fileId)
      }
      setProgress('正在提交…')
      await onSubmit(fileIds, note.trim())
    } catch (failure) {
      setError(`照片上传失败：${messageOf(failure)}`)
    } finally {
      setProgress(null)
    }
  }

  return (
    <View className='gy-wish-detail__card gy-wish-fulfil'>
      <View className='gy-wish-detail__section-head'>
        <Text className='gy-wish-detail__section-title'>上传圆梦照片</Text>
        <Text className='gy-wish-detail__section-note'>
          {photos.length}/{MAX_PHOTOS}
        </Text>
      </View>
      <Text className='gy-wish-fulfil__hint'>请上传送达物品或帮助过程的照片（1–9张），注意不要拍到受助人的正脸和门牌号。</Text>

      <PhotoPicker photos={photos} max={MAX_PHOTOS} busy={!!progress} onAdd={() => void choose()} onRemove={(path) => setPhotos((previous) => previous.filter((item) => item !== path))} />

      <TextArea
        className='gy-wish-fulfil__note'
        value={note}
        placeholder='说说心愿是怎么实现的，例如：已把新书包和文具送到小雨家，奶奶很高兴'
        maxLength={NOTE_MAX}
        showCount
        autoSize={false}
        onChange={(value) => {
          setNote(value)
          if (error) setError('')
        }}
      />
      {error ? <Text className='gy-wish-fulfil__error'>{error}</Text> : null}
      {progress ? <Text className='gy-wish-fulfil__progress'>{progress}</Text> : null}

      <View className='gy-wish-fulfil__actions'>
        <Button className='gy-wish-fulfil__cancel' fill='outline' disabled={!!progress} onClick={onCancel}>
          取消
        </Button>
        <Button className='gy-wish-fulfil__submit' type='primary' loading={!!progress} onClick={() => void submit()}>
          提交
        </Button>
      </View>
    </View>
  )
}

interface ActionBarProps {
  wish: WishDetailView
  busy: boolean
  fulfilOpen: boolean
  onPress: (action: WishAction) => void
}

function ActionBar({ wish, busy, fulfilOpen, onPress }: ActionBarProps) {
  const bar = wishBarOf(wish)
  // while the 上传圆梦照片 section is open its own 提交 button takes over; 放弃认领 stays
  const buttons = fulfilOpen ? bar.buttons.filter((button) => button.action !== 'fulfil') : bar.buttons
  return (
    <View className='gy-wish-detail__bar'>
      {bar.hint ? <Text className='gy-wish-detail__hint'>{bar.hint}</Text> : null}
      {bar.label ? <Text className={`gy-wish-detail__readonly gy-wish-detail__readonly--${wishStatusOf(wish).tone}`}>{bar.label}</Text> : null}
      {buttons.length > 0 ? (
        <View className={`gy-wish-detail__buttons${buttons.length === 1 ? ' gy-wish-detail__buttons--single' : ''}`}>
          {buttons.map((button) => (
            <Button
              key={button.action}
              className={`gy-wish-detail__action gy-wish-detail__action--${button.tone}`}
              type='primary'
              fill={button.tone === 'secondary' ? 'outline' : 'solid'}
              size='large'
              loading={busy && button.tone === 'primary'}
              disabled={busy}
              onClick={() => onPress(button.action)}
            >
              {button.label}
            </Button>
          ))}
        </View>
      ) : null}
    </View>
  )
}

interface ConfirmDialogProps {
  visible: boolean
  onClose: () => void
  /** Resolves true when confirmed (the dialog closes). */
  onSubmit: (thanks: string) => Promise<boolean>
}

/** 确认收到, with an optional 感谢语 the wall will show. */
function ConfirmDialog({ visible, onClose, onSubmit }: ConfirmDialogProps) {
  const [thanks, setThanks] = useState('')
  const [error, setError] = useState('')

  // NutUI calls onClose after onConfirm resolves and leaves the dialog open when it rejects
  const confirm = async () => {
    const problem = thanksProblem(thanks.trim())
    if (problem) {
      setError(problem)
      throw new Error(problem)
    }
    const done = await onSubmit(thanks.trim())
    if (!done) throw new Error('not confirmed')
    setThanks('')
  }

  return (
    <Dialog
      className='gy-wish-confirm'
      visible={visible}
      title='确认收到'
      confirmText='确认收到'
      cancelText='取消'
      closeOnOverlayClick={false}
      onConfirm={confirm}
      onCancel={onClose}
      onClose={onClose}
    >
      <View className='gy-wish-confirm__body'>
        <Text className='gy-wish-confirm__hint'>确认受助人已收到帮助后，心愿将标记为“已圆梦”。可以写一句感谢语（选填），会展示在心愿墙上。</Text>
        <TextArea
          className='gy-wish-confirm__input'
          value={thanks}
          placeholder='例如：谢谢志愿者，奶奶盖上新棉被很暖和！'
          maxLength={THANKS_MAX}
          showCount
          autoSize={false}
          onChange={(value) => {
            setThanks(value)
            if (error) setError('')
          }}
        />
        {error ? <Text className='gy-wish-confirm__error'>{error}</Text> : null}
      </View>
    </Dialog>
  )
}

function InfoRow({ label, value }: { label: string; value: string }) {
  return (
    <View className='gy-wish-detail__row'>
      <Text className='gy-wish-detail__label'>{label}</Text>
      <Text className='gy-wish-detail__value'>{value}</Text>
    </View>
  )
}

function DetailSkeleton() {
  return (
    <View className='gy-wish-detail__skeleton'>
      <View className='gy-wish-detail__bone gy-wish-detail__bone--head' />
      <View className='gy-wish-detail__bone gy-wish-detail__bone--info' />
      <View className='gy-wish-detail__bone gy-wish-detail__bone--text' />
      <Text className='gy-wish-detail__loading-text'>正在加载…</Text>
    </View>
  )
}
