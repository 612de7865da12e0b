export default definePageConfig({ navigationBarTitleText: '参加抽奖' })
