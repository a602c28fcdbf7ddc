export default definePageConfig({
  navigationBarTitleText: '出车时段',
  enablePullDownRefresh: true,
})
