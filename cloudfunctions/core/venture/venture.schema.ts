import { z } from 'zod'
import { cursorSchema, listLimitSchema } from '../org/org.schema'
import { containsPersonalNumber, personalNumberMessage } from '../privacy/public-text.rules'
import { ventureFields } from './venture.rules'

const idSchema = (what: string) => z.string({ error: `缺少${what}` }).trim().min(1, { error: `缺少${what}` }).max(128, { error: `${what}编号不正确` })
const isoSchema = (what: string) => z.iso.datetime({ offset: true, error: `${what}须为带时区的时间` })
const yuan = (what: string, max = 100_000_000) =>
  z.number({ error: `${what}须为数字` }).int({ error: `${what}须为整数（元）` }).min(1, { error: `${what}须大于0` }).max(max, { error: `${what}过大` })
const text = (what: string, min: number, max: number) =>
  z.string({ error: `请填写${what}` }).trim().min(min, { error: `${what}为${min}–${max}个字` }).max(max, { error: `${what}为${min}–${max}个字` })

const criterionSchema = z.object({
  name: text('评分项', 2, 20),
  weight: z.number({ error: '权重须为数字' }).int({ error: '权重须为整数' }).min(1, { error: '权重为1–100' }).max(100, { error: '权重为1–100' }),
})

const roundSchema = z
  .object({
    name: text('轮次名称', 2, 10),
    mode: z.enum(['online', 'roadshow'], { error: '评审方式为 online（线上评审）或 roadshow（路演）' }),
    criteria: z.array(criterionSchema, { error: '请设置评分项' }).min(1, { error: '请设置1–10个评分项' }).max(10, { error: '请设置1–10个评分项' }),
    advanceCount: z.number({ error: '晋级数须为数字' }).int({ error: '晋级数须为整数' }).min(1, { error: '晋级数为1–500' }).max(500, { error: '晋级数为1–500' }),
  })
  .superRefine((round, ctx) => {
    const total = round.criteria.reduce((sum, c) => sum + c.weight, 0)
    if (total !== 100) ctx.addIssue({ code: 'custom', path: ['criteria'], message: `评分项权重之和须为100（现为${total}）` })
    const names = round.criteria.map((c) => c.name)
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['criteria', i, 'name'], message: '评分项不能重复' })
    })
  })

export const createContestInput = z
  .object({
    name: text('大赛名称', 4, 40),
    year: z.number({ error: '年度须为数字' }).int({ error: '年度须为整数' }).min(2000, { error: '年度不正确' }).max(2100, { error: '年度不正确' }),
    fields: z.array(z.enum(ventureFields, { error: `领域须为：${ventureFields.join('、')}` })).min(1, { error: '请选择至少一个领域' }).max(ventureFields.length).default([...ventureFields]),
    budgetYuan: yuan('总预算'),
    minYuan: yuan('单个项目最低资助额'),
    maxYuan: yuan('单个项目最高资助额'),
    opensAt: isoSchema('报名开始时间'),
    closesAt: isoSchema('报名截止时间'),
    rounds: z.array(roundSchema, { error: '请设置评审轮次' }).min(1, { error: '请设置1–3个评审轮次' }).max(3, { error: '请设置1–3个评审轮次' }),
    maxEntriesPerOrg: z.number({ error: '每个组织的参赛数须为数字' }).int({ error: '每个组织的参赛数须为整数' }).min(1, { error: '每个组织的参赛数为1–5' }).max(5, { error: '每个组织的参赛数为1–5' }).default(1),
  })
  .superRefine((input, ctx) => {
    if (new Date(input.closesAt).getTime() <= new Date(input.opensAt).getTime()) ctx.addIssue({ code: 'custom', path: ['closesAt'], message: '报名截止时间须晚于开始时间' })
    if (input.minYuan > input.maxYuan) ctx.addIssue({ code: 'custom', path: ['maxYuan'], message: '最高资助额不能低于最低资助额' })
    if (input.maxYuan > input.budgetYuan) ctx.addIssue({ code: 'custom', path: ['maxYuan'], message: '最高资助额不能超过总预算' })
    if (new Set(input.fields).size !== input.fields.length) ctx.addIssue({ code: 'custom', path: ['fields'], message: '领域不能重复' })
    input.rounds.forEach((round, i) => {
      const previous = input.rounds[i - 1]
      if (previous && round.advanceCount > previous.advanceCount) ctx.addIssue({ code: 'custom', path: ['rounds', i, 'advanceCount'], message: '后一轮的晋级数不能多于前一轮' })
    })
  })
