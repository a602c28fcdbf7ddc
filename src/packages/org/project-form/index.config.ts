export default definePageConfig({
  navigationBarTitleText: '设计项目',
})
