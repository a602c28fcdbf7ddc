import { z } from 'zod'
import { access } from '../core/access'
import { AppError, invalidArgument } from '../core/errors'
import { callerOpenid, defineAction, handler, type ActionContext, type ActionTable } from '../core/handler'
import { findOrg } from '../core/org/org.store'
import { findUser, findUsersByIds } from '../core/user/user.store'
import { awardsTotal, checkAwards, openRound, rankEntries, roundState, weightedTotal, windowState, type Award, type ContestDoc, type EntryDoc, type Ranking } from '../core/venture/venture.rules'
import { appointExpertInput, contestIdInput, createContestInput, enterInput, listContestsInput, listEntriesInput, orgIdInput, publishInput, roundInput, scoreInput } from '../core/venture/venture.schema'
import { closeRound, findContest, findContestsByIds, findEntry, insertContest, insertEntry, insertExpert, isExpert, listAppointments, listEntries, listExperts, listOrgEntries, myScores, newContestId, pageContests, pageEntries, removeExpert, saveScore, scoreId } from '../core/venture/venture.store'
import { newProject } from '../core/venture/project.rules'
import { publishWithProjects } from '../core/venture/project.store'
import { projectActions } from './projects'

/**
 * 公益创投: contests, entries, sealed expert scoring with recusal, rankings and published results.
 * Individual scores never leave the function; a round's ranking is shown (to the platform admin)
 * only after it is closed; winners are public after publishing.
 */

async function contestOrThrow(ctx: ActionContext, contestId: string): Promise<ContestDoc> {
  const contest = await findContest(ctx.db, contestId)
  if (!contest) throw new AppError('NOT_FOUND', '大赛不存在')
  return contest
}

const isPlatformAdmin = async (ctx: ActionContext) => Boolean((await ctx.user())?.roles.includes('platform_admin'))

function contestView(contest: ContestDoc, now: Date, withRankings: boolean) {
  return {
    contestId: contest._id,
    name: contest.name,
    year: contest.year,
    fields: contest.fields,
    budgetYuan: contest.budgetYuan,
    minYuan: contest.minYuan,
    maxYuan: contest.maxYuan,
    opensAt: contest.opensAt,
    closesAt: contest.closesAt,
    window: windowState(contest, now),
    maxEntriesPerOrg: contest.maxEntriesPerOrg,
    status: contest.status,
    rounds: contest.rounds.map((r) => ({
      round: r.round,
      name: r.name,
      mode: r.mode,
      criteria: r.criteria.map((c) => ({ name: c.name, weight: c.weight })),
      advanceCount: r.advanceCount,
      status: roundState(contest, r.round, now),
      // sealed: nothing of a round's outcome before it closes, and only to the platform admin after
      ranking: withRankings && r.closedAt && r.ranking ? rankingView(r.ranking) : null,
    })),
  }
}
export type ContestView = ReturnType<typeof contestView>

const rankingView = (ranking: Ranking) => ({
  method: ranking.method,
  items: ranking.items.map((i) => ({ entryId: i.entryId, rank: i.rank, plainRank: i.plainRank, plainMean: i.plainMean, normalizedScore: i.normalizedScore, scoreCount: i.scoreCount })),
})

const entryView = (entry: EntryDoc) => ({
  entryId: entry._id,
  contestId: entry.contestId,
  orgId: entry.orgId,
  orgName: entry.orgName,
  title: entry.title,
  field: entry.field,
  summary: entry.summary,
  requestedYuan: entry.requestedYuan,
  budgetLines: entry.budgetLines.map((l) => ({ item: l.item, yuan: l.yuan })),
  team: entry.team.map((t) => ({ name: t.name, role: t.role })),
  durationMonths: entry.durationMonths,
  createdAt: entry.createdAt,
})
export type EntryView = ReturnType<typeof entryView>

/** The entries a round scores: every entry for the first round, those that advanced after. */
async function roundEntries(ctx: ActionContext, contest: ContestDoc, round: number): Promise<EntryDoc[]> {
  const all = await listEntries(ctx.db, contest._id)
  const ids = contest.rounds[round - 1]?.entryIds
  return ids ? all.filter((e) => ids.includes(e._id)) : all
}

