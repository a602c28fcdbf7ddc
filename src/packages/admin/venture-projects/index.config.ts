export default definePageConfig({
  navigationBarTitleText: '资助项目管理',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
})
