export default definePageConfig({
  navigationBarTitleText: '资助项目',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
})
