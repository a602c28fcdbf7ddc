export default definePageConfig({
  navigationBarTitleText: '组织工作台',
  enablePullDownRefresh: true,
})
