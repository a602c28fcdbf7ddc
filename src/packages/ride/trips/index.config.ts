export default definePageConfig({
  navigationBarTitleText: '我的行程',
  enablePullDownRefresh: true,
})
