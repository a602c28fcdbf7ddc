export default defineAppConfig({
  pages: ['pages/index/index'],
  window: { navigationBarTitleText: '公益苍南', navigationBarBackgroundColor: '#FFFFFF', navigationBarTextStyle: 'black' },
})
