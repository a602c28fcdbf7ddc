/**
 * 救助申请 (aid applications): the zod-free names, labels and settings that pages and functions
 * share. Pages import from here, never from `aid.schema.ts` (zod stays out of the main package).
 */
import { townships } from '../settings/townships'

/** submitted → approved | rejected | needs_info; needs_info → submitted (the applicant updates); submitted | needs_info → withdrawn; approved → disbursed. */
export const aidStatuses = ['submitted', 'needs_info', 'approved', 'rejected', 'withdrawn', 'disbursed'] as const
export type AidStatus = (typeof aidStatuses)[number]

export const aidStatusLabels: Record<AidStatus, string> = {
  submitted: '待审核',
  needs_info: '需补充材料',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
  disbursed: '已发放',
}

/** Statuses in which the applicant may still withdraw (not yet decided). */
export const undecidedStatuses: readonly AidStatus[] = ['submitted', 'needs_info']

/** Final decisions after which the retention clock runs for rejected and withdrawn applications. */
export const purgeableStatuses: readonly AidStatus[] = ['rejected', 'withdrawn']

export const aidDecisions = ['approve', 'reject', 'needs_info'] as const
export type AidDecision = (typeof aidDecisions)[number]

export const aidDecisionLabels: Record<AidDecision, string> = { approve: '通过', reject: '不通过', needs_info: '需补充材料' }

/** The family situation an applicant declares (sensitive: means-test status, health). */
export const familyStatuses = ['dibao', 'dibao_edge', 'orphan', 'illness', 'disaster', 'other_hardship', 'none'] as const
export type FamilyStatus = (typeof familyStatuses)[number]

export const familyStatusLabels: Record<FamilyStatus, string> = {
  dibao: '低保家庭',
  dibao_edge: '低保边缘家庭',
  orphan: '孤儿',
  illness: '因病致困',
  disaster: '因灾致困',
  other_hardship: '其他特殊困难',
  none: '以上均不是',
}

/** Household registration (户籍): one of the county's townships, or outside the county. */
export const OUTSIDE_COUNTY = '县外'
export const hukouOptions = [...townships, OUTSIDE_COUNTY] as const
export type HukouTownship = (typeof hukouOptions)[number]

/** The eligibility rules a programme can switch on; pure code evaluates them (aid.rules.ts). */
export const aidRuleKinds = ['hukouInCounty', 'admittedInProgramYear', 'notInPairedSponsorship', 'tierMatchesFamilyStatus'] as const
export type AidRuleKind = (typeof aidRuleKinds)[number]

export const aidRuleLabels: Record<AidRuleKind, string> = {
  hukouInCounty: '苍南县户籍',
  admittedInProgramYear: '当年录取的大学新生',
  notInPairedSponsorship: '未在结对助学中',
  tierMatchesFamilyStatus: '家庭情况符合所选档次',
}

/** Separate, explicit consent to processing sensitive personal information (个人信息保护法 第二十九条). */
export const AID_CONSENT_VERSION = '2026-11-v1'
export const AID_CONSENT_TEXT =
  '我同意本救助项目的主办组织为审核本次救助申请，处理我的身份证号、家庭经济困难情况（如低保、孤儿、疾病）及所上传证明材料等敏感个人信息。' +
  '这些信息加密保存，仅本人和项目审核人员可见，每次查看均留有记录；申请未通过或撤回的，证明材料和身份证号在最终决定后保留期满即删除。我可以随时撤回尚未审核的申请。'

/** Days after a final decision (rejected, withdrawn) until attachments and the encrypted ID number are deleted. */
export const AID_RETENTION_DAYS_DEFAULT = 180

/** How long a link to an attachment works (seconds). */
export const AID_ATTACHMENT_LINK_SECONDS = 600

/** Attachments per application. */
export const AID_MAX_ATTACHMENTS = 9

/** Where an applicant's attachments live: their own folder under the programme. */
export const aidAttachmentFolder = (programId: string, openid: string) => `aid/${programId}/${openid}/`

/** How often the local stack runs the retention purge (CloudBase runs it daily from cloudbaserc.json). */
export const AID_PURGE_INTERVAL_SECONDS = 3600

/** The applicant's timeline, one line per entry of the trail. */
export const aidEventLabels: Record<string, string> = {
  submitted: '提交申请',
  updated: '补充材料',
  needs_info: '需补充材料',
  approve: '审核通过',
  reject: '审核未通过',
  withdrawn: '撤回申请',
  disbursed: '资助已发放',
  purged: '材料已按期删除',
}
