export default definePageConfig({ navigationBarTitleText: '预约设置' })
