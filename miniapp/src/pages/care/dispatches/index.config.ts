export default definePageConfig({ navigationBarTitleText: '发送记录' })
