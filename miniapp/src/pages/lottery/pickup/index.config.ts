export default definePageConfig({ navigationBarTitleText: '奖品领取' })
