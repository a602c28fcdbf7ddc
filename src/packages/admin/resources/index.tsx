import { useCallback, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import { providerKindLabels, providerKinds, resourceOfferLabels, resourceOffers, type ProviderKind, type ResourceOffer } from '../../../../cloudfunctions/core/needs/needs.constants'
import type { ResourceView } from '../../../../cloudfunctions/core/needs/needs.schema'
import { isTownship, townships, type Township } from '../../../../cloudfunctions/core/settings/townships'
import { AccessDenied, accessDeniedReasonOf, type AccessDeniedReason } from '../../../components/access-denied'
import { EmptyState } from '../../../components/empty-state'
import { FormField, FormSelect } from '../../../components/form-field'
import { OptionPicker } from '../../../components/option-picker'
import { PageError, PageLoading } from '../../../components/page-state'
import { useCursorFeed } from '../../../hooks/use-cursor-feed'
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key'
import { isCloudError } from '../../../services/cloud'
import { addResource, listResources, updateResource } from '../../../services/needs'
import { login } from '../../../services/user'
import { group, pressable } from '../../../utils/a11y'
import { formatDate } from '../../../utils/time'
import { messageOf, toastSuccess } from '../../../utils/toast'
import { ListFooter } from '../../../components/list-footer'
import '../../../styles/needs-pages.scss'
import './index.scss'

const PAGE_SIZE = 20
const ALL_TOWNSHIPS = '全部乡镇'
const ALL_OFFERS = '全部资源'
const offerByLabel = new Map(resourceOffers.map((offer) => [resourceOfferLabels[offer], offer] as const))

interface Filter {
  township: Township | null
  offer: ResourceOffer | null
}

type Gate = { kind: 'loading' } | { kind: 'admin' } | { kind: 'denied'; reason: AccessDeniedReason } | { kind: 'error'; message: string }
/** null: no editor open; 'new': 登记资源; else the resource being edited. */
type Editing = null | 'new' | ResourceView

/** 资源清单 (平台管理): the county's resource providers by township, added and edited by the platform admin, contacts in full. */
export default function AdminResourcesPage() {
  const [gate, setGate] = useState<Gate>({ kind: 'loading' })
  const [editing, setEditing] = useState<Editing>(null)

  const checkAdmin = useCallback(async () => {
    try {
      const user = await login()
      setGate(user.roles.includes('platform_admin') ? { kind: 'admin' } : { kind: 'denied', reason: 'forbidden' })
    } catch (error) {
      const reason = isCloudError(error) ? accessDeniedReasonOf(error.code) : null
      setGate(reason ? { kind: 'denied', reason } : { kind: 'error', message: messageOf(error) })
    }
  }, [])
  useDidShow(() => {
    if (gate.kind !== 'admin') void checkAdmin()
  })

  const feed = useCursorFeed({
    initialFilter: { township: null, offer: null } as Filter,
    toQuery: (filter: Filter) => filter,
    fetchPage: (filter: Filter, cursor: string | undefined) =>
      listResources({ ...(filter.township ? { township: filter.township } : {}), ...(filter.offer ? { offer: filter.offer } : {}), ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }),
    keyOf: (resource: ResourceView) => resource.resourceId,
    changedEvent: 'admin-resources:changed',
  })

  if (gate.kind === 'loading') return <View className='gy-page gy-np'><PageLoading skeletons={['review-card', 'review-card']} /></View>
  if (gate.kind === 'error') return <View className='gy-page gy-np'><PageError title='页面加载失败' message={gate.message} onRetry={() => { setGate({ kind: 'loading' }); void checkAdmin() }} /></View>
  if (gate.kind === 'denied') return <View className='gy-page gy-np'><View className='gy-np__card'><AccessDenied reason={gate.reason} description='资源清单的维护仅对平台管理员开放。' /></View></View>

  const { filter, items, nextCursor, status, errorMessage, loadingMore, moreFailed, load, loadMore, changeFilter } = feed
  const saved = (message: string) => {
    setEditing(null)
    toastSuccess(message)
    void load(filter, 'refresh')
  }

  return (
    <View className='gy-page gy-np gy-admin-resources'>
      <View className='gy-np__intro'>
        <Text className='gy-np__title'>资源清单</Text>
        <Text className='gy-np__lead'>各乡镇愿意提供场地、资金、物资、专业服务和志愿者的部门、企业、社会组织和个人。联系人和电话只有平台管理员能看到全文，公众看到的是打码后的信息。</Text>
      </View>

      {editing === 'new' ? (
        <ResourceEditor onCancel={() => setEditing(null)} onSaved={() => saved('已登记')} />
      ) : (
        <Button className='gy-admin-resources__new' type='primary' block onClick={() => setEditing('new')}>
          登记资源
        </Button>
      )}

      <View className='gy-np__filters' {...group('group', '筛选')}>
        <OptionPicker
          title='选择乡镇'
          options={[ALL_TOWNSHIPS, ...townships]}
          value={filter.township ?? ALL_TOWNSHIPS}
          onConfirm={(picked) => {
            const next = isTownship(picked) ? picked : null
            if (next !== filter.township) changeFilter({ ...filter, township: next })
          }}
        >
          <View className={`gy-np__pill gy-admin-resources__township${filter.township ? ' gy-np__pill--active' : ''}`} {...pressable({ label: `按乡镇筛选：${filter.township ?? ALL_TOWNSHIPS}` })}>
            <Text>{filter.township ?? ALL_TOWNSHIPS} ▾</Text>
          </View>
        </OptionPicker>
        <OptionPicker
          title='选择资源类型'
          options={[ALL_OFFERS, ...offerByLabel.keys()]}
          value={filter.offer ? resourceOfferLabels[filter.offer] : ALL_OFFERS}
          onConfirm={(picked) => {
            const next = offerByLabel.get(picked) ?? null
            if (next !== filter.offer) changeFilter({ ...filter, offer: next })
          }}
        >
          <View className={`gy-np__pill${filter.offer ? ' gy-np__pill--active' : ''}`} {...pressable({ label: `按资源类型筛选：${filter.offer ? resourceOfferLabels[filter.offer] : ALL_OFFERS}` })}>
            <Text>{filter.offer ? resourceOfferLabels[filter.offer] : ALL_OFFERS} ▾</Text>
          </View>
        </OptionPicker>
      </View>

      {status === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}
      {status === 'error' ? <PageError title='资源清单加载失败' message={errorMessage} onRetry={() => void load(filter, 'reset')} /> : null}
      {status === 'ready' && items.length === 0 ? (
        <View className='gy-np__card'>
          <EmptyState illustration='coming-soon' title={`${filter.township ?? ''}暂无资源`} description='点击“登记资源”添加第一个资源提供方。' />
        </View>
      ) : null}
      {status === 'ready'
        ? items.map((resource) =>
            editing !== null && editing !== 'new' && editing.resourceId === resource.resourceId ? (
              <ResourceEditor key={resource.resourceId} resource={resource} onCancel={() => setEditing(null)} onSaved={() => saved('已保存')} />
            ) : (
              <View key={resource.resourceId} className='gy-np__card gy-admin-resources__item'>
                <View className='gy-np__head'>
                  <Text className='gy-np__name'>{resource.provider.name}</Text>
                  <Text className='gy-np__badge gy-np__badge--info'>{providerKindLabels[resource.provider.kind]}</Text>
                </View>
                <View className='gy-np__chips'>
                  {resource.offers.map((offer) => (
                    <Text key={offer} className='gy-np__badge gy-np__badge--muted'>
                      {resourceOfferLabels[offer]}
                    </Text>
                  ))}
                </View>
                <Text className='gy-np__text'>{resource.description}</Text>
                <Text className='gy-np__strong gy-admin-resources__contact'>
                  {resource.township} · 联系人：{resource.contact.name} {resource.contact.phone}
                </Text>
                <Text className='gy-np__meta'>更新于 {formatDate(resource.updatedAt)}</Text>
                <View className='gy-np__actions'>
                  <Button className='gy-admin-resources__edit' size='small' fill='outline' onClick={() => setEditing(resource)}>
                    编辑
                  </Button>
                </View>
              </View>
            ),
          )
        : null}
      {status === 'ready' && items.length > 0 ? (
        <ListFooter loadingMore={loadingMore} failed={moreFailed} hasMore={!!nextCursor} onMore={() => void loadMore()} />
      ) : null}
    </View>
  )
}

type EditorKey = 'provider.name' | 'provider.kind' | 'offers' | 'township' | 'description' | 'contact.name' | 'contact.phone' | '_form'
const editorKey = (path: string): EditorKey => (/^(provider|contact)\./.test(path) ? (path.split('.').slice(0, 2).join('.') as EditorKey) : (path.split('.')[0] as EditorKey))

/** 登记资源 / 编辑资源: provider (name, kind), offers, township, description, contact (in full). */
function ResourceEditor({ resource, onCancel, onSaved }: { resource?: ResourceView; onCancel: () => void; onSaved: () => void }) {
  const [name, setName] = useState(resource?.provider.name ?? '')
  const [kind, setKind] = useState<ProviderKind | null>(resource?.provider.kind ?? null)
  const [offers, setOffers] = useState<ResourceOffer[]>(resource?.offers ?? [])
  const [township, setTownship] = useState<string>(resource?.township ?? '')
  const [description, setDescription] = useState(resource?.description ?? '')
  const [contactName, setContactName] = useState(resource?.contact.name ?? '')
  const [phone, setPhone] = useState(resource?.contact.phone ?? '')
  const [errors, setErrors] = useState<Partial<Record<EditorKey, string>>>({})
  const [saving, setSaving] = useState(false)
  const idempotency = useIdempotencyKey()
  const clear = (key: EditorKey) => setErrors((current) => (current[key] || current._form ? { ...current, [key]: undefined, _form: undefined } : current))

  const save = async () => {
    const problems: Partial<Record<EditorKey, string>> = {}
    if (name.trim().length < 2) problems['provider.name'] = '提供方名称为2–40个字'
    if (!kind) problems['provider.kind'] = '请选择提供方类型'
    if (offers.length === 0) problems.offers = '请至少选择一类资源'
    if (!isTownship(township)) problems.township = '请选择乡镇'
    if (description.trim().length < 4) problems.description = '资源说明为4–300个字'
    if (contactName.trim().length < 2) problems['contact.name'] = '联系人为2–20个字'
    if (!phone.trim()) problems['contact.phone'] = '请填写联系电话'
    setErrors(problems)
    if (Object.keys(problems).length || !kind || !isTownship(township)) return
    const fields = { provider: { name: name.trim(), kind }, offers, township, description: description.trim(), contact: { name: contactName.trim(), phone: phone.trim() } }
    setSaving(true)
    try {
      if (resource) await updateResource({ resourceId: resource.resourceId, ...fields }, { idempotencyKey: idempotency.keyFor(fields) })
      else await addResource(fields, { idempotencyKey: idempotency.keyFor(fields) })
      idempotency.forget()
      onSaved()
    } catch (error) {
      idempotency.forgetUnlessLost(error)
      if (isCloudError(error) && error.fields.length) {
        const next: Partial<Record<EditorKey, string>> = {}
        for (const f of error.fields) next[editorKey(f.path)] ??= f.message
        setErrors(next)
      } else setErrors({ _form: messageOf(error) })
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='gy-np__card gy-resource-editor'>
      <Text className='gy-np__name'>{resource ? '编辑资源' : '登记资源'}</Text>
      <FormField className='gy-resource-editor__field--name' label='提供方名称' mark='required' error={errors['provider.name']}>
        <Input className='gy-resource-editor__name' name='providerName' placeholder='如：灵溪镇爱心食堂' maxLength={40} value={name} onChange={(v) => { setName(v); clear('provider.name') }} />
      </FormField>
      <FormField className='gy-resource-editor__field--kind' label='提供方类型' mark='required' error={errors['provider.kind']}>
        <View className='gy-np__chips' {...group('radiogroup', '提供方类型')}>
          {providerKinds.map((each) => (
            <Text key={each} className={`gy-np__chip gy-resource-editor__kind${kind === each ? ' gy-np__chip--on' : ''}`} {...pressable({ role: 'radio', selected: kind === each })} onClick={() => { setKind(each); clear('provider.kind') }}>
              {providerKindLabels[each]}
            </Text>
          ))}
        </View>
      </FormField>
      <FormField className='gy-resource-editor__field--offers' label='可提供的资源（可多选）' mark='required' error={errors.offers}>
        <View className='gy-np__chips' {...group('group', '可提供的资源')}>
          {resourceOffers.map((each) => {
            const on = offers.includes(each)
            return (
              <Text
                key={each}
                className={`gy-np__chip gy-resource-editor__offer${on ? ' gy-np__chip--on' : ''}`}
                {...pressable({ selected: on })}
                onClick={() => {
                  setOffers((current) => (on ? current.filter((o) => o !== each) : [...current, each]))
                  clear('offers')
                }}
              >
                {resourceOfferLabels[each]}
              </Text>
            )
          })}
        </View>
      </FormField>
      <FormField className='gy-resource-editor__field--township' label='所在乡镇' mark='required' error={errors.township}>
        <OptionPicker title='选择乡镇' options={townships} value={township} placeholder='请选择乡镇' onConfirm={(picked) => { setTownship(picked); clear('township') }}>
          <FormSelect className='gy-resource-editor__township' value={township} placeholder='请选择乡镇' />
        </OptionPicker>
      </FormField>
      <FormField className='gy-resource-editor__field--description' label='资源说明' mark='required' error={errors.description} hint='公开显示，不要写电话'>
        <TextArea className='gy-resource-editor__description' placeholder='如：可提供50人会议室，每月一次义诊' maxLength={300} value={description} onChange={(v) => { setDescription(v); clear('description') }} />
      </FormField>
      <FormField className='gy-resource-editor__field--contact' label='联系人' mark='required' error={errors['contact.name']}>
        <Input className='gy-resource-editor__contact-name' name='contactName' placeholder='姓名' maxLength={20} value={contactName} onChange={(v) => { setContactName(v); clear('contact.name') }} />
      </FormField>
      <FormField className='gy-resource-editor__field--phone' label='联系电话' mark='required' error={errors['contact.phone']} hint='手机号或带区号的座机号，仅平台管理员可见全文'>
        <Input className='gy-resource-editor__phone' name='contactPhone' type='text' placeholder='如：13912345678 或 0577-64712345' maxLength={13} value={phone} onChange={(v) => { setPhone(v); clear('contact.phone') }} />
      </FormField>
      {errors._form ? <Text className='gy-np__error'>{errors._form}</Text> : null}
      <View className='gy-np__actions'>
        <Button className='gy-resource-editor__save' type='primary' disabled={saving} onClick={() => void save()}>
          {saving ? '保存中…' : '保存'}
        </Button>
        <Button className='gy-resource-editor__cancel' disabled={saving} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  )
}