/** The organizations the caller belongs to now (read on every call: joining later recuses too). */
const currentOrgIds = async (ctx: ActionContext) => new Set((await ctx.profile())?.memberships.map((m) => m.orgId) ?? [])

async function expertOrThrow(ctx: ActionContext, contestId: string): Promise<string> {
  const openid = callerOpenid(ctx)
  if (!(await isExpert(ctx.db, contestId, openid))) throw new AppError('FORBIDDEN', '仅本次大赛的评审专家可以评审')
  return openid
}

const awardView = (a: Award) => ({ entryId: a.entryId, orgId: a.orgId, orgName: a.orgName, title: a.title, field: a.field, rank: a.rank, amountYuan: a.amountYuan })

export const actions = {
  /** 开设公益创投大赛 (platform admin). */
  createContest: defineAction({
    access: access.platformAdmin,
    input: createContestInput,
    mutates: true,
    run: async (ctx, input) => {
      const at = ctx.now.toISOString()
      const contest: ContestDoc = {
        _id: ctx.keyedId('contest') ?? newContestId(),
        name: input.name,
        year: input.year,
        fields: input.fields,
        budgetYuan: input.budgetYuan,
        minYuan: input.minYuan,
        maxYuan: input.maxYuan,
        opensAt: new Date(input.opensAt).toISOString(),
        closesAt: new Date(input.closesAt).toISOString(),
        maxEntriesPerOrg: input.maxEntriesPerOrg,
        rounds: input.rounds.map((r, i) => ({
          round: i + 1,
          name: r.name,
          mode: r.mode,
          criteria: r.criteria.map((c) => ({ name: c.name, weight: c.weight })),
          advanceCount: r.advanceCount,
          entryIds: null,
          closedAt: null,
          closedBy: null,
          ranking: null,
        })),
        status: 'open',
        awards: null,
        publishedAt: null,
        scoreRev: 0,
        createdBy: callerOpenid(ctx),
        createdAt: at,
        updatedAt: at,
      }
      await insertContest(ctx.db, contest)
      return { contest: contestView(contest, ctx.now, true) }
    },
  }),

  /** The contests, newest window first, a page at a time. */
  contests: defineAction({
    access: access.anyone,
    input: listContestsInput,
    mutates: false,
    run: async (ctx, input) => {
      const admin = await isPlatformAdmin(ctx)
      const page = await pageContests(ctx.db, input.year, { cursor: input.cursor, limit: input.limit })
      return { items: page.items.map((c) => contestView(c, ctx.now, admin)), nextCursor: page.nextCursor }
    },
  }),

  /** 我的评审: the contests the caller is an expert of, newest appointment first (empty for everyone else). */
  myExpertContests: defineAction({
    access: access.signedIn,
    input: z.object({}),
    mutates: false,
    run: async (ctx) => {
      const appointments = await listAppointments(ctx.db, callerOpenid(ctx))
      const contests = new Map((await findContestsByIds(ctx.db, appointments.map((a) => a.contestId))).map((c) => [c._id, c]))
      const items = appointments.flatMap((a) => {
        const contest = contests.get(a.contestId)
        if (!contest) return []
        const round = openRound(contest, ctx.now)
        return [{ contest: contestView(contest, ctx.now, false), openRound: round }]
      })
      return { items, nextCursor: null }
    },
  }),

  contest: defineAction({
    access: access.anyone,
    input: contestIdInput,
    mutates: false,
    run: async (ctx, input) => ({ contest: contestView(await contestOrThrow(ctx, input.contestId), ctx.now, await isPlatformAdmin(ctx)) }),
  }),

  /** 聘任评审专家: a registered user. */
  appointExpert: defineAction({
    access: access.platformAdmin,
    input: appointExpertInput,
    mutates: true,
    run: async (ctx, input) => {
      await contestOrThrow(ctx, input.contestId)
      if (!(await findUser(ctx.db, input.openid))) throw new AppError('NOT_FOUND', '该用户尚未注册')
      await insertExpert(ctx.db, { contestId: input.contestId, openid: input.openid, appointedBy: callerOpenid(ctx), appointedAt: ctx.now.toISOString() })
      return { contestId: input.contestId, openid: input.openid }
    },
  }),

  /** 评审专家名单 (platform admin): names from the user records, first appointed first. */
  experts: defineAction({
    access: access.platformAdmin,
    input: contestIdInput,
    mutates: false,
    run: async (ctx, input) => {
      await contestOrThrow(ctx, input.contestId)
      const experts = await listExperts(ctx.db, input.contestId)
      const users = new Map((await findUsersByIds(ctx.db, experts.map((e) => e.openid))).map((u) => [u.openid, u]))
      return {
        items: experts.map((e) => {
          const user = users.get(e.openid)
          return { openid: e.openid, name: user?.volunteer?.realName || user?.nickname || '未命名用户', appointedAt: e.appointedAt }
        }),
        nextCursor: null,
      }
    },
  }),

  /**
   * 解聘评审专家 (platform admin). Refused (INVALID_STATE) once the expert has scored in the round open
   * now: that round's ranking would still count the score. Before scoring, between rounds, or after
   * the last one, removal is allowed; closed rounds keep their rankings.
   */
  removeExpert: defineAction({
    access: access.platformAdmin,
    input: appointExpertInput,
    mutates: true,
    run: async (ctx, input) => {
      await removeExpert(ctx.db, input.contestId, input.openid, async (contest, scoredIn) => {
        const round = openRound(contest, ctx.now)
        if (round && (await scoredIn(round))) throw new AppError('INVALID_STATE', '该专家已在本轮评分，本轮结束后才能解聘')
      })
      return { contestId: input.contestId, openid: input.openid }
    },
  }),

  /** 报名参赛: staff of a verified organization, inside the window, within the amount range. */
  enter: defineAction({
    access: access.orgStaff((input: { orgId: string }) => input.orgId),
    input: enterInput,
    mutates: true,
    run: async (ctx, input) => {
      const contest = await contestOrThrow(ctx, input.contestId)
      const window = windowState(contest, ctx.now)
      if (window !== 'open') throw new AppError('OUTSIDE_WINDOW', window === 'upcoming' ? '大赛尚未开始报名' : '大赛报名已截止')
      const org = await findOrg(ctx.db, input.orgId)
      if (!org) throw new AppError('NOT_FOUND', '组织不存在')
      if (org.status !== 'verified') throw new AppError('FORBIDDEN', '组织通过认证后才能报名公益创投')
      if (!contest.fields.includes(input.field)) throw invalidArgument([{ path: 'field', message: `本次大赛的领域为：${contest.fields.join('、')}` }])
      if (input.requestedYuan < contest.minYuan || input.requestedYuan > contest.maxYuan) {
        throw invalidArgument([{ path: 'requestedYuan', message: `申请金额须在${contest.minYuan}–${contest.maxYuan}元之间` }])
      }
      const entry = await insertEntry(
        ctx.db,
        {
          contestId: contest._id,
          orgId: org._id,
          orgName: org.name,
          title: input.title,
          field: input.field,
          summary: input.summary,
          requestedYuan: input.requestedYuan,
          budgetLines: input.budgetLines,
          team: input.team,
          durationMonths: input.durationMonths,
          enteredBy: callerOpenid(ctx),
          createdAt: ctx.now.toISOString(),
        },
        contest.maxEntriesPerOrg,
      )
      return { entry: entryView(entry) }
    },
  }),

  /** The entries of a contest, first entered first (platform admin: to follow the contest and name the awards). */
  entries: defineAction({
    access: access.platformAdmin,
    input: listEntriesInput,
    mutates: false,
    run: async (ctx, input) => {
      await contestOrThrow(ctx, input.contestId)
      const page = await pageEntries(ctx.db, input.contestId, { cursor: input.cursor, limit: input.limit })
      return { items: page.items.map(entryView), nextCursor: page.nextCursor }
    },
  }),

  /** 我们的参赛项目: an organization's entries in every contest, newest first (its staff). */
  orgEntries: defineAction({
    access: access.orgStaff((input: { orgId: string }) => input.orgId),
    input: orgIdInput,
    mutates: false,
    run: async (ctx, input) => ({ items: (await listOrgEntries(ctx.db, input.orgId)).map(entryView), nextCursor: null }),
  }),

  /** 我的评审: the open round's entries for this expert, never those of an organization the expert belongs to. */
  myReviews: defineAction({
    access: access.signedIn,
    input: contestIdInput,
    mutates: false,
    run: async (ctx, input) => {
      const contest = await contestOrThrow(ctx, input.contestId)
      const openid = await expertOrThrow(ctx, contest._id)
      const round = openRound(contest, ctx.now)
      if (!round) return { round: null, criteria: [], items: [] }
      const mine = await currentOrgIds(ctx)
      const entries = (await roundEntries(ctx, contest, round)).filter((e) => !mine.has(e.orgId))
      const scored = new Map((await myScores(ctx.db, contest._id, round, openid)).map((s) => [s.entryId, s]))
      return {
        round,
        criteria: contest.rounds[round - 1].criteria.map((c) => ({ name: c.name, weight: c.weight })),
        items: entries.map((e) => {
          const own = scored.get(e._id)
          return { entry: entryView(e), myScore: own ? { scores: own.scores, comment: own.comment, scoredAt: own.scoredAt } : null }
        }),
      }
    },
  }),

  /** 评分: one score per expert, entry and round (a new one replaces it until the round closes). */
  score: defineAction({
    access: access.signedIn,
    input: scoreInput,
    mutates: true,
    run: async (ctx, input) => {
      const contest = await contestOrThrow(ctx, input.contestId)
      const openid = await expertOrThrow(ctx, contest._id)
      const round = contest.rounds[input.round - 1]
      if (!round) throw invalidArgument([{ path: 'round', message: '本次大赛没有这一轮评审' }])
      if (roundState(contest, input.round, ctx.now) !== 'open') throw new AppError('INVALID_STATE', '这一轮评审未开始或已结束')
      const entry = await findEntry(ctx.db, input.entryId)
      const inRound = entry && entry.contestId === contest._id && (!round.entryIds || round.entryIds.includes(entry._id))
      if (!entry || !inRound) throw new AppError('NOT_FOUND', '本轮没有这个参赛项目')
      if ((await currentOrgIds(ctx)).has(entry.orgId)) throw new AppError('FORBIDDEN', '您是该参赛组织的成员，须回避评审')
      const names = round.criteria.map((c) => c.name)
      const missing = names.find((n) => input.scores[n] === undefined)
      if (missing) throw invalidArgument([{ path: `scores.${missing}`, message: `请为“${missing}”评分` }])
      const extra = Object.keys(input.scores).find((n) => !names.includes(n))
      if (extra) throw invalidArgument([{ path: `scores.${extra}`, message: `“${extra}”不是本轮的评分项` }])
      const scores = Object.fromEntries(names.map((n) => [n, input.scores[n]]))
      const scoredAt = ctx.now.toISOString()
      await saveScore(
        ctx.db,
        { _id: scoreId(contest._id, input.round, entry._id, openid), contestId: contest._id, round: input.round, entryId: entry._id, openid, scores, total: weightedTotal(round.criteria, scores), comment: input.comment, scoredAt },
        (current) => {
          if (roundState(current, input.round, ctx.now) !== 'open') throw new AppError('INVALID_STATE', '这一轮评审已结束')
        },
      )
      return { entryId: entry._id, round: input.round, scoredAt }
    },
  }),

  /** 结束本轮评审: rank the round (normalized) and advance the top `advanceCount` to the next round. */
  closeRound: defineAction({
    access: access.platformAdmin,
    input: roundInput,
    mutates: true,
    run: async (ctx, input) => {
      const before = await contestOrThrow(ctx, input.contestId)
      if (!before.rounds[input.round - 1]) throw invalidArgument([{ path: 'round', message: '本次大赛没有这一轮评审' }])
      const entries = await roundEntries(ctx, before, input.round)
      const at = ctx.now.toISOString()
      const closed = await closeRound(ctx.db, before._id, input.round, (contest, scores) => {
        if (roundState(contest, input.round, ctx.now) !== 'open') throw new AppError('INVALID_STATE', '这一轮评审未开始或已结束')
        if (scores.length === 0) throw new AppError('INVALID_STATE', '这一轮还没有专家评分，不能结束')
        const ids = contest.rounds[input.round - 1].entryIds ?? entries.map((e) => e._id)
        const ranking = rankEntries(ids, scores.map((s) => ({ openid: s.openid, entryId: s.entryId, total: s.total })))
        const round = contest.rounds[input.round - 1]
        const advanced = ranking.items.filter((i) => i.scoreCount > 0).slice(0, round.advanceCount).map((i) => i.entryId)
        const rounds = contest.rounds.map((r) => {
          if (r.round === input.round) return { ...r, entryIds: ids, closedAt: at, closedBy: callerOpenid(ctx), ranking }
          if (r.round === input.round + 1) return { ...r, entryIds: advanced }
          return r
        })
        const last = input.round === contest.rounds.length
        return { rounds, status: last ? 'closed' : contest.status, updatedAt: at }
      })
      return { contest: contestView(closed, ctx.now, true) }
    },
  }),

  /** 公布结果: winners from the top of the final normalized ranking, amounts within range, request and budget. */
  publish: defineAction({
    access: access.platformAdmin,
    input: publishInput,
    mutates: true,
    run: async (ctx, input) => {
      const contest = await contestOrThrow(ctx, input.contestId)
      if (contest.status === 'published') throw new AppError('INVALID_STATE', '大赛结果已公布')
      if (contest.status !== 'closed') throw new AppError('INVALID_STATE', '末轮评审结束后才能公布结果')
      const ranking = contest.rounds[contest.rounds.length - 1].ranking as Ranking
      const entries = await listEntries(ctx.db, contest._id)
      const failed = checkAwards(contest, ranking, entries, input.awards)
      if (failed) throw invalidArgument([failed])
      const entryById = new Map(entries.map((e) => [e._id, e]))
      const awarded = input.awards
        .map((a) => ({ entry: entryById.get(a.entryId) as EntryDoc, rank: ranking.items.find((i) => i.entryId === a.entryId)?.rank ?? 0, amountYuan: a.amountYuan }))
        .sort((a, b) => a.rank - b.rank)
      const awards: Award[] = awarded.map(({ entry, rank, amountYuan }) => ({ entryId: entry._id, orgId: entry.orgId, orgName: entry.orgName, title: entry.title, field: entry.field, rank, amountYuan }))
      const at = ctx.now.toISOString()
      // each award becomes a funded project (资助项目), in the same transaction as the publication
      const projects = awarded.map(({ entry }, i) => newProject(contest, entry, awards[i] as Award, at))
      if (!(await publishWithProjects(ctx.db, contest._id, { status: 'published', awards, publishedAt: at, updatedAt: at }, projects))) {
        throw new AppError('INVALID_STATE', '大赛结果已公布')
      }
      return { contestId: contest._id, publishedAt: at, awards: awards.map(awardView), totalYuan: awardsTotal(awards) }
    },
  }),

  /** 评审结果 (anyone, after publishing): the winners and the final ranking, which method decided. */
  results: defineAction({
    access: access.anyone,
    input: contestIdInput,
    mutates: false,
    run: async (ctx, input) => {
      const contest = await contestOrThrow(ctx, input.contestId)
      if (contest.status !== 'published' || !contest.awards) throw new AppError('INVALID_STATE', '大赛结果尚未公布')
      const final = contest.rounds[contest.rounds.length - 1].ranking
      const entries = new Map((await listEntries(ctx.db, contest._id)).map((e) => [e._id, e]))
      return {
        contestId: contest._id,
        name: contest.name,
        publishedAt: contest.publishedAt,
        method: final?.method ?? 'normalized',
        awards: contest.awards.map(awardView),
        totalYuan: awardsTotal(contest.awards),
        budgetYuan: contest.budgetYuan,
        // the final round's ranking, both ways: the normalized rank decided, the plain mean beside it
        ranking: (final?.items ?? []).filter((i) => i.scoreCount > 0).map((i) => ({
          entryId: i.entryId,
          title: entries.get(i.entryId)?.title ?? '',
          orgName: entries.get(i.entryId)?.orgName ?? '',
          rank: i.rank,
          normalizedScore: i.normalizedScore,
          plainRank: i.plainRank,
          plainMean: i.plainMean,
        })),
      }
    },
  }),

  ...projectActions,
} satisfies ActionTable

export const main = handler('venture', actions)
