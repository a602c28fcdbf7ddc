import { hidePersonalNumbers } from '../privacy/public-text.rules'
import { beijing, beijingInstant, dayjs, toBeijingIso } from '../time/beijing'
import { messageKinds, type MessageKind } from './message.kinds'
import type { MessageLink, MessageView } from './message.schema'

/** Where a notification stands with the WeChat push (the in-app message exists regardless). */
export type SendState = 'pending' | 'sent' | 'unsubscribed' | 'unconfigured' | 'dead'

/** What the sender handed WeChat (locally: what it would have handed it). */
export interface Delivery {
  to: string
  templateId: string
  page: string | null
  data: Record<string, { value: string }>
  sentAt: string
}

/** One notification (`notifications`): written with the change that causes it, read in 消息, pushed by the sender. */
export interface NotificationDoc {
  _id: string
  openid: string
  kind: MessageKind
  title: string
  body: string
  link: MessageLink | null
  /** The values the texts were made from; the sender maps them onto the template's fields. */
  params: Record<string, string>
  createdAt: string
  readAt: string | null
  sendState: SendState
  /** When the sender may (next) try; also its lease while a try is under way. */
  sendAfter: string
  sendAttempts: number
  sendError: string | null
  /** A one-time subscription grant was used for this notification (never twice). */
  grantTaken: boolean
  delivery: Delivery | null
}

export type NotificationParams = Record<string, string | number | null | undefined>

/**
 * The notification's id, derived from the change: kind, what it is about, who hears it and (when one
 * subject can cause the same kind again) a version. A retried or recovered step derives the same id,
 * so it can never write a second message for one change.
 */
export function notificationId(kind: MessageKind, subjectId: string, openid: string, version?: string | number): string {
  return [kind, subjectId, openid, ...(version === undefined ? [] : [String(version)])].join(':')
}

const fill = (template: string, params: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '')

function cleanParams(params: NotificationParams): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined) out[key] = String(value)
  return out
}

/** Title, body and link of a kind for these params; any phone or ID number typed into a param is hidden. */
export function renderMessage(kind: MessageKind, raw: NotificationParams): { title: string; body: string; link: MessageLink | null; params: Record<string, string> } {
  const spec = messageKinds[kind]
  const params = Object.fromEntries(Object.entries(cleanParams(raw)).map(([k, v]) => [k, hidePersonalNumbers(v)]))
  const link = spec.link ? { page: spec.link.page, params: Object.fromEntries(spec.link.params.map((name) => [name, params[name] ?? ''])) } : null
  return { title: spec.title, body: fill(spec.body, params).trim(), link, params }
}

export interface NewNotification {
  kind: MessageKind
  openid: string
  subjectId: string
  version?: string | number
  params: NotificationParams
}

export function buildNotification(input: NewNotification, at: string): NotificationDoc {
  const rendered = renderMessage(input.kind, input.params)
  return {
    _id: notificationId(input.kind, input.subjectId, input.openid, input.version),
    openid: input.openid,
    kind: input.kind,
    title: rendered.title,
    body: rendered.body,
    link: rendered.link,
    params: rendered.params,
    createdAt: at,
    readAt: null,
    sendState: 'pending',
    sendAfter: at,
    sendAttempts: 0,
    sendError: null,
    grantTaken: false,
    delivery: null,
  }
}

export const toMessageView = (doc: NotificationDoc): MessageView => ({
  messageId: doc._id,
  kind: doc.kind,
  title: doc.title,
  body: doc.body,
  link: doc.link,
  createdAt: toBeijingIso(doc.createdAt),
  readAt: doc.readAt ? toBeijingIso(doc.readAt) : null,
})

// ---------------------------------------------------------------------------------------------
// Texts shared by the events

/** `6月7日 07:30` (Beijing): how a time reads in a message. */
export const messageTime = (iso: string) => beijing(iso).format('M月D日 HH:mm')
/** `6月7日` */
export const messageDate = (isoOrDate: string) => (/^\d{4}-\d{2}-\d{2}$/.test(isoOrDate) ? beijingInstant(isoOrDate) : beijing(isoOrDate)).utcOffset(480).format('M月D日')
/** `2.5小时` / `45分钟` */
export function hoursText(minutes: number): string {
  if (minutes < 60) return `${minutes}分钟`
  const hours = Math.round((minutes / 60) * 10) / 10
  return `${hours}小时`
}
/** `（原因：…）` or nothing. */
export const reasonText = (reason: string | null | undefined) => (reason ? `原因：${reason}` : '')

// ---------------------------------------------------------------------------------------------
// The sender: backoff and the template's fields

/** After this many failed tries a notification is dead-lettered (`sendState: dead`). */
export const MAX_SEND_ATTEMPTS = 5
const FIRST_RETRY_MS = 60_000
const LONGEST_RETRY_MS = 6 * 3600_000
/** How long one try holds a notification (another sender run leaves it alone meanwhile). */
export const SEND_LEASE_MS = 60_000

/** Exponential backoff: 1, 2, 4, 8 … minutes after the `attempts`-th failure, at most 6 hours. */
export const retryDelayMs = (attempts: number) => Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1))

/** WeChat's limits per field type of a subscribe-message template (characters). */
const FIELD_LIMITS: [RegExp, number][] = [
  [/^thing\d+$/, 20],
  [/^name\d+$/, 10],
  [/^phrase\d+$/, 5],
  [/^character_string\d+$/, 32],
  [/^short_thing\d+$/, 5],
  [/^number\d+$/, 32],
  [/^amount\d+$/, 32],
  [/^time\d+$/, 32],
  [/^date\d+$/, 32],
]

function fitField(key: string, value: string): string {
  const limit = FIELD_LIMITS.find(([pattern]) => pattern.test(key))?.[1] ?? 20
  const chars = [...value]
  return chars.length <= limit ? value : `${chars.slice(0, Math.max(1, limit - 1)).join('')}…`
}

/**
 * A template's `data` from a notification: each field's template (`{activityTitle}`, `{title}`,
 * `{body}`) filled from the params, title and body, cut to WeChat's length for its type.
 */
export function templateData(fields: Record<string, string>, doc: Pick<NotificationDoc, 'params' | 'title' | 'body'>): Record<string, { value: string }> {
  const values = { ...doc.params, title: doc.title, body: doc.body }
  return Object.fromEntries(Object.entries(fields).map(([key, template]) => [key, { value: fitField(key, fill(template, values).trim() || '—') }]))
}

/** The page a push opens: the link with its query (`/packages/...` without the leading slash, as WeChat wants it). */
export function linkPath(link: MessageLink | null): string | null {
  if (!link) return null
  const query = Object.entries(link.params)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&')
  return `${link.page.replace(/^\//, '')}${query ? `?${query}` : ''}`
}

// ---------------------------------------------------------------------------------------------
// Reminders

/** Tomorrow in Beijing, as the instants [from, to) and the date `YYYY-MM-DD`. */
export function tomorrowInBeijing(now: Date): { from: string; to: string; date: string } {
  const date = beijing(now).add(1, 'day').format('YYYY-MM-DD')
  const from = beijingInstant(date)
  return { from: from.toISOString(), to: from.add(1, 'day').toISOString(), date }
}

/** A claim ends within this many hours: its claimer is reminded (once per claim). */
export const WISH_CLAIM_REMINDER_HOURS = 24

export const hoursAfter = (now: Date, hours: number) => dayjs(now).add(hours, 'hour').toISOString()
