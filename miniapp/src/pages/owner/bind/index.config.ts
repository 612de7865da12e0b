export default definePageConfig({ navigationBarTitleText: '绑定门店' })
