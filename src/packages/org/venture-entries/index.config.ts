export default definePageConfig({
  navigationBarTitleText: '公益创投报名',
  enablePullDownRefresh: true,
})
