export default definePageConfig({ navigationBarTitleText: '积分手工调整' })
