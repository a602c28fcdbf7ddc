import type { ActivityDoc, AgendaEntry, SignUpDoc } from '../cloudfunctions/core/activity/activity.rules'
import { AID_RETENTION_DAYS_DEFAULT } from '../cloudfunctions/core/aid/aid.constants'
import type { AidProgramDoc } from '../cloudfunctions/core/aid/aid.rules'
import type { Database } from '../cloudfunctions/core/cloudbase'
import type { NeedDoc } from '../cloudfunctions/core/needs/needs.store'
import type { DriverDoc, SessionDoc } from '../cloudfunctions/core/ride/ride.rules'
import type { WishDoc } from '../cloudfunctions/core/wish/wish.store'
import type { MembershipDoc } from '../cloudfunctions/core/org/membership.store'
import type { OrgDoc } from '../cloudfunctions/core/org/org.store'
import type { ServiceRecordDoc } from '../cloudfunctions/core/activity/hours.store'
import { isDuplicateKey } from '../cloudfunctions/core/store-errors'
import type { UserDoc } from '../cloudfunctions/core/user/user.store'
import { ventureFields, type ContestDoc, type EntryDoc } from '../cloudfunctions/core/venture/venture.rules'
import { formatDate } from '../cloudfunctions/core/time/beijing'
import { newProject, type ProjectDoc } from '../cloudfunctions/core/venture/project.rules'

/**
 * Demo data for an empty local stack: the demo identities of shared/api.md and a small, believable
 * set of Cangnan organizations. Written once, through the same SDK the functions use.
 */
type DemoOrg = Omit<OrgDoc, 'memberCount' | 'adminCount' | 'review' | 'updatedAt'>

/** Stored times are UTC ISO strings (as `toISOString()` writes them), so they sort as text. */
const utc = (local: string) => new Date(local).toISOString()
const at = utc('2026-03-01T09:00:00+08:00')

const demoOrgs: DemoOrg[] = [
  {
    _id: 'org-charity-federation', name: '苍南县慈善总会', creditCode: '51330327MJ8921456D', kind: 'social_group', township: '灵溪镇', community: null,
    intro: '自2008年起开展困难大学新生慈善助学，累计资助学生三千余名。', contactName: '林主任', contactPhone: '057764761234',
    status: 'verified', createdBy: 'demo-org-admin', createdAt: at, verifiedAt: at,
  },
  {
    _id: 'org-volunteer-centre', name: '苍南县志愿服务中心', creditCode: '52330327MJ8930782J', kind: 'private_non_enterprise', township: '灵溪镇', community: null,
    intro: '统筹全县志愿服务活动，联系县、乡镇、社区三级志愿服务站点。', contactName: '郑老师', contactPhone: '13967712001',
    status: 'verified', createdBy: 'seed-centre-director', createdAt: at, verifiedAt: at,
  },
  {
    _id: 'org-exam-fleet', name: '苍南县爱心送考车队', creditCode: '51330327MJ8945670L', kind: 'social_group', township: '灵溪镇', community: null,
    intro: '出租车与私家车志愿者组成的爱心送考车队，每年高考、中考免费接送考生。', contactName: '黄队长', contactPhone: '13857712002',
    status: 'verified', createdBy: 'seed-fleet-captain', createdAt: at, verifiedAt: at,
  },
  {
    _id: 'org-blue-sky-rescue', name: '苍南县蓝天应急救援队', creditCode: '52330327MJ8961234M', kind: 'private_non_enterprise', township: '钱库镇', community: null,
    intro: '全县16支应急救援队伍之一，开展防汛抗台、水上救援与应急培训。', contactName: '陈队长', contactPhone: '13757712003',
    status: 'verified', createdBy: 'seed-rescue-captain', createdAt: at, verifiedAt: at,
  },
  {
    _id: 'org-yishan-elder-care', name: '宜山镇夕阳红为老服务队', creditCode: null, kind: 'community', township: '宜山镇', community: '宜山社区',
    intro: '社区社会组织（备案），为空巢老人提供助餐、陪伴与上门探访。', contactName: '吴阿姨', contactPhone: '13587712004',
    status: 'pending', createdBy: 'seed-yishan-liaison', createdAt: utc('2026-11-18T10:20:00+08:00'), verifiedAt: null,
  },
  {
    _id: 'org-mental-health', name: '苍南县心理健康协会', creditCode: '53330327MJ8977001X', kind: 'social_group', township: '灵溪镇', community: null,
    intro: '由心理咨询师和社工组成，为困境儿童、空巢老人提供心理疏导与陪伴。', contactName: '苏老师', contactPhone: '0577-64768899',
    status: 'pending', createdBy: 'seed-mental-health-admin', createdAt: utc('2026-11-20T15:05:00+08:00'), verifiedAt: null,
  },
]

const volunteer = (realName: string, phone: string, township: string, skills: string[]) => ({
  realName, phone, township, skills, idCardNo: null, registeredAt: at,
})

