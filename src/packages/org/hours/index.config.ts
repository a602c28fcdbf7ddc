export default definePageConfig({
  navigationBarTitleText: '确认服务时长',
})
