export default definePageConfig({
  navigationBarTitleText: '需求与项目',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
})
