export default definePageConfig({ navigationBarTitleText: '抽奖验证' })
