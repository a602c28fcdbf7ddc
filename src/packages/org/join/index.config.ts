export default definePageConfig({
  navigationBarTitleText: '加入组织',
})
