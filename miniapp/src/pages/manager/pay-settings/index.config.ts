export default definePageConfig({ navigationBarTitleText: '微信支付商户设置' })
