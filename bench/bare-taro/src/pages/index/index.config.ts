export default definePageConfig({ navigationBarTitleText: '公益苍南' })