const user = (openid: string, nickname: string, township: string, roles: UserDoc['roles'], extra: Partial<UserDoc> = {}): UserDoc => ({
  _id: openid, openid, nickname, township, phone: null, roles, volunteer: null, createdAt: at, updatedAt: at, ...extra,
})

const demoUsers: UserDoc[] = [
  user('demo-resident', '灵溪居民小林', '灵溪镇', ['resident'], { phone: '13800577001' }),
  user('demo-volunteer', '志愿者阿杰', '灵溪镇', ['resident', 'volunteer'], { phone: '13800577002', volunteer: volunteer('陈志杰', '13800577002', '灵溪镇', ['急救', '助老']) }),
  user('demo-org-admin', '慈善总会林主任', '灵溪镇', ['resident', 'volunteer'], { phone: '13800577003', volunteer: volunteer('林美华', '13800577003', '灵溪镇', ['项目管理']) }),
  user('demo-org-staff', '志愿服务中心小郑', '灵溪镇', ['resident', 'volunteer'], { phone: '13800577004', volunteer: volunteer('郑晓东', '13800577004', '灵溪镇', ['活动组织']) }),
  user('demo-driver', '爱心司机黄师傅', '钱库镇', ['resident', 'volunteer', 'driver'], { phone: '13800577005', volunteer: volunteer('黄建国', '13800577005', '钱库镇', ['驾驶']) }),
  user('demo-platform-admin', '县社会组织服务中心', '灵溪镇', ['resident', 'platform_admin'], { phone: '13800577006' }),
  // the fleet's dispatcher (车队调度): works the fleet console in 组织工作台 → 爱心送考车队
  user('demo-fleet-staff', '送考车队调度小黄', '灵溪镇', ['resident', 'volunteer'], { phone: '13800577007', volunteer: volunteer('黄丽君', '13800577007', '灵溪镇', ['车队调度']) }),
  // organization people who are not demo identities
  user('seed-centre-director', '志愿服务中心郑主任', '灵溪镇', ['resident'], { phone: '13967712001' }),
  user('seed-fleet-captain', '送考车队黄队长', '灵溪镇', ['resident', 'volunteer'], { phone: '13857712002', volunteer: volunteer('黄立新', '13857712002', '灵溪镇', ['驾驶', '车队调度']) }),
  user('seed-rescue-captain', '蓝天救援陈队长', '钱库镇', ['resident', 'volunteer'], { phone: '13757712003', volunteer: volunteer('陈海波', '13757712003', '钱库镇', ['水上救援', '急救']) }),
  user('seed-yishan-liaison', '宜山社区吴阿姨', '宜山镇', ['resident'], { phone: '13587712004' }),
  user('seed-mental-health-admin', '心理协会苏老师', '灵溪镇', ['resident'], { phone: '13587712005' }),
  user('seed-taxi-driver', '出租车司机吴师傅', '灵溪镇', ['resident', 'volunteer'], { phone: '13857712006', volunteer: volunteer('吴志强', '13857712006', '灵溪镇', ['驾驶']) }),
]

const membership = (org: DemoOrg, openid: string, role: MembershipDoc['role']): MembershipDoc => ({
  _id: `${org._id}:${openid}`, orgId: org._id, orgName: org.name, openid, role, joinedAt: at,
})

const orgById = (id: string) => {
  const org = demoOrgs.find((o) => o._id === id)
  if (!org) throw new Error(`no demo org ${id}`)
  return org
}

const demoMemberships: MembershipDoc[] = [
  membership(orgById('org-charity-federation'), 'demo-org-admin', 'admin'),
  membership(orgById('org-volunteer-centre'), 'seed-centre-director', 'admin'),
  membership(orgById('org-volunteer-centre'), 'demo-org-staff', 'staff'),
  membership(orgById('org-exam-fleet'), 'seed-fleet-captain', 'admin'),
  membership(orgById('org-exam-fleet'), 'demo-driver', 'staff'),
  membership(orgById('org-exam-fleet'), 'demo-fleet-staff', 'staff'),
  membership(orgById('org-blue-sky-rescue'), 'seed-rescue-captain', 'admin'),
  membership(orgById('org-yishan-elder-care'), 'seed-yishan-liaison', 'admin'),
  membership(orgById('org-mental-health'), 'seed-mental-health-admin', 'admin'),
]

/** An organization as stored: counts from its memberships, the platform's approval when verified. */
function orgDoc(org: DemoOrg): OrgDoc {
  const members = demoMemberships.filter((m) => m.orgId === org._id)
  return {
    ...org,
    memberCount: members.length,
    adminCount: members.filter((m) => m.role === 'admin').length,
    review: org.verifiedAt ? { approved: true, reason: null, reviewedBy: 'demo-platform-admin', reviewedAt: org.verifiedAt } : null,
    servesCounty: org._id === 'org-charity-federation' || org._id === 'org-volunteer-centre',
    updatedAt: org.verifiedAt ?? org.createdAt,
  }
}

