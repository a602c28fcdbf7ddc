import { z } from 'zod'
import { access } from '../core/access'
import { AppError } from '../core/errors'
import { callerOpenid, defineAction, handler, type ActionTable } from '../core/handler'
import { toMessageView } from '../core/message/message.rules'
import { listMessagesInput, markReadInput, subscribeInput, subscribePurposes, type MessageView, type SubscribeTemplatesView } from '../core/message/message.schema'
import { addGrants, countUnread, listMyMessages, markRead } from '../core/message/message.store'
import type { Page } from '../core/org/org.schema'
import { knownTemplateIds, templatesForPurpose } from '../core/settings/subscribe-messages'
import { sendReminders } from './remind'
import { sendPending } from './send'

const noInput = z.object({})

export const actions = {
  /** 消息: my notifications, newest first. */
  list: defineAction({
    access: access.signedIn,
    input: listMessagesInput,
    mutates: false,
    run: async (ctx, input): Promise<Page<MessageView>> => {
      const page = await listMyMessages(ctx.db, callerOpenid(ctx), { unreadOnly: input.unreadOnly }, { cursor: input.cursor, limit: input.limit })
      return { items: page.items.map(toMessageView), nextCursor: page.nextCursor }
    },
  }),

  unread: defineAction({
    access: access.signedIn,
    input: noInput,
    mutates: false,
    run: async (ctx) => ({ count: await countUnread(ctx.db, callerOpenid(ctx)) }),
  }),

  /** Mark read: these of mine, or (no ids) all of mine. Marking again changes nothing (`updated` counts what changed). */
  markRead: defineAction({
    access: access.signedIn,
    input: markReadInput,
    mutates: true,
    run: async (ctx, input) => ({ updated: await markRead(ctx.db, callerOpenid(ctx), input.messageIds, ctx.now.toISOString()) }),
  }),

  /** The template ids to ask for at each moment (the page asks `wx.requestSubscribeMessage` with them on the tap). */
  templates: defineAction({
    access: access.anyone,
    input: noInput,
    mutates: false,
    run: async (): Promise<SubscribeTemplatesView> => ({
      templates: Object.fromEntries(subscribePurposes.map((purpose) => [purpose, templatesForPurpose(purpose)])) as SubscribeTemplatesView['templates'],
    }),
  }),

  /** After `wx.requestSubscribeMessage` answered `accept`: one one-time grant per template id. */
  subscribe: defineAction({
    access: access.signedIn,
    input: subscribeInput,
    mutates: true,
    run: async (ctx, input) => {
      const known = knownTemplateIds()
      const unknown = input.templateIds.findIndex((id) => !known.has(id))
      if (unknown >= 0) throw new AppError('INVALID_ARGUMENT', '订阅的消息模板不存在', { fields: [{ path: `templateIds.${unknown}`, message: '订阅的消息模板不存在' }] })
      const templateIds = [...new Set(input.templateIds)]
      await addGrants(ctx.db, callerOpenid(ctx), templateIds, ctx.now.toISOString())
      return { subscribed: templateIds.length }
    },
  }),

  /** The sender (timer trigger; the local host runs it on an interval): pending notifications go out as subscribe messages. */
  send: defineAction({
    access: access.anyone,
    input: noInput,
    mutates: false,
    run: (ctx) => sendPending(ctx.db, ctx.now),
  }),

  /** Reminders (timer trigger; the local host runs it on an interval): activity and ride tomorrow, claims about to end. */
  remind: defineAction({
    access: access.anyone,
    input: noInput,
    mutates: false,
    run: (ctx) => sendReminders(ctx.db, ctx.now),
  }),
} satisfies ActionTable

const handle = handler('message', actions)

/** A CloudBase timer trigger calls `main` with `{ Type: 'Timer', TriggerName }`: `send` and `remind` run as their actions. */
export const main = (event: unknown, context: unknown) => {
  const trigger = typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer' ? (event as { TriggerName?: unknown }).TriggerName : null
  return handle(trigger === 'send' || trigger === 'remind' ? { action: trigger } : event, context)
}
