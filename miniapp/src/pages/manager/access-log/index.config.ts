export default definePageConfig({ navigationBarTitleText: '档案访问日志' })
