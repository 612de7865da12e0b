export default definePageConfig({ navigationBarTitleText: '关怀预览' })
