export default definePageConfig({
  navigationBarTitleText: '组织入驻',
})
