export default definePageConfig({ navigationBarTitleText: '客户分级设置' })
