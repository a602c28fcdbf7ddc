export default definePageConfig({
  navigationBarTitleText: '我的送考预约',
  enablePullDownRefresh: true,
})
