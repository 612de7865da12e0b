export default definePageConfig({ navigationBarTitleText: '积分与商城' })
