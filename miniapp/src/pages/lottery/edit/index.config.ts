export default definePageConfig({ navigationBarTitleText: '编辑抽奖活动' })
