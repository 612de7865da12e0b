export default definePageConfig({ navigationBarTitleText: '绑定二维码' })
