export default definePageConfig({
  navigationBarTitleText: '预约派车',
  enablePullDownRefresh: true,
})
