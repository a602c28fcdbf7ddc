import { z } from 'zod'
import { cursorSchema, listLimitSchema } from '../org/org.schema'
import type { MessageKind } from './message.kinds'

/** The `message` function's inputs and views (shared/api.md, section `message`). */

export const listMessagesInput = z.object({
  unreadOnly: z.boolean({ error: 'unreadOnly 须为布尔值' }).optional(),
  cursor: cursorSchema,
  limit: listLimitSchema,
})
export type ListMessagesInput = z.infer<typeof listMessagesInput>

const messageIdSchema = z.string({ error: '消息编号不正确' }).min(1, { error: '消息编号不正确' }).max(300, { error: '消息编号不正确' })

export const markReadInput = z.object({
  /** None: every unread message of the caller. */
  messageIds: z.array(messageIdSchema, { error: 'messageIds 须为数组' }).min(1, { error: '至少选择一条消息' }).max(100, { error: '一次最多标记100条' }).optional(),
})
export type MarkReadInput = z.infer<typeof markReadInput>

const templateIdSchema = z.string({ error: '模板编号不正确' }).trim().min(1, { error: '模板编号不正确' }).max(128, { error: '模板编号不正确' })

/** After `wx.requestSubscribeMessage` answered `accept` for these template ids: one grant each. */
export const subscribeInput = z.object({
  templateIds: z.array(templateIdSchema, { error: 'templateIds 须为数组' }).min(1, { error: '至少一个模板' }).max(10, { error: '一次最多订阅10个模板' }),
})
export type SubscribeInput = z.infer<typeof subscribeInput>

/** The moments that ask for a subscription (the tap that earns it). */
export const subscribePurposes = ['activitySignUp', 'wishCreate', 'rideBook', 'aidApply'] as const
export type SubscribePurpose = (typeof subscribePurposes)[number]

export interface MessageLink {
  page: string
  params: Record<string, string>
}

export interface MessageView {
  messageId: string
  kind: MessageKind
  title: string
  body: string
  link: MessageLink | null
  createdAt: string
  readAt: string | null
}

export interface SubscribeTemplatesView {
  /** Template ids to ask for at each moment (empty: nothing configured in this environment). */
  templates: Record<SubscribePurpose, string[]>
}
