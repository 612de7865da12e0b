export default definePageConfig({ navigationBarTitleText: '车主服务' })
