export default definePageConfig({
  navigationBarTitleText: '当日看板',
  enablePullDownRefresh: true,
})
