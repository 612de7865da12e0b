export default definePageConfig({ navigationBarTitleText: '保养到期规则' })
