export default definePageConfig({
  navigationBarTitleText: '爱心送考',
})
