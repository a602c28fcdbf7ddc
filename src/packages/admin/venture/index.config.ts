export default definePageConfig({
  navigationBarTitleText: '公益创投管理',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
})
