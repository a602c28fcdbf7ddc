export default definePageConfig({
  navigationBarTitleText: '我的心愿',
  enablePullDownRefresh: true,
})
