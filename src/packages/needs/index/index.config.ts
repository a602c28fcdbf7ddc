export default definePageConfig({
  navigationBarTitleText: '需求与资源',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
})
