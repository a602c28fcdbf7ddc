import { z } from 'zod'
import { MESSAGE_KINDS, type MessageKind } from '../message/message.kinds'
import type { SubscribePurpose } from '../message/message.schema'

/**
 * WeChat subscribe-message templates (订阅消息) per environment: which template each kind is pushed
 * with and how the notification fills the template's fields. Template ids belong to one mini-program
 * (chosen in 微信公众平台 → 订阅消息), so they are configuration, not code:
 *
 *   SUBSCRIBE_MESSAGE_TEMPLATES='{"templates":{"activity":{"templateId":"…","fields":{"thing1":"{activityTitle}","time2":"{startAt}","thing3":"{title}"}}},
 *                                 "kinds":{"activity.promoted":"activity","reminder.activity":"activity"}}'
 *
 * `fields` maps each template field to a text over the notification's params plus `{title}` and
 * `{body}` (cut to WeChat's length per field type, message.rules.ts). A kind without a template is
 * shown in 消息 only. Unset on CloudBase: nothing is pushed. On the local stack (TCB_SERVICE_URL)
 * without the variable, a demo set below is used so the local sender has something to record.
 * `SUBSCRIBE_MESSAGE_STATE` (`formal` | `trial` | `developer`): which version of the mini-program a
 * push opens (default `formal`).
 */
const templateSchema = z.object({
  templateId: z.string().min(1).max(128),
  fields: z.record(z.string().regex(/^[a-z_]+\d+$/), z.string().max(200)),
})

const configSchema = z.object({
  templates: z.record(z.string(), templateSchema),
  kinds: z.partialRecord(z.enum(MESSAGE_KINDS as [MessageKind, ...MessageKind[]]), z.string()),
})

export type SubscribeConfig = z.infer<typeof configSchema>
export type TemplateSpec = z.infer<typeof templateSchema>

const statusFields = { thing1: '{title}', thing2: '{body}' }

/** The local stack's demo templates (no real WeChat behind them: the local transport records what it would send). */
export const LOCAL_DEMO_TEMPLATES: SubscribeConfig = {
  templates: {
    activity: { templateId: 'local-tpl-activity', fields: { thing1: '{activityTitle}', time2: '{startAt}', thing3: '{title}' } },
    hours: { templateId: 'local-tpl-hours', fields: { thing1: '{activityTitle}', thing2: '{title}' } },
    wish: { templateId: 'local-tpl-wish', fields: { thing1: '{wishTitle}', thing2: '{title}' } },
    ride: { templateId: 'local-tpl-ride', fields: { ...statusFields } },
    aid: { templateId: 'local-tpl-aid', fields: { thing1: '{programName}', thing2: '{title}' } },
    org: { templateId: 'local-tpl-org', fields: { ...statusFields } },
  },
  kinds: Object.fromEntries(MESSAGE_KINDS.map((kind) => [kind, templateAreaOf(kind)])),
}

function templateAreaOf(kind: MessageKind): string {
  if (kind === 'reminder.activity') return 'activity'
  if (kind === 'reminder.ride') return 'ride'
  if (kind === 'reminder.wishClaim') return 'wish'
  return kind.split('.')[0] as string
}

let cached: { raw: string | undefined; config: SubscribeConfig } | null = null

/** The configuration in force (validated once per value of the variable; a broken one is an error, never a silent default). */
export function subscribeConfig(): SubscribeConfig {
  const raw = process.env.SUBSCRIBE_MESSAGE_TEMPLATES
  if (cached && cached.raw === raw) return cached.config
  let config: SubscribeConfig
  if (raw && raw.trim()) {
    const parsed = configSchema.safeParse(JSON.parse(raw))
    if (!parsed.success) throw new Error(`invalid SUBSCRIBE_MESSAGE_TEMPLATES: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    config = parsed.data
  } else {
    config = process.env.TCB_SERVICE_URL ? LOCAL_DEMO_TEMPLATES : { templates: {}, kinds: {} }
  }
  cached = { raw, config }
  return config
}

export function templateFor(kind: MessageKind): TemplateSpec | null {
  const config = subscribeConfig()
  const area = config.kinds[kind]
  return area ? (config.templates[area] ?? null) : null
}

/** The kinds a person may hear of after each moment that asks for a subscription. */
const PURPOSE_KINDS: Record<SubscribePurpose, MessageKind[]> = {
  activitySignUp: ['activity.promoted', 'activity.changed', 'activity.cancelled', 'activity.confirmed', 'reminder.activity', 'hours.confirmed', 'hours.corrected'],
  wishCreate: ['wish.approved', 'wish.rejected', 'wish.claimed', 'wish.released', 'wish.fulfilled'],
  rideBook: ['ride.assigned', 'ride.changed', 'ride.completed', 'reminder.ride'],
  aidApply: ['aid.approved', 'aid.rejected', 'aid.needsInfo', 'aid.disbursed'],
}

/** WeChat asks for at most three templates in one request. */
const MAX_TEMPLATES_PER_REQUEST = 3

export function templatesForPurpose(purpose: SubscribePurpose): string[] {
  const ids = PURPOSE_KINDS[purpose].map((kind) => templateFor(kind)?.templateId).filter((id): id is string => Boolean(id))
  return [...new Set(ids)].slice(0, MAX_TEMPLATES_PER_REQUEST)
}

/** Every template id in force (a grant is recorded only for these). */
export const knownTemplateIds = () => new Set(Object.values(subscribeConfig().templates).map((t) => t.templateId))

export const miniprogramState = (): 'formal' | 'trial' | 'developer' => {
  const state = process.env.SUBSCRIBE_MESSAGE_STATE
  return state === 'trial' || state === 'developer' ? state : 'formal'
}
