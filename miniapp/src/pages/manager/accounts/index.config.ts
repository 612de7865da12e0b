export default definePageConfig({ navigationBarTitleText: '员工账号' })
