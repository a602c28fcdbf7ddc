export default definePageConfig({
  navigationBarTitleText: '大赛管理',
  enablePullDownRefresh: true,
})
