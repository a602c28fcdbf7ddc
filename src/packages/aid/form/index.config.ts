export default definePageConfig({
  navigationBarTitleText: '填写申请',
})
