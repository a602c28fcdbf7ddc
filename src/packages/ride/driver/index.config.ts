export default definePageConfig({
  navigationBarTitleText: '司机报名',
})
