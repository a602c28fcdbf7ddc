export default definePageConfig({
  navigationBarTitleText: '司机审核',
  enablePullDownRefresh: true,
})
