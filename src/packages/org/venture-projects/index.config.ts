export default definePageConfig({
  navigationBarTitleText: '公益创投项目',
  enablePullDownRefresh: true,
})
