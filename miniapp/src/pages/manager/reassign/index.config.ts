export default definePageConfig({ navigationBarTitleText: '批量转移客户' })