export type CreateContestInput = z.input<typeof createContestInput>

export const contestIdInput = z.object({ contestId: idSchema('大赛') })
export const listContestsInput = z.object({ year: z.number().int().min(2000).max(2100).optional(), cursor: cursorSchema, limit: listLimitSchema })
export const listEntriesInput = z.object({ contestId: idSchema('大赛'), cursor: cursorSchema, limit: listLimitSchema })

export const orgIdInput = z.object({ orgId: idSchema('组织') })

export const appointExpertInput = z.object({ contestId: idSchema('大赛'), openid: idSchema('专家') })

export const enterInput = z
  .object({
    contestId: idSchema('大赛'),
    orgId: idSchema('组织'),
    title: text('项目名称', 4, 40),
    field: z.enum(ventureFields, { error: `领域须为：${ventureFields.join('、')}` }),
    summary: text('项目简介', 20, 2000),
    requestedYuan: yuan('申请金额'),
    budgetLines: z
      .array(z.object({ item: text('预算科目', 2, 30), yuan: yuan('预算金额') }), { error: '请填写预算明细' })
      .min(1, { error: '请填写1–30条预算明细' })
      .max(30, { error: '请填写1–30条预算明细' }),
    team: z
      .array(z.object({ name: text('成员姓名', 2, 20), role: text('成员分工', 2, 30) }), { error: '请填写项目团队' })
      .min(1, { error: '请填写1–20名团队成员' })
      .max(20, { error: '请填写1–20名团队成员' }),
    durationMonths: z.number({ error: '执行周期须为数字' }).int({ error: '执行周期须为整数（月）' }).min(1, { error: '执行周期为1–24个月' }).max(24, { error: '执行周期为1–24个月' }),
  })
  .superRefine((input, ctx) => {
    const total = input.budgetLines.reduce((sum, l) => sum + l.yuan, 0)
    if (total !== input.requestedYuan) ctx.addIssue({ code: 'custom', path: ['budgetLines'], message: `预算明细合计${total}元，须等于申请金额` })
    // the title is public with the results; experts read the summary
    if (containsPersonalNumber(input.title)) ctx.addIssue({ code: 'custom', path: ['title'], message: personalNumberMessage('项目名称') })
    if (containsPersonalNumber(input.summary)) ctx.addIssue({ code: 'custom', path: ['summary'], message: personalNumberMessage('项目简介') })
  })
export type EnterInput = z.input<typeof enterInput>

export const roundInput = z.object({
  contestId: idSchema('大赛'),
  round: z.number({ error: '轮次须为数字' }).int({ error: '轮次须为整数' }).min(1, { error: '轮次不正确' }).max(3, { error: '轮次不正确' }),
})

export const scoreInput = roundInput.extend({
  entryId: idSchema('参赛项目'),
  scores: z.record(z.string(), z.number({ error: '评分须为数字' }).min(0, { error: '评分为0–100' }).max(100, { error: '评分为0–100' }), { error: '请填写评分' }),
  comment: z.string({ error: '评语须为文字' }).trim().max(500, { error: '评语不超过500个字' }).default(''),
})

export const publishInput = z.object({
  contestId: idSchema('大赛'),
  awards: z
    .array(z.object({ entryId: idSchema('参赛项目'), amountYuan: yuan('资助金额') }), { error: '请填写资助项目' })
    .min(1, { error: '请填写至少一个资助项目' })
    .max(500),
})
