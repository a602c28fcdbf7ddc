export default definePageConfig({
  navigationBarTitleText: '救助项目',
})
