/**
 * Pages, tab bar and subpackages, built from named arrays: add a page to its area's list.
 * Tab pages live in the main package; everything else goes in a subpackage by area.
 */
const tabs = [
  { page: 'pages/home/index', text: '首页', icon: 'home' },
  { page: 'pages/wishes/index', text: '微心愿', icon: 'wishes' },
  { page: 'pages/services/index', text: '服务', icon: 'services' },
  { page: 'pages/mine/index', text: '我的', icon: 'mine' },
] as const

/** Subpackages by area (root → pages inside it). */
const subPackages = [
  { root: 'packages/wish', pages: ['detail/index', 'create/index', 'mine/index'] }, // 心愿详情, 发布心愿, 我的心愿
  // 活动详情, 我的活动, 签到签退, 志愿服务记录
  { root: 'packages/activity', pages: ['detail/index', 'mine/index', 'check-in/index', 'record/index'] },
  // 爱心送考, 预约送考, 我的送考预约, 司机报名, 我的行程, 出车时段
  { root: 'packages/ride', pages: ['booking/index', 'form/index', 'mine/index', 'driver/index', 'trips/index', 'offer/index'] },
  { root: 'packages/aid', pages: ['apply/index', 'form/index', 'mine/index'] }, // 救助申请, 填写申请, 我的申请
  // 组织入驻, 加入组织, 组织工作台, and the workbench's activity pages (活动管理, 编辑活动, 报名名单, 签到码, 确认时长),
  // 心愿审核, its aid pages (救助项目, 审核队列, 申请详情, 查阅记录) and its fleet console (司机审核, 预约派车, 当日看板)
  {
    root: 'packages/org',
    pages: ['register/index', 'join/index', 'workbench/index', 'activities/index', 'activity-editor/index', 'roster/index', 'check-in-code/index', 'hours/index', 'wish-review/index', 'aid-programs/index', 'aid-review/index', 'aid-application/index', 'aid-access-log/index',
      'fleet-drivers/index', 'fleet-bookings/index', 'fleet-board/index', 'venture-projects/index', 'venture-entries/index', 'venture-enter/index',
      'needs-projects/index', 'project-form/index', 'need-form/index'], // 需求与项目 (issue #16): 我们的项目/需求/对接, 设计项目, 发布需求
  },
  // 平台管理: 组织认证审核, 数据概览, 公益创投管理, 大赛管理, 资助项目管理, 资源清单, 需求对接
  { root: 'packages/admin', pages: ['review/index', 'stats/index', 'venture/index', 'venture-contest/index', 'venture-projects/index', 'resources/index', 'matching/index'] },
  { root: 'packages/message', pages: ['list/index'] }, // 消息
  { root: 'packages/about', pages: ['privacy/index'] }, // 隐私保护指引
  { root: 'packages/needs', pages: ['index/index', 'detail/index'] }, // 需求与资源 (issue #16: 需求清单, 资源清单), 需求详情
  // 公益创投 (issue #16): 大赛, 大赛详情, 我的评审, 资助项目, 项目进展
  { root: 'packages/venture', pages: ['index/index', 'contest/index', 'reviews/index', 'funded/index', 'project/index'] },
]

export default defineAppConfig({
  // WeChat's privacy authorization: privacy APIs wait for our dialog (utils/privacy-authorization.ts)
  ...(process.env.TARO_ENV === 'weapp' ? { __usePrivacyCheck__: true } : {}),
  pages: tabs.map((tab) => tab.page),
  subPackages: subPackages.map(({ root, pages }) => ({ root, pages })),
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#F6F7F9',
    navigationBarBackgroundColor: '#FFFFFF',
    navigationBarTitleText: '公益苍南',
    navigationBarTextStyle: 'black',
    // the browser build draws the title bar (with a back or home control) only when asked for
    navigationStyle: 'default',
  },
  tabBar: {
    // $gy-color-secondary and $gy-color-brand (styles/variables.scss): labels at 4.5:1 or more
    color: '#4E5560',
    selectedColor: '#C8432D',
    backgroundColor: '#FFFFFF',
    borderStyle: 'white',
    list: tabs.map((tab) => ({
      pagePath: tab.page,
      text: tab.text,
      iconPath: `assets/tab/${tab.icon}.png`,
      selectedIconPath: `assets/tab/${tab.icon}-active.png`,
    })),
  },
})
