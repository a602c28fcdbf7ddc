export default definePageConfig({
  navigationBarTitleText: '公益苍南',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
