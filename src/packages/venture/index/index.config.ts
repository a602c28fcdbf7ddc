export default definePageConfig({
  navigationBarTitleText: '公益创投',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
})
