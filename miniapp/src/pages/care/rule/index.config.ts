export default definePageConfig({ navigationBarTitleText: '编辑关怀规则' })