const DAY = 24 * 60 * 60 * 1000

/** `days` after `now`'s Beijing date, at `hh:mm` Beijing time, as a UTC ISO string. */
function beijingAt(now: Date, days: number, hh: number, mm = 0): string {
  const beijingMidnight = Math.floor((now.getTime() + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000
  return new Date(beijingMidnight + days * DAY + (hh * 60 + mm) * 60_000).toISOString()
}

interface DemoActivity {
  id: string
  orgId: string
  title: string
  category: ActivityDoc['category']
  description: string
  township: string
  address: string
  day: number
  from: [number, number]
  to: [number, number]
  capacity: number
  waitlist: boolean
  confirmed: string[]
}

/** Upcoming activities (relative to the day the demo data is written), some already with sign-ups. */
const demoActivities: DemoActivity[] = [
  {
    id: 'act-demo-elder-visit', orgId: 'org-volunteer-centre', title: '灵溪镇敬老院陪伴日', category: '扶老',
    description: '陪伴敬老院老人聊天、读报、剪指甲，并协助午餐。请穿志愿者马甲，提前十分钟到场签到。',
    township: '灵溪镇', address: '灵溪镇敬老院（春晖路88号）', day: 3, from: [9, 0], to: [11, 30], capacity: 20, waitlist: true, confirmed: ['demo-volunteer'],
  },
  {
    id: 'act-demo-tutoring', orgId: 'org-charity-federation', title: '困难家庭学生周末课业辅导', category: '助学',
    description: '为受助的困难家庭初中生辅导数学和英语，每位志愿者结对一名学生。需有教学或辅导经验。',
    township: '灵溪镇', address: '县慈善总会三楼活动室（玉苍路218号）', day: 4, from: [14, 0], to: [16, 30], capacity: 8, waitlist: true, confirmed: [],
  },
  {
    id: 'act-demo-river', orgId: 'org-blue-sky-rescue', title: '钱库镇河道清洁与巡河', category: '五水共治',
    description: '沿河清理漂浮垃圾、记录排污口情况。提供手套、夹子和救生衣，请穿防滑鞋。',
    township: '钱库镇', address: '钱库镇望里河沿线（集合点：钱库大桥东侧）', day: 5, from: [8, 0], to: [11, 0], capacity: 30, waitlist: false, confirmed: [],
  },
  {
    id: 'act-demo-traffic', orgId: 'org-volunteer-centre', title: '金乡镇学校门口交通文明劝导', category: '平安建设',
    description: '上学高峰时段在校门口协助交警疏导车辆、护送学生过马路。',
    township: '金乡镇', address: '金乡镇第一小学南门', day: 6, from: [7, 0], to: [8, 30], capacity: 3, waitlist: false,
    confirmed: ['demo-org-admin', 'seed-fleet-captain', 'seed-rescue-captain'],
  },
  {
    id: 'act-demo-flood-drill', orgId: 'org-blue-sky-rescue', title: '防汛防台应急救援技能培训', category: '应急救援',
    description: '学习抛绳救援、心肺复苏和防汛物资搬运，培训结束后颁发结业证明。',
    township: '钱库镇', address: '钱库镇应急救援训练基地', day: 8, from: [13, 30], to: [17, 0], capacity: 40, waitlist: true, confirmed: [],
  },
]

function activityDocs(now: Date): { activities: ActivityDoc[]; signUps: SignUpDoc[] } {
  const activities: ActivityDoc[] = []
  const signUps: SignUpDoc[] = []
  const created = now.toISOString()
  for (const a of demoActivities) {
    const org = orgById(a.orgId)
    const startAt = beijingAt(now, a.day, ...a.from)
    const endAt = beijingAt(now, a.day, ...a.to)
    activities.push({
      _id: a.id, orgId: org._id, orgName: org.name, title: a.title, category: a.category, description: a.description,
      township: a.township, address: a.address, startAt, endAt, signUpDeadline: beijingAt(now, a.day - 1, 20),
      capacity: a.capacity, waitlist: a.waitlist, status: 'published', confirmedCount: a.confirmed.length, waitlistedCount: 0,
      waitSeq: 0, placesLeft: a.capacity - a.confirmed.length, checkInSecret: `seed-secret-${a.id}`, cancelReason: null, createdBy: 'seed', createdAt: created,
      updatedAt: created, publishedAt: created, cancelledAt: null, countRev: 0, recountDue: false,
    })
    for (const openid of a.confirmed) {
      signUps.push({
        _id: `${a.id}:${openid}`, activityId: a.id, openid, status: 'confirmed', waitSeq: null, title: a.title, orgName: org.name,
        township: a.township, address: a.address, startAt, endAt, confirmedAt: created, notice: null, createdAt: created,
        updatedAt: created, promotedAt: null,
      })
    }
  }
  return { activities, signUps }
}

/**
 * Activities already held this year, with confirmed service hours: what 数据概览 and the activity
 * index (活跃指数) show on a fresh start. Days are counted back from the seed day.
 */
const pastActivities: { id: string; orgId: string; title: string; category: ActivityDoc['category']; township: string; address: string; daysAgo: number; from: [number, number]; hours: number; people: string[] }[] = [
  { id: 'act-past-elder-visit', orgId: 'org-volunteer-centre', title: '灵溪镇敬老院春节慰问', category: '扶老', township: '灵溪镇', address: '灵溪镇敬老院', daysAgo: 290, from: [9, 0], hours: 3, people: ['demo-volunteer', 'demo-org-staff', 'seed-centre-director', 'demo-driver'] },
  { id: 'act-past-river-spring', orgId: 'org-volunteer-centre', title: '横阳支江河道清洁', category: '五水共治', township: '灵溪镇', address: '横阳支江灵溪段', daysAgo: 230, from: [8, 0], hours: 3, people: ['demo-volunteer', 'demo-org-staff', 'seed-fleet-captain'] },
  { id: 'act-past-summer-tutoring', orgId: 'org-charity-federation', title: '暑期困难家庭学生课业辅导', category: '助学', township: '灵溪镇', address: '县慈善总会三楼活动室', daysAgo: 130, from: [14, 0], hours: 2, people: ['demo-org-admin', 'demo-volunteer'] },
  { id: 'act-past-typhoon', orgId: 'org-blue-sky-rescue', title: '台风过后清障与物资转运', category: '救灾', township: '钱库镇', address: '钱库镇应急物资仓库', daysAgo: 100, from: [7, 30], hours: 5, people: ['seed-rescue-captain', 'demo-volunteer', 'demo-driver', 'seed-fleet-captain'] },
  { id: 'act-past-flood-drill', orgId: 'org-blue-sky-rescue', title: '汛期水上救援演练', category: '应急救援', township: '钱库镇', address: '钱库镇望里河', daysAgo: 180, from: [9, 0], hours: 4, people: ['seed-rescue-captain', 'demo-driver'] },
  { id: 'act-past-autumn-visit', orgId: 'org-volunteer-centre', title: '重阳节独居老人走访', category: '扶老', township: '灵溪镇', address: '城东社区', daysAgo: 50, from: [9, 0], hours: 2, people: ['demo-org-staff', 'demo-volunteer', 'seed-centre-director'] },
]

function pastActivityDocs(now: Date): { activities: ActivityDoc[]; signUps: SignUpDoc[]; records: ServiceRecordDoc[] } {
  const activities: ActivityDoc[] = []
  const signUps: SignUpDoc[] = []
  const records: ServiceRecordDoc[] = []
  for (const a of pastActivities) {
    const org = orgById(a.orgId)
    const startAt = beijingAt(now, -a.daysAgo, ...a.from)
    const endAt = new Date(new Date(startAt).getTime() + a.hours * 3600_000).toISOString()
    const created = beijingAt(now, -a.daysAgo - 10, 10)
    activities.push({
      _id: a.id, orgId: org._id, orgName: org.name, title: a.title, category: a.category, description: `${a.title}（已结束）。`,
      township: a.township, address: a.address, startAt, endAt, signUpDeadline: beijingAt(now, -a.daysAgo - 1, 20), capacity: a.people.length + 5,
      waitlist: false, status: 'published', confirmedCount: a.people.length, waitlistedCount: 0, waitSeq: 0, placesLeft: 5,
      checkInSecret: `seed-secret-${a.id}`, cancelReason: null, createdBy: 'seed', createdAt: created, updatedAt: endAt, publishedAt: created, cancelledAt: null,
      countRev: 0, recountDue: false,
    })
    const date = new Date(new Date(startAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10)
    for (const openid of a.people) {
      signUps.push({
        _id: `${a.id}:${openid}`, activityId: a.id, openid, status: 'confirmed', waitSeq: null, title: a.title, orgName: org.name,
        township: a.township, address: a.address, startAt, endAt, confirmedAt: created, notice: null, createdAt: created, updatedAt: created, promotedAt: null,
      })
      const person = demoUsers.find((u) => u._id === openid)
      records.push({
        _id: `${a.id}:${openid}`, activityId: a.id, openid, volunteerName: person?.volunteer?.realName ?? person?.nickname ?? '志愿者', volunteerIdCardNo: null,
        activityTitle: a.title, orgId: org._id, orgName: org.name, date, place: `${a.township}${a.address}`, content: a.title,
        minutes: a.hours * 60, computedMinutes: a.hours * 60, corrections: [], recordedBy: 'seed', recorderName: org.name, recordedAt: endAt,
      })
    }
  }
  return { activities, signUps, records }
}

type DemoWish = Pick<WishDoc, '_id' | 'title' | 'content' | 'category' | 'estimatedYuan' | 'township' | 'community' | 'beneficiary' | 'onBehalf' | 'submittedBy' | 'contactPhone' | 'status'> & { daysAgo: number; claimedBy?: string }

const demoWishes: DemoWish[] = [
  {
    _id: 'wish-demo-schoolbag', title: '想要一个新书包和一套文具', content: '五年级的小雨父母在外打工，跟奶奶生活，书包已经背了四年，拉链坏了，希望能有一个新书包和一套文具。',
    category: '学习用品', estimatedYuan: 150, township: '马站镇', community: '马站社区', beneficiary: { name: '王小雨', group: 'left_behind_child' },
    onBehalf: true, submittedBy: 'demo-resident', contactPhone: '13800577001', status: 'open', daysAgo: 2,
  },
  {
    _id: 'wish-demo-quilt', title: '冬天需要一床厚棉被', content: '独居的陈奶奶今年82岁，家里被子很薄，冬天晚上很冷，希望有一床厚实的棉被过冬。',
    category: '衣物被褥', estimatedYuan: 300, township: '钱库镇', community: '钱库社区', beneficiary: { name: '陈秀英', group: 'elderly_alone' },
    onBehalf: true, submittedBy: 'demo-resident', contactPhone: '13800577001', status: 'open', daysAgo: 4,
  },
  {
    _id: 'wish-demo-wheelchair-repair', title: '轮椅坏了，想请人修一修', content: '肢体残疾的林师傅轮椅刹车失灵、轮胎漏气，出门很不方便，希望有懂维修的志愿者帮忙修理。',
    category: '维修帮忙', estimatedYuan: 80, township: '灵溪镇', community: '城东社区', beneficiary: { name: '林国平', group: 'disabled' },
    onBehalf: true, submittedBy: 'demo-resident', contactPhone: '13800577001', status: 'claimed', daysAgo: 6, claimedBy: 'demo-volunteer',
  },
  {
    _id: 'wish-demo-visit', title: '希望周末有人来陪我下象棋', content: '周爷爷子女都在外地，平时一个人在家，最喜欢下象棋，希望周末有志愿者来陪他下下棋、聊聊天。',
    category: '陪伴探访', estimatedYuan: 1, township: '宜山镇', community: '宜山社区', beneficiary: { name: '周德明', group: 'elderly_alone' },
    onBehalf: true, submittedBy: 'seed-yishan-liaison', contactPhone: '13587712004', status: 'confirmed', daysAgo: 20, claimedBy: 'demo-org-staff',
  },
  {
    _id: 'wish-demo-glasses', title: '想配一副合适的近视眼镜', content: '初二学生小杰家里是低保户，眼镜度数不够了，看黑板很吃力，希望能配一副合适的眼镜。',
    category: '医疗康复', estimatedYuan: 400, township: '金乡镇', community: null, beneficiary: { name: '郑杰', group: 'dibao' },
    onBehalf: true, submittedBy: 'demo-resident', contactPhone: '13800577001', status: 'pending_review', daysAgo: 1,
  },
]

function wishDocs(now: Date): WishDoc[] {
  return demoWishes.map(({ daysAgo, claimedBy, ...w }) => {
    const created = new Date(now.getTime() - daysAgo * DAY).toISOString()
    const claimedAt = claimedBy ? new Date(now.getTime() - Math.max(0, daysAgo - 1) * DAY).toISOString() : null
    const done = w.status === 'confirmed'
    return {
      ...w,
      review: w.status === 'pending_review' ? null : { approved: true, reason: null, reviewedBy: 'demo-org-admin', reviewedAt: created },
      claimedBy: claimedBy ?? null,
      claimedAt,
      claimExpiresAt: w.status === 'claimed' && claimedAt ? new Date(new Date(claimedAt).getTime() + 7 * DAY).toISOString() : null,
      fulfilment: done ? { note: '周六下午陪周爷爷下了三盘象棋，还帮他整理了院子。', photoFileIds: [], at: claimedAt as string } : null,
      fulfilledAt: done ? claimedAt : null,
      confirmedAt: done ? claimedAt : null,
      confirmedBy: done ? w.submittedBy : null,
      thanks: done ? '谢谢小郑，爷爷这周特别开心！' : null,
      createdAt: created,
      updatedAt: created,
    }
  })
}

/**
 * 爱心送考: the coming 高考 (Zhejiang: 7–9 June 2027) with the county's exam sites, demo-driver's
 * approved registration with the fleet and one application waiting for its staff (demo-fleet-staff). Site addresses are demo approximations.
 */
const gaokao2027: SessionDoc = {
  _id: 'ses-demo-gaokao-2027', name: '2027年高考爱心送考', exam: 'gaokao', days: ['2027-06-07', '2027-06-08', '2027-06-09'],
  bookingOpensAt: utc('2027-05-20T08:00:00+08:00'), bookingClosesAt: utc('2027-06-06T20:00:00+08:00'),
  sites: [
    { siteId: 'site-cangnan-high', name: '苍南中学', address: '灵溪镇春晖路苍南中学', township: '灵溪镇' },
    { siteId: 'site-lingxi-high', name: '灵溪中学', address: '灵溪镇建兴西路灵溪中学', township: '灵溪镇' },
    { siteId: 'site-juren-high', name: '巨人中学', address: '灵溪镇人民大道巨人中学', township: '灵溪镇' },
    { siteId: 'site-qianku-high', name: '钱库高级中学', address: '钱库镇新兴路钱库高级中学', township: '钱库镇' },
    { siteId: 'site-jinxiang-high', name: '金乡高级中学', address: '金乡镇环城西路金乡高级中学', township: '金乡镇' },
    { siteId: 'site-mazhan-high', name: '马站高级中学', address: '马站镇城门村马站高级中学', township: '马站镇' },
  ],
  orgId: 'org-exam-fleet', createdBy: 'seed-fleet-captain', createdAt: at,
}

const demoDrivers: DriverDoc[] = [
  {
    _id: 'org-exam-fleet:demo-driver', orgId: 'org-exam-fleet', orgName: '苍南县爱心送考车队', openid: 'demo-driver', realName: '黄建国', phone: '13800577005',
    plateNo: '浙C3E721', vehicle: '白色大众朗逸', seats: 4, status: 'approved',
    review: { approved: true, reason: null, reviewedBy: 'seed-fleet-captain', reviewedAt: at }, createdAt: at, updatedAt: at,
  },
  // an application waiting in the fleet console's driver queue
  {
    _id: 'org-exam-fleet:seed-taxi-driver', orgId: 'org-exam-fleet', orgName: '苍南县爱心送考车队', openid: 'seed-taxi-driver', realName: '吴志强', phone: '13857712006',
    plateNo: '浙CT2086', vehicle: '蓝色出租车 比亚迪秦', seats: 4, status: 'pending', review: null, createdAt: at, updatedAt: at,
  },
]


/** This year's 困难大学新生慈善助学 of the county charity federation, open from the day the demo data is written. */
export const DEMO_AID_PROGRAM_ID = 'aidp-demo-freshmen'

function aidProgramDoc(now: Date): AidProgramDoc {
  const org = orgById('org-charity-federation')
  const created = now.toISOString()
  return {
    _id: DEMO_AID_PROGRAM_ID, orgId: org._id, orgName: org.name, name: '困难大学新生慈善助学',
    year: new Date(now.getTime() + 8 * 3600_000).getUTCFullYear(),
    opensAt: beijingAt(now, 0, 0), closesAt: beijingAt(now, 90, 0),
    tiers: [
      { code: 'dibao', label: '低保家庭', amountYuan: 8000, familyStatuses: ['dibao'] },
      { code: 'dibao_edge', label: '低保边缘家庭', amountYuan: 8000, familyStatuses: ['dibao_edge'] },
      { code: 'orphan', label: '孤儿', amountYuan: 8000, familyStatuses: ['orphan'] },
      { code: 'special_hardship', label: '因病因灾等特殊困难', amountYuan: 5000, familyStatuses: ['illness', 'disaster', 'other_hardship'] },
    ],
    rules: [{ kind: 'hukouInCounty' }, { kind: 'admittedInProgramYear' }, { kind: 'notInPairedSponsorship' }, { kind: 'tierMatchesFamilyStatus' }],
    description: '县慈善总会自2008年起开展困难大学新生慈善助学，对当年考入普通高校（含高职院校）的苍南籍困难家庭新生给予一次性资助。请上传录取通知书和家庭困难证明（低保证、孤儿证明、医疗或受灾证明等）。',
    retentionDays: AID_RETENTION_DAYS_DEFAULT, createdBy: 'demo-org-admin', createdAt: created, updatedAt: created,
  }
}


/** This year's 公益创投大赛, taking entries for 30 days from the day the demo data is written (no experts yet). */
export const DEMO_VENTURE_CONTEST_ID = 'vc-demo-contest'

function ventureContestDoc(now: Date): ContestDoc {
  const created = now.toISOString()
  const year = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear()
  const round = (n: number, name: string, mode: 'online' | 'roadshow', criteria: [string, number][], advanceCount: number) =>
    ({ round: n, name, mode, criteria: criteria.map(([c, weight]) => ({ name: c, weight })), advanceCount, entryIds: null, closedAt: null, closedBy: null, ranking: null })
  return {
    _id: DEMO_VENTURE_CONTEST_ID, name: `${year}年苍南县公益创投大赛`, year, fields: [...ventureFields],
    budgetYuan: 400_000, minYuan: 10_000, maxYuan: 50_000, opensAt: beijingAt(now, 0, 0), closesAt: beijingAt(now, 30, 0), maxEntriesPerOrg: 1,
    rounds: [
      round(1, '初审', 'online', [['需求分析', 30], ['项目设计', 40], ['团队能力', 30]], 16),
      round(2, '复审', 'roadshow', [['路演表现', 40], ['可行性', 30], ['预算合理性', 30]], 12),
    ],
    status: 'open', awards: null, publishedAt: null, scoreRev: 0, createdBy: 'demo-platform-admin', createdAt: created, updatedAt: created,
  }
}

/**
 * Last year's 公益创投大赛, published: two entries, the volunteer centre's funded (¥40,000). Its
 * project is under way — 启动 accepted and its tranche released, the 中期 report waiting for the
 * platform's review, two of the three follow-ups done.
 */
export const DEMO_PAST_CONTEST_ID = 'vc-demo-last-year'
export const DEMO_FUNDED_PROJECT_ID = 'vc-demo-last-year_org-volunteer-centre_1'

function pastVentureDocs(now: Date): { contest: ContestDoc; entries: EntryDoc[]; project: ProjectDoc } {
  const year = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear() - 1
  const at = (days: number) => beijingAt(now, days, 10, 0)
  const entry = (orgId: string, orgName: string, title: string, field: string, summary: string, requestedYuan: number): EntryDoc => ({
    _id: `${DEMO_PAST_CONTEST_ID}:${orgId}:1`, contestId: DEMO_PAST_CONTEST_ID, orgId, orgName, slot: 1, title, field, summary, requestedYuan,
    budgetLines: [{ item: '服务物资与场地', yuan: requestedYuan - 10_000 }, { item: '志愿者培训', yuan: 10_000 }],
    team: [{ name: '项目负责人', role: '统筹' }], durationMonths: 12, enteredBy: 'demo-org-staff', createdAt: at(-300),
  })
  const entries = [
    entry('org-volunteer-centre', '苍南县志愿服务中心', '银龄守护·独居老人关爱行动', '为老服务', '为灵溪镇独居和高龄老人提供每周上门陪伴、健康监测和应急呼叫服务，培育低龄老人互助小组，让老人在家门口得到照应。', 45_000),
    entry('org-charity-federation', '苍南县慈善总会', '微光助学·留守儿童课后陪伴', '青少年服务', '在钱库镇开设课后托管点，由志愿者为留守儿童辅导作业、开展阅读和心理陪伴活动。', 30_000),
  ]
  const ranking = { method: 'normalized' as const, items: entries.map((e, i) => ({ entryId: e._id, rank: i + 1, plainRank: i + 1, plainMean: 88 - 6 * i, normalizedScore: i === 0 ? 1 : -1, scoreCount: 3 })) }
  const award = { entryId: entries[0]._id, orgId: entries[0].orgId, orgName: entries[0].orgName, title: entries[0].title, field: entries[0].field, rank: 1, amountYuan: 40_000 }
  const publishedAt = at(-240)
  const contest: ContestDoc = {
    _id: DEMO_PAST_CONTEST_ID, name: `${year}年苍南县公益创投大赛`, year, fields: [...ventureFields], budgetYuan: 400_000, minYuan: 10_000, maxYuan: 50_000,
    opensAt: at(-310), closesAt: at(-280), maxEntriesPerOrg: 1,
    rounds: [{ round: 1, name: '初审', mode: 'online', criteria: [{ name: '需求分析', weight: 30 }, { name: '项目设计', weight: 40 }, { name: '团队能力', weight: 30 }], advanceCount: 2, entryIds: entries.map((e) => e._id), closedAt: at(-250), closedBy: 'demo-platform-admin', ranking }],
    status: 'published', awards: [award], publishedAt, scoreRev: 3, createdBy: 'demo-platform-admin', createdAt: at(-320), updatedAt: publishedAt,
  }
  const base = newProject(contest, entries[0], award, publishedAt)
  const [start, middle, end] = base.milestones
  const report = (text: string, days: number) => ({ text, photoFileIds: [], submittedBy: 'demo-org-staff', submittedAt: at(days) })
  const project: ProjectDoc = {
    ...base,
    milestones: [
      { ...start, status: 'accepted', report: report('项目协议已签订，组建了15人的志愿服务队，完成灵溪镇42户独居老人的入户走访和需求评估，建立了服务档案。', -215), acceptedAt: at(-210), acceptedBy: 'demo-platform-admin', releasedAt: at(-210) },
      { ...middle, status: 'submitted', report: report('中期：累计上门陪伴服务312人次，组织健康监测8次，培育低龄老人互助小组3个，应急呼叫响应5次，服务记录完整。', -20) },
      end,
    ],
    releasedYuan: start.trancheYuan,
    pendingReview: true,
    followUps: [
      { followUpId: 'fu-demo-1', date: formatDate(at(-200)), method: '实地走访', note: '到服务点查看了志愿者排班和服务台账，运行正常。', recordedBy: 'demo-platform-admin', recordedAt: at(-200) },
      { followUpId: 'fu-demo-2', date: formatDate(at(-90)), method: '电话回访', note: '电话回访了项目负责人和两位服务对象家属，反映良好。', recordedBy: 'demo-platform-admin', recordedAt: at(-90) },
    ],
    updatedAt: at(-20),
  }
  return { contest, entries, project }
}

/**
 * The seed's marker: one document in a local-only collection, written after everything else. Data
 * alone cannot say "seeded" (a caller can create `demo-resident` by logging in), so the marker can.
 */
export const SEED_MARKER = { collection: 'local_meta', id: 'demo-seed' } as const

async function ensureCollection(db: Database, name: string) {
  try {
    await db.createCollection(name)
  } catch (error) {
    if ((error as { code?: string }).code !== 'DATABASE_COLLECTION_ALREADY_EXIST') throw error
  }
}

export async function isSeeded(db: Database): Promise<boolean> {
  await ensureCollection(db, SEED_MARKER.collection)
  const { data } = await db.collection(SEED_MARKER.collection).where({ _id: SEED_MARKER.id }).limit(1).get()
  return data.length > 0
}

/**
 * Seed the demo data unless the marker says it was done. Every document is added only when missing,
 * so a seed cut short (the process killed half-way) is completed on the next start, and documents
 * callers made meanwhile are kept. Returns whether anything was (re)checked and the marker written.
 */
/** 需求清单: two open needs the platform admin posted for communities, no project yet. */
export const DEMO_NEED_IDS = ['need-demo-yishan-meals', 'need-demo-qianku-homework'] as const
function needDocs(now: Date): NeedDoc[] {
  const at = new Date(now.getTime() - 7 * 24 * 3600_000).toISOString()
  const need = (fields: Omit<NeedDoc, 'status' | 'projectCount' | 'createdAt' | 'updatedAt'>): NeedDoc => ({ ...fields, status: 'open', projectCount: 0, createdAt: at, updatedAt: at })
  return [
    need({ _id: DEMO_NEED_IDS[0], orgId: null, township: '宜山镇', community: '宜山社区', field: '为老服务', beneficiaries: '社区独居和高龄老人', beneficiaryCount: 46, content: '老人午餐需要送餐上门，并希望每周有志愿者陪伴聊天、测量血压。', postedBy: 'demo-platform-admin' }),
    need({ _id: DEMO_NEED_IDS[1], orgId: null, township: '钱库镇', community: '钱库村', field: '青少年服务', beneficiaries: '留守儿童', beneficiaryCount: 30, content: '放学后无人辅导作业，需要课后托管场地和辅导志愿者。', postedBy: 'demo-platform-admin' }),
  ]
}

export async function seedDemoData(db: Database, now: Date = new Date()): Promise<boolean> {
  if (await isSeeded(db)) return false
  const addIfMissing = async <D extends { _id: string }>(collection: string, doc: D) => {
    try {
      await db.collection(collection).add(doc)
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
    }
  }
  for (const org of demoOrgs) {
    if (org.creditCode) await addIfMissing('org_credit_codes', { _id: org.creditCode, orgId: org._id, createdAt: org.createdAt })
    await addIfMissing('orgs', orgDoc(org))
  }
  for (const member of demoMemberships) await addIfMissing('org_members', member)
  const { activities, signUps } = activityDocs(now)
  for (const activity of activities) await addIfMissing('activities', activity)
  for (const signUp of signUps) await addIfMissing('activity_signups', signUp)
  const past = pastActivityDocs(now)
  for (const activity of past.activities) await addIfMissing('activities', activity)
  for (const signUp of past.signUps) await addIfMissing('activity_signups', signUp)
  for (const record of past.records) await addIfMissing('service_records', record)
  for (const wish of wishDocs(now)) await addIfMissing('wishes', wish)
  await addIfMissing('aid_programs', aidProgramDoc(now))
  await addIfMissing('venture_contests', ventureContestDoc(now))
  const funded = pastVentureDocs(now)
  await addIfMissing('venture_contests', funded.contest)
  for (const entry of funded.entries) await addIfMissing('venture_entries', entry)
  await addIfMissing('venture_projects', funded.project)
  await addIfMissing('ride_sessions', gaokao2027)
  for (const need of needDocs(now)) await addIfMissing('needs', need)
  for (const driver of demoDrivers) await addIfMissing('ride_drivers', driver)
  const agendaOf = (openid: string): AgendaEntry[] =>
    signUps.filter((s) => s.openid === openid).map((s) => ({ activityId: s.activityId, startAt: s.startAt, endAt: s.endAt, status: 'confirmed' }))
  for (const demoUser of demoUsers) await addIfMissing('users', { ...demoUser, agenda: agendaOf(demoUser._id), agendaRev: 0 })
  // last: only a seed that got this far counts as done
  await addIfMissing(SEED_MARKER.collection, { _id: SEED_MARKER.id, seededAt: now.toISOString() })
  return true
}
